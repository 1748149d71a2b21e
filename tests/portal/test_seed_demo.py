import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Count

from petitions import receipts
from petitions.demo import KAZAKH_LETTERS
from petitions.models import Petition, Signature, SignatureLogLine
from platforms.demo_data import PLATFORMS
from platforms.models import (
    Meeting,
    Organization,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
)
from portal.models import User
from portal.rules import PETITION_MODERATORS, PLATFORM_MODERATORS
from portal.validators import validate_bin
from qogam.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD

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


def test_the_demos_texts_carry_the_language_they_are_written_in(demo):
    # The NGOs describe themselves in English; each platform writes in its own language.
    languages = {spec["slug"]: spec["lang"] for spec in PLATFORMS}

    assert set(Organization.objects.values_list("language", flat=True)) == {"en"}
    for model in (Meeting, Proposal, Recommendation):
        rows = model.objects.values_list("platform__slug", "language")
        assert rows and all(languages[slug] == language for slug, language in rows), model
    assert {"kk", "ru"} <= set(Meeting.objects.values_list("language", flat=True))
    # A petition says the language its text is in, whatever its author's own.
    for title, language in Petition.objects.values_list("title", "language"):
        assert language == ("kk" if KAZAKH_LETTERS & set(title) else "ru"), title


def test_the_demo_is_the_same_on_every_machine(demo):
    # Fixed seeds: the same people, petitions, signatures, platforms and outcomes each time.
    petitions = dict(Petition.objects.values_list("status").annotate(n=Count("pk")))
    outcomes = dict(Recommendation.objects.values_list("status").annotate(n=Count("pk")))

    assert Organization.objects.order_by("pk").values_list("bin", flat=True)[0] == "050140000071"
    assert petitions == {
        "answered": 1, "closed": 1, "draft": 1, "gathering_support": 1, "hidden": 1,
        "in_moderation": 2, "lapsed": 1, "open": 16, "rejected": 1, "under_consideration": 1,
        "withdrawn": 1,
    }  # fmt: skip
    assert Signature.objects.count() == 25291
    assert Platform.objects.count() == 19
    assert PlatformMembership.objects.filter(status="approved").count() == 199
    # Small platforms seat their three officials all the same, with the reason published.
    overrides = PlatformEvent.objects.filter(action="two_thirds_overridden")
    assert overrides.exists()
    assert all(event.note for event in overrides)
    assert outcomes == {
        "accepted": 9, "declined": 6, "implemented": 14, "in_progress": 7,
        "partially_accepted": 6, "proposed": 3, "sent": 7,
    }  # fmt: skip


def test_every_demo_petitions_signature_log_verifies_and_recounts(demo):
    for petition in Petition.objects.filter(log_length__gt=0):
        lines = SignatureLogLine.objects.filter(petition=petition).order_by("seq").values()
        receipts.verify(lines, count=petition.signature_count, head=petition.log_head)
    assert Petition.objects.filter(log_length__gt=0).count() == (
        Petition.objects.filter(signatures__isnull=False).distinct().count()
    )


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

    # On a real server no demo address may be on a domain that could receive mail.
    assert User.objects.filter(email="admin@qogam.test").exists()
    assert not User.objects.exclude(email__endswith="@qogam.test").exists()
    assert not EmailAddress.objects.exclude(email__endswith="@qogam.test").exists()


def test_the_demo_fills_two_pages_of_listed_petitions(demo, client):
    from petitions.models import Petition
    from petitions.views import PAGE_SIZE

    second = client.get("/petitions/", {"page": 2})

    assert Petition.objects.listed().count() > PAGE_SIZE
    assert second.status_code == 200
    assert len(second.context["page"].object_list) >= 1


def test_the_demo_appoints_officials_who_open_their_bodys_workspace(demo, client):
    from django.urls import reverse

    from portal.models import StateBodyOfficial

    official = User.objects.get(email="akimat-62.official@qogam.kz")
    post = StateBodyOfficial.objects.current().get(user=official)
    assert StateBodyOfficial.objects.current().values("body").distinct().count() >= 5
    waiting = Petition.objects.filter(addressee=post.body, status="under_consideration").first()
    assert waiting is not None
    client.force_login(official)
    page = client.get(reverse("state_body_workspace", args=[post.body.slug]))
    assert page.status_code == 200
    assert waiting.title in page.content.decode()
