"""The public discussions of petitions as an iCalendar file (portal/calendars.py writes it)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.models import Petition
from portal.calendars import CalendarEvent, calendar_response
from portal.pagecache import cached_for_visitors

# How far back the file reaches: a calendar needs the discussions to come and the recent ones.
PAST_DAYS = 365


@cached_for_visitors("petitions")
def discussions(request):
    """Every public discussion of a listed petition from a year ago on (one query)."""
    since = timezone.localdate() - timedelta(days=PAST_DAYS)
    petitions = (
        Petition.objects.listed()
        .filter(discussion_date__gte=since)
        .select_related("addressee")
        .order_by("discussion_date", "pk")
    )
    events = [
        CalendarEvent(
            uid=f"petition-{petition.pk}-discussion",
            start=petition.discussion_date,
            summary=_("Public discussion: %(title)s") % {"title": petition.title},
            path=petition.get_absolute_url(),
            location=petition.discussion_place,
            description=petition.addressee.name,
            updated=petition.updated_at,
        )
        for petition in petitions
    ]
    return calendar_response("qogam-petition-discussions", _("Qogam: public discussions"), events)
