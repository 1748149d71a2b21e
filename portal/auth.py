"""The account backends. A signed-in person's every request loads them (`get_user`): here
that is one prepared query (portal/prepared.py) that reads their row and their roles
(portal/rules.py) together, where Django's backends read the row alone and the rules then
ask for the roles."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import router

from portal.prepared import PreparedQuery
from portal.rules import prime_roles, role_conditions


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
    rows = PERSON.rows(user_id)
    if not rows:
        return None
    fields = _fields()
    user = User.from_db(router.db_for_read(User), fields, rows[0][: len(fields)])
    prime_roles(user, rows[0][len(fields) :])
    return user


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
