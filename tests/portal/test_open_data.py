"""Open data (design §6): every download parses, holds the public rows, and no personal data."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from petitions import services as petition_services
from petitions.models import Petition, Signature
from platforms import services as platform_services
from platforms.models import AgendaItem, Meeting, OrganizationMember, PlatformMembership
from portal import opendata
from portal.models import StateBody, User
from qogam.views import DATASETS as ALL_DATASETS
from tests.factories import OrganizationFactory, UserFactory, make_petition, region, state_body
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

DATASETS = list(ALL_DATASETS)
# The scoreboard's tables are composed from seven aggregates (tests/portal/test_hearing_state.py).
ONE_QUERY_DATASETS = [slug for slug in DATASETS if not slug.startswith("hearing-state-")]
FORMATS = ["csv", "json"]
ONLINE_LINK = "https://meet.example.kz/closed-room-4471"
MOTIVATION = "Хочу участвовать, мой телефон +7 701 000 00 00"
EXCLUDED_TITLES = {
    "draft": "Черновик о парковках во дворах",
    "in_moderation": "Петиция на модерации о фонарях",
    "gathering_support": "Петиция о сборе первичной поддержки",
    "hidden": "Скрытая петиция с подписями",
}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The world below makes dozens of accounts; Argon2 would spend the run hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(citizen, ngo_member, organization, petition_moderator, platform_moderator):
    """Listed and unlisted petitions with signatures, a platform with seats of every role,
    a hybrid meeting with an agenda and registrations, a recommendation, and an NGO."""
    moderator = petition_moderator
    open_petition = make_petition("open", title="Открытая петиция о мосте", moderator=moderator)
    petition_services.sign_petition(petition=open_petition, user=citizen, show_name=True)
    almaty_signer = UserFactory(iin=True, region=region("KZ-75"))
    petition_services.sign_petition(petition=open_petition, user=almaty_signer)
    answered = make_petition("answered", title="Отвеченная петиция", moderator=moderator)
    excluded = {
        status: make_petition(status, title=title, moderator=moderator)
        for status, title in EXCLUDED_TITLES.items()
        if status != "hidden"
    }
    excluded["hidden"] = petition_services.hide_petition(
        petition=make_petition("open", title=EXCLUDED_TITLES["hidden"], moderator=moderator),
        moderator=moderator, reason="Дубль.",
    )  # fmt: skip

    platform = PlatformFactory(moderators=[platform_moderator])
    expert = PlatformMembershipFactory(platform=platform, motivation=MOTIVATION).user
    official = PlatformMembershipFactory(
        platform=platform, role=PlatformMembership.Role.STATE_OFFICIAL
    ).user
    PlatformMembershipFactory(
        platform=platform, user=ngo_member, organization=organization,
        role=PlatformMembership.Role.NGO_REPRESENTATIVE,
    )  # fmt: skip
    PlatformMembershipFactory(platform=platform, role=PlatformMembership.Role.ACTIVIST)
    # An application still waiting is not a seat.
    PlatformMembershipFactory(platform=platform, status=PlatformMembership.Status.APPLIED)

    meeting = MeetingFactory(
        platform=platform, format=Meeting.Format.HYBRID, online_link=ONLINE_LINK,
        minutes="Протокол.", minutes_published_at=timezone.now(),
    )  # fmt: skip
    AgendaItem.objects.create(meeting=meeting, position=2, title="Второй вопрос")
    AgendaItem.objects.create(meeting=meeting, position=1, title="Первый вопрос")
    MeetingRegistrationFactory(meeting=meeting, user=expert, attended=True)
    MeetingRegistrationFactory(meeting=meeting, user=official, attended=False)

    today = timezone.localdate()
    recommendation = platform_services.record_recommendation(
        platform=platform, moderator=platform_moderator, meeting=meeting,
        text="Открыть молодёжные центры в сёлах.", addressee=state_body("misd"),
        due_date=today - timedelta(days=3), answered_on=today - timedelta(days=20),
    )  # fmt: skip
    recommendation = platform_services.change_recommendation_status(
        recommendation=recommendation, moderator=platform_moderator, to_status="sent",
        answer="", answered_on=today - timedelta(days=10),
    )  # fmt: skip
    return {
        "open": open_petition,
        "answered": answered,
        "excluded": excluded,
        "platform": platform,
        "meeting": meeting,
        "recommendation": recommendation,
        "organization": organization,
    }


def download(client, dataset, format):
    response = client.get(reverse("open_data_download", args=[dataset, format]))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content)


def read_csv(raw):
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, *body = rows
    return header, [dict(zip(header, row, strict=True)) for row in body]


def read(client, dataset, format):
    """The download's rows as dicts (CSV cells are text, JSON values keep their types)."""
    _response, raw = download(client, dataset, format)
    if format == "csv":
        return read_csv(raw)[1]
    return json.loads(raw)


