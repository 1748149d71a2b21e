"""Who may do what across the portal: the roles of design §1 as django-rules predicates.

Each app declares its steps with `add_step(name, who, when)`: `who` is the role (may this
person ever do it to this object?), `when` the object's state (may it be done now?). The
permission is both; `refusal` tells which part failed, so that a refusal says "not allowed"
(403) or "not now" (409) without a second check. Answers that cost a query are kept on the
user object for the request: `remember` keeps one, `prime` fills several at once, and
`forget` drops them all when a service changes what they depend on.
"""

import rules

# The groups that the migration `0002_roles` creates.
PETITION_MODERATORS = "petition_moderators"
PLATFORM_MODERATORS = "platform_moderators"
MINISTRY_STAFF = "ministry_staff"
ROLE_GROUPS = (PETITION_MODERATORS, PLATFORM_MODERATORS, MINISTRY_STAFF)


CACHE = "_permission_answers"


def _answers(user):
    # Through getattr and setattr, which request.user (a lazy object) passes on to the user.
    answers = getattr(user, CACHE, None)
    if answers is None:
        answers = {}
        setattr(user, CACHE, answers)
    return answers


def remember(user, key, compute):
    """The answer kept on the user object under `key`, computed once per request."""
    answers = _answers(user)
    if key not in answers:
        answers[key] = compute()
    return answers[key]


def prime(user, answers):
    """Keep answers found in bulk (a list's rows at once), so no row asks again."""
    _answers(user).update(answers)


def forget(*users):
    """Drop every kept answer: a service changed a role, a seat or an email's status."""
    for user in users:
        if user is not None and hasattr(user, CACHE):
            delattr(user, CACHE)


@rules.predicate
def has_verified_email(user):
    """A signed-in account whose email address is verified: a citizen of design §1."""
    if not user.is_authenticated:
        return False

    def verified():
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(user=user, verified=True).exists()

    return remember(user, "verified_email", verified)


is_citizen = has_verified_email
is_petition_moderator = rules.is_group_member(PETITION_MODERATORS)
is_platform_moderator = rules.is_group_member(PLATFORM_MODERATORS)
is_ministry_staff = rules.is_group_member(MINISTRY_STAFF)
is_admin = rules.is_superuser

rules.add_perm("portal.view_profile", rules.is_authenticated)
rules.add_perm("portal.declare_iin", is_citizen)
rules.add_perm("portal.prove_iin", is_citizen)


# Steps: a role and a state


STEPS = {}


def add_step(name, who, when=rules.always_true):
    """Declare the permission `name`: granted when both the role and the state allow it."""
    STEPS[name] = (who, when)
    rules.add_perm(name, who & when)


def refusal(user, name, obj=None):
    """None if `user` may take the step now; else "forbidden" (their role does not allow it)
    or "conflict" (it does, but not in the object's present state)."""
    if user.has_perm(name, obj):
        return None
    who, _when = STEPS.get(name, (None, None))
    if who is not None and who.test(user, obj):
        return "conflict"
    return "forbidden"


@rules.predicate
def is_official_of(user, body):
    """A person currently appointed to this state body (cached on the user per request)."""
    if not user.is_authenticated or body is None:
        return False
    return remember(
        user, ("official_of", body.pk), lambda: body.officials.current().filter(user=user).exists()
    )


# Administrators and ministry staff appoint officials to state bodies and remove them.
rules.add_perm("portal.appoint_official", is_ministry_staff | is_admin)
# The body's workspace: its officials, and the petition moderators who act on its behalf.
rules.add_perm("portal.open_workspace", is_official_of | is_petition_moderator | is_admin)
