"""The legal clocks of design §4: the deadline of each step (thresholds: StateBody)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings

from portal.workdays import add_working_days


def moderation_deadline(submitted: date):
    """The last day moderators have to decide on a submitted petition."""
    return add_working_days(submitted, settings.PETITION_MODERATION_WORKING_DAYS)


def support_deadline(published: date):
    """The last day a published petition may gather its initial supporters."""
    return add_working_days(published, settings.PETITION_SUPPORT_WORKING_DAYS)


def collection_deadline(opened: date):
    """The last day an open petition collects signatures."""
    return opened + relativedelta(months=settings.PETITION_COLLECTION_MONTHS)


# Each state that collects by law, the field holding its window's last day, and the state a
# petition ends in when that day is over.
SIGNING_WINDOWS = {
    "gathering_support": ("support_deadline", "lapsed"),
    "open": ("deadline", "closed"),
}


ENDED_BY_WINDOW = frozenset(ends_in for _field, ends_in in SIGNING_WINDOWS.values())


def last_signing_day(petition):
    """The last day of the window the petition collects in, or of the one whose end ended it
    (lapsed, closed); None otherwise."""
    for status, (field, ends_in) in SIGNING_WINDOWS.items():
        if petition.status in (status, ends_in):
            return getattr(petition, field)
    return None


def window_ended(petition, today: date):
    """The state a collecting petition ends in because its window is over on `today`, or None.

    A window's last day counts in full: it ends at midnight in the portal's time zone.
    """
    if petition.status not in SIGNING_WINDOWS:
        return None
    last_day = last_signing_day(petition)
    if last_day is None or today <= last_day:
        return None
    return SIGNING_WINDOWS[petition.status][1]


def consideration_deadline(body, reached: date):
    """The last day the addressee has to answer a petition that reached its threshold."""
    days = (
        settings.PETITION_CONSIDERATION_WORKING_DAYS_CENTRAL
        if body.level == "central"
        else settings.PETITION_CONSIDERATION_WORKING_DAYS_LOCAL
    )
    return add_working_days(reached, days)
