"""Signing a petition (design §4.3): once per person, exact counts, withdrawal, invalidation."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone, translation

from petitions import services
from petitions.models import (
    DailySignatureCount,
    Petition,
    PetitionEvent,
    RegionSignatureCount,
    Signature,
)
from petitions.services import AlreadySigned, PetitionError
from portal.identity import signer_key
from portal.models import User
from portal.validators import make_iin
from tests.factories import UserFactory, make_petition, region

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture(autouse=True)
def few_early_supporters(settings):
    """Petitions open after three signatures, so that they are quick to build."""
    settings.PETITION_INITIAL_SUPPORT = 3


def assert_counts_agree(petition):
    """The stored count, the valid signatures and the per-day and per-region sums are one number."""
    petition.refresh_from_db()
    valid = Signature.objects.filter(petition=petition, status="valid")
    daily = DailySignatureCount.objects.filter(petition=petition).aggregate(n=Sum("count"))["n"]
    regional = RegionSignatureCount.objects.filter(petition=petition).aggregate(n=Sum("count"))
    assert petition.signature_count == valid.count() == (daily or 0) == (regional["n"] or 0)
    by_region = dict(valid.values("region__code").annotate(n=Count("pk")).values_list(
        "region__code", "n"
    ))  # fmt: skip
    stored = dict(
        RegionSignatureCount.objects.filter(petition=petition, count__gt=0).values_list(
            "region__code", "count"
        )
    )
    assert stored == by_region


def refused(petition, user, **kwargs):
    """The refusal of this signature, read in English."""
    with pytest.raises(PetitionError) as error:
        services.sign_petition(petition=petition, user=user, **kwargs)
    with translation.override("en"):
        return error.value.code, str(error.value.message)


def years_ago(years):
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# Signing


def test_a_citizens_signature_counts_once_and_stores_region_time_and_the_keyed_hash():
    iin = make_iin(date(1985, 6, 14), "male", serial=4242)
    signer = UserFactory(iin=iin, region=region("KZ-35"))
    petition = make_petition("open")
    before = timezone.now()

    result = services.sign_petition(petition=petition, user=signer)

    assert result.count == 4
    signature = Signature.objects.get(petition=petition, user=signer)
    assert signature.status == "valid"
    assert signature.region.code == "KZ-35"
    assert before <= signature.created_at <= timezone.now()
    assert signature.signer_key == signer_key(iin) == signer.iin_hash
    stored = [
        Signature.objects.filter(pk=signature.pk).values().get(),
        User.objects.filter(pk=signer.pk).values().get(),
    ]
    assert iin not in str(stored)
    assert RegionSignatureCount.objects.get(petition=petition, region=signer.region).count == 1
    assert DailySignatureCount.objects.get(petition=petition, day=timezone.localdate()).count == 4
    assert_counts_agree(petition)


def test_signing_twice_is_refused_as_already_signed_and_the_count_stays(citizen):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen)

    with pytest.raises(AlreadySigned) as error:
        services.sign_petition(petition=petition, user=citizen)

    assert error.value.code == "conflict"
    with translation.override("en"):
        assert str(error.value.message) == "You have already signed this petition."
    assert Signature.objects.filter(petition=petition, user=citizen).count() == 1
    assert Petition.objects.get(pk=petition.pk).signature_count == 4
    assert_counts_agree(petition)


def test_a_second_account_with_the_same_iin_cannot_exist():
    iin = make_iin(date(1990, 3, 8), "female", serial=777)
    UserFactory(iin=iin)

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(iin=iin)

    assert User.objects.filter(iin_hash=signer_key(iin)).count() == 1


def test_someone_who_turns_18_today_may_sign():
    signer = UserFactory(iin=make_iin(years_ago(18), "female", serial=18))
    petition = make_petition("open")

    services.sign_petition(petition=petition, user=signer)

    assert_counts_agree(petition)
    assert petition.signature_count == 4


@pytest.mark.parametrize(
    ("person", "message"),
    [
        ({}, "Add your IIN to your profile first."),
        (
            {"iin": make_iin(years_ago(18) + timedelta(days=1), "male", serial=17)},
            "Only adults (18 or older) may sign.",
        ),
        ({"iin": True, "verified": False}, "Verify your email address first."),
        ({"iin": True, "region": None}, "Add your region to your profile first."),
    ],
    ids=["no IIN", "under 18", "unverified email", "no region"],
)
def test_a_person_who_may_not_sign_is_told_why_and_nothing_is_stored(person, message):
    signer = UserFactory(**person)
    petition = make_petition("open")

    assert refused(petition, signer) == ("forbidden", message)

    assert not Signature.objects.filter(user=signer).exists()
    assert_counts_agree(petition)
    assert petition.signature_count == 3


def test_a_visitor_cannot_sign(visitor):
    petition = make_petition("open")

    assert refused(petition, visitor) == ("forbidden", "Sign in to sign a petition.")
    assert_counts_agree(petition)


@pytest.mark.parametrize(
    "status",
    ["draft", "in_moderation", "hidden", "rejected", "withdrawn", "answered"],
)
def test_a_petition_that_is_not_collecting_refuses_signatures(citizen, status):
    petition = make_petition(status)
    count = petition.signature_count

    assert refused(petition, citizen) == (
        "forbidden",
        "This petition is not collecting signatures.",
    )

    assert not Signature.objects.filter(petition=petition, user=citizen).exists()
    assert_counts_agree(petition)
    assert petition.signature_count == count


@pytest.mark.parametrize("status", ["gathering_support", "open", "under_consideration"])
def test_a_petition_takes_signatures_while_it_gathers_support_is_open_or_considered(
    citizen, status
):
    petition = make_petition(status)
    count = petition.signature_count

    result = services.sign_petition(petition=petition, user=citizen)

    assert result.count == count + 1
    assert_counts_agree(petition)


# Withdrawing


def test_withdrawing_while_open_takes_the_signature_off_every_count(citizen):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen)

    count = services.withdraw_signature(petition=petition, user=citizen)

    assert count == 3
    assert Signature.objects.get(petition=petition, user=citizen).status == "withdrawn"
    assert RegionSignatureCount.objects.get(petition=petition, region=citizen.region).count == 3
    assert DailySignatureCount.objects.get(petition=petition, day=timezone.localdate()).count == 3
    assert_counts_agree(petition)


def test_a_signature_on_another_region_and_day_is_withdrawn_from_its_own_day_and_region(citizen):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen)
    # Signed yesterday, before the citizen moved to Almaty.
    yesterday = timezone.now() - timedelta(days=1)
    Signature.objects.filter(petition=petition, user=citizen).update(created_at=yesterday)
    with transaction.atomic():
        services.recount_petition(Petition.objects.select_for_update().get(pk=petition.pk))
    citizen.region = region("KZ-75")
    citizen.save(update_fields=["region"])

    services.withdraw_signature(petition=petition, user=citizen)

    assert_counts_agree(petition)
    day = timezone.localdate(yesterday)
    assert DailySignatureCount.objects.get(petition=petition, day=day).count == 0


@pytest.mark.parametrize(
    ("status", "deadline"), [("lapsed", "support_deadline"), ("closed", "deadline")]
)
def test_a_petition_ended_by_its_window_refuses_signatures_saying_when_it_ended(
    citizen, status, deadline
):
    petition = make_petition(status)
    count = petition.signature_count
    day_after = getattr(petition, deadline) + timedelta(days=1)

    with time_machine.travel(datetime.combine(day_after, time(9), ALMATY), tick=False):
        code, message = refused(petition, citizen)

    assert code == "window_closed"
    assert getattr(petition, deadline).strftime("%-d.%m.%Y") in message
    assert not Signature.objects.filter(petition=petition, user=citizen).exists()
    assert Petition.objects.get(pk=petition.pk).signature_count == count


@pytest.mark.parametrize("status", ["gathering_support", "under_consideration"])
def test_withdrawing_is_refused_unless_the_petition_is_open(citizen, status):
    petition = make_petition(status)
    services.sign_petition(petition=petition, user=citizen)
    count = Petition.objects.get(pk=petition.pk).signature_count

    with pytest.raises(PetitionError) as error:
        services.withdraw_signature(petition=petition, user=citizen)

    # A signer may withdraw, but only while the petition is open: not now, a conflict.
    assert error.value.code == "conflict"
    with translation.override("en"):
        assert str(error.value.message) == (
            "A signature can be withdrawn only while the petition is open."
        )
    assert Signature.objects.get(petition=petition, user=citizen).status == "valid"
    assert Petition.objects.get(pk=petition.pk).signature_count == count
    assert_counts_agree(petition)


def test_withdrawing_a_signature_one_never_gave_is_refused(citizen):
    petition = make_petition("open")

    with pytest.raises(PetitionError) as error:
        services.withdraw_signature(petition=petition, user=citizen)

    assert error.value.code == "conflict"
    assert_counts_agree(petition)
    assert petition.signature_count == 3


def test_signing_again_after_withdrawing_counts_again_on_the_same_row(citizen):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen, show_name=True)
    services.withdraw_signature(petition=petition, user=citizen)

    result = services.sign_petition(petition=petition, user=citizen)

    assert result.count == 4
    signature = Signature.objects.get(petition=petition, user=citizen)
    assert (signature.status, signature.show_name, signature.public_name) == ("valid", False, "")
    assert_counts_agree(petition)


# Invalidating


def test_moderators_invalidate_signatures_in_bulk_with_a_reason(petition_moderator):
    petition = make_petition("open")
    signers = [UserFactory(iin=True, region=region(code)) for code in ("KZ-35", "KZ-75", "KZ-75")]
    for signer in signers:
        services.sign_petition(petition=petition, user=signer)
    other = make_petition("open")
    targets = [s.pk for s in Signature.objects.filter(petition=petition, user__in=signers[:2])]
    elsewhere = Signature.objects.filter(petition=other).values_list("pk", flat=True).first()

    invalidated = services.invalidate_signatures(
        petition=petition, moderator=petition_moderator, reason="Одно устройство.",
        signature_ids=[*targets, elsewhere],
    )  # fmt: skip

    assert invalidated == 2
    assert_counts_agree(petition)
    assert petition.signature_count == 4
    assert set(
        Signature.objects.filter(pk__in=targets).values_list("status", "invalidated_reason")
    ) == {("invalidated", "Одно устройство.")}
    assert Signature.objects.get(pk=elsewhere).status == "valid"
    assert_counts_agree(other)
    event = PetitionEvent.objects.filter(petition=petition).last()
    assert (event.action, event.actor, event.reason, event.note) == (
        "signatures_invalidated", petition_moderator, "Одно устройство.", "2",
    )  # fmt: skip


def test_invalidating_the_same_signatures_twice_counts_them_off_once(petition_moderator):
    petition = make_petition("open")
    ids = list(Signature.objects.filter(petition=petition).values_list("pk", flat=True)[:2])
    services.invalidate_signatures(
        petition=petition, moderator=petition_moderator, signature_ids=ids, reason="Боты."
    )

    again = services.invalidate_signatures(
        petition=petition, moderator=petition_moderator, signature_ids=ids, reason="Боты."
    )

    assert again == 0
    assert_counts_agree(petition)
    assert petition.signature_count == 1


def test_an_invalidated_signer_cannot_sign_again(citizen, petition_moderator):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen)
    mine = Signature.objects.get(petition=petition, user=citizen)
    services.invalidate_signatures(
        petition=petition, moderator=petition_moderator, signature_ids=[mine.pk], reason="Бот."
    )

    assert refused(petition, citizen) == (
        "forbidden", "Your signature on this petition was invalidated by the moderators.",
    )  # fmt: skip

    assert Signature.objects.get(pk=mine.pk).status == "invalidated"
    assert_counts_agree(petition)
    assert petition.signature_count == 3


# The page


def test_a_citizen_signs_on_the_petitions_page(english_client, citizen):
    petition = make_petition("open")
    english_client.force_login(citizen)

    response = english_client.post(
        reverse("petition_sign", args=[petition.pk]),
        {"show_name": "on", "notify_on_answer": "on"},
        follow=True,
    )

    assert response.redirect_chain == [(petition.get_absolute_url(), 302)]
    assert "Thank you: your signature is counted." in response.text
    assert "You signed this petition on" in response.text
    signature = Signature.objects.get(petition=petition, user=citizen)
    assert (signature.show_name, signature.public_name, signature.notify_on_answer) == (
        True, "Айгерим С.", True,
    )  # fmt: skip
    assert_counts_agree(petition)
    assert petition.signature_count == 4


def test_signing_twice_on_the_page_says_so_and_counts_once(english_client, citizen):
    petition = make_petition("open")
    english_client.force_login(citizen)
    url = reverse("petition_sign", args=[petition.pk])
    english_client.post(url)

    response = english_client.post(url, follow=True)

    assert "You have already signed this petition." in response.text
    assert_counts_agree(petition)
    assert petition.signature_count == 4


def test_a_visitor_pressing_sign_is_sent_to_sign_in(client):
    petition = make_petition("open")

    response = client.post(reverse("petition_sign", args=[petition.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert_counts_agree(petition)
    assert petition.signature_count == 3


def test_the_third_signature_in_a_minute_is_refused_and_nothing_is_stored(
    english_client, citizen, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "sign_petition": "2/m/user"}
    petitions = [make_petition("open") for _ in range(3)]
    english_client.force_login(citizen)

    responses = [
        english_client.post(reverse("petition_sign", args=[petition.pk]), follow=True)
        for petition in petitions
    ]

    assert ["Thank you: your signature is counted." in r.text for r in responses] == [
        True, True, False,
    ]  # fmt: skip
    assert "Too many signatures in a short time. Try again in a minute." in responses[2].text
    assert not Signature.objects.filter(petition=petitions[2]).exclude(user=None).exists()
    for petition in petitions:
        assert_counts_agree(petition)
    assert [p.signature_count for p in petitions] == [4, 4, 3]


# The answer


def emails_to_signers(petition):
    """The emails sent to anyone but the author (who hears of every decision)."""
    return {m.to[0]: m for m in mail.outbox if m.to != [petition.author.email]}


def answer(petition, moderator, callbacks):
    """Record the state body's answer and run what waits for the commit: the emails."""
    with callbacks(execute=True):
        services.record_response(
            petition=petition, moderator=moderator, response_text="Мост построят.",
            discussion_date=date(2026, 12, 1),
        )  # fmt: skip


