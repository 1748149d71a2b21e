"""The named cast of the portal's roles (design §1), shared by every test."""

import pytest

from platforms.models import OrganizationMember
from portal.rules import MINISTRY_STAFF, PETITION_MODERATORS, PLATFORM_MODERATORS
from tests.factories import OrganizationFactory, OrganizationMemberFactory, UserFactory


@pytest.fixture
def visitor():
    """Anyone, not signed in."""
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def citizen(db):
    """A signed-in account with a verified email, a region and a declared adult IIN."""
    return UserFactory(iin=True, first_name="Айгерим", last_name="Сарсенова")


@pytest.fixture
def organization(db):
    """A verified NGO."""
    return OrganizationFactory()


@pytest.fixture
def other_organization(db):
    """Another verified NGO, to which the cast below does not belong."""
    return OrganizationFactory()


@pytest.fixture
def ngo_member(organization):
    """A citizen with an approved membership in `organization`."""
    return OrganizationMemberFactory(organization=organization, user__iin=True).user


@pytest.fixture
def ngo_representative(organization):
    """A citizen who represents `organization`."""
    return OrganizationMemberFactory(
        organization=organization, user__iin=True, role=OrganizationMember.Role.REPRESENTATIVE
    ).user


@pytest.fixture
def platform_moderator(db):
    """Ministry staff who moderate dialogue platforms."""
    return UserFactory(groups=[PLATFORM_MODERATORS, MINISTRY_STAFF])


@pytest.fixture
def petition_moderator(db):
    """Ministry staff who work the petition moderation queue."""
    return UserFactory(groups=[PETITION_MODERATORS, MINISTRY_STAFF])


@pytest.fixture
def admin(db):
    """A superuser."""
    return UserFactory(is_staff=True, is_superuser=True)


CAST = [
    "visitor",
    "citizen",
    "ngo_member",
    "ngo_representative",
    "platform_moderator",
    "petition_moderator",
    "admin",
]


@pytest.fixture(params=CAST)
def anyone(request):
    """Each member of the cast in turn, with its role's name."""
    return request.param, request.getfixturevalue(request.param)


@pytest.fixture
def english_client(client):
    """A browser that chose English, for tests that read the interface's wording."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin_client_en(client, admin):
    """The administrator, signed in, reading English."""
    from django.conf import settings

    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(scope="module")
def migrations_data_put_back(django_db_setup, django_db_blocker):
    """After a module of transactional tests (and their flushes), put the data migrations'
    rows back (regions, state bodies, categories, groups), so a --reuse-db run finds them."""
    from django.db import connection

    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(scope="session")
def eds_pki(tmp_path_factory):
    """The suite's own test PKI, with its CRL and OCSP responder served on loopback."""
    from tests.eds_pki import serve_pki

    server = serve_pki(tmp_path_factory.mktemp("trust-store"))
    yield server.pki
    server.shutdown()
    server.server_close()


@pytest.fixture
def eds_provider(eds_pki, settings):
    """The EDS identity provider in force, trusting the test PKI, revocation by CRL."""
    from portal.eds import _trust_store
    from portal.identity import get_identity_provider

    settings.IDENTITY_PROVIDER = "portal.eds.EDSProvider"
    settings.EDS_TRUST_STORE_DIR = eds_pki.trust_store
    settings.EDS_REVOCATION = "crl"
    settings.EDS_REVOCATION_UNREACHABLE = "refuse"
    settings.EDS_REVOCATION_TIMEOUT = 2
    get_identity_provider.cache_clear()
    _trust_store.cache_clear()
    yield eds_pki
    get_identity_provider.cache_clear()


@pytest.fixture
def local_cache(settings):
    """A cache in process memory, emptied before and after the test (the suite's own is the
    database table)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield cache
    cache.clear()
