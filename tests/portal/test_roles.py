"""Permissions as a matrix: every role of the cast × every permission the foundation declares."""

import pytest
from django.contrib.auth.models import Group

from portal.rules import ROLE_GROUPS
from tests.conftest import CAST

pytestmark = pytest.mark.django_db

# permission -> the roles that hold it (on `organization` for object permissions)
MATRIX = {
    "portal.view_profile": {
        "citizen", "ngo_member", "ngo_representative", "platform_moderator",
        "petition_moderator", "admin",
    },
    "portal.declare_iin": {
        "citizen", "ngo_member", "ngo_representative", "platform_moderator",
        "petition_moderator", "admin",
    },
    "platforms.edit_organization": {"ngo_representative", "admin"},
    "platforms.approve_organization_member": {"ngo_representative", "admin"},
    "platforms.verify_organization": {"platform_moderator", "petition_moderator", "admin"},
    "platforms.join_organization": {
        "citizen", "platform_moderator", "petition_moderator", "admin",
    },
}  # fmt: skip


def test_the_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GROUPS)


@pytest.mark.parametrize("permission", sorted(MATRIX))
@pytest.mark.parametrize("role", CAST)
def test_permission_matrix(request, organization, role, permission):
    user = request.getfixturevalue(role)

    allowed = user.has_perm(permission, organization)

    assert allowed == (role in MATRIX[permission]), f"{role} × {permission}"


def test_a_representative_of_another_ngo_may_not_change_this_one(
    ngo_representative, organization, other_organization
):
    assert ngo_representative.has_perm("platforms.edit_organization", organization)
    assert not ngo_representative.has_perm("platforms.edit_organization", other_organization)


def test_a_pending_or_removed_member_holds_no_member_rights(organization):
    from platforms.models import OrganizationMember
    from tests.factories import OrganizationMemberFactory

    pending = OrganizationMemberFactory(
        organization=organization,
        role=OrganizationMember.Role.REPRESENTATIVE,
        status=OrganizationMember.Status.PENDING,
    ).user
    removed = OrganizationMemberFactory(
        organization=organization,
        role=OrganizationMember.Role.REPRESENTATIVE,
        status=OrganizationMember.Status.REMOVED,
    ).user

    for user in (pending, removed):
        assert not user.has_perm("platforms.edit_organization", organization)