def by(rows, key, value):
    return [row for row in rows if row[key] == value]


# Every download


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("dataset", DATASETS)
def test_each_download_is_a_streamed_attachment_that_parses_with_its_fields(
    client, world, dataset, format
):
    response, raw = download(client, dataset, format)

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="qogam-{dataset}-{today}.{format}"'
    )
    fields = list(ALL_DATASETS[dataset].fields)
    if format == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        header, rows = read_csv(raw)
        assert header == fields
    else:
        assert response["Content-Type"] == "application/json; charset=utf-8"
        rows = json.loads(raw)
        assert isinstance(rows, list)
        assert all(list(row) == fields for row in rows)
    assert rows, f"{dataset} has rows in this world"


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("dataset", DATASETS)
def test_no_download_holds_personal_data(client, world, dataset, format):
    secrets = {ONLINE_LINK, MOTIVATION, "Айгерим", "Сарсенова"}
    for user in User.objects.all():
        secrets |= {user.email, user.full_name, user.last_name, user.public_name}
        if user.iin_hash:
            secrets.add(user.iin_hash)
    secrets |= set(Signature.objects.values_list("signer_key", flat=True))
    assert len(secrets) > 50

    _response, raw = download(client, dataset, format)

    leaked = [secret for secret in secrets if secret.encode() in raw]
    assert leaked == []


def test_an_unknown_dataset_or_format_is_not_found(client):
    for path in ("users.csv", "signatures.json", "petitions.xml", "petitions.CSV"):
        assert client.get(f"/open-data/{path}").status_code == 404
    assert client.get(reverse("open_data_download", args=["users", "json"])).status_code == 404


@pytest.mark.parametrize("dataset", ONE_QUERY_DATASETS)
def test_a_download_reads_the_database_in_one_query_and_only_while_streaming(
    client, world, dataset, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(reverse("open_data_download", args=[dataset, "json"]))

    # The dataset's one query, read through a server-side cursor chunk by chunk.
    with django_assert_num_queries(1):
        raw = b"".join(response.streaming_content)
    assert json.loads(raw)


@pytest.mark.parametrize("format", FORMATS)
def test_a_download_spanning_many_chunks_and_writes_is_whole(client, world, format, monkeypatch):
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 1)
    monkeypatch.setattr(opendata, "ROWS_PER_WRITE", 1)

    response = client.get(reverse("open_data_download", args=["signatures-by-region", format]))
    pieces = list(response.streaming_content)

    raw = b"".join(pieces)
    rows = read_csv(raw)[1] if format == "csv" else json.loads(raw)
    assert len(rows) == 3
    assert len(pieces) >= 4


# Petitions and their signatures


@pytest.mark.parametrize("format", FORMATS)
def test_the_petitions_download_holds_listed_petitions_only(client, world, format):
    rows = read(client, "petitions", format)

    ids = {str(row["id"]) for row in rows}
    assert ids == {str(world["open"].pk), str(world["answered"].pk)}
    titles = {row["title"] for row in rows}
    assert titles == {"Открытая петиция о мосте", "Отвеченная петиция"}
    assert all(Petition.objects.get(pk=row["id"]).status in Petition.LISTED for row in rows)