def signers_of(petition, petition_moderator):
    """Signers of a petition: three asked to be told (kk, ru, en), one did not, one was voided."""
    asked = {language: UserFactory(iin=True, preferred_language=language) for language in
             ("kk", "ru", "en")}  # fmt: skip
    silent = UserFactory(iin=True)
    voided = UserFactory(iin=True)
    for signer in (*asked.values(), voided):
        services.sign_petition(petition=petition, user=signer, notify_on_answer=True)
    services.sign_petition(petition=petition, user=silent)
    services.invalidate_signatures(
        petition=petition, moderator=petition_moderator, reason="Бот.",
        signature_ids=[Signature.objects.get(petition=petition, user=voided).pk],
    )  # fmt: skip
    return asked


def test_only_signers_who_asked_are_emailed_when_the_petition_is_answered(
    petition_moderator, django_capture_on_commit_callbacks
):
    petition = make_petition("under_consideration")
    asked = signers_of(petition, petition_moderator)
    mail.outbox.clear()

    answer(petition, petition_moderator, django_capture_on_commit_callbacks)

    emails = emails_to_signers(petition)
    assert set(emails) == {signer.email for signer in asked.values()}
    for message in emails.values():
        assert petition.get_absolute_url() in message.body
        assert petition.title[:40] in message.subject


