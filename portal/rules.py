"""Who may do what across the portal: the roles of design §1 as django-rules predicates."""

import rules

# The groups that the migration `0002_roles` creates.
PETITION_MODERATORS = "petition_moderators"
PLATFORM_MODERATORS = "platform_moderators"
MINISTRY_STAFF = "ministry_staff"
ROLE_GROUPS = (PETITION_MODERATORS, PLATFORM_MODERATORS, MINISTRY_STAFF)


@rules.predicate
def has_verified_email(user):
    """A signed-in account whose email address is verified: a citizen of design §1."""
    if not user.is_authenticated:
        return False
    # Cached on the user object: a page asks this many times.
    if not hasattr(user, "_has_verified_email"):
        from allauth.account.models import EmailAddress

        user._has_verified_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._has_verified_email


is_citizen = has_verified_email
is_petition_moderator = rules.is_group_member(PETITION_MODERATORS)
is_platform_moderator = rules.is_group_member(PLATFORM_MODERATORS)
is_ministry_staff = rules.is_group_member(MINISTRY_STAFF)
is_admin = rules.is_superuser

rules.add_perm("portal.view_profile", rules.is_authenticated)
rules.add_perm("portal.declare_iin", is_citizen)


@rules.predicate
def is_official_of(user, body):
    """A person currently appointed to this state body (cached on the user per request)."""
    if not user.is_authenticated or body is None:
        return False
    cache = user.__dict__.setdefault("_official_of", {})
    if body.pk not in cache:
        cache[body.pk] = body.officials.current().filter(user=user).exists()
    return cache[body.pk]


# Administrators and ministry staff appoint officials to state bodies and remove them.
rules.add_perm("portal.appoint_official", is_ministry_staff | is_admin)
# The body's workspace: its officials, and the petition moderators who act on its behalf.
rules.add_perm("portal.open_workspace", is_official_of | is_petition_moderator | is_admin)