def test_a_petition_row_holds_its_addressee_counts_states_and_dates(client, world):
    rows = read(client, "petitions", "json")

    [open_row] = by(rows, "id", world["open"].pk)
    government = state_body("government")
    assert open_row["status"] == "open"
    assert open_row["addressee_id"] == government.pk
    assert open_row["addressee_name_kk"] == government.name_kk
    assert open_row["addressee_name_ru"] == government.name_ru
    assert open_row["addressee_name_en"] == government.name_en
    assert open_row["category_slug"] == "transport"
    assert open_row["region_code"] is None
    assert open_row["signature_count"] == 52
    assert open_row["threshold"] == world["open"].threshold
    assert open_row["deadline"] == world["open"].deadline.isoformat()
    assert open_row["published_at"] == (
        timezone.localtime(world["open"].published_at).isoformat(timespec="seconds")
    )
    assert open_row["answered_at"] is None
    assert open_row["answered_on_time"] is None
    [answered_row] = by(rows, "id", world["answered"].pk)
    assert answered_row["status"] == "answered"
    assert answered_row["threshold_reached_at"] is not None
    assert answered_row["answered_on_time"] is True


def test_the_petitions_csv_keeps_cyrillic_and_writes_true_false_and_empty_cells(client, world):
    rows = read(client, "petitions", "csv")

    [open_row] = by(rows, "id", str(world["open"].pk))
    [answered_row] = by(rows, "id", str(world["answered"].pk))
    assert open_row["title"] == "Открытая петиция о мосте"
    assert open_row["answered_on_time"] == ""
    assert answered_row["answered_on_time"] == "true"
    assert open_row["signature_count"] == "52"


@pytest.mark.parametrize("format", FORMATS)
def test_signatures_by_region_counts_each_listed_petitions_signers_by_region(client, world, format):
    rows = read(client, "signatures-by-region", format)

    counts = {(str(row["petition_id"]), row["region_code"]): int(row["count"]) for row in rows}
    open_id, answered_id = str(world["open"].pk), str(world["answered"].pk)
    # 50 imported signatures and the citizen in Astana, one signer in Almaty.
    assert counts == {
        (open_id, "KZ-71"): 51,
        (open_id, "KZ-75"): 1,
        (answered_id, "KZ-71"): world["answered"].signature_count,
    }


@pytest.mark.parametrize("format", FORMATS)
def test_signatures_by_day_add_up_to_each_listed_petitions_count(client, world, format):
    rows = read(client, "signatures-by-day", format)

    totals = {}
    for row in rows:
        totals[str(row["petition_id"])] = totals.get(str(row["petition_id"]), 0) + int(row["count"])
    assert totals == {str(world["open"].pk): 52, str(world["answered"].pk): 51}
    assert {row["day"] for row in rows} == {timezone.localdate().isoformat()}


# Platforms, meetings, recommendations, NGOs


def test_the_platforms_download_holds_the_composition_by_role(client, world):
    [row] = read(client, "platforms", "json")

    platform = world["platform"]
    assert row["slug"] == platform.slug
    assert row["name_ru"] == platform.name_ru
    assert row["host_name_en"] == platform.host.name_en
    assert (row["kind"], row["sphere"], row["status"], row["membership_policy"]) == (
        "dialogue_platform", "youth", "active", "open",
    )  # fmt: skip
    assert row["members"] == 4
    assert row["members_ngo_representative"] == 1
    assert row["members_expert"] == 1
    assert row["members_activist"] == 1
    assert row["members_state_official"] == 1
    assert row["civil_society_share"] == 0.75


def test_a_platform_without_members_has_no_civil_society_share(client):
    PlatformFactory()

    [row] = read(client, "platforms", "csv")

    assert (row["members"], row["civil_society_share"]) == ("0", "")


def test_the_meetings_download_holds_the_agenda_and_attendance_but_not_the_link(client, world):
    [row] = read(client, "meetings", "json")

    meeting = world["meeting"]
    assert row["id"] == meeting.pk
    assert row["platform_slug"] == world["platform"].slug
    assert row["format"] == "hybrid"
    assert row["place"] == meeting.place
    assert row["agenda"] == ["Первый вопрос", "Второй вопрос"]
    assert (row["registration_count"], row["attendance_count"]) == (2, 1)
    assert row["minutes_published"] is True
    [csv_row] = read(client, "meetings", "csv")
    assert csv_row["agenda"] == "Первый вопрос; Второй вопрос"
    assert csv_row["minutes_published"] == "true"


