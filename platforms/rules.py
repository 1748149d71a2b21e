"""Who may do what with NGOs, platforms, meetings, proposals and recommendations."""

import rules

from portal.prepared import PreparedQuery
from portal.rules import (
    add_seat,
    add_step,
    is_admin,
    is_citizen,
    is_ministry_staff,
    is_official_of,
    prime,
    remember,
)


def _membership_roles(user, organization):
    """The roles of the user's approved memberships in the organisation (cached per request)."""
    if not user.is_authenticated or organization is None:
        return set()
    return remember(
        user,
        ("ngo_roles", organization.pk),
        lambda: set(
            organization.memberships.filter(user=user, status="approved").values_list(
                "role", flat=True
            )
        ),
    )


@rules.predicate
def is_ngo_member(user, organization):
    """An approved member (of any role) of this organisation."""
    return bool(_membership_roles(user, organization))


@rules.predicate
def is_ngo_representative(user, organization):
    """An approved representative of this organisation."""
    return "representative" in _membership_roles(user, organization)


def _platform_of(obj):
    """The platform an object belongs to (a platform, meeting, proposal or recommendation)."""
    from platforms.models import Platform

    if obj is None or isinstance(obj, Platform):
        return obj
    return obj.platform


@rules.predicate
def is_platform_moderator(user, obj):
    """Ministry staff assigned to moderate this platform."""
    platform = _platform_of(obj)
    if not user.is_authenticated or platform is None:
        return False
    return remember(
        user,
        ("moderates", platform.pk),
        lambda: platform.moderators.filter(pk=user.pk).exists(),
    )


def _moderated_query(someone):
    from platforms.models import Platform

    moderators = Platform.moderators.through.objects.filter(user_id=someone)
    return moderators.values_list("platform__slug")


# Asked on every request for a workspace: built once per process (portal/prepared.py).
_MODERATED = []


def moderates_platform_at(user, slug):
    """`moderates` for the platform at this address, known without loading it: one query at
    most (the addresses of the platforms the person moderates), none for an admin."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if not _MODERATED:
        from platforms.models import Platform

        _MODERATED.append(PreparedQuery(Platform, _moderated_query))
    slugs = remember(user, "moderated", lambda: {row[0] for row in _MODERATED[0].rows(user.pk)})
    return slug in slugs


def _moderates_a_platform(user):
    from django.db.models import Exists

    from platforms.models import Platform

    return Exists(Platform.moderators.through.objects.filter(user_id=user))


add_seat("platform_moderator", _moderates_a_platform)


def prime_platform_roles(user, platform_ids):
    """Know the person's seats and moderated platforms among these in two queries, so that
    asking the rules about every row of a list costs nothing more."""
    from platforms.models import Platform, PlatformMembership

    if not user.is_authenticated or not platform_ids:
        return
    seated = set(
        PlatformMembership.objects.filter(
            user=user, status=PlatformMembership.Status.APPROVED, platform_id__in=platform_ids
        ).values_list("platform_id", flat=True)
    )
    moderating = set(
        Platform.moderators.through.objects.filter(
            user_id=user.pk, platform_id__in=platform_ids
        ).values_list("platform_id", flat=True)
    )
    prime(user, {("seat", pk): pk in seated for pk in platform_ids})
    prime(user, {("moderates", pk): pk in moderating for pk in platform_ids})


@rules.predicate
def is_platform_member(user, obj):
    """An approved member of this platform."""
    platform = _platform_of(obj)
    if not user.is_authenticated or platform is None:
        return False
    return remember(
        user,
        ("seat", platform.pk),
        lambda: platform.memberships.filter(user=user, status="approved").exists(),
    )


@rules.predicate
def is_registered(user, meeting):
    """The person holds a seat at this meeting."""
    if not user.is_authenticated or meeting is None:
        return False
    return remember(
        user,
        ("registered", meeting.pk),
        lambda: meeting.meetingregistration_set.filter(user=user).exists(),
    )


@rules.predicate
def is_active_platform(user, obj):
    """The platform is working, not archived."""
    platform = _platform_of(obj)
    return platform is not None and platform.status == "active"


@rules.predicate
def takes_applications(user, platform):
    """The platform takes open applications."""
    return platform is not None and platform.membership_policy == "open"


@rules.predicate
def is_upcoming(user, meeting):
    """The meeting has not begun."""
    return meeting is not None and not meeting.is_past


@rules.predicate
def has_begun(user, meeting):
    """The meeting has begun (minutes and attendance come afterwards)."""
    return meeting is not None and meeting.is_past


moderates = is_platform_moderator | is_admin

# Steps: who may take them, and in which states (portal.rules.add_step).

# NGOs
add_step("platforms.register_organization", is_citizen)
add_step("platforms.edit_organization", is_ngo_representative | is_admin)
add_step("platforms.verify_organization", is_ministry_staff | is_admin)
add_step("platforms.join_organization", is_citizen, ~is_ngo_member)
add_step("platforms.approve_organization_member", is_ngo_representative | is_admin)

# Platforms
# A platform by invitation takes no application at all; an archived one, or one where the
# person already sits, takes none now.
add_step(
    "platforms.apply_to_platform",
    is_citizen & takes_applications,
    is_active_platform & ~is_platform_member,
)
add_step("platforms.leave_platform", is_platform_member)
add_step("platforms.moderate_platform", moderates)
add_step("platforms.create_platform", is_ministry_staff | is_admin)
add_step("platforms.assign_moderator", is_admin)
add_step("platforms.decide_membership", moderates, is_active_platform)
add_step("platforms.submit_proposal", is_platform_member, is_active_platform)
add_step("platforms.decide_proposal", moderates)

# Meetings (the object is a meeting)
add_step("platforms.schedule_meeting", moderates, is_active_platform)
add_step("platforms.register_for_meeting", is_platform_member, is_active_platform & is_upcoming)
add_step("platforms.cancel_registration", rules.is_authenticated, is_registered & is_upcoming)
rules.add_perm("platforms.see_online_link", is_platform_member | moderates)
add_step("platforms.publish_minutes", moderates, has_begun)

# Recommendations (the object is a platform or a recommendation)
add_step("platforms.record_recommendation", moderates)


@rules.predicate
def is_addressee_official(user, recommendation):
    """An official currently appointed to the state body the recommendation is addressed to."""
    return recommendation is not None and is_official_of(user, recommendation.addressee)


@rules.predicate
def awaits_answer(user, recommendation):
    """The recommendation was sent and its addressee has a step to take."""
    return recommendation is not None and recommendation.status in (
        "sent", "accepted", "partially_accepted", "in_progress",
    )  # fmt: skip


# The addressee answers from its workspace; the platform's moderators record it for the body.
add_step("platforms.answer_recommendation", is_addressee_official | moderates, awaits_answer)
