"""The platforms tests' own cast: people of another NGO and of another platform."""

import pytest

from platforms.models import OrganizationMember
from portal.rules import MINISTRY_STAFF, PLATFORM_MODERATORS
from tests.factories import OrganizationMemberFactory, UserFactory
from tests.platforms.factories import PlatformFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests create many accounts; Argon2 would spend most of the run hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def other_ngos_representative(other_organization):
    """A citizen who represents `other_organization`."""
    return OrganizationMemberFactory(
        organization=other_organization, user__iin=True,
        role=OrganizationMember.Role.REPRESENTATIVE,
    ).user  # fmt: skip


@pytest.fixture
def other_platforms_moderator(db):
    """Ministry staff in the platform moderators' group who moderate another platform only."""
    moderator = UserFactory(groups=[PLATFORM_MODERATORS, MINISTRY_STAFF])
    PlatformFactory(moderators=[moderator])
    return moderator
