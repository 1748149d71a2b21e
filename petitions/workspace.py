"""The petitions part of a state body's workspace, which qogam/views.py composes with the
platforms' part: the petitions addressed to the body, their clocks and the forms of its steps."""

from django.db.models import Prefetch
from django.utils import timezone

from petitions import services
from petitions.forms import AnswerForm, DiscussionForm, MediaStatementForm, SignedAnswerForm
from petitions.models import Petition, PetitionEvent
from portal.workdays import working_days_left

ANSWERED_SHOWN = 20

# Each step: the permission, its form, and the service that takes it.
STEPS = {
    "answer": ("petitions.answer_petition", AnswerForm, services.answer_petition),
    "discussion": ("petitions.schedule_discussion", DiscussionForm, services.schedule_discussion),
    "media": ("petitions.post_media_statement", MediaStatementForm,
              services.post_media_statement),
    "signed-answer": ("petitions.attach_signed_answer", SignedAnswerForm,
                      services.attach_signed_answer),
}  # fmt: skip

Action = PetitionEvent.Action
BODY_ACTIONS = (Action.ANSWERED, Action.DISCUSSION_SCHEDULED, Action.MEDIA_STATEMENT_POSTED,
                Action.SIGNED_ANSWER_ATTACHED)  # fmt: skip


def body_steps():
    """The addressee's steps of each petition, with who took them (for a Prefetch)."""
    return Prefetch(
        "events",
        queryset=PetitionEvent.objects.filter(action__in=BODY_ACTIONS).select_related("actor"),
        to_attr="body_steps",
    )


def section(body, user):
    """The template and context of the body's petitions: those it considers, then the latest
    answered; four queries whatever their number (two lists, each with its steps)."""
    today = timezone.localdate()
    petitions = Petition.objects.filter(addressee=body).select_related("addressee")
    waiting = list(
        petitions.filter(status=Petition.Status.UNDER_CONSIDERATION)
        .order_by("consideration_deadline", "pk")
        .prefetch_related(body_steps())
    )
    answered = list(
        petitions.filter(status=Petition.Status.ANSWERED)
        .order_by("-answered_at", "-pk")
        .prefetch_related(body_steps())[:ANSWERED_SHOWN]
    )
    for petition in [*waiting, *answered]:
        if (
            petition.consideration_deadline
            and petition.status == Petition.Status.UNDER_CONSIDERATION
        ):
            left = working_days_left(petition.consideration_deadline, today)
            petition.clock_days_left, petition.clock_days_overdue = max(0, left), max(0, -left)
        petition.steps = [
            (name, form_class(prefix=f"p{petition.pk}-{name}"))
            for name, (permission, form_class, _service) in STEPS.items()
            if user.has_perm(permission, petition)
        ]
    return {
        "template": "petitions/workspace_section.html",
        "waiting": waiting,
        "answered": answered,
    }
