"""The platforms' part of the "Hearing State" scoreboard (design §4.7).

Recommendations per addressee, and each platform's civil-society share and meeting
attendance. The project composes them with the petitions' part (qogam/scoreboard.py).
Three queries whatever the data's size, each an aggregate grouped in the database.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from platforms.models import MeetingRegistration, Platform, Recommendation

Status = Recommendation.Status
# Still the addressee's to act on: past the due date in one of these states is overdue.
OPEN_STATES = (Status.SENT, Status.ACCEPTED, Status.PARTIALLY_ACCEPTED, Status.IN_PROGRESS)
CIVIL_SOCIETY_GOAL = 2 / 3


@dataclass
class RecommendationFigures:
    """One addressee's recommendations: received, implemented, overdue."""

    received: int = 0
    implemented: int = 0
    overdue: int = 0

    def __add__(self, other):
        return RecommendationFigures(
            received=self.received + other.received,
            implemented=self.implemented + other.implemented,
            overdue=self.overdue + other.overdue,
        )


@dataclass
class PlatformFigures:
    """A platform's composition and how many of those registered came to its meetings."""

    # None for the figures of several platforms together (a region's).
    platform: Platform | None
    members: int
    civil_society: int
    registered: int
    attended: int
    platforms: int = 1

    @property
    def civil_society_share(self):
        """The share of approved members who are not state officials, or None."""
        return self.civil_society / self.members if self.members else None

    @property
    def attendance(self):
        """The share of registrations with a recorded attendance that came, or None."""
        return self.attended / self.registered if self.registered else None

    @property
    def share_percent(self):
        """The civil-society share in whole per cent, or None."""
        share = self.civil_society_share
        return None if share is None else round(share * 100)

    @property
    def attendance_percent(self):
        """The attendance in whole per cent, or None."""
        return None if self.attendance is None else round(self.attendance * 100)

    @property
    def meets_goal(self):
        """Whether the civil-society share reaches the two-thirds goal."""
        share = self.civil_society_share
        return share is not None and share >= CIVIL_SOCIETY_GOAL


def recommendation_figures(*, addressee=None):
    """Each addressee's recommendation figures, by state body id, or only `addressee`'s (one
    query)."""
    received = Recommendation.objects.all()
    if addressee is not None:
        received = received.filter(addressee=addressee)
    counts = (
        # Proposed ones are still the platform's: they reach the addressee when sent.
        received.exclude(status=Status.PROPOSED)
        .order_by()
        .values("addressee_id")
        .annotate(
            received=Count("pk"),
            implemented=Count("pk", filter=Q(status=Status.IMPLEMENTED)),
            overdue=Count(
                "pk",
                filter=Q(status__in=OPEN_STATES, due_date__lt=timezone.localdate()),
            ),
        )
    )
    return {row.pop("addressee_id"): RecommendationFigures(**row) for row in counts}


def platform_figures():
    """Every platform's civil-society share and attendance, in list order (two queries)."""
    # Attendance counts registrations whose presence was recorded (past meetings).
    attendance = {
        row["meeting__platform_id"]: row
        for row in MeetingRegistration.objects.filter(attended__isnull=False)
        .order_by()
        .values("meeting__platform_id")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
    }
    return [
        PlatformFigures(
            platform=platform,
            members=platform.composition.total,
            civil_society=platform.composition.civil,
            registered=attendance.get(platform.pk, {}).get("registered", 0),
            attended=attendance.get(platform.pk, {}).get("attended", 0),
        )
        for platform in Platform.objects.with_composition()
    ]


def total(figures):
    """The sum of several addressees' recommendation figures."""
    return sum(figures, RecommendationFigures())


def total_platforms(figures):
    """Several platforms' seats and attendance together (a region's, say)."""
    figures = list(figures)
    return PlatformFigures(
        platform=None,
        members=sum(row.members for row in figures),
        civil_society=sum(row.civil_society for row in figures),
        registered=sum(row.registered for row in figures),
        attended=sum(row.attended for row in figures),
        platforms=len(figures),
    )
