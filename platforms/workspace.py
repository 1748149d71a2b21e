"""The recommendations part of a state body's workspace, which qogam/views.py composes with the
petitions' part: recommendations addressed to the body that wait for its answer."""

from django.db.models import F

from platforms.forms import RecommendationStatusForm
from platforms.models import Recommendation

AWAITING = ("sent", "accepted", "partially_accepted", "in_progress")


def section(body, user):
    """The template and context of the recommendations the body has to answer (two queries:
    the recommendations with their platforms, and their latest steps)."""
    recommendations = list(
        Recommendation.objects.filter(addressee=body, status__in=AWAITING)
        .select_related("platform", "addressee")
        .prefetch_related("changes__actor")
        .order_by("due_date", "pk")
    )
    for recommendation in recommendations:
        changes = recommendation.changes.all()
        recommendation.last_change = changes[len(changes) - 1] if changes else None
        recommendation.answer_form = None
        if user.has_perm("platforms.answer_recommendation", recommendation):
            recommendation.answer_form = RecommendationStatusForm(
                recommendation=recommendation, prefix=f"r{recommendation.pk}"
            )
    return {"template": "platforms/workspace_section.html", "recommendations": recommendations}


def waiting(today):
    """The recommendations that wait for each body's answer, for its daily digest (one query):
    by body id, oldest due first, each marked overdue when past its due date."""
    rows = (
        Recommendation.objects.filter(
            status__in=AWAITING,
            addressee__officials__isnull=False,
            addressee__officials__removed_at__isnull=True,
        )  # fmt: skip
        .select_related("platform")
        .distinct()
        .order_by("addressee_id", F("due_date").asc(nulls_last=True), "pk")
    )
    by_body = {}
    for recommendation in rows:
        recommendation.overdue = (
            recommendation.due_date is not None and recommendation.due_date < today
        )
        by_body.setdefault(recommendation.addressee_id, []).append(recommendation)
    return by_body
