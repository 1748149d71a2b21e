import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_an_invalid_bin_fails_validation_with_a_clear_message():
    organization = OrganizationFactory.build(bin="123456789012", region_id=1)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        organization.full_clean(exclude=["region"])

    with translation.override("en"):
        assert "BIN's check digit is wrong" in str(error.value.message_dict["bin"])


def test_two_organisations_may_not_share_a_bin():
    first = OrganizationFactory()

    with pytest.raises(IntegrityError):
        OrganizationFactory(bin=first.bin)


def test_the_database_refuses_a_bin_that_is_not_twelve_digits():
    with pytest.raises(IntegrityError):
        OrganizationFactory(bin="12345")
