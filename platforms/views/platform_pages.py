"""Dialogue platforms and public councils: the list, a platform's page with its composition,
applying, leaving and proposing."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from platforms import services
from platforms.filters import PlatformFilter, invalid_labels
from platforms.forms import ApplicationForm, ProposalForm
from platforms.models import (
    GOAL,
    Composition,
    Organization,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Recommendation,
)
from platforms.services import PlatformError
from platforms.views.common import PAGE_SIZE, fail, platform_or_404, require
from portal.charts import share_chart, stacked_bar_chart
from portal.pagecache import cached_for_visitors
from portal.views import confirm_page


@cached_for_visitors("platforms")
def platform_list(request):
    """Dialogue platforms and public councils, with their members and civil-society share."""
    # The API's list reads the same FilterSet.
    filterset = PlatformFilter(
        request.GET,
        queryset=Platform.objects.with_composition().order_by("kind", "name_kk", "pk"),
    )
    # Two queries: the paginator's count and the page (host joined, seats counted by role).
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": filterset.form, "page": page, "invalid": invalid_labels(filterset)}
    return render(request, "platforms/platform_list.html", context)


# The composition over time: the last days on which it changed, legible on a phone.
HISTORY_POINTS = 10
CHART_WIDTH = 360


def _composition(seats):
    """The approved seats by role, civil-society roles first, and the chart that shows them."""
    counts = Counter(seat.role for seat in seats)
    composition = Composition({role: counts.get(role, 0) for role in PlatformMembership.Role})
    chart = share_chart(
        [(str(label), counts.get(role, 0)) for role, label in PlatformMembership.Role.choices],
        goal_share=float(GOAL),
        goal_label=_("Goal: two thirds"),
        title=_("Seats by role"),
    )
    return {"chart": chart, "seats": composition}


def _composition_over_time(platform):
    """The seats by role after each day the composition changed, civil society's share above
    each bar (one query)."""
    history = platform.composition_over_time(points=HISTORY_POINTS)
    roles = PlatformMembership.Role.choices
    return stacked_bar_chart(
        [
            (date_format(day, "j.m.y"), [seats.by_role[role] for role, _label in roles])
            for day, seats in history
        ],
        parts=[str(label) for _role, label in roles],
        notes=[f"{seats.percent}%" if seats.total else "–" for _day, seats in history],
        title=_("Seats by role over time, with civil society's share above each day"),
        width=CHART_WIDTH,
    )


def _own_organizations(user):
    """The NGOs of which the person is an approved member: those they may apply for."""
    return Organization.objects.filter(
        memberships__user=user, memberships__status=OrganizationMember.Status.APPROVED
    ).order_by("name_kk")


def _platform_page(request, platform, *, apply_form=None, proposal_form=None):
    """Render a platform's page, with the forms bound when a submission was refused."""
    user = request.user
    now = timezone.now()
    own_seat = None
    organizations = Organization.objects.none()
    if user.is_authenticated:
        own_seat = (
            PlatformMembership.objects.filter(
                platform=platform,
                user=user,
                status__in=[PlatformMembership.Status.APPLIED, PlatformMembership.Status.APPROVED],
            )
            .select_related("organization")
            .first()
        )
        organizations = _own_organizations(user)
    can_apply = own_seat is None and user.has_perm("platforms.apply_to_platform", platform)
    can_propose = user.has_perm("platforms.submit_proposal", platform)
    members = list(
        platform.memberships.filter(status=PlatformMembership.Status.APPROVED)
        .select_related("user", "organization")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    # Organisations are public; a person is named only if they allowed it.
    organizations_seated = sorted(
        {m.organization_id: m.organization for m in members if m.organization_id}.values(),
        key=lambda organization: organization.name,
    )
    named = [m for m in members if m.show_name]
    meetings = platform.meetings.annotate(registered=Count("meetingregistration"))
    context = {
        "platform": platform,
        "composition": _composition(members),
        "composition_over_time": _composition_over_time(platform),
        # Seats given below the two-thirds goal, each with the reason the moderator recorded.
        "overrides": platform.events.filter(action=PlatformEvent.Action.TWO_THIRDS_OVERRIDDEN),
        "member_organizations": organizations_seated,
        "named_members": named,
        "unnamed_count": len(members) - len(named),
        "upcoming_meetings": meetings.filter(starts_at__gt=now).order_by("starts_at")[:20],
        "past_meetings": meetings.filter(starts_at__lte=now).order_by("-starts_at")[:20],
        "recommendations": Recommendation.objects.for_tracker()
        .filter(platform=platform)
        .order_by("-created_at", "-pk")[:20],
        "own_seat": own_seat,
        "can_apply": can_apply,
        "can_propose": can_propose,
        "can_moderate": user.has_perm("platforms.moderate_platform", platform),
        "apply_form": apply_form
        or (ApplicationForm(organizations=organizations) if can_apply else None),
        "proposal_form": proposal_form
        or (ProposalForm(initial={"language": user.preferred_language}) if can_propose else None),
    }
    return render(request, "platforms/platform_detail.html", context)


@cached_for_visitors("platforms")
def platform_detail(request, slug):
    """A platform's page: composition, members, meetings, recommendations and the forms."""
    return _platform_page(request, platform_or_404(slug))


@login_required
@require_POST
def platform_apply(request, slug):
    """Apply for a seat on a platform."""
    platform = platform_or_404(slug)
    if not request.user.has_perm("platforms.apply_to_platform", platform):
        messages.error(request, _("This platform does not take your application."))
        return redirect(platform)
    form = ApplicationForm(request.POST, organizations=_own_organizations(request.user))
    if form.is_valid():
        try:
            services.apply_to_platform(platform=platform, user=request.user, **form.cleaned_data)
        except PlatformError as error:
            fail(request, error)
        else:
            messages.success(request, _("Your application is sent to the moderators."))
        return redirect(platform)
    return _platform_page(request, platform, apply_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def platform_leave(request, slug):
    """Give up one's seat, or withdraw one's application, asked about first."""
    platform = platform_or_404(slug)
    seat = PlatformMembership.objects.filter(
        platform=platform,
        user=request.user,
        status__in=[PlatformMembership.Status.APPLIED, PlatformMembership.Status.APPROVED],
    ).first()
    if seat is None:
        messages.error(request, _("You are not a member of this platform."))
        return redirect(platform)
    if request.method == "GET":
        approved = seat.status == PlatformMembership.Status.APPROVED
        return confirm_page(
            request, subject=platform.name, back=platform.get_absolute_url(),
            question=_("Leave the platform?") if approved else _("Withdraw your application?"),
            button=_("Leave the platform") if approved else _("Withdraw my application"),
            consequence=_("To take part again you will have to apply anew, and the moderators "
                          "to approve you."),
        )  # fmt: skip
    try:
        services.leave_platform(membership=seat, user=request.user)
    except PlatformError as error:
        fail(request, error)
    else:
        messages.success(request, _("You have left the platform."))
    return redirect(platform)


@login_required
@require_POST
def platform_propose(request, slug):
    """A member puts an item on the platform's table."""
    platform = platform_or_404(slug)
    require(request, "platforms.submit_proposal", platform)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.submit_proposal(platform=platform, user=request.user, **form.cleaned_data)
        except PlatformError as error:
            fail(request, error)
        else:
            messages.success(request, _("Your proposal is sent to the moderators."))
            return redirect(platform)
    return _platform_page(request, platform, proposal_form=form)
