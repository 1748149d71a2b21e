"""NGOs' pages: the directory, a profile, registering, joining, verifying, and the
representative's workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from platforms import services
from platforms.filters import OrganizationFilter, invalid_labels
from platforms.forms import OrganizationForm
from platforms.models import Organization, OrganizationMember, PlatformMembership
from platforms.services import PlatformError
from platforms.views.common import PAGE_SIZE, fail, require
from portal.pagecache import cached_for_visitors
from portal.views import confirm_page


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
    form = OrganizationForm(
        request.POST or None, initial={"language": request.user.preferred_language}
    )
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
        fail(request, error)
    else:
        messages.success(request, _("Your request is sent to the organisation's representatives."))
    return redirect(organization)


@login_required
@require_POST
def organization_verify(request, pk):
    """Ministry staff mark an NGO verified once its BIN was checked."""
    organization = get_object_or_404(Organization, pk=pk)
    require(request, "platforms.verify_organization", organization)
    try:
        services.verify_organization(organization=organization, staff=request.user)
    except PlatformError as error:
        fail(request, error)
    else:
        messages.success(request, _("The organisation is marked as verified."))
    return redirect(organization)


@login_required
def organization_workspace(request, pk):
    """The representatives' page: the profile, members and requests, platform seats."""
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
    require(request, "platforms.edit_organization", organization)
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
    require(request, "platforms.approve_organization_member", organization)
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
        fail(request, error)
    else:
        messages.success(request, str(MEMBER_ACTIONS[action]))
    return redirect("organization_workspace", organization.pk)
