"""The "Hearing State" scoreboard (design §4.7): its figures, page, API and open data."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petition
from platforms.models import PlatformMembership, Recommendation
from portal.models import StateBody
from portal.workdays import working_day_numbers, working_days_between
from qogam.scoreboard import CENTRAL, scoreboard
from tests.factories import make_petition
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

Status = Recommendation.Status


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def regional_body():
    return StateBody.objects.filter(level=StateBody.Level.REGIONAL).order_by("pk").first()


def answered_after(petition_status, *, days, late=False, addressee="government"):
    """A petition answered `days` calendar days after it was sent, on time or late."""
    petition = make_petition(petition_status, addressee=addressee)
    now = timezone.now()
    sent = now - timedelta(days=days)
    deadline = (now - timedelta(days=1)).date() if late else now.date() + timedelta(days=30)
    Petition.objects.filter(pk=petition.pk).update(
        threshold_reached_at=sent, consideration_deadline=deadline
    )
    return working_days_between(timezone.localdate(sent), timezone.localdate(now))


@pytest.fixture
def world():
    """Petitions to the Government answered on time and late, one overdue, one still in time,
    one still open; a petition to an oblast body; recommendations; a platform."""
    spans = [
        answered_after("answered", days=10),
        answered_after("answered", days=20),
        answered_after("answered", days=60, late=True),
    ]
    overdue = make_petition("under_consideration")
    Petition.objects.filter(pk=overdue.pk).update(
        consideration_deadline=timezone.localdate() - timedelta(days=2)
    )
    make_petition("under_consideration")
    make_petition("open")
    local = regional_body()
    make_petition("under_consideration", addressee=local.slug)

    today = timezone.localdate()
    RecommendationFactory(status=Status.PROPOSED, due_date=today - timedelta(days=9))
    RecommendationFactory(status=Status.SENT, due_date=today - timedelta(days=1))
    RecommendationFactory(status=Status.IN_PROGRESS, due_date=today + timedelta(days=9))
    RecommendationFactory(status=Status.IMPLEMENTED, due_date=today - timedelta(days=9))
    RecommendationFactory(status=Status.DECLINED, due_date=today - timedelta(days=9))

    platform = PlatformFactory()
    PlatformMembershipFactory.create_batch(2, platform=platform)
    PlatformMembershipFactory(platform=platform, role=PlatformMembership.Role.STATE_OFFICIAL)
    PlatformMembershipFactory(platform=platform, status=PlatformMembership.Status.APPLIED)
    meeting = MeetingFactory(platform=platform, starts_at=timezone.now() - timedelta(days=3))
    MeetingRegistrationFactory(meeting=meeting, attended=True)
    MeetingRegistrationFactory(meeting=meeting, attended=True)
    MeetingRegistrationFactory(meeting=meeting, attended=False)
    # Not yet recorded: counts neither way.
    MeetingRegistrationFactory(meeting=meeting, attended=None)
    return {"spans": sorted(spans), "local": local, "platform": platform}


def line(rows, key):
    (row,) = [row for row in rows if row.key == key]
    return row


# The figures


def test_a_state_body_counts_petitions_received_answered_on_time_late_and_overdue(world):
    government = line(scoreboard().bodies, "government").petitions

    # Three answered, one overdue, one still in time; the open one was never sent.
    assert government.received == 5
    assert government.answered_on_time == 2
    assert government.answered_late == 1
    assert government.overdue == 1
    assert government.median_days == world["spans"][1]
    assert government.days_to_answer and government.median_days > 0


def test_a_region_adds_up_its_bodies_and_the_central_bodies_stand_apart(world):
    board = scoreboard()

    local = world["local"]
    region = line(board.regions, local.region.code).petitions
    assert (region.received, region.overdue, region.median_days) == (1, 0, None)
    central = line(board.regions, CENTRAL).petitions
    assert central.received == 5
    assert central.answered_late == 1
    assert len(board.regions) == 21


def test_recommendations_count_once_sent_and_are_overdue_only_while_still_open(world):
    misd = line(scoreboard().bodies, "misd").recommendations

    # Proposed is still the platform's; declined and implemented are no longer overdue.
    assert (misd.received, misd.implemented, misd.overdue) == (4, 1, 1)


def test_a_platform_shows_its_civil_society_share_and_attendance(world):
    (figures,) = [row for row in scoreboard().platforms if row.platform == world["platform"]]

    # Two experts and an official are approved; the application is not a seat.
    assert (figures.members, figures.civil_society) == (3, 2)
    assert figures.share_percent == 67
    assert figures.meets_goal
    assert (figures.registered, figures.attended, figures.attendance_percent) == (3, 2, 67)


def test_a_region_holds_the_platforms_its_bodies_host_and_central_ones_stand_apart(world):
    local_council = PlatformFactory(host=world["local"])
    PlatformMembershipFactory(platform=local_council, role=PlatformMembership.Role.STATE_OFFICIAL)
    PlatformMembershipFactory(platform=local_council)

    board = scoreboard()

    region = line(board.regions, world["local"].region.code).councils
    assert (region.platforms, region.members, region.share_percent) == (1, 2, 50)
    assert not region.meets_goal
    assert region.attendance is None
    # The fixture's platform and the recommendations' own are hosted by the Ministry.
    central = line(board.regions, CENTRAL).councils
    assert central.platforms == len(board.platforms) - 1
    assert (central.registered, central.attended) == (3, 2)


def test_the_regions_platforms_table_sorts_by_share(english_client, world):
    local_council = PlatformFactory(host=world["local"])
    PlatformMembershipFactory(platform=local_council)

    response = english_client.get(reverse("hearing_state"), {"councils": "-share"})

    councils = response.context["councils"]
    assert councils[0].key == world["local"].region.code
    assert councils[-1].councils.civil_society_share is None
    assert "Platforms and councils by region" in response.text


def test_a_body_without_petitions_or_recommendations_has_zeros_and_no_median(world):
    quiet = line(scoreboard().bodies, world["local"].slug)

    assert quiet.recommendations.received == 0
    assert quiet.petitions.median_days is None


def test_the_working_day_numbers_count_the_same_spans_as_the_legal_clocks():
    first, last = date(2025, 12, 20), date(2026, 4, 10)
    numbers = working_day_numbers(first, last)

    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    for start in days[::7]:
        for end in days[::5]:
            expected = working_days_between(start, end)
            assert max(0, numbers[end] - numbers[start]) == expected, (start, end)


# The page


@pytest.mark.parametrize("rows", [1, 30])
def test_the_page_costs_seven_queries_whatever_the_data(client, django_assert_num_queries, rows):
    for _ in range(rows):
        platform = PlatformFactory()
        PlatformMembershipFactory(platform=platform)
        MeetingRegistrationFactory(meeting=MeetingFactory(platform=platform), attended=True)
        RecommendationFactory(platform=platform, status=Status.SENT)
    make_petition("answered")

    # Petitions: counts by addressee, the answered ones' dates; recommendations by addressee;
    # state bodies; regions; platforms with their seats; attendance by platform.
    with django_assert_num_queries(7):
        response = client.get(reverse("hearing_state"))

    assert response.status_code == 200
    assert len(response.context["platforms"]) == rows


def test_the_page_shows_each_table_and_charts_in_the_readers_language(client, world):
    for language, heading, body in (
        ("kk", "«Халық үніне құлақ асатын мемлекет» көрсеткіштері", "Мемлекеттік органдар"),
        ("ru", "Показатели «Слышащего государства»", "Государственные органы"),
        ("en", "Hearing State scoreboard", "State bodies"),
    ):
        client.cookies["django_language"] = language
        text = client.get(reverse("hearing_state")).text
        assert f"<h1>{heading}</h1>" in text
        assert f'<h2 id="bodies">{body}</h2>' in text
    assert text.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert 'viewBox="0 0 360 ' in text
    assert text.count('<table class="sortable cards">') == 4


def test_a_heading_link_sorts_its_table_and_a_second_click_reverses_it(english_client, world):
    url = reverse("hearing_state")

    response = english_client.get(url, {"bodies": "-overdue"})
    bodies = response.context["bodies"]
    assert [row.petitions.overdue for row in bodies] == sorted(
        (row.petitions.overdue for row in bodies), reverse=True
    )
    (overdue,) = [c for c in response.context["body_columns"] if c["label"] == "Overdue now"]
    assert overdue["sort"] == "descending"
    assert "bodies=overdue" in overdue["href"]
    assert 'aria-sort="descending"' in response.text

    ascending = english_client.get(url, {"bodies": "overdue"}).context["bodies"]
    assert ascending[0].petitions.overdue == 0


def test_sorting_by_the_median_puts_bodies_without_answers_last(english_client, world):
    bodies = english_client.get(reverse("hearing_state"), {"bodies": "median"}).context["bodies"]

    assert bodies[0].key == "government"
    assert bodies[-1].petitions.median_days is None


@pytest.mark.parametrize("sort", ["nonsense", "-", "--received", "<script>", "name" * 100])
def test_an_unknown_sort_falls_back_to_the_default_order(english_client, world, sort):
    response = english_client.get(
        reverse("hearing_state"), {"bodies": sort, "regions": sort, "platforms": sort}
    )

    assert response.status_code == 200
    assert response.context["bodies"][0].key == "government"
    assert "<script>" not in response.text


# The API and the open data


def test_the_api_gives_the_same_figures_in_seven_queries(client, world, django_assert_num_queries):
    with django_assert_num_queries(7):
        response = client.get("/api/v1/hearing-state", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    data = response.json()
    (government,) = [row for row in data["state_bodies"] if row["key"] == "government"]
    assert government["petitions_received"] == 5
    assert government["petitions_answered_late"] == 1
    assert government["median_working_days_to_answer"] == world["spans"][1]
    (central,) = [row for row in data["regions"] if row["key"] == CENTRAL]
    assert central["name"] == "Central state bodies"
    (platform,) = [row for row in data["platforms"] if row["slug"] == world["platform"].slug]
    assert platform["civil_society_share"] == round(2 / 3, 4)
    assert platform["meets_two_thirds_goal"] is True
    (central,) = [row for row in data["platforms_by_region"] if row["key"] == CENTRAL]
    assert central["platforms"] == len(data["platforms"])


def test_the_open_data_holds_each_body_region_and_platform(client, world):
    def rows(slug):
        response = client.get(reverse("open_data_download", args=[slug, "json"]))
        return json.loads(b"".join(response.streaming_content))

    bodies = rows("hearing-state-bodies")
    assert len(bodies) == StateBody.objects.count()
    (government,) = [row for row in bodies if row["state_body"] == "government"]
    assert government["petitions_answered_on_time"] == 2
    regions = rows("hearing-state-regions")
    assert len(regions) == 20
    assert CENTRAL not in {row["region"] for row in regions}
    assert {row["platforms"] for row in regions} == {0}
    platforms = rows("hearing-state-platforms")
    (platform,) = [row for row in platforms if row["slug"] == world["platform"].slug]
    assert (platform["members"], platform["attended"]) == (3, 2)


def test_the_bodies_table_shows_a_page_of_bodies_at_a_time_in_the_chosen_order(
    english_client, world
):
    url = reverse("hearing_state")
    first = english_client.get(url, {"bodies": "-received"})
    ordered = first.context["bodies"]
    assert len(ordered) == StateBody.objects.count() > 50
    assert list(first.context["bodies_page"].object_list) == ordered[:50]
    assert "bodies=-received&amp;bodies_page=2#bodies" in first.text
    second = english_client.get(url, {"bodies": "-received", "bodies_page": 2})
    assert list(second.context["bodies_page"].object_list) == ordered[50:100]
    assert f"State bodies 51 to 100 of {len(ordered)}" in second.text
