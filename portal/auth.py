"""The account backends. A signed-in person's every request loads them (`get_user`): here
that is one prepared query (portal/prepared.py) that reads their row and their roles
(portal/rules.py) together, where Django's backends read the row alone and the rules then
ask for the roles.

The row and roles are kept in the shared cache for PERSON_CACHE_SECONDS, so that a
signed-in page costs no query for its reader. Whatever they depend on forgets them when it
changes: the account itself, its groups, its email addresses, its seats (`watch`,
`watch_many`, wired in each app's `ready`), and the services that change a seat in bulk
(`forget_people`). A forgotten row is not kept again for FORGOTTEN_SECONDS, so that a
request that read it before the change cannot put the old row back.
"""

import functools
import hashlib
import logging

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.prepared import PreparedQuery
from portal.rules import prime_roles, role_conditions

logger = logging.getLogger(__name__)
FORGOTTEN = "forgotten"
FORGOTTEN_SECONDS = 10


def _fields():
    return [field.attname for field in get_user_model()._meta.concrete_fields]


def _person_query(someone):
    conditions = role_conditions(someone)
    return (
        get_user_model()
        .objects.filter(pk=someone)
        .annotate(**conditions)
        .values_list(*_fields(), *conditions)
    )


PERSON = PreparedQuery(get_user_model(), _person_query)


def load_person(user_id):
    """The user with this id, their roles kept for the request; None if there is none."""
    User = get_user_model()
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    seconds = settings.PERSON_CACHE_SECONDS
    row = cache.get(_person_key(user_id)) if seconds else None
    if row is None or row == FORGOTTEN:
        rows = PERSON.rows(user_id)
        if not rows:
            return None
        if seconds and row is None:
            cache.add(_person_key(user_id), tuple(rows[0]), seconds)
        row = rows[0]
    fields = _fields()
    user = User.from_db(router.db_for_read(User), fields, row[: len(fields)])
    prime_roles(user, row[len(fields) :])
    return user


@functools.cache
def _shape():
    """The kept row's columns, for its key: a release that reads other columns keeps its
    own rows."""
    columns = repr([*_fields(), *role_conditions(0)])
    return hashlib.sha256(columns.encode()).hexdigest()[:12]


def _person_key(user_id):
    return f"person:{_shape()}:{user_id}"


def forget_people(*user_ids):
    """Forget the kept rows of these people: their account, a role or a seat changed. Now,
    and again when the transaction commits (a request may read the old row meanwhile)."""
    keys = [_person_key(pk) for pk in user_ids if pk is not None]
    if not keys or not settings.PERSON_CACHE_SECONDS:
        return

    def forget():
        try:
            cache.set_many(dict.fromkeys(keys, FORGOTTEN), FORGOTTEN_SECONDS)
        except Exception as error:  # noqa: BLE001
            # The change is made; the old row is read for PERSON_CACHE_SECONDS at most.
            logger.warning("Kept people not forgotten: %r", error)

    forget()
    transaction.on_commit(forget)


def watch(model, person="user_id"):
    """Forget a person when a row of `model` that bears on their roles is saved or deleted
    (`person` names the row's field that holds their id)."""

    def changed(sender, instance, **kwargs):
        forget_people(getattr(instance, person))

    uid = f"people-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def watch_many(through):
    """Forget people when their rows of a many-to-many table between people and something
    else (their groups, the platforms they moderate) are added, removed or cleared."""
    User = get_user_model()
    other = next(field for field in through._meta.fields if field.related_model not in (None, User))

    def changed(sender, instance, action, pk_set, **kwargs):
        if isinstance(instance, User):
            forget_people(instance.pk)
        elif action in ("post_add", "post_remove"):
            forget_people(*pk_set)
        elif action == "pre_clear":
            people = through.objects.filter(**{other.attname: instance.pk})
            forget_people(*people.values_list(_person_field(through), flat=True))

    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"people-{through}")


def _person_field(through):
    User = get_user_model()
    return next(field.attname for field in through._meta.fields if field.related_model is User)


class PersonLoading:
    """`get_user` through `load_person`, with the backend's own check that the account may
    sign in (an inactive one may not)."""

    def get_user(self, user_id):
        user = load_person(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PasswordBackend(PersonLoading, ModelBackend):
    """Django's backend (email and password, as the admin signs in)."""


class AccountBackend(PersonLoading, AuthenticationBackend):
    """allauth's backend (the site's sign-in pages)."""