def test_no_signer_is_emailed_before_the_answer_is_committed(petition_moderator):
    petition = make_petition("under_consideration")
    signers_of(petition, petition_moderator)
    mail.outbox.clear()

    services.record_response(
        petition=petition, moderator=petition_moderator, response_text="Мост построят.",
        discussion_date=date(2026, 12, 1),
    )  # fmt: skip

    assert emails_to_signers(petition) == {}


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        ("kk", "Сіз қол қойған петицияға жауап берілді", "сіз қол қойған петицияға жауап берді"),
        ("ru", "Получен ответ на подписанную вами петицию", "ответил на петицию, которую вы"),
        ("en", "A petition you signed was answered", "has answered the petition you signed"),
    ],
)
def test_the_answer_email_is_written_in_each_signers_language(
    petition_moderator, django_capture_on_commit_callbacks, language, subject, body
):
    petition = make_petition("under_consideration")
    signer = signers_of(petition, petition_moderator)[language]
    mail.outbox.clear()

    answer(petition, petition_moderator, django_capture_on_commit_callbacks)

    message = emails_to_signers(petition)[signer.email]
    assert message.subject.startswith(f"{subject}: ")
    assert body in message.body


def test_a_petition_that_stopped_collecting_meanwhile_refuses_and_keeps_no_row(citizen):
    petition = make_petition("open")
    stale = Petition.objects.get(pk=petition.pk)
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)

    with pytest.raises(PetitionError, match="not collecting"):
        services.sign_petition(petition=stale, user=citizen)

    assert not Signature.objects.filter(petition=petition, user=citizen).exists()
    assert Petition.objects.get(pk=petition.pk).signature_count == petition.signature_count


