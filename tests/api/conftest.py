"""The API tests' helpers: a client per member of the cast, and a search for personal data."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests create many accounts; Argon2 would spend most of the run hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache(db):
    """Throttles and rate limits start afresh, and leave nothing behind: a transactional test
    commits its rows of the cache table, which its flush does not empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def one_early_supporter(settings):
    """A petition opens with its first signature, so that open petitions are quick to build."""
    settings.PETITION_INITIAL_SUPPORT = 1


@pytest.fixture
def api():
    """An API client that is not signed in."""
    return APIClient()


@pytest.fixture
def api_as():
    """`api_as(user)`: an API client signed in with the user's token (None: anonymous)."""

    def client_for(user):
        client = APIClient()
        if user is not None and user.is_authenticated:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


# Keys that name personal data, and must never be in an answer.
PERSONAL_KEYS = {"email", "iin", "iin_hash", "signer_key", "password", "first_name",
                 "last_name", "full_name", "birth_date"}  # fmt: skip


def personal_data_in(payload, people=()):
    """Every place in a JSON answer that holds personal data: a key of PERSONAL_KEYS, or one of
    these people's email address, IIN hash or full name as a value."""
    secrets = set()
    for person in people:
        secrets |= {person.email, person.email.lower(), person.full_name}
        if person.iin_hash:
            secrets.add(person.iin_hash)
    secrets.discard("")
    found = []

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                if str(key).lower() in PERSONAL_KEYS:
                    found.append(f"{where}.{key}")
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
        elif isinstance(value, str) and (value in secrets or "@" in value):
            found.append(f"{where} = {value!r}")

    walk(payload, "$")
    return found
