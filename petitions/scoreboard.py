"""The petitions' part of the "Hearing State" scoreboard (design §4.7), per addressee.

The project composes it with the platforms' part (qogam/scoreboard.py). Two queries whatever
the number of petitions: one aggregate grouped by addressee, and one list of the answered
petitions' two dates for the medians.

The median working days to answer is counted in Python: PostgreSQL knows no working-day
calendar (Kazakhstan's holidays and transferred days off are in portal/workdays.py), so the
query reads only (addressee, sent, answered) of the answered petitions, and each span is
counted with the same calendar as the legal clocks, numbered once for all the spans' days
(portal.workdays.working_day_numbers), so 20,000 answers cost one pass over the calendar.
"""

from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from petitions.models import Petition
from portal.workdays import working_day_numbers


@dataclass
class PetitionFigures:
    """One addressee's petitions: received, answered on time or late, overdue, median days."""

    received: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    overdue: int = 0
    # Working days from being sent to the body to its answer, one per answered petition.
    days_to_answer: tuple[int, ...] = ()

    @property
    def median_days(self):
        """The median working days to answer, or None before the first answer."""
        return median(self.days_to_answer) if self.days_to_answer else None

    def __add__(self, other):
        return PetitionFigures(
            received=self.received + other.received,
            answered_on_time=self.answered_on_time + other.answered_on_time,
            answered_late=self.answered_late + other.answered_late,
            overdue=self.overdue + other.overdue,
            days_to_answer=self.days_to_answer + other.days_to_answer,
        )


def _sent():
    # Sent to the addressee: the threshold was crossed, and the petition is still public.
    return Petition.objects.filter(status__in=Petition.LISTED, threshold_reached_at__isnull=False)


def petition_figures(*, addressee=None):
    """Each addressee's petition figures, by state body id, or only `addressee`'s (two
    queries)."""
    today = timezone.localdate()
    answered_day = TruncDate("answered_at")
    sent = _sent() if addressee is None else _sent().filter(addressee=addressee)
    counts = (
        sent.order_by()
        .values("addressee_id")
        .annotate(
            received=Count("pk"),
            answered_on_time=Count(
                "pk",
                filter=Q(answered_at__isnull=False) & Q(consideration_deadline__gte=answered_day),
            ),
            answered_late=Count(
                "pk",
                filter=Q(answered_at__isnull=False) & Q(consideration_deadline__lt=answered_day),
            ),
            overdue=Count(
                "pk",
                filter=Q(status=Petition.Status.UNDER_CONSIDERATION)
                & Q(consideration_deadline__lt=today),
            ),
        )
    )
    figures = {row.pop("addressee_id"): PetitionFigures(**row, days_to_answer=()) for row in counts}
    answered = (
        sent.filter(answered_at__isnull=False)
        .order_by()
        .values_list("addressee_id", "threshold_reached_at", "answered_at")
    )
    dates = [
        (addressee_id, timezone.localdate(sent_at), timezone.localdate(answered_at))
        for addressee_id, sent_at, answered_at in answered.iterator(chunk_size=5000)
    ]
    spans = {}
    if dates:
        first = min(min(sent, answered) for _body, sent, answered in dates)
        last = max(max(sent, answered) for _body, sent, answered in dates)
        numbers = working_day_numbers(first, last)
        for addressee_id, sent, answered in dates:
            days = max(0, numbers[answered] - numbers[sent])
            spans.setdefault(addressee_id, []).append(days)
    for addressee_id, days in spans.items():
        figures[addressee_id].days_to_answer = tuple(days)
    return figures


def total(figures):
    """The sum of several addressees' figures, their answers pooled for the median."""
    return sum(figures, PetitionFigures())
