import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from platforms.models import Organization, OrganizationMember
from portal.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD
from portal.models import User
from portal.rules import PETITION_MODERATORS, PLATFORM_MODERATORS
from portal.validators import validate_bin

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    seed()


def test_every_documented_demo_login_works(demo, client):
    for email, *_ in ACCOUNTS:
        assert client.login(email=email, password=DEMO_PASSWORD), email
        client.logout()
    assert not EmailAddress.objects.filter(verified=False).exists()


def test_the_demo_has_an_account_for_every_role(demo):
    assert User.objects.get(email="admin@qogam.kz").is_superuser
    assert User.objects.filter(groups__name=PETITION_MODERATORS).exists()
    assert User.objects.filter(groups__name=PLATFORM_MODERATORS).exists()
    representative = OrganizationMember.objects.get(user__email="ngo.representative@qogam.kz")
    assert representative.role == "representative"
    assert representative.status == "approved"
    assert OrganizationMember.objects.get(user__email="ngo.member@qogam.kz").role == "member"
    citizen = User.objects.get(email="citizen@qogam.kz")
    assert citizen.has_iin
    assert citizen.is_adult()


def test_demo_ngos_have_valid_unique_bins(demo):
    bins = list(Organization.objects.values_list("bin", flat=True))

    assert len(bins) >= 10
    assert len(set(bins)) == len(bins)
    for number in bins:
        validate_bin(number)
    assert Organization.objects.filter(verified=False).exists()


def test_the_demo_is_deterministic(demo):
    first = sorted(Organization.objects.values_list("bin", "name_en"))
    emails = sorted(User.objects.values_list("email", flat=True))

    assert first[0] == sorted(first)[0]
    assert emails[:3] == ["admin@qogam.kz", "citizen01@qogam.kz", "citizen02@qogam.kz"]
    assert len(emails) == len(ACCOUNTS) + 40


def test_loading_the_demo_twice_is_refused_or_skipped(demo):
    assert "already loaded" in seed("--if-empty")
    with pytest.raises(CommandError):
        seed()
    assert User.objects.filter(email="admin@qogam.kz").count() == 1


def test_the_demo_refuses_to_load_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--allow-production"):
        seed()
    assert not User.objects.exists()


def test_the_demo_loads_with_debug_off_when_told_explicitly(settings):
    settings.DEBUG = False

    seed("--allow-production")

    assert User.objects.filter(email="admin@qogam.kz").exists()
