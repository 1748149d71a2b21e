"""A petition's life as its page draws it (design §4.1): the steps of the main track, where
this petition stands on it, the dates it reached each step, and the legal deadlines that apply
to it, each with the law's unit (working days or calendar months)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from petitions import law
from petitions.models import Petition

Status = Petition.Status

# The main track, in order; the side exits and the step of the track each leaves from.
TRACK = (
    Status.DRAFT, Status.IN_MODERATION, Status.GATHERING_SUPPORT, Status.OPEN,
    Status.UNDER_CONSIDERATION, Status.ANSWERED,
)  # fmt: skip
EXITS = {
    Status.REJECTED: Status.IN_MODERATION,
    Status.LAPSED: Status.GATHERING_SUPPORT,
    Status.WITHDRAWN: Status.OPEN,
    Status.CLOSED: Status.OPEN,
}
# The field holding the moment a petition reached each step.
REACHED = {
    Status.DRAFT: "created_at",
    Status.IN_MODERATION: "submitted_at",
    Status.GATHERING_SUPPORT: "published_at",
    Status.OPEN: "opened_at",
    Status.UNDER_CONSIDERATION: "threshold_reached_at",
    Status.ANSWERED: "answered_at",
}
# The field holding the last day of each step's legal clock.
DEADLINE = {
    Status.IN_MODERATION: "moderation_deadline",
    Status.GATHERING_SUPPORT: "support_deadline",
    Status.OPEN: "deadline",
    Status.UNDER_CONSIDERATION: "consideration_deadline",
}


@dataclass
class Step:
    """One step on the page's indicator: done, current, ahead, or the exit that ended it."""

    status: str
    label: str
    state: str
    reached: date | None = None
    deadline: date | None = None

    @property
    def current(self):
        return self.state in ("current", "ended")


@dataclass
class Clocks:
    """The numbers of the law that apply to this petition, for the sentences under the steps."""

    moderation_days: int
    support_days: int
    initial_support: int
    collection_months: int
    consideration_days: int
    threshold: int | None
    # For a draft: the day the moderators would have to decide by if it were submitted today.
    moderation_deadline_if_sent_today: date | None


def _day(value):
    """The local day of a moment; a day or None as it is."""
    return timezone.localdate(value) if isinstance(value, datetime) else value


def where(petition):
    """The step of the track the petition stands at (or left from), and its exit if it left."""
    status = Status(petition.status)
    if status == Status.HIDDEN:
        # Hidden from wherever it was: the track stops at that step.
        before = Status(petition.status_before_hidden or Status.DRAFT)
        return EXITS.get(before, before), Status.HIDDEN
    if status in EXITS:
        return EXITS[status], status
    return status, None


def steps(petition):
    """The track's steps with their state and dates, the exit (if any) after the last one."""
    at, exit_ = where(petition)
    position = TRACK.index(at)
    result = []
    for index, status in enumerate(TRACK):
        if exit_ is not None and index > position:
            break
        if index < position:
            state = "done"
        elif index == position:
            state = "done" if exit_ is not None or status == Status.ANSWERED else "current"
        else:
            state = "ahead"
        reached = _day(getattr(petition, REACHED[status])) if state != "ahead" else None
        deadline = getattr(petition, DEADLINE[status]) if status in DEADLINE else None
        result.append(Step(status, Status(status).label, state,
                           reached, deadline if state != "ahead" else None))  # fmt: skip
    if exit_ is not None:
        result.append(Step(exit_, Status(exit_).label, "ended", _day(petition.ended_at)))
    return result


def clocks(petition, today=None):
    """The law's numbers for this petition: its addressee's consideration days and threshold."""
    today = today or timezone.localdate()
    body = petition.addressee
    central = body.level == "central"
    return Clocks(
        moderation_days=settings.PETITION_MODERATION_WORKING_DAYS,
        support_days=settings.PETITION_SUPPORT_WORKING_DAYS,
        initial_support=settings.PETITION_INITIAL_SUPPORT,
        collection_months=settings.PETITION_COLLECTION_MONTHS,
        consideration_days=settings.PETITION_CONSIDERATION_WORKING_DAYS_CENTRAL
        if central
        else settings.PETITION_CONSIDERATION_WORKING_DAYS_LOCAL,
        # Fixed at publication; until then, what the addressee's level asks today.
        threshold=petition.threshold or body.petition_threshold,
        moderation_deadline_if_sent_today=law.moderation_deadline(today)
        if petition.status == Status.DRAFT
        else None,
    )
