"""Receipts and the public signature log (design §4.3): anyone may recount a petition."""

import csv
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from petitions import receipts, services
from petitions.models import Petition, Signature, SignatureLogLine
from tests.factories import UserFactory, make_petition, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def few_early_supporters(settings):
    """Petitions open after three signatures, so that they are quick to build."""
    settings.PETITION_INITIAL_SUPPORT = 3


def log_of(petition):
    """The petition's log lines, as the download gives them."""
    return list(
        SignatureLogLine.objects.filter(petition=petition)
        .order_by("seq")
        .values(*receipts.LOG_FIELDS)
    )


def assert_log_adds_up(petition):
    """The log is one chain ending at the stored head and recounts to the stored count."""
    petition.refresh_from_db()
    recount = receipts.verify(log_of(petition), count=petition.signature_count,
                              head=petition.log_head)  # fmt: skip
    assert recount.lines == petition.log_length
    assert recount.count == Signature.objects.filter(petition=petition, status="valid").count()


def download(client, petition, format="csv"):
    response = client.get(reverse("petition_signature_log", args=[petition.pk, format]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode()


# The chain


def test_a_signature_gets_a_receipt_whose_digest_alone_is_in_the_log(citizen):
    petition = make_petition("open")

    result = services.sign_petition(petition=petition, user=citizen)

    assert len(receipts.normalize_receipt(result.receipt)) == receipts.CODE_LENGTH
    last = log_of(petition)[-1]
    today = timezone.localdate()
    assert (last["event"], last["day"], last["region_code"], last["status"]) == (
        "signed", today, citizen.region.code, "valid",
    )  # fmt: skip
    assert last["receipt_digest"] == receipts.receipt_digest(petition.pk, result.receipt)
    assert result.receipt.replace("-", "") not in str(last)
    signature = Signature.objects.get(petition=petition, user=citizen)
    assert signature.receipt_digest == last["receipt_digest"]
    assert_log_adds_up(petition)


def test_the_hash_computed_by_postgresql_is_the_one_anyone_recomputes(citizen):
    petition = make_petition("open")
    before = Petition.objects.get(pk=petition.pk).log_head

    services.sign_petition(petition=petition, user=citizen)

    line = log_of(petition)[-1]
    fields = [line[name] for name in ("seq", "event", "receipt_digest", "day", "region_code")]
    assert line["hash"] == receipts.line_hash(before, *fields, "valid")
    assert Petition.objects.get(pk=petition.pk).log_head == line["hash"]


def test_the_same_receipt_has_another_digest_on_another_petition():
    assert receipts.receipt_digest(1, "7K3M-Q9XD-2PWA") != receipts.receipt_digest(
        2, "7K3MQ9XD2PWA"
    )
    assert receipts.receipt_digest(1, "7k3m q9xd 2pwa") == receipts.receipt_digest(
        1, "7K3MQ9XD2PWA"
    )


def test_withdrawing_invalidating_and_signing_again_each_add_a_line(citizen, petition_moderator):
    petition = make_petition("open")
    other = UserFactory(iin=True, region=region("KZ-75"))
    first = services.sign_petition(petition=petition, user=citizen)
    services.sign_petition(petition=petition, user=other)
    services.withdraw_signature(petition=petition, user=citizen)
    again = services.sign_petition(petition=petition, user=citizen)
    services.invalidate_signatures(
        petition=petition, moderator=petition_moderator, reason="Одно устройство.",
        signature_ids=list(Signature.objects.filter(user=other).values_list("pk", flat=True)),
    )  # fmt: skip

    events = [(line["event"], line["status"]) for line in log_of(petition)[-5:]]
    assert events == [
        ("signed", "valid"), ("signed", "valid"), ("withdrawn", "withdrawn"),
        ("signed", "valid"), ("invalidated", "invalidated"),
    ]  # fmt: skip
    assert again.receipt != first.receipt
    assert_log_adds_up(petition)


def test_imported_signatures_are_logged_once_with_a_valid_chain():
    petition = make_petition("open")
    assert petition.log_length == petition.signature_count == 3
    assert_log_adds_up(petition)

    services.import_signatures(petition=petition, signatures=[])

    assert Petition.objects.get(pk=petition.pk).log_length == 3


def test_a_refused_signature_leaves_no_line(citizen):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen)

    with pytest.raises(services.AlreadySigned):
        services.sign_petition(petition=petition, user=citizen)

    assert Petition.objects.get(pk=petition.pk).log_length == 4
    assert_log_adds_up(petition)


def test_signing_runs_a_fixed_number_of_queries(citizen, django_assert_num_queries):
    petition = make_petition("open")
    # The identity check (a verified email), SAVEPOINT, the signature's INSERT, one statement
    # for the counts and the log's line under the row lock, RELEASE SAVEPOINT; the receipt's
    # email is queued after commit.
    with django_assert_num_queries(5):
        services.sign_petition(petition=petition, user=citizen)


# The receipt: shown once, emailed, checked on the receipt page


def test_the_receipt_is_shown_after_signing_on_the_page_and_emailed(
    english_client, citizen, django_capture_on_commit_callbacks
):
    petition = make_petition("open")
    english_client.force_login(citizen)

    with django_capture_on_commit_callbacks(execute=True):
        response = english_client.post(reverse("petition_sign", args=[petition.pk]), follow=True)

    shown = response.text.split("Your receipt code is ")[1][:14]
    digest = receipts.receipt_digest(petition.pk, shown)
    assert SignatureLogLine.objects.filter(petition=petition, receipt_digest=digest).exists()
    [email] = [message for message in mail.outbox if message.to == [citizen.email]]
    assert shown in email.body
    assert reverse("petition_receipt", args=[petition.pk]) in email.body
    again = english_client.get(petition.get_absolute_url())
    assert shown not in again.text


def test_the_api_answers_201_with_the_receipt(citizen):
    petition = make_petition("open")
    api = APIClient()
    api.force_authenticate(citizen)

    response = api.post(f"/api/v1/petitions/{petition.pk}/signatures", {}, format="json")

    assert response.status_code == 201
    receipt = response.json()["receipt"]
    line = SignatureLogLine.objects.get(
        petition=petition, receipt_digest=receipts.receipt_digest(petition.pk, receipt)
    )
    assert (line.event, line.seq) == ("signed", 4)


def test_the_receipt_page_says_counted_and_since_when_but_not_who(english_client, citizen):
    petition = make_petition("open")
    result = services.sign_petition(petition=petition, user=citizen)
    url = reverse("petition_receipt", args=[petition.pk])

    response = english_client.get(url, {"code": result.receipt.lower().replace("-", " ")})

    today = timezone.localdate().strftime("%d.%m.%Y").lstrip("0")
    assert "This signature is counted, since" in response.text
    assert today.split(".")[-1] in response.text
    assert citizen.first_name not in response.text
    assert citizen.last_name not in response.text


def test_the_receipt_page_says_withdrawn_and_invalidated(
    english_client, citizen, petition_moderator
):
    petition = make_petition("open")
    withdrawn = services.sign_petition(petition=petition, user=citizen)
    services.withdraw_signature(petition=petition, user=citizen)
    other = UserFactory(iin=True)
    invalidated = services.sign_petition(petition=petition, user=other)
    services.invalidate_signatures(
        petition=petition, moderator=petition_moderator, reason="Бот.",
        signature_ids=[invalidated.signature.pk],
    )  # fmt: skip
    url = reverse("petition_receipt", args=[petition.pk])

    assert "was withdrawn on" in english_client.get(url, {"code": withdrawn.receipt}).text
    page = english_client.get(url, {"code": invalidated.receipt}).text
    assert "was invalidated by the moderators on" in page


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("12345", "A receipt code has twelve letters and digits"),
        ("<script>alert(1)</script>", "A receipt code has twelve letters and digits"),
        ("ZZZZ-ZZZZ-ZZZZ", "No signature in this petition"),
    ],
)
def test_a_wrong_receipt_is_told_plainly(english_client, code, message):
    petition = make_petition("open")

    response = english_client.get(reverse("petition_receipt", args=[petition.pk]), {"code": code})

    assert response.status_code == 200
    assert message in response.text
    assert "<script>alert" not in response.text


