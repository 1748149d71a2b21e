"""Atom feeds of the petition list and of a body's answers; the discussions' iCalendar file."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petition
from tests.factories import make_petition, state_body

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # Our own feed, not untrusted input.
    feed = ET.fromstring(response.content)  # noqa: S314
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


def test_the_list_feed_holds_listed_petitions_newest_first_and_no_draft(client):
    older = make_petition("open", title="Старая петиция о парке")
    newer = make_petition("open", title="Новая петиция о мосте")
    Petition.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=3))
    make_petition("draft", title="Черновик о фонарях")
    make_petition("in_moderation", title="Петиция на модерации")

    titles = entries(client.get(reverse("petition_feed")))

    assert titles == [newer.title, older.title]


def test_the_list_feed_applies_the_lists_filters(client):
    open_one = make_petition("open", title="Открытая петиция")
    make_petition("answered", title="Отвеченная петиция")

    titles = entries(client.get(reverse("petition_feed"), {"status": "open"}))

    assert titles == [open_one.title]


def test_the_list_offers_the_feed_of_its_own_filters(client):
    response = client.get(reverse("petition_list"), {"status": "open", "page": "2"})

    assert f'href="{reverse("petition_feed")}?status=open"' in response.text
    assert f'href="{reverse("petition_discussions_ics")}"' in response.text


@pytest.mark.parametrize("query", [{"status": "draft"}, {"addressee": "999999"}, {"q": "x" * 500}])
def test_a_feed_with_a_bad_filter_is_not_found_rather_than_widened(client, query):
    make_petition("open")

    assert client.get(reverse("petition_feed"), query).status_code == 404


def test_a_bodys_answers_feed_holds_its_answered_petitions_with_the_response(client):
    answered = make_petition("answered", title="Отвеченная петиция о мосте")
    make_petition("under_consideration", title="Петиция без ответа")

    response = client.get(reverse("body_answers_feed", args=["government"]))

    assert entries(response) == [answered.title]
    assert "Мост будет построен в 2027 году." in response.text
    other = state_body("misd").slug
    assert entries(client.get(reverse("body_answers_feed", args=[other]))) == []
    assert client.get(reverse("body_answers_feed", args=["no-such-body"])).status_code == 404


def test_the_discussions_calendar_holds_each_listed_petitions_public_discussion(client):
    answered = make_petition("answered", title="Петиция о мосте")
    Petition.objects.filter(pk=answered.pk).update(
        discussion_date=timezone.localdate() + timedelta(days=5), discussion_place="Акимат, зал 1"
    )
    hidden = make_petition("answered", title="Скрытая петиция")
    Petition.objects.filter(pk=hidden.pk).update(status=Petition.Status.HIDDEN)

    response = client.get(reverse("petition_discussions_ics"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert "Петиция о мосте" in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == timezone.localdate() + timedelta(days=5)
    assert str(event["LOCATION"]) == "Акимат, зал 1"
    assert str(event["URL"]).endswith(f"/petitions/{answered.pk}/")
    assert isinstance(event.decoded("DTSTART"), date)
