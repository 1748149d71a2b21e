from datetime import date

import pytest

from portal.identity import get_identity_provider, signer_key
from portal.validators import make_iin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IIN = make_iin(date(1990, 5, 17), "male", serial=1234)


def test_the_signer_key_is_an_hmac_that_depends_on_the_server_key(settings):
    first = signer_key(IIN)
    settings.IIN_HASH_KEY = "another-server-key"

    assert signer_key(IIN) != first
    assert len(first) == 64
    assert IIN not in first


def test_the_default_provider_proves_a_verified_adult_with_iin_and_region():
    assert get_identity_provider().check(UserFactory(iin=IIN)).ok


@pytest.mark.parametrize(
    ("factory_kwargs", "code"),
    [
        ({"verified": False, "iin": True}, "unverified"),
        ({}, "no_iin"),
        ({"iin": make_iin(date(2015, 3, 1), "female", serial=9)}, "under_age"),
        ({"iin": True, "region": None}, "no_region"),
    ],
)
def test_the_default_provider_says_why_a_person_may_not_sign(factory_kwargs, code):
    check = get_identity_provider().check(UserFactory(**factory_kwargs), on=date(2026, 11, 26))

    assert not check.ok
    assert check.code == code
    assert str(check.message)
