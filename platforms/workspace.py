"""The recommendations part of a state body's workspace, which qogam/views.py composes with the
petitions' part: recommendations addressed to the body that wait for its answer."""

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
