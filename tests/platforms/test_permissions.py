"""Who may do what with NGOs, platforms and meetings (platforms/rules.py): every role × object."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rules.permissions import permissions

from platforms.models import Platform, PlatformMembership
from tests.factories import OrganizationMemberFactory
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "citizen",
    "ngo_member",
    "ngo_representative",
    "other_ngos_representative",
    "platform_moderator",
    "other_platforms_moderator",
    "petition_moderator",
    "admin",
]
SIGNED_IN = frozenset(ROLES) - {"visitor"}
MINISTRY = frozenset({"platform_moderator", "other_platforms_moderator", "petition_moderator"})
# The platform's own moderator (one of `platform.moderators`) and the superuser.
MODERATORS = frozenset({"platform_moderator", "admin"})
# ngo_member holds an approved seat, on the NGO's behalf, on every platform below; nobody else
# of the cast sits on them. The meetings are the active platform's.
SEATED = frozenset({"ngo_member"})
NOBODY = frozenset()

NGO = "the NGO"
ACTIVE = "an active platform"
ARCHIVED = "an archived platform"
INVITATION = "an invitation-only platform"
UPCOMING = "an upcoming meeting"
PAST = "a past meeting"
NO_OBJECT = "no object"
OBJECTS = [NO_OBJECT, NGO, ACTIVE, ARCHIVED, INVITATION, UPCOMING, PAST]
PLATFORMS = (ACTIVE, ARCHIVED, INVITATION)


def on(objects, roles):
    return dict.fromkeys(objects, roles)


# permission -> object -> the roles that hold it; every other role is refused.
# fmt: off
MATRIX = {
    "register_organization":       {NO_OBJECT: SIGNED_IN},
    "edit_organization":           {NGO: {"ngo_representative", "admin"}},
    "verify_organization":         {NGO: MINISTRY | {"admin"}},
    "join_organization":           {NGO: SIGNED_IN - {"ngo_member", "ngo_representative"}},
    "approve_organization_member": {NGO: {"ngo_representative", "admin"}},
    "apply_to_platform":           {ACTIVE: SIGNED_IN - SEATED, ARCHIVED: NOBODY,
                                    INVITATION: NOBODY},
    "leave_platform":              on(PLATFORMS, SEATED),
    "moderate_platform":           on(PLATFORMS, MODERATORS),
    "create_platform":             {NO_OBJECT: MINISTRY | {"admin"}},
    "assign_moderator":            on(PLATFORMS, {"admin"}),
    "decide_membership":           {ACTIVE: MODERATORS, ARCHIVED: NOBODY, INVITATION: MODERATORS},
    "submit_proposal":             {ACTIVE: SEATED, ARCHIVED: NOBODY, INVITATION: SEATED},
    "decide_proposal":             on(PLATFORMS, MODERATORS),
    "schedule_meeting":            {ACTIVE: MODERATORS, ARCHIVED: NOBODY, INVITATION: MODERATORS},
    "record_recommendation":       on(PLATFORMS, MODERATORS),
    "register_for_meeting":        {UPCOMING: SEATED, PAST: NOBODY},
    "see_online_link":             on((UPCOMING, PAST), SEATED | MODERATORS),
    "publish_minutes":             {UPCOMING: NOBODY, PAST: MODERATORS},
    "cancel_registration":         {UPCOMING: SEATED, PAST: NOBODY},
}
# fmt: on
# Permissions whose role × state matrix lives in a file of its own (its cast has officials).
TESTED_ELSEWHERE = {"answer_recommendation": "tests/platforms/test_answer_recommendation.py"}


def seated_platform(cast, organization, **fields):
    """A platform moderated by platform_moderator, with ngo_member seated for the NGO."""
    platform = PlatformFactory(moderators=[cast["platform_moderator"]], **fields)
    PlatformMembershipFactory(
        platform=platform, user=cast["ngo_member"], organization=organization,
        role=PlatformMembership.Role.NGO_REPRESENTATIVE,
    )  # fmt: skip
    return platform


def build(kind, cast, organization):
    """The object the permissions are asked about."""
    if kind == NO_OBJECT:
        return None
    if kind == NGO:
        return organization
    if kind == ARCHIVED:
        return seated_platform(cast, organization, status=Platform.Status.ARCHIVED)
    if kind == INVITATION:
        return seated_platform(cast, organization, membership_policy=Platform.Policy.INVITATION)
    platform = seated_platform(cast, organization)
    if kind == ACTIVE:
        return platform
    starts_at = timezone.now() + (timedelta(days=3) if kind == UPCOMING else -timedelta(hours=2))
    meeting = MeetingFactory(
        platform=platform, starts_at=starts_at, format="hybrid", online_link="https://meet.kz/1"
    )
    # ngo_member holds a seat at each meeting too (only an upcoming one can be given up).
    MeetingRegistrationFactory(meeting=meeting, user=cast["ngo_member"])
    return meeting


def test_the_matrix_covers_every_permission_of_the_platforms_app_with_known_roles():
    declared = {name.removeprefix("platforms.") for name in permissions if
                name.startswith("platforms.")}  # fmt: skip
    assert set(MATRIX) | set(TESTED_ELSEWHERE) == declared
    for by_object in MATRIX.values():
        assert set(by_object) <= set(OBJECTS)
        for roles in by_object.values():
            assert set(roles) <= set(ROLES)


@pytest.mark.parametrize("kind", OBJECTS)
def test_each_role_holds_each_permission_on_this_object_only_as_the_matrix_says(
    request, subtests, organization, kind
):
    cast = {role: request.getfixturevalue(role) for role in ROLES}
    obj = build(kind, cast, organization)
    asked = [permission for permission, by_object in MATRIX.items() if kind in by_object]
    assert asked

    for permission in asked:
        allowed = MATRIX[permission][kind]
        for role in ROLES:
            with subtests.test(permission=permission, role=role):
                holds = cast[role].has_perm(f"platforms.{permission}", obj)

                assert holds is (role in allowed)


def test_an_applicant_waiting_for_a_decision_has_no_member_rights_yet(citizen):
    platform = PlatformFactory()
    PlatformMembershipFactory(platform=platform, user=citizen, status="applied")
    meeting = MeetingFactory(platform=platform)

    assert not citizen.has_perm("platforms.submit_proposal", platform)
    assert not citizen.has_perm("platforms.register_for_meeting", meeting)
    assert not citizen.has_perm("platforms.see_online_link", meeting)


@pytest.mark.parametrize("status", ["pending", "removed"])
def test_a_pending_or_removed_ngo_member_holds_no_rights_in_the_ngo(organization, status):
    person = OrganizationMemberFactory(
        organization=organization, status=status, role="representative"
    ).user

    assert not person.has_perm("platforms.edit_organization", organization)
    assert not person.has_perm("platforms.approve_organization_member", organization)
    assert person.has_perm("platforms.join_organization", organization)


def test_a_deactivated_moderator_holds_no_permission(platform_moderator):
    platform = PlatformFactory(moderators=[platform_moderator])
    platform_moderator.is_active = False
    platform_moderator.save(update_fields=["is_active"])

    assert not platform_moderator.has_perm("platforms.moderate_platform", platform)
    assert not platform_moderator.has_perm("platforms.schedule_meeting", platform)
