"""Who may do what with organisations (and, later, platforms)."""

import rules

from portal.rules import is_admin, is_citizen, is_ministry_staff


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


rules.add_perm("platforms.edit_organization", is_ngo_representative | is_admin)
rules.add_perm("platforms.approve_organization_member", is_ngo_representative | is_admin)
rules.add_perm("platforms.verify_organization", is_ministry_staff | is_admin)
rules.add_perm("platforms.join_organization", is_citizen & ~is_ngo_member)
