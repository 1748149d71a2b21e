"""Meetings' pages: a meeting, registering for it, and its minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platforms import services
from platforms.forms import MinutesForm
from platforms.models import Meeting, MeetingRegistration
from platforms.services import PlatformError
from platforms.views.common import fail, require
from portal.pagecache import cached_for_visitors


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
        "agenda": meeting.agenda_items.select_related("proposal"),
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
        fail(request, error)
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
        fail(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_minutes(request, pk):
    """A moderator publishes a past meeting's minutes and who attended."""
    meeting = _meeting(pk)
    require(request, "platforms.moderate_platform", meeting)
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
