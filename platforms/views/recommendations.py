"""The recommendation tracker, a recommendation's page, and the addressee's answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platforms import services
from platforms.filters import RecommendationFilter, invalid_labels
from platforms.forms import RecommendationStatusForm
from platforms.models import Recommendation
from platforms.services import PlatformError
from platforms.views.common import PAGE_SIZE
from portal.pagecache import cached_for_visitors

# The tracker counts as accepted every recommendation the addressee accepted in full or in
# part, including those it has since moved on to carrying out.
ACCEPTED = [
    Recommendation.Status.ACCEPTED,
    Recommendation.Status.PARTIALLY_ACCEPTED,
    Recommendation.Status.IN_PROGRESS,
    Recommendation.Status.IMPLEMENTED,
]


@cached_for_visitors("platforms")
def recommendation_list(request):
    """The public recommendation tracker: every recommendation, its figures and history."""
    # The API's tracker reads the same FilterSet.
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.for_tracker().prefetch_related("changes")
    )
    recommendations = filterset.qs
    # One aggregate query for the four figures of the filtered tracker.
    figures = recommendations.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status__in=ACCEPTED)),
        implemented=Count("pk", filter=Q(status=Recommendation.Status.IMPLEMENTED)),
        overdue=Count("pk", filter=Recommendation.overdue_q()),
    )
    # Six queries: the figures, the paginator's count, the page (platform, meeting and
    # addressee joined), the pages' histories, and the choices of two filters.
    page = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": filterset.form, "page": page, "figures": figures,
        "invalid": invalid_labels(filterset),
    }  # fmt: skip
    return render(request, "platforms/recommendation_list.html", context)


@cached_for_visitors("platforms")
def recommendation_detail(request, pk):
    """A recommendation with its history; its platform's moderators move it on."""
    recommendation = get_object_or_404(Recommendation.objects.for_tracker(), pk=pk)
    can_change = request.user.has_perm("platforms.record_recommendation", recommendation)
    if request.method == "POST" and not can_change:
        raise Http404
    form = None
    if can_change and Recommendation.NEXT[recommendation.status]:
        form = RecommendationStatusForm(request.POST or None, recommendation=recommendation)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This recommendation's status is final."))
            return redirect("recommendation_detail", recommendation.pk)
        if form.is_valid():
            try:
                services.change_recommendation_status(
                    recommendation=recommendation, moderator=request.user, **form.cleaned_data
                )
            except PlatformError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The recommendation's status is changed."))
                return redirect("recommendation_detail", recommendation.pk)
    context = {
        "recommendation": recommendation,
        "changes": recommendation.changes.all(),
        "form": form,
        "can_change": can_change,
    }
    return render(request, "platforms/recommendation_detail.html", context)


@login_required
@require_POST
def recommendation_answer(request, pk):
    """The addressee's answer to a recommendation, posted from the state body's workspace."""
    recommendation = get_object_or_404(Recommendation.objects.for_tracker(), pk=pk)
    back = redirect(f"{reverse('state_body_workspace', args=[recommendation.addressee.slug])}"
                    f"#recommendation-{recommendation.pk}")  # fmt: skip
    form = RecommendationStatusForm(
        request.POST, recommendation=recommendation, prefix=f"r{recommendation.pk}"
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    try:
        services.answer_recommendation(
            recommendation=recommendation, actor=request.user, **form.cleaned_data
        )
    except PlatformError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The recommendation's status is changed."))
    return back