def test_a_receipt_of_another_petition_finds_nothing_here(english_client, citizen):
    petition, other = make_petition("open"), make_petition("open")
    result = services.sign_petition(petition=other, user=citizen)

    response = english_client.get(
        reverse("petition_receipt", args=[petition.pk]), {"code": result.receipt}
    )

    assert "No signature in this petition" in response.text


def test_the_receipt_page_of_a_draft_is_not_found(client):
    petition = make_petition("draft")

    assert client.get(reverse("petition_receipt", args=[petition.pk])).status_code == 404


# The log as open data, and its verification


def test_the_petition_page_shows_the_head_and_links_the_log(english_client):
    petition = make_petition("open")
    petition.refresh_from_db()

    response = english_client.get(petition.get_absolute_url())

    assert petition.log_head in response.text
    assert reverse("petition_signature_log", args=[petition.pk, "csv"]) in response.text
    assert reverse("petition_receipt", args=[petition.pk]) in response.text


def test_the_log_downloads_hold_no_personal_data_and_give_count_and_head(client, citizen):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen)
    petition.refresh_from_db()

    response, text = download(client, petition)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    _json_response, json_text = download(client, petition, "json")

    assert tuple(rows[0]) == receipts.LOG_FIELDS
    assert len(rows) == petition.log_length == 4
    assert json.loads(json_text)[3]["hash"] == rows[3]["hash"] == petition.log_head
    assert response["X-Signature-Count"] == "4"
    assert response["X-Signature-Log-Head"] == petition.log_head
    for secret in (citizen.email, citizen.first_name, citizen.iin_hash):
        assert secret not in text


