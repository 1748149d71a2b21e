from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from platforms import services
from platforms.filters import (
    OrganizationFilter,
    PlatformFilter,
    RecommendationFilter,
    invalid_labels,
)
from platforms.forms import (
    AgendaChoiceForm,
    ApplicationForm,
    AppointOfficialForm,
    MeetingForm,
    MinutesForm,
    OrganizationForm,
    ProposalForm,
    ReasonForm,
    RecommendationForm,
    RecommendationStatusForm,
)
from platforms.models import (
    GOAL,
    Composition,
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
)
from platforms.services import PlatformError
from portal.charts import share_chart, stacked_bar_chart
from portal.pagecache import cached_for_visitors
from portal.views import confirm_page

PAGE_SIZE = 30
# The tracker counts as accepted every recommendation the addressee accepted in full or in
# part, including those it has since moved on to carrying out.
ACCEPTED = [
    Recommendation.Status.ACCEPTED,
    Recommendation.Status.PARTIALLY_ACCEPTED,
    Recommendation.Status.IN_PROGRESS,
    Recommendation.Status.IMPLEMENTED,
]


def _fail(request, error):
    messages.error(request, error.message)


def _require(request, permission, obj):
    """404 unless this person has the permission: what they may not do, they do not see."""
    if not request.user.has_perm(permission, obj):
        raise Http404


# NGOs


@cached_for_visitors("platforms")
def organization_list(request):
    """The public NGO directory: search by name or BIN, filters, pages."""
    # The API's directory reads the same FilterSet.
    filterset = OrganizationFilter(
        request.GET, queryset=Organization.objects.for_directory().order_by("name_kk", "pk")
    )
    # Three queries: the paginator's count, the page (region joined, members counted),
    # and the regions of the filter.
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": filterset.form, "page": page, "invalid": invalid_labels(filterset)}
    return render(request, "platforms/organization_list.html", context)


@cached_for_visitors("platforms")
def organization_detail(request, pk):
    """An NGO's public profile: who it is, its platforms, and the join and verify buttons."""
    organization = get_object_or_404(Organization.objects.for_directory(), pk=pk)
    user = request.user
    seats = (
        PlatformMembership.objects.filter(
            organization=organization, status=PlatformMembership.Status.APPROVED
        )
        .select_related("platform")
        .order_by("platform__name_kk", "pk")
    )
    # One organisation may hold several seats on a platform; its profile lists the platform once.
    seated_on = list({seat.platform_id: seat.platform for seat in seats}.values())
    own_membership = None
    if user.is_authenticated:
        own_membership = OrganizationMember.objects.filter(
            organization=organization, user=user
        ).first()
    context = {
        "organization": organization,
        "platforms": seated_on,
        "own_membership": own_membership,
        "can_join": user.has_perm("platforms.join_organization", organization),
        "can_edit": user.has_perm("platforms.edit_organization", organization),
        "can_verify": not organization.verified
        and user.has_perm("platforms.verify_organization", organization),
    }
    return render(request, "platforms/organization_detail.html", context)


@login_required
def organization_create(request):
    """Register an NGO; its registrant becomes its representative."""
    if not request.user.has_perm("platforms.register_organization"):
        return render(request, "platforms/organization_form.html", {"form": None}, status=403)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.register_organization(user=request.user, **form.cleaned_data)
        except PlatformError as error:
            # The one conflict is a BIN that is already registered.
            form.add_error("bin" if error.code == "conflict" else None, error.message)
        else:
            messages.success(
                request,
                _("The organisation is registered. Ministry staff will check its BIN."),
            )
            return redirect("organization_workspace", organization.pk)
    return render(request, "platforms/organization_form.html", {"form": form})


@login_required
@require_POST
def organization_join(request, pk):
    """Ask to join an NGO."""
    organization = get_object_or_404(Organization, pk=pk)
    try:
        services.join_organization(organization=organization, user=request.user)
    except PlatformError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Your request is sent to the organisation's representatives."))
    return redirect(organization)


@login_required
@require_POST
def organization_verify(request, pk):
    """Ministry staff mark an NGO verified once its BIN was checked."""
    organization = get_object_or_404(Organization, pk=pk)
    _require(request, "platforms.verify_organization", organization)
    try:
        services.verify_organization(organization=organization, staff=request.user)
    except PlatformError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The organisation is marked as verified."))
    return redirect(organization)