def test_the_threshold_is_crossed_from_the_locked_row_not_the_callers_copy(settings):
    settings.PETITION_INITIAL_SUPPORT = 1
    petition = make_petition("gathering_support")
    stale = Petition.objects.get(pk=petition.pk)  # as a page loaded a while ago saw it
    services.sign_petition(petition=stale, user=UserFactory(iin=True))
    petition.refresh_from_db()
    assert petition.status == Petition.Status.OPEN
    threshold = petition.threshold
    Petition.objects.filter(pk=petition.pk).update(signature_count=threshold - 1)
    DailySignatureCount.objects.filter(petition=petition).update(count=threshold - 1)
    RegionSignatureCount.objects.filter(petition=petition).update(count=threshold - 1)

    services.sign_petition(petition=stale, user=UserFactory(iin=True))

    petition.refresh_from_db()
    assert petition.status == Petition.Status.UNDER_CONSIDERATION
    assert petition.events.filter(action="threshold_reached").count() == 1


def test_a_signer_caught_in_a_deadlock_signs_again(citizen, monkeypatch):
    from django.db import OperationalError
    from psycopg.errors import DeadlockDetected

    petition = make_petition("open")
    real = services._sign
    calls = []

    def deadlocked_once(*args):
        calls.append(args)
        if len(calls) == 1:
            try:
                raise DeadlockDetected("deadlock detected")
            except DeadlockDetected as cause:
                raise OperationalError("deadlock detected") from cause
        return real(*args)

    monkeypatch.setattr(services, "_sign", deadlocked_once)
    result = services.sign_petition(petition=petition, user=citizen)
    assert len(calls) == 2
    assert result.count == Petition.objects.get(pk=petition.pk).signature_count


def test_other_database_errors_are_not_retried(citizen, monkeypatch):
    from django.db import OperationalError

    calls = []

    def broken(*args):
        calls.append(args)
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(services, "_sign", broken)
    with pytest.raises(OperationalError):
        services.sign_petition(petition=make_petition("open"), user=citizen)
    assert len(calls) == 1
