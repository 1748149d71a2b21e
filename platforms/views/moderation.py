"""The platform moderators' pages: the workspace, seating officials, deciding applications and
proposals, scheduling meetings and recording recommendations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from platforms import services
from platforms.forms import (
    AgendaChoiceForm,
    AppointOfficialForm,
    MeetingForm,
    ReasonForm,
    RecommendationForm,
)
from platforms.models import Platform, PlatformMembership, Proposal
from platforms.rules import moderates_platform_at
from platforms.services import PlatformError
from platforms.views.common import fail, platform_or_404, require
from portal.pagecache import kept_for_audience
from portal.views import confirm_page


def _upcoming_meetings(platform):
    return platform.meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at")


def _platform_moderators(request, slug):
    """Everyone who moderates the platform sees the same workspace; others get the view's 404."""
    return "platform-moderators" if moderates_platform_at(request.user, slug) else None


@login_required
@kept_for_audience("platforms", audience=_platform_moderators)
def platform_workspace(request, slug):
    """The moderators' page: applications, proposals and the meetings to prepare."""
    platform = platform_or_404(slug)
    require(request, "platforms.moderate_platform", platform)
    applications = (
        platform.memberships.filter(status=PlatformMembership.Status.APPLIED)
        .select_related("user", "organization")
        .order_by("applied_at", "pk")
    )
    proposals = (
        platform.proposals.filter(status=Proposal.Status.SUBMITTED)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    upcoming = _upcoming_meetings(platform).annotate(registered=Count("meetingregistration"))
    context = {
        "platform": platform,
        "applications": applications,
        "proposals": proposals,
        "upcoming_meetings": list(upcoming),
        "can_schedule": request.user.has_perm("platforms.schedule_meeting", platform),
        "can_decide": request.user.has_perm("platforms.decide_membership", platform),
    }
    return render(request, "platforms/platform_workspace.html", context)


def _declining(request, platform, decline, *, question, subject, consequence):
    """A refusal asked about first, without JavaScript: the GET is a page asking for the reason;
    its POST calls `decline(reason)`. A missing or refused reason asks again, with the error."""
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decline(form.cleaned_data["reason"])
        except PlatformError as error:
            if error.code != "invalid":
                fail(request, error)
                return redirect("platform_workspace", platform.slug)
            form.add_error("reason", error.message)
        else:
            return redirect("platform_workspace", platform.slug)
    return confirm_page(
        request, question=question, subject=subject, form=form, button=_("Decline"),
        back=reverse("platform_workspace", args=[platform.slug]), consequence=consequence,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def platform_officials(request, slug):
    """The moderators seat state officials; a seat below the two-thirds goal is refused until
    they record why, which the page asks for at once."""
    platform = platform_or_404(slug)
    require(request, "platforms.moderate_platform", platform)
    form = AppointOfficialForm(request.POST or None, platform=platform)
    refusal = None
    if request.method == "POST" and form.is_valid():
        post = form.cleaned_data["official"]
        try:
            services.appoint_state_official(
                platform=platform, moderator=request.user, user=post.user,
                override_reason=form.cleaned_data["override_reason"],
            )  # fmt: skip
        except services.BelowTwoThirds as error:
            # The same choice, now with the reason's field in front of the moderator.
            refusal = error.message
        except PlatformError as error:
            fail(request, error)
            return redirect("platform_officials", platform.slug)
        else:
            messages.success(
                request, _("%(name)s is seated on the platform.") % {"name": post.user.full_name}
            )
            return redirect("platform_officials", platform.slug)
    seated = list(
        platform.memberships.filter(
            status=PlatformMembership.Status.APPROVED, role=PlatformMembership.Role.STATE_OFFICIAL
        )
        .select_related("user")
        .order_by("seated_at", "pk")
    )
    context = {
        "platform": Platform.objects.with_composition().get(pk=platform.pk),
        "form": form,
        "refusal": refusal,
        "seated": seated,
        "can_decide": request.user.has_perm("platforms.decide_membership", platform),
    }
    return render(request, "platforms/platform_officials.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_decide(request, slug, pk, action):
    """A moderator approves an application, or declines it with a reason, asked about first
    on a page of its own."""
    platform = platform_or_404(slug)
    require(request, "platforms.moderate_platform", platform)
    membership = get_object_or_404(
        PlatformMembership.objects.select_related("user"), pk=pk, platform=platform
    )
    if action == "decline":

        def decline(reason):
            services.decide_platform_membership(
                membership=membership, moderator=request.user, approve=False, reason=reason
            )
            messages.success(request, _("The application is declined."))

        return _declining(
            request, platform, decline, question=_("Decline this application?"),
            subject=f"{membership.user.full_name} — {platform.name}",
            consequence=_("The applicant is told the reason by email. To take part they will "
                          "have to apply anew."),
        )  # fmt: skip
    if action != "approve":
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect("platform_workspace", platform.slug)
    try:
        services.decide_platform_membership(
            membership=membership, moderator=request.user, approve=True,
            reason=form.cleaned_data["reason"],
        )  # fmt: skip
    except PlatformError as error:
        fail(request, error)
    else:
        messages.success(request, _("The application is approved."))
    return redirect("platform_workspace", platform.slug)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide(request, slug, pk, action):
    """A moderator puts a proposal on an upcoming meeting's agenda, or declines it (asked
    about first, on a page of its own)."""
    platform = platform_or_404(slug)
    require(request, "platforms.decide_proposal", platform)
    proposal = get_object_or_404(Proposal.objects.select_related("platform"), pk=pk,
                                 platform=platform)  # fmt: skip
    if action == "decline":

        def decline(reason):
            services.decline_proposal(proposal=proposal, moderator=request.user, reason=reason)
            messages.success(request, _("The proposal is declined."))

        return _declining(
            request, platform, decline, question=_("Decline this proposal?"),
            subject=proposal.title,
            consequence=_("The proposal does not go on any agenda, and its author is told the "
                          "reason by email."),
        )  # fmt: skip
    if action != "agenda":
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AgendaChoiceForm(request.POST, meetings=_upcoming_meetings(platform))
    if not form.is_valid():
        messages.error(request, _("Choose an upcoming meeting of this platform."))
        return redirect("platform_workspace", platform.slug)
    try:
        services.put_proposal_on_agenda(
            proposal=proposal, moderator=request.user, meeting=form.cleaned_data["meeting"]
        )
    except PlatformError as error:
        fail(request, error)
    else:
        messages.success(request, _("The proposal is on the meeting's agenda."))
    return redirect("platform_workspace", platform.slug)


# The service's refusals that belong to one field of the meeting form.
MEETING_ERROR_FIELDS = {
    "A meeting cannot be scheduled in the past.": "starts_at",
    "Give the place of an in-person meeting.": "place",
    "Give the link of an online meeting.": "online_link",
}


@login_required
def meeting_create(request, slug):
    """Schedule a meeting with its agenda."""
    platform = platform_or_404(slug)
    require(request, "platforms.moderate_platform", platform)
    form = MeetingForm(request.POST or None, initial={"language": request.user.preferred_language})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(
                platform=platform, moderator=request.user, **form.cleaned_data
            )
        except PlatformError as error:
            fields = {_(message): field for message, field in MEETING_ERROR_FIELDS.items()}
            form.add_error(fields.get(str(error.message)), error.message)
        else:
            messages.success(request, _("The meeting is scheduled; the members are told."))
            return redirect(meeting)
    return render(request, "platforms/meeting_form.html", {"platform": platform, "form": form})


@login_required
def recommendation_create(request, slug):
    """Record a recommendation of a meeting, or a council's resolution."""
    platform = platform_or_404(slug)
    require(request, "platforms.record_recommendation", platform)
    meetings = platform.meetings.order_by("-starts_at")
    form = RecommendationForm(
        request.POST or None, meetings=meetings,
        initial={"addressee": platform.host_id, "language": request.user.preferred_language},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.record_recommendation(
                platform=platform, moderator=request.user, **form.cleaned_data
            )
        except PlatformError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The recommendation is recorded."))
            return redirect("recommendation_detail", recommendation.pk)
    return render(
        request, "platforms/recommendation_form.html", {"platform": platform, "form": form}
    )
