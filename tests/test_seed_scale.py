"""seed_scale fills the database through COPY, with every stored count equal to its rows."""

import hashlib
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Q, Sum

from petitions import receipts
from petitions.models import (
    DailySignatureCount,
    Petition,
    RegionSignatureCount,
    Signature,
    SignatureLogLine,
)
from platforms.models import Meeting, Organization, Platform, Recommendation
from portal.identity import signer_key
from portal.validators import validate_bin

SIZES = {"petitions": 200, "signatures": 5000, "signers": 3000, "hot": 2000, "organizations": 50}
SCALE_TABLES = [
    "petitions_signaturelogline", "petitions_signature", "petitions_dailysignaturecount",
    "petitions_regionsignaturecount",
    "petitions_petitionevent", "petitions_petition", "platforms_recommendation",
    "platforms_meeting", "platforms_platform", "platforms_organization", "account_emailaddress",
    "portal_user",
]  # fmt: skip


def seed(**sizes):
    call_command("seed_scale", **{**SIZES, **sizes}, stdout=open("/dev/null", "w"))  # noqa: SIM115


def digest():
    """A fingerprint of every petition's place, state and count."""
    rows = Petition.objects.order_by("pk").values_list("status", "signature_count", "threshold")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def seeded(db, debug):
    seed()


def test_every_petition_count_equals_its_valid_signatures(seeded):
    valid = Count("signatures", filter=Q(signatures__status=Signature.Status.VALID))
    petitions = Petition.objects.annotate(valid=valid)
    assert petitions.count() == SIZES["petitions"]
    assert all(petition.signature_count == petition.valid for petition in petitions)
    assert Signature.objects.count() == SIZES["signatures"]
    assert Signature.objects.filter(user__isnull=False).count() == 0


def test_per_day_and_per_region_counts_add_up_to_the_petition_count(seeded):
    by_day = dict(DailySignatureCount.objects.values_list("petition").annotate(n=Sum("count")))
    by_region = dict(RegionSignatureCount.objects.values_list("petition").annotate(n=Sum("count")))
    for pk, count in Petition.objects.values_list("pk", "signature_count"):
        assert by_day.get(pk, 0) == count
        assert by_region.get(pk, 0) == count
    # Each day's count is that day's valid rows (the local day, as recount_petition takes it).
    hot = Petition.objects.order_by("-signature_count").first()
    from django.db.models.functions import TruncDate

    rows = dict(
        Signature.objects.filter(petition=hot, status="valid")
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    assert rows == dict(hot.daily_counts.values_list("day", "count"))


def test_every_petitions_signature_log_is_a_valid_chain_that_recounts_to_its_count(seeded):
    lines = defaultdict(list)
    for line in SignatureLogLine.objects.order_by("petition", "seq").values(
        "petition", *receipts.LOG_FIELDS
    ):
        lines[line["petition"]].append(line)
    for petition in Petition.objects.all():
        recount = receipts.verify(
            lines[petition.pk], count=petition.signature_count, head=petition.log_head
        )
        assert recount.lines == petition.log_length
    assert SignatureLogLine.objects.filter(event="signed").count() == SIZES["signatures"]


def test_no_signer_signs_a_petition_twice_and_keys_are_real_signer_keys(seeded):
    duplicates = (
        Signature.objects.values("petition", "signer_key").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = 'signature_one_per_person'")
        assert cursor.fetchone()
    keys = set(Signature.objects.values_list("signer_key", flat=True).distinct())
    assert signer_key("scale-0") in keys or signer_key("scale-1") in keys
    assert keys <= {signer_key(f"scale-{n}") for n in range(SIZES["signers"])}


def test_the_hot_petition_holds_hot_signatures(seeded):
    hot = Petition.objects.order_by("-signature_count").first()
    assert hot.status == Petition.Status.OPEN
    assert hot.signature_count == SIZES["hot"]
    assert hot.signatures.count() == SIZES["hot"]


def test_a_hot_petition_past_its_threshold_is_under_consideration_and_still_signable(
    db, debug, settings
):
    settings.PETITION_THRESHOLDS = {**settings.PETITION_THRESHOLDS, "central": 1500}
    seed()
    hot = Petition.objects.order_by("-signature_count").first()
    assert hot.signature_count == SIZES["hot"] > hot.threshold == 1500
    assert hot.status == Petition.Status.UNDER_CONSIDERATION
    assert hot.status in Petition.SIGNABLE
    assert hot.threshold_reached_at is not None


def test_petitions_below_a_line_hold_fewer_signatures_than_it(seeded, settings):
    below_threshold = Petition.objects.filter(status__in=["open", "closed"])
    assert below_threshold.exists()
    for petition in below_threshold.exclude(pk=Petition.objects.order_by("pk").first().pk):
        assert petition.signature_count < petition.threshold
    for petition in Petition.objects.filter(status__in=["gathering_support", "lapsed"]):
        assert petition.signature_count < settings.PETITION_INITIAL_SUPPORT


def test_every_state_exists_and_published_ones_have_thresholds(seeded):
    states = set(Petition.objects.values_list("status", flat=True))
    assert states == set(Petition.Status.values)
    unpublished = ["draft", "in_moderation", "rejected"]
    assert not Petition.objects.exclude(status__in=unpublished).filter(threshold=None).exists()


def test_organizations_have_valid_unique_bins_and_platforms_have_meetings(seeded):
    bins = list(Organization.objects.values_list("bin", flat=True))
    assert len(bins) == SIZES["organizations"] == len(set(bins))
    for bin_ in bins:
        validate_bin(bin_)
    assert Platform.objects.exists()
    assert Meeting.objects.exists()
    assert Recommendation.objects.exists()


def test_the_same_options_give_the_same_data(db, debug):
    seed()
    first = digest()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(SCALE_TABLES)} RESTART IDENTITY CASCADE")
    seed()
    assert Petition.objects.count() == SIZES["petitions"]
    assert digest() == first


def test_it_is_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not Petition.objects.exists()


def test_it_is_refused_on_sqlite(db, debug, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        seed()


def test_a_second_run_on_the_same_database_is_refused(seeded):
    with pytest.raises(CommandError, match="already loaded"):
        seed()
