"""Signing through the API (design §4.3, §6): 201, 409, 403, 401, 204, 429, exact counts."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from petitions.models import DailySignatureCount, Petition, RegionSignatureCount, Signature
from portal.validators import make_iin
from tests.api.conftest import personal_data_in
from tests.factories import UserFactory, make_petition, region

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")


def signatures_url(petition):
    return f"/api/v1/petitions/{petition.pk}/signatures"


def test_a_citizen_signs_once_and_the_retry_is_a_harmless_409(api_as, citizen):
    petition = make_petition("open")
    before = petition.signature_count
    client = api_as(citizen)

    first = client.post(signatures_url(petition), {"show_name": True})
    retry = client.post(signatures_url(petition))

    assert first.status_code == 201
    assert first.json() == {"count": before + 1, "receipt": first.json()["receipt"]}
    assert len(first.json()["receipt"]) == 14
    assert retry.status_code == 409
    assert retry.json()["code"] == "conflict"
    assert Petition.objects.get(pk=petition.pk).signature_count == before + 1
    assert Signature.objects.filter(petition=petition, user=citizen).count() == 1


def test_signing_needs_sign_in(api):
    petition = make_petition("open")

    response = api.post(signatures_url(petition))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Signature.objects.filter(petition=petition, user__isnull=False).exists()


@pytest.mark.parametrize(
    "who",
    ["no_iin", "under_18", "unverified_email"],
)
def test_a_person_who_may_not_sign_gets_a_403_with_the_reason(api_as, who):
    petition = make_petition("open")
    person = {
        "no_iin": lambda: UserFactory(),
        "under_18": lambda: UserFactory(
            iin=make_iin(date(timezone.localdate().year - 10, 5, 5), "male", serial=7)
        ),
        "unverified_email": lambda: UserFactory(iin=True, verified=False),
    }[who]()

    response = api_as(person).post(signatures_url(petition))

    assert response.status_code == 403
    assert response.json()["detail"]
    assert Petition.objects.get(pk=petition.pk).signature_count == petition.signature_count


@pytest.mark.parametrize("status", ["closed", "answered", "rejected", "withdrawn"])
def test_a_petition_not_collecting_signatures_answers_403(api_as, citizen, status):
    petition = make_petition(status)

    response = api_as(citizen).post(signatures_url(petition))

    assert response.status_code == 403
    assert Petition.objects.get(pk=petition.pk).signature_count == petition.signature_count


@pytest.mark.parametrize("status", ["draft", "in_moderation", "hidden"])
def test_an_unpublished_petition_cannot_be_signed_or_counted(api_as, citizen, status):
    petition = make_petition(status)

    assert api_as(citizen).post(signatures_url(petition)).status_code == 404
    assert api_as(citizen).get(signatures_url(petition)).status_code == 404


def test_a_signer_withdraws_while_open_and_may_sign_again(api_as, citizen):
    petition = make_petition("open")
    before = petition.signature_count
    client = api_as(citizen)
    client.post(signatures_url(petition))

    withdrawn = client.delete(signatures_url(petition))
    again = client.delete(signatures_url(petition))

    assert withdrawn.status_code == 204
    assert again.status_code == 409
    assert Petition.objects.get(pk=petition.pk).signature_count == before
    again = client.post(signatures_url(petition)).json()
    assert again == {"count": before + 1, "receipt": again["receipt"]}


def test_withdrawing_is_refused_once_the_petition_is_no_longer_open(api_as, citizen):
    petition = make_petition("open")
    client = api_as(citizen)
    client.post(signatures_url(petition))
    Petition.objects.filter(pk=petition.pk).update(status="under_consideration")

    response = client.delete(signatures_url(petition))

    # The signer may withdraw, but not once the petition is past open: not now, a conflict.
    assert response.status_code == 409
    assert Signature.objects.get(petition=petition, user=citizen).status == "valid"


def test_withdrawing_needs_sign_in(api):
    petition = make_petition("open")

    assert api.delete(signatures_url(petition)).status_code == 401


def test_the_aggregates_are_exact_and_hold_no_personal_data(api, api_as):
    petition = make_petition("gathering_support")
    signers = [UserFactory(iin=True, region=region(code)) for code in
               ("KZ-71", "KZ-71", "KZ-75")]  # fmt: skip
    for signer in signers:
        assert api_as(signer).post(signatures_url(petition)).status_code == 201

    data = api.get(signatures_url(petition)).json()

    assert data["count"] == 3
    assert data["petition"] == petition.pk
    assert {row["region"]["code"]: row["count"] for row in data["by_region"]} == {
        "KZ-71": 2, "KZ-75": 1,
    }  # fmt: skip
    assert data["by_day"] == [{"day": timezone.localdate().isoformat(), "count": 3}]
    assert sum(row.count for row in RegionSignatureCount.objects.filter(petition=petition)) == 3
    assert sum(row.count for row in DailySignatureCount.objects.filter(petition=petition)) == 3
    assert personal_data_in(data, signers) == []


def test_signing_over_the_rate_limit_is_a_429(api_as, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "sign_petition": "2/m/user"}
    signer = UserFactory(iin=True)
    client = api_as(signer)
    petitions = [make_petition("open") for _ in range(3)]

    answers = [client.post(signatures_url(petition)).status_code for petition in petitions]

    assert answers == [201, 201, 429]
    assert client.post(signatures_url(petitions[2])).json()["code"] == "throttled"
    assert not Signature.objects.filter(petition=petitions[2], user=signer).exists()


def test_my_signatures_lists_what_the_caller_signed(api, api_as, citizen):
    petitions = [make_petition("open") for _ in range(2)]
    client = api_as(citizen)
    for petition in petitions:
        client.post(signatures_url(petition))
    client.delete(signatures_url(petitions[1]))

    response = client.get("/api/v1/me/signatures")

    assert [row["petition"]["id"] for row in response.json()["results"]] == [petitions[0].pk]
    assert personal_data_in(response.json(), [citizen]) == []
    assert api.get("/api/v1/me/signatures").status_code == 401


# The signing windows (design §4.3): decided at the moment of signing, in Almaty time


def _almaty(day, hour, minute=0, second=0):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=ALMATY)


def test_a_signature_after_the_deadline_answers_403_window_closed_and_the_petition_closes(
    api_as, citizen
):
    with time_machine.travel(_almaty(date(2026, 1, 15), 12), tick=False):
        petition = make_petition("open")
    client = api_as(citizen)

    with time_machine.travel(_almaty(date(2026, 7, 15), 23, 59, 59), tick=False):
        on_time = client.get(f"/api/v1/petitions/{petition.pk}").json()
    with time_machine.travel(_almaty(date(2026, 7, 16), 0), tick=False):
        late = client.post(signatures_url(petition), HTTP_ACCEPT_LANGUAGE="ru")

    assert (on_time["days_left"], on_time["days_left_unit"]) == (0, "calendar_days")
    assert late.status_code == 403
    assert late.json() == {
        "detail": "Последним днём для подписания этой петиции было 15.07.2026.",
        "code": "window_closed",
    }
    assert not Signature.objects.filter(petition=petition, user=citizen).exists()
    stored = Petition.objects.get(pk=petition.pk)
    assert (stored.status, stored.signature_count) == ("closed", petition.signature_count)
    assert client.get(f"/api/v1/petitions/{petition.pk}").json()["days_left_unit"] is None


def test_a_withdrawal_after_the_deadline_answers_403_window_closed(api_as, citizen):
    with time_machine.travel(_almaty(date(2026, 1, 15), 12), tick=False):
        petition = make_petition("open")
    client = api_as(citizen)
    with time_machine.travel(_almaty(date(2026, 7, 15), 23, 59, 59), tick=False):
        assert client.post(signatures_url(petition)).status_code == 201

    with time_machine.travel(_almaty(date(2026, 7, 16), 0), tick=False):
        late = client.delete(signatures_url(petition), HTTP_ACCEPT_LANGUAGE="en")

    assert late.status_code == 403
    assert late.json()["code"] == "window_closed"
    assert "15.07.2026" in late.json()["detail"]
    assert Signature.objects.get(petition=petition, user=citizen).status == "valid"


def test_first_support_counts_down_in_working_days(api):
    # Friday 20 March 2026, before the Nauryz holidays: ten working days reach 8 April.
    with time_machine.travel(_almaty(date(2026, 3, 20), 12), tick=False):
        petition = make_petition("gathering_support")
        data = api.get(f"/api/v1/petitions/{petition.pk}").json()

    assert data["support_deadline"] == "2026-04-08"
    assert (data["days_left"], data["days_left_unit"]) == (10, "working_days")
