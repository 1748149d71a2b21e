"""Meetings as iCalendar files: one platform's and everyone's (portal/calendars.py writes them).

The online link is for members only and is never written to a calendar file.
"""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.models import Meeting, Platform
from portal.calendars import CalendarEvent, calendar_response
from portal.pagecache import cached_for_visitors

# How far back the files reach: the meetings to come and those of the past year.
PAST_DAYS = 365


def _events(meetings):
    since = timezone.now() - timedelta(days=PAST_DAYS)
    meetings = meetings.filter(starts_at__gte=since).select_related("platform")
    return [
        CalendarEvent(
            uid=f"meeting-{meeting.pk}",
            start=meeting.starts_at,
            summary=f"{meeting.title} — {meeting.platform.name}",
            path=meeting.get_absolute_url(),
            location=meeting.place,
            description=meeting.get_format_display(),
        )
        for meeting in meetings.order_by("starts_at", "pk")
    ]


@cached_for_visitors("platforms")
def platform_meetings(request, slug):
    """One platform's meetings (two queries)."""
    platform = get_object_or_404(Platform, slug=slug)
    title = _("Qogam: meetings of %(platform)s") % {"platform": platform.name}
    events = _events(Meeting.objects.filter(platform=platform))
    return calendar_response(f"qogam-{platform.slug}-meetings", title, events)


@cached_for_visitors("platforms")
def all_meetings(request):
    """Every platform's meetings (one query)."""
    return calendar_response(
        "qogam-meetings", _("Qogam: meetings of all platforms"), _events(Meeting.objects.all())
    )
