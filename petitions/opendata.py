"""The petitions' open data sets (design §6): listed petitions and their signature counts.

Listed on the open data page beside the platforms' (qogam/views.py); portal/opendata.py
streams them. Nothing about authors or signers is published.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from petitions.models import DailySignatureCount, Petition, RegionSignatureCount
from portal import opendata
from portal.opendata import Dataset

PETITION_FIELDS = (
    "id", "title", "status", "addressee_id", "addressee_name_kk", "addressee_name_ru",
    "addressee_name_en", "category_slug", "region_code", "threshold", "signature_count",
    "created_at", "published_at", "opened_at", "deadline", "threshold_reached_at", "answered_at",
    "answered_on_time",
)  # fmt: skip


def _listed_petitions():
    return Petition.objects.listed()


def _petition_rows():
    petitions = _listed_petitions().order_by("pk").values(
        "id", "title", "status", "addressee_id", "threshold", "signature_count", "created_at",
        "published_at", "opened_at", "deadline", "threshold_reached_at", "answered_at",
        "consideration_deadline", category_slug=F("category__slug"),
        region_code=F("region__code"), **opendata.names("addressee", "addressee"),
    )  # fmt: skip
    for row in opendata.read(petitions):
        # The model's own rule, on an unsaved petition holding just the two dates.
        row["answered_on_time"] = Petition(
            answered_at=row["answered_at"], consideration_deadline=row["consideration_deadline"]
        ).answered_on_time
        yield row


def _region_counts():
    return RegionSignatureCount.objects.filter(petition__status__in=Petition.LISTED)


def _region_count_rows():
    counts = (
        _region_counts()
        .order_by("petition_id", "region__code")
        .values("petition_id", "count", region_code=F("region__code"))
    )
    return opendata.read(counts)


def _daily_counts():
    return DailySignatureCount.objects.filter(petition__status__in=Petition.LISTED)


def _daily_count_rows():
    counts = _daily_counts().order_by("petition_id", "day").values("petition_id", "day", "count")
    return opendata.read(counts)


DATASETS = [
    Dataset(
        slug="petitions",
        title=_("Petitions"),
        description=_(
            "Every petition open to the public: its addressee, category, region, status, "
            "threshold, signature count and the date of each step. Drafts, petitions in "
            "moderation and hidden ones are not included, nor anything about authors."
        ),
        fields=PETITION_FIELDS,
        source=_listed_petitions,
        rows=_petition_rows,
    ),
    Dataset(
        slug="signatures-by-region",
        title=_("Signatures by region"),
        description=_(
            "The valid signatures on each public petition, counted by the signers' region "
            "(ISO 3166-2 code)."
        ),
        fields=("petition_id", "region_code", "count"),
        source=_region_counts,
        rows=_region_count_rows,
    ),
    Dataset(
        slug="signatures-by-day",
        title=_("Signatures by day"),
        description=_(
            "The valid signatures each public petition gathered on each day (Kazakhstan time)."
        ),
        fields=("petition_id", "day", "count"),
        source=_daily_counts,
        rows=_daily_count_rows,
    ),
]
