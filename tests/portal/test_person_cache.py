"""A signed-in person's row and roles, kept in the cache, and what makes the portal forget them."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from portal import services
from portal.auth import FORGOTTEN, _person_key, forget_people, load_person
from portal.rules import PETITION_MODERATORS, roles
from tests.factories import UserFactory, state_body
from tests.platforms.factories import PlatformFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def person_cache(settings, local_cache):
    """People's rows kept as in production (tests run with it off), in process memory."""
    settings.PERSON_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the second forgetting) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def a_moment_later():
    """Past FORGOTTEN_SECONDS after the accounts were made (each save forgets its person)."""
    cache.clear()


def reread(user):
    """The person as the next request loads them, with their roles."""
    person = load_person(user.pk)
    return person, roles(person) if person is not None else None


def kept(user):
    """The person's roles once their row is kept again."""
    a_moment_later()
    reread(user)
    return reread(user)[1]


def test_the_next_request_reads_the_person_and_roles_from_the_cache(
    citizen, django_assert_num_queries
):
    a_moment_later()
    reread(citizen)
    with django_assert_num_queries(0):
        person, found = reread(citizen)
    assert person.email == citizen.email and person.iin_hash == citizen.iin_hash
    assert found.verified_email and not found.groups and not found.seats


def test_a_deactivated_account_is_signed_out_at_once(client, citizen, committed):
    client.force_login(citizen)
    a_moment_later()
    assert client.get(reverse("profile")).status_code == 200  # the row is kept
    with committed():
        citizen.is_active = False
        citizen.save(update_fields=["is_active"])
    assert client.get(reverse("profile")).status_code == 302


def test_a_new_password_ends_the_other_sessions_at_once(client, citizen, committed):
    client.force_login(citizen)
    a_moment_later()
    assert client.get(reverse("profile")).status_code == 200
    with committed():
        citizen.set_password("a-new-and-long-passphrase")
        citizen.save()
    assert client.get(reverse("profile")).status_code == 302


def test_a_role_group_given_and_taken_from_either_side_shows_at_once(citizen, committed):
    group = Group.objects.get(name=PETITION_MODERATORS)
    assert kept(citizen).groups == set()
    with committed():
        citizen.groups.add(group)
    assert reread(citizen)[1].groups == {PETITION_MODERATORS}
    assert kept(citizen).groups == {PETITION_MODERATORS}
    with committed():
        group.user_set.remove(citizen)
    assert reread(citizen)[1].groups == set()
    kept(citizen)
    with committed():
        group.user_set.add(citizen)
    assert reread(citizen)[1].groups == {PETITION_MODERATORS}
    kept(citizen)
    with committed():
        group.user_set.clear()
    assert reread(citizen)[1].groups == set()


def test_an_email_address_verified_shows_at_once(committed):
    person = UserFactory(verified=False)
    assert not kept(person).verified_email
    address = EmailAddress.objects.get(user=person)
    with committed():
        address.verified = True
        address.save()
    assert reread(person)[1].verified_email


def test_a_platform_to_moderate_given_and_taken_shows_at_once(citizen, committed):
    platform = PlatformFactory()
    assert kept(citizen).seats == set()
    with committed():
        platform.moderators.add(citizen)
    assert reread(citizen)[1].seats == {"platform_moderator"}
    kept(citizen)
    with committed():
        platform.moderators.clear()
    assert reread(citizen)[1].seats == set()


def test_a_post_at_a_state_body_given_and_taken_shows_at_once(citizen, admin, committed):
    body = state_body()
    assert kept(citizen).seats == set()
    with committed():
        services.appoint_official(body=body, user=citizen, actor=admin)
    assert reread(citizen)[1].seats == {"official"}
    kept(citizen)
    with committed():
        services.remove_official(body=body, user=citizen, actor=admin)
    assert reread(citizen)[1].seats == set()


def test_a_row_read_before_a_change_is_not_kept_after_it(citizen, django_assert_num_queries):
    # A request read the row, then the change forgot it before the request could keep it.
    forget_people(citizen.pk)
    reread(citizen)
    assert cache.get(_person_key(citizen.pk)) == FORGOTTEN
    with django_assert_num_queries(1):
        reread(citizen)
