"""iCalendar files (RFC 5545) of what people may put in their calendars, with `icalendar`.

Each app says what its events are (platforms/calendars.py: meetings; petitions/calendars.py:
public discussions) as CalendarEvent values; this kit writes them as one .ics download.
Times are written in UTC, so every calendar program places them right without a time zone
definition; a day without a time (a discussion's date) is an all-day event.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

PRODUCT = "-//Qogam//Hearing State portal//EN"
# How long a meeting is shown in a calendar when nothing says when it ends.
MEETING_LENGTH = timedelta(hours=2)


@dataclass(frozen=True)
class CalendarEvent:
    """One event: a stable id, when, what, where, and its page on the portal."""

    uid: str
    start: datetime | date
    summary: str
    path: str
    location: str = ""
    description: str = ""
    # Changed when the event was last changed, so calendar programs refresh it.
    updated: datetime | None = None


def _event(item, stamp):
    event = icalendar.Event()
    event.add("uid", f"{item.uid}@qogam")
    event.add("dtstamp", stamp)
    if isinstance(item.start, datetime):
        start = item.start.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
    else:
        event.add("dtstart", item.start)
        event.add("dtend", item.start + timedelta(days=1))
    event.add("summary", item.summary)
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    event.add("url", settings.SITE_URL + item.path)
    if item.updated:
        event.add("last-modified", item.updated.astimezone(UTC))
    return event


def calendar_response(name, title, items):
    """The events as a calendar file named `name`.ics, titled `title`."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", str(title))
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for item in items:
        calendar.add_component(_event(item, stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response
