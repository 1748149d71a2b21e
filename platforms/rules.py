"""Who may do what with NGOs, platforms, meetings, proposals and recommendations."""

import rules

from portal.rules import is_admin, is_citizen, is_ministry_staff, is_official_of


def _membership_roles(user, organization):
    """The roles of the user's approved memberships in the organisation (cached per request)."""
    if not user.is_authenticated or organization is None:
        return set()
    cache = user.__dict__.setdefault("_ngo_roles", {})
    if organization.pk not in cache:
        cache[organization.pk] = set(
            organization.memberships.filter(user=user, status="approved").values_list(
                "role", flat=True
            )
        )
    return cache[organization.pk]


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
    cache = user.__dict__.setdefault("_moderated_platforms", {})
    if platform.pk not in cache:
        cache[platform.pk] = platform.moderators.filter(pk=user.pk).exists()
    return cache[platform.pk]


@rules.predicate
def is_platform_member(user, obj):
    """An approved member of this platform."""
    platform = _platform_of(obj)
    if not user.is_authenticated or platform is None:
        return False
    cache = user.__dict__.setdefault("_platform_seats", {})
    if platform.pk not in cache:
        cache[platform.pk] = platform.memberships.filter(user=user, status="approved").exists()
    return cache[platform.pk]


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

# NGOs
rules.add_perm("platforms.register_organization", is_citizen)
rules.add_perm("platforms.edit_organization", is_ngo_representative | is_admin)
rules.add_perm("platforms.verify_organization", is_ministry_staff | is_admin)
rules.add_perm("platforms.join_organization", is_citizen & ~is_ngo_member)
rules.add_perm("platforms.approve_organization_member", is_ngo_representative | is_admin)

# Platforms
rules.add_perm(
    "platforms.apply_to_platform",
    is_citizen & is_active_platform & takes_applications & ~is_platform_member,
)
rules.add_perm("platforms.leave_platform", is_platform_member)
rules.add_perm("platforms.moderate_platform", moderates)
rules.add_perm("platforms.decide_membership", moderates & is_active_platform)
rules.add_perm("platforms.submit_proposal", is_platform_member & is_active_platform)
rules.add_perm("platforms.decide_proposal", moderates)

# Meetings (the object is a meeting)
rules.add_perm("platforms.schedule_meeting", moderates & is_active_platform)
rules.add_perm(
    "platforms.register_for_meeting", is_platform_member & is_active_platform & is_upcoming
)
rules.add_perm("platforms.see_online_link", is_platform_member | moderates)
rules.add_perm("platforms.publish_minutes", moderates & has_begun)

# Recommendations (the object is a platform or a recommendation)
rules.add_perm("platforms.record_recommendation", moderates)


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
rules.add_perm(
    "platforms.answer_recommendation", (is_addressee_official | moderates) & awaits_answer
)
