"""Who may do what across the portal: the roles of design §1 as django-rules predicates.

Each app declares its steps with `add_step(name, who, when)`: `who` is the role (may this
person ever do it to this object?), `when` the object's state (may it be done now?). The
permission is both; `refusal` tells which part failed, so that a refusal says "not allowed"
(403) or "not now" (409) without a second check. Answers that cost a query are kept on the
user object for the request: `remember` keeps one, `prime` fills several at once, and
`forget` drops them all when a service changes what they depend on.
"""

import rules

from portal.prepared import PreparedQuery

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


def known(user, key):
    """Whether an answer is already kept under `key` (remembered or primed)."""
    return key in _answers(user)


def prime(user, answers):
    """Keep answers found in bulk (a list's rows at once), so no row asks again."""
    _answers(user).update(answers)


def forget(*users):
    """Drop every kept answer: a service changed a role, a seat or an email's status."""
    for user in users:
        if user is not None and hasattr(user, CACHE):
            delattr(user, CACHE)


# Seats of work besides the groups, each a condition that a person holds one: `exists(user)`
# builds it for a person's id (a value or an OuterRef). The core adds a state body's
# officials, the platforms app its moderators.
SEATS = {}


def add_seat(name, exists):
    """Declare a seat of work: `exists(user)` builds the condition that the person holds one."""
    SEATS[name] = exists


def role_conditions(user):
    """The conditions `roles` reads, for a person's id (a value or an OuterRef), to be read
    as the columns of any query (a page's own query may carry them and `prime_roles`)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db.models import Case, Exists, IntegerField, Subquery, Sum, Value, When
    from django.db.models.functions import Coalesce

    # The role groups as one number, a bit per group: one subquery where one per group
    # took PostgreSQL twice as long to plan as to run.
    bits = Case(
        *(When(group__name=name, then=Value(1 << n)) for n, name in enumerate(ROLE_GROUPS)),
        default=Value(0),
        output_field=IntegerField(),
    )
    members = get_user_model().groups.through.objects.filter(user_id=user)
    return {
        "role_groups": Coalesce(
            Subquery(members.order_by().values("user_id").annotate(bits=Sum(bits)).values("bits")),
            Value(0),
        ),
        "role_verified_email": Exists(EmailAddress.objects.filter(user_id=user, verified=True)),
        **{f"role_seat_{name}": exists(user) for name, exists in SEATS.items()},
    }


def prime_roles(user, values):
    """Keep the person's roles read as `role_conditions`' columns (in their order)."""
    groups, verified, *seats = values
    found = Roles(
        groups=frozenset(name for n, name in enumerate(ROLE_GROUPS) if groups & (1 << n)),
        verified_email=bool(verified),
        seats=frozenset(name for name, held in zip(SEATS, seats, strict=True) if held),
    )
    prime(user, {"roles": found})
    return found


def roles(user):
    """What a signed-in person is, read in one query and kept for the request: the role
    groups they belong to, whether their email is verified, and the seats they hold."""
    if known(user, "roles"):
        return _answers(user)["roles"]
    rows = _roles().rows(user.pk)
    return prime_roles(user, rows[0] if rows else [0, False, *(False for _seat in SEATS)])


def _roles_query(someone):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=someone).values(**role_conditions(someone))


# Every signed-in page asks it: built once per process (see portal/prepared.py).
_ROLES = []


def _roles():
    if not _ROLES:
        from django.contrib.auth import get_user_model

        _ROLES.append(PreparedQuery(get_user_model(), _roles_query))
    return _ROLES[0]


class Roles:
    """A person's role groups, verified email and seats (see `roles`)."""

    def __init__(self, *, groups, verified_email, seats):
        self.groups, self.verified_email, self.seats = groups, verified_email, seats


def has_work(user):
    """Whether a signed-in person has any work in the portal beyond a citizen's: a role
    group, a seat (a post at a state body, a platform to moderate) or the administrator's."""
    return user.is_authenticated and (
        user.is_superuser or bool(roles(user).groups or roles(user).seats)
    )


@rules.predicate
def has_verified_email(user):
    """A signed-in account whose email address is verified: a citizen of design §1."""
    return user.is_authenticated and roles(user).verified_email


def in_group(name):
    """A predicate: the person belongs to this role group (read with `roles`)."""

    @rules.predicate(name=f"in_group:{name}")
    def predicate(user):
        return user.is_authenticated and name in roles(user).groups

    return predicate


is_citizen = has_verified_email
is_petition_moderator = in_group(PETITION_MODERATORS)
is_platform_moderator = in_group(PLATFORM_MODERATORS)
is_ministry_staff = in_group(MINISTRY_STAFF)
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


def _holds_a_post(user):
    from django.db.models import Exists

    from portal.models import StateBodyOfficial

    return Exists(StateBodyOfficial.objects.current().filter(user_id=user))


add_seat("official", _holds_a_post)


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
