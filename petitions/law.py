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


def consideration_deadline(body, reached: date):
    """The last day the addressee has to answer a petition that reached its threshold."""
    days = (
        settings.PETITION_CONSIDERATION_WORKING_DAYS_CENTRAL
        if body.level == "central"
        else settings.PETITION_CONSIDERATION_WORKING_DAYS_LOCAL
    )
    return add_working_days(reached, days)