def test_a_meeting_without_agenda_or_minutes(client):
    MeetingFactory()

    [row] = read(client, "meetings", "json")

    assert row["agenda"] == []
    assert (row["registration_count"], row["attendance_count"], row["minutes_published"]) == (
        0,
        0,
        False,
    )


def test_the_recommendations_download_holds_status_due_date_and_last_answer(client, world):
    [row] = read(client, "recommendations", "json")

    today = timezone.localdate()
    assert row["id"] == world["recommendation"].pk
    assert row["meeting_id"] == world["meeting"].pk
    assert row["platform_slug"] == world["platform"].slug
    assert row["addressee_name_ru"] == state_body("misd").name_ru
    assert row["status"] == "sent"
    assert row["due_date"] == (today - timedelta(days=3)).isoformat()
    assert row["overdue"] is True
    assert row["last_answer_date"] == (today - timedelta(days=10)).isoformat()


def test_the_organizations_download_holds_public_fields_only(client, world):
    [row] = read(client, "organizations", "json")

    organization = world["organization"]
    assert row["bin"] == organization.bin
    assert row["name_kk"] == organization.name_kk
    assert row["legal_form"] == "public_association"
    assert row["region_code"] == "KZ-71"
    assert row["verified"] is True
    assert OrganizationMember.objects.filter(organization=organization).exists()
    assert set(row) == set(ALL_DATASETS["organizations"].fields)


def test_lists_are_joined_in_csv_and_kept_as_lists_in_json(client):
    OrganizationFactory(spheres=["youth", "ecology"])

    [csv_row] = read(client, "organizations", "csv")
    [json_row] = read(client, "organizations", "json")

    assert csv_row["spheres"] == "youth; ecology"
    assert json_row["spheres"] == ["youth", "ecology"]


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_defused_in_csv(client):
    RecommendationFactory(text='=HYPERLINK("http://evil.example","click")')

    [csv_row] = read(client, "recommendations", "csv")
    [json_row] = read(client, "recommendations", "json")

    assert csv_row["text"] == '\'=HYPERLINK("http://evil.example","click")'
    assert json_row["text"] == '=HYPERLINK("http://evil.example","click")'


# The page


def test_the_open_data_page_lists_every_dataset_with_labelled_downloads(english_client, world):
    response = english_client.get(reverse("open_data"))

    assert response.status_code == 200
    text = response.text
    assert text.count("<h1") == 1
    assert text.count('<th scope="row">') == len(DATASETS)
    assert text.count('<th scope="col">') == 4
    for slug, dataset in ALL_DATASETS.items():
        with translation.override("en"):
            title = str(dataset.title)
        for format in FORMATS:
            href = reverse("open_data_download", args=[slug, format])
            label = f'<span class="visually-hidden">{title}, </span>{format.upper()}'
            assert f'href="{href}" download>{label}</a>' in text
        assert all(f"<code>{field}</code>" in text for field in dataset.fields)
    assert '<span class="visually-hidden">Petitions, </span>CSV' in text
    assert "free to reuse" in text
    assert f'<time datetime="{timezone.localdate().isoformat()}">' in text
    counts = {dataset.slug: count for dataset, count in response.context["datasets"]}
    assert counts == {
        "petitions": 2,
        "signatures-by-region": 3,
        "signatures-by-day": 2,
        "platforms": 1,
        "meetings": 1,
        "recommendations": 1,
        "organizations": 1,
        "hearing-state-bodies": StateBody.objects.count(),
        "hearing-state-regions": 20,
        "hearing-state-platforms": 1,
    }


@pytest.mark.parametrize("rows", [1, 50])
def test_the_open_data_page_costs_ten_queries_whatever_the_data(
    client, django_assert_num_queries, rows
):
    make_petition("open")
    for platform in PlatformFactory.create_batch(rows):
        RecommendationFactory(platform=platform, meeting=MeetingFactory(platform=platform))
    OrganizationFactory.create_batch(rows)

    # One count for each of the ten datasets.
    with django_assert_num_queries(10):
        response = client.get(reverse("open_data"))

    assert response.status_code == 200
    counts = {dataset.slug: count for dataset, count in response.context["datasets"]}
    assert counts["platforms"] == counts["meetings"] == counts["organizations"] == rows