def test_an_unknown_log_format_is_not_found(client):
    petition = make_petition("open")

    url = reverse("petition_signature_log", args=[petition.pk, "xml"])

    assert client.get(url).status_code == 404


def test_the_command_verifies_a_downloaded_log(client, citizen, tmp_path):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen)
    petition.refresh_from_db()
    path = tmp_path / "log.csv"
    path.write_text(download(client, petition)[1], encoding="utf-8")
    out = io.StringIO()

    call_command("verify_petition_log", str(path), count=4, head=petition.log_head, stdout=out)

    assert "The log verifies: 4 lines, 4 valid signatures" in out.getvalue()


@pytest.mark.parametrize(
    ("field", "value"),
    [("region_code", "KZ-11"), ("day", "2020-01-01"), ("status", "withdrawn"), ("seq", "9")],
)
def test_the_command_fails_when_one_line_is_tampered_with(client, tmp_path, field, value):
    petition = make_petition("open")
    text = download(client, petition, "json")[1]
    lines = json.loads(text)
    lines[1][field] = value
    path = tmp_path / "log.json"
    path.write_text(json.dumps(lines), encoding="utf-8")

    with pytest.raises(CommandError, match="The log does not verify: line 2"):
        call_command("verify_petition_log", str(path), stdout=io.StringIO())


def test_the_command_fails_when_a_line_is_dropped_or_the_count_differs(client, tmp_path):
    petition = make_petition("open")
    petition.refresh_from_db()
    lines = json.loads(download(client, petition, "json")[1])
    path = tmp_path / "log.json"

    path.write_text(json.dumps(lines[:-1]), encoding="utf-8")
    with pytest.raises(CommandError, match="published head"):
        call_command("verify_petition_log", str(path), head=petition.log_head)

    path.write_text(json.dumps(lines), encoding="utf-8")
    with pytest.raises(CommandError, match="the petition shows 5"):
        call_command("verify_petition_log", str(path), count=5)


def test_the_command_says_so_when_it_cannot_read_the_source(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("verify_petition_log", str(tmp_path / "missing.csv"))


def test_the_command_takes_count_and_head_from_a_downloaded_logs_headers(client, monkeypatch):
    petition = make_petition("open")
    response, text = download(client, petition)

    class Answer(io.BytesIO):
        headers = {name: response[name] for name in ("X-Signature-Count", "X-Signature-Log-Head")}

    def urlopen(url, timeout):
        assert url == "https://qogam.example/petitions/1/signature-log.csv"
        return Answer(text.encode())

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    out = io.StringIO()
    call_command(
        "verify_petition_log", "https://qogam.example/petitions/1/signature-log.csv", stdout=out
    )
    assert "compared with count 3 and head" in out.getvalue()

    Answer.headers = {**Answer.headers, "X-Signature-Count": "4"}
    with pytest.raises(CommandError, match="the petition shows 4"):
        call_command("verify_petition_log", "https://qogam.example/petitions/1/signature-log.csv")