@login_required
def organization_workspace(request, pk):
    """The representatives' page: the profile, members and requests, platform seats."""
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
    _require(request, "platforms.edit_organization", organization)
    initial = {name: getattr(organization, name) for name in services.ORGANIZATION_FIELDS}
    form = OrganizationForm(request.POST or None, initial=initial, with_bin=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(
                organization=organization, editor=request.user, **form.cleaned_data
            )
        except PlatformError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("organization_workspace", organization.pk)
    memberships = (
        OrganizationMember.objects.filter(organization=organization)
        .exclude(status=OrganizationMember.Status.REMOVED)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    seats = (
        PlatformMembership.objects.filter(organization=organization)
        .select_related("platform", "user")
        .order_by("-applied_at", "-pk")
    )
    context = {
        "organization": organization,
        "form": form,
        "pending": [m for m in memberships if m.status == OrganizationMember.Status.PENDING],
        "members": [m for m in memberships if m.status == OrganizationMember.Status.APPROVED],
        "seats": seats,
    }
    return render(request, "platforms/organization_workspace.html", context)


MEMBER_ACTIONS = {
    "approve": gettext_lazy("The member is approved."),
    "refuse": gettext_lazy("The request is refused."),
    "remove": gettext_lazy("The member is removed."),
}


# The representative's irreversible steps, asked about first: question, consequence, button.
CONFIRMED_MEMBER_ACTIONS = {
    "refuse": (gettext_lazy("Refuse this request?"),
               gettext_lazy("The person is told the request is refused; it cannot be approved "
                            "afterwards."),
               gettext_lazy("Refuse")),
    "remove": (gettext_lazy("Remove this member?"),
               gettext_lazy("The person is no longer a member of the organisation and loses "
                            "what its members may do."),
               gettext_lazy("Remove")),
}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def organization_member_action(request, pk, member_pk, action):
    """A representative approves or refuses a request, or removes a member (refusing and
    removing asked about first, on a page of their own)."""
    organization = get_object_or_404(Organization, pk=pk)
    _require(request, "platforms.approve_organization_member", organization)
    membership = get_object_or_404(
        OrganizationMember.objects.select_related("user"), pk=member_pk, organization=organization
    )
    if action not in MEMBER_ACTIONS:
        raise Http404
    if request.method == "GET":
        if action not in CONFIRMED_MEMBER_ACTIONS:
            return HttpResponseNotAllowed(["POST"])
        question, consequence, button = CONFIRMED_MEMBER_ACTIONS[action]
        return confirm_page(
            request, question=question, consequence=consequence, button=button,
            subject=f"{membership.user.full_name} — {organization.name}",
            back=reverse("organization_workspace", args=[organization.pk]),
        )  # fmt: skip
    try:
        if action == "remove":
            services.remove_organization_member(membership=membership, representative=request.user)
        else:
            services.decide_organization_member(
                membership=membership, representative=request.user, approve=action == "approve"
            )
    except PlatformError as error:
        _fail(request, error)
    else:
        messages.success(request, str(MEMBER_ACTIONS[action]))
    return redirect("organization_workspace", organization.pk)


# Platforms


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


def _platform(slug):
    return get_object_or_404(Platform.objects.select_related("host"), slug=slug)


@cached_for_visitors("platforms")
def platform_detail(request, slug):
    """A platform's page: composition, members, meetings, recommendations and the forms."""
    return _platform_page(request, _platform(slug))


@login_required
@require_POST
def platform_apply(request, slug):
    """Apply for a seat on a platform."""
    platform = _platform(slug)
    if not request.user.has_perm("platforms.apply_to_platform", platform):
        messages.error(request, _("This platform does not take your application."))
        return redirect(platform)
    form = ApplicationForm(request.POST, organizations=_own_organizations(request.user))
    if form.is_valid():
        try:
            services.apply_to_platform(platform=platform, user=request.user, **form.cleaned_data)
        except PlatformError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Your application is sent to the moderators."))
        return redirect(platform)
    return _platform_page(request, platform, apply_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def platform_leave(request, slug):
    """Give up one's seat, or withdraw one's application, asked about first."""
    platform = _platform(slug)
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
        _fail(request, error)
    else:
        messages.success(request, _("You have left the platform."))
    return redirect(platform)


@login_required
@require_POST
def platform_propose(request, slug):
    """A member puts an item on the platform's table."""
    platform = _platform(slug)
    _require(request, "platforms.submit_proposal", platform)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.submit_proposal(platform=platform, user=request.user, **form.cleaned_data)
        except PlatformError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Your proposal is sent to the moderators."))
            return redirect(platform)
    return _platform_page(request, platform, proposal_form=form)


# Platform moderation


def _upcoming_meetings(platform):
    return platform.meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at")


@login_required
def platform_workspace(request, slug):
    """The moderators' page: applications, proposals and the meetings to prepare."""
    platform = _platform(slug)
    _require(request, "platforms.moderate_platform", platform)
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
                _fail(request, error)
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
    platform = _platform(slug)
    _require(request, "platforms.moderate_platform", platform)
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
            _fail(request, error)
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
    platform = _platform(slug)
    _require(request, "platforms.moderate_platform", platform)
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
        _fail(request, error)
    else:
        messages.success(request, _("The application is approved."))
    return redirect("platform_workspace", platform.slug)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide(request, slug, pk, action):
    """A moderator puts a proposal on an upcoming meeting's agenda, or declines it (asked
    about first, on a page of its own)."""
    platform = _platform(slug)
    _require(request, "platforms.decide_proposal", platform)
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
        _fail(request, error)
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
    platform = _platform(slug)
    _require(request, "platforms.moderate_platform", platform)
    form = MeetingForm(request.POST or None)
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
    platform = _platform(slug)
    _require(request, "platforms.record_recommendation", platform)
    meetings = platform.meetings.order_by("-starts_at")
    form = RecommendationForm(
        request.POST or None, meetings=meetings, initial={"addressee": platform.host_id}
    )
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


# Meetings


def _registered_people(meeting):
    """The registered people as (id, name) choices, and the ids of those who attended."""
    registrations = (
        MeetingRegistration.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    choices = [(r.user_id, r.user.full_name or f"#{r.user_id}") for r in registrations]
    return choices, [r.user_id for r in registrations if r.attended]


def _meeting_page(request, meeting, *, minutes_form=None):
    """Render a meeting's page, with the minutes form bound when it was refused."""
    user = request.user
    registrations = MeetingRegistration.objects.filter(meeting=meeting)
    counts = registrations.aggregate(
        registered=Count("pk"), attended=Count("pk", filter=Q(attended=True))
    )
    own_registration = None
    if user.is_authenticated:
        own_registration = registrations.filter(user=user).first()
    can_publish = user.has_perm("platforms.publish_minutes", meeting)
    if can_publish and minutes_form is None:
        choices, attended = _registered_people(meeting)
        minutes_form = MinutesForm(
            registered=choices, initial={"minutes": meeting.minutes, "attended": attended}
        )
    context = {
        "meeting": meeting,
        "platform": meeting.platform,
        "agenda": meeting.agenda_items.all(),
        "registered": counts["registered"],
        "attended": counts["attended"],
        "seats_left": None
        if meeting.capacity is None
        else max(meeting.capacity - counts["registered"], 0),
        "own_registration": own_registration,
        "can_register": user.has_perm("platforms.register_for_meeting", meeting),
        "can_see_link": user.has_perm("platforms.see_online_link", meeting),
        "can_moderate": user.has_perm("platforms.moderate_platform", meeting),
        "minutes_form": minutes_form if can_publish else None,
    }
    return render(request, "platforms/meeting_detail.html", context)


def _meeting(pk):
    return get_object_or_404(Meeting.objects.select_related("platform", "platform__host"), pk=pk)


@cached_for_visitors("platforms")
def meeting_detail(request, pk):
    """A meeting's page: when and where, its agenda, registration, then minutes."""
    return _meeting_page(request, _meeting(pk))


@login_required
@require_POST
def meeting_register(request, pk):
    """A member takes a seat at an upcoming meeting."""
    meeting = _meeting(pk)
    try:
        services.register_for_meeting(meeting=meeting, user=request.user)
    except PlatformError as error:
        _fail(request, error)
    else:
        messages.success(request, _("You are registered for the meeting."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_cancel(request, pk):
    """A member gives up their seat at an upcoming meeting."""
    meeting = _meeting(pk)
    try:
        services.cancel_registration(meeting=meeting, user=request.user)
    except PlatformError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_minutes(request, pk):
    """A moderator publishes a past meeting's minutes and who attended."""
    meeting = _meeting(pk)
    _require(request, "platforms.moderate_platform", meeting)
    if not request.user.has_perm("platforms.publish_minutes", meeting):
        messages.error(request, _("Minutes are published after the meeting, by its moderators."))
        return redirect(meeting)
    choices, _attended = _registered_people(meeting)
    form = MinutesForm(request.POST, registered=choices)
    if form.is_valid():
        try:
            services.publish_minutes(
                meeting=meeting, moderator=request.user, minutes=form.cleaned_data["minutes"],
                attended_user_ids=form.cleaned_data["attended"],
            )  # fmt: skip
        except PlatformError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The minutes are published."))
            return redirect(meeting)
    return _meeting_page(request, meeting, minutes_form=form)


# Recommendations


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
