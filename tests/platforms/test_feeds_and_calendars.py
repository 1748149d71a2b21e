"""Atom feeds of a platform's meetings and of the tracker; meetings as iCalendar files."""

import xml.etree.ElementTree as ET
from datetime import UTC, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from platforms import services
from tests.factories import state_body
from tests.platforms.factories import MeetingFactory, PlatformFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LINK = "https://meet.example.kz/members-only-room"


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # Our own feed, not untrusted input.
    feed = ET.fromstring(response.content)  # noqa: S314
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


def test_a_platforms_meetings_feed_holds_its_meetings_and_never_the_online_link(client):
    platform = PlatformFactory()
    MeetingFactory(platform=platform, title="Заседание о молодёжи", online_link=LINK)
    MeetingFactory(title="Заседание другой площадки")

    response = client.get(reverse("platform_meetings_feed", args=[platform.slug]))

    assert entries(response) == ["Заседание о молодёжи"]
    assert LINK not in response.text
    assert client.get(reverse("platform_meetings_feed", args=["nope"])).status_code == 404


def test_the_tracker_feed_holds_each_step_with_the_answer(client, platform_moderator):
    platform = PlatformFactory(moderators=[platform_moderator])
    today = timezone.localdate()
    recommendation = services.record_recommendation(
        platform=platform, moderator=platform_moderator, text="Открыть молодёжные центры.",
        addressee=state_body("misd"), answered_on=today,
    )  # fmt: skip
    services.change_recommendation_status(
        recommendation=recommendation, moderator=platform_moderator, to_status="sent",
        answer="Направлено в министерство.", answered_on=today,
    )  # fmt: skip

    response = client.get(reverse("recommendation_feed"))

    titles = entries(response)
    assert len(titles) == 2
    # The latest step first: sent, then proposed.
    assert all(title.endswith(": Открыть молодёжные центры.") for title in titles)
    assert titles[0] != titles[1]
    assert "Направлено в министерство." in response.text
    assert f"/recommendations/{recommendation.pk}/" in response.text


def test_a_platforms_calendar_holds_its_meetings_in_utc_without_the_online_link(client):
    platform = PlatformFactory()
    starts = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    meeting = MeetingFactory(platform=platform, starts_at=starts, online_link=LINK)
    MeetingFactory(title="Заседание другой площадки")
    # Older than a year: no longer in the file.
    MeetingFactory(platform=platform, starts_at=timezone.now() - timedelta(days=400))

    response = client.get(reverse("platform_meetings_ics", args=[platform.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert LINK.encode() not in response.content
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART") == starts.astimezone(UTC)
    assert str(event["UID"]) == f"meeting-{meeting.pk}@qogam"
    assert str(event["LOCATION"]) == meeting.place
    assert client.get(reverse("platform_meetings_ics", args=["nope"])).status_code == 404


def test_the_calendar_of_all_meetings_holds_every_platforms_meetings(client):
    MeetingFactory.create_batch(3)

    response = client.get(reverse("meetings_ics"))

    calendar = icalendar.Calendar.from_ical(response.content)
    assert len(calendar.walk("VEVENT")) == 3
    assert str(calendar["X-WR-CALNAME"])


def test_the_platform_and_tracker_pages_link_their_feeds_and_calendars(client):
    platform = PlatformFactory()

    page = client.get(platform.get_absolute_url()).text
    assert reverse("platform_meetings_feed", args=[platform.slug]) in page
    assert reverse("platform_meetings_ics", args=[platform.slug]) in page
    assert reverse("meetings_ics") in client.get(reverse("platform_list")).text
    assert reverse("recommendation_feed") in client.get(reverse("recommendation_list")).text
