"""Open data (design §6): the portal's public records as CSV and JSON downloads.

Every dataset is a `.values()` query read with `.iterator()`, written row by row into a
StreamingHttpResponse, so a national-scale download never holds all its rows in memory.
Only the fields named in a dataset are written: never an email, an IIN or its hash, a
signer key, a member's or a signer's name, or a meeting's online link.
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    F,
    Func,
    JSONField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.models import DailySignatureCount, Petition, RegionSignatureCount
from platforms.models import (
    AgendaItem,
    Meeting,
    Organization,
    Platform,
    PlatformMembership,
    Recommendation,
)

CHUNK_SIZE = 2000
# Rows per chunk written to the network: fewer, larger writes than one per row.
ROWS_PER_WRITE = 200
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
NAMES = ("name_kk", "name_ru", "name_en")


@dataclass(frozen=True)
class Dataset:
    """One downloadable table: its name, what it holds, its fields and where its rows are."""

    slug: str
    title: str
    description: str
    fields: tuple[str, ...]
    # The published rows, for counting on the page.
    source: Callable[[], QuerySet]
    # Each published row as a dict holding (at least) the fields.
    rows: Callable[[], Iterator[dict]]


def _names(prefix, relation):
    """The three language columns of a related body's name, e.g. addressee_name_kk."""
    return {f"{prefix}_{name}": F(f"{relation}__{name}") for name in NAMES}


# Petitions and their signatures

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
        region_code=F("region__code"), **_names("addressee", "addressee"),
    )  # fmt: skip
    for row in petitions.iterator(chunk_size=CHUNK_SIZE):
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
    return counts.iterator(chunk_size=CHUNK_SIZE)


def _daily_counts():
    return DailySignatureCount.objects.filter(petition__status__in=Petition.LISTED)


def _daily_count_rows():
    counts = _daily_counts().order_by("petition_id", "day").values("petition_id", "day", "count")
    return counts.iterator(chunk_size=CHUNK_SIZE)


# Platforms and their composition

ROLES = [role.value for role in PlatformMembership.Role]
PLATFORM_FIELDS = (
    "slug", "kind", *NAMES, "sphere", "host_id", "host_name_kk", "host_name_ru", "host_name_en",
    "status", "term_start", "term_end", "membership_policy", "members",
    *(f"members_{role}" for role in ROLES), "civil_society_share",
)  # fmt: skip


def _platforms():
    return Platform.objects.all()


def _platform_rows():
    approved = Q(memberships__status=PlatformMembership.Status.APPROVED)
    counts = {"members": Count("memberships", filter=approved)}
    for role in ROLES:
        counts[f"members_{role}"] = Count(
            "memberships", filter=approved & Q(memberships__role=role)
        )
    platforms = _platforms().annotate(**counts).order_by("pk").values(
        "slug", "kind", *NAMES, "sphere", "host_id", "status", "term_start", "term_end",
        "membership_policy", *counts, **_names("host", "host"),
    )  # fmt: skip
    state_officials = f"members_{PlatformMembership.Role.STATE_OFFICIAL.value}"
    for row in platforms.iterator(chunk_size=CHUNK_SIZE):
        civil = row["members"] - row[state_officials]
        row["civil_society_share"] = round(civil / row["members"], 4) if row["members"] else None
        yield row


# Meetings

MEETING_FIELDS = (
    "id", "platform_slug", "title", "starts_at", "format", "place", "agenda",
    "registration_count", "attendance_count", "minutes_published",
)  # fmt: skip


class JSONGroupArray(Aggregate):
    """SQLite's JSON_GROUP_ARRAY: the group's values as one JSON list."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()


def _agenda():
    """A meeting's agenda items in one correlated subquery (read with _agenda_titles)."""
    items = AgendaItem.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
    if connection.vendor == "postgresql":
        agenda = ArrayAgg("title", order_by=("position", "pk"))
    else:
        # The development database: SQLite before 3.44 cannot order inside an aggregate,
        # so it gives [position, title] pairs for Python to put in order.
        pair = Func("position", "title", function="JSON_ARRAY", output_field=TextField())
        agenda = JSONGroupArray(pair)
    return Subquery(items.annotate(agenda=agenda).values("agenda"))


def _agenda_titles(agenda):
    """The agenda item titles in order, from either database's form of _agenda."""
    if connection.vendor == "postgresql":
        return agenda or []
    return [title for _position, title in sorted(agenda or [])]


def _meetings():
    return Meeting.objects.all()


def _meeting_rows():
    attended = Q(meetingregistration__attended=True)
    meetings = _meetings().annotate(
        registration_count=Count("meetingregistration"),
        attendance_count=Count("meetingregistration", filter=attended),
        agenda=_agenda(),
    ).order_by("pk").values(
        "id", "title", "starts_at", "format", "place", "agenda", "registration_count",
        "attendance_count", "minutes_published_at", platform_slug=F("platform__slug"),
    )  # fmt: skip
    for row in meetings.iterator(chunk_size=CHUNK_SIZE):
        row["agenda"] = _agenda_titles(row["agenda"])
        row["minutes_published"] = row["minutes_published_at"] is not None
        yield row


# Recommendations

RECOMMENDATION_FIELDS = (
    "id", "platform_slug", "meeting_id", "text", "addressee_id", "addressee_name_kk",
    "addressee_name_ru", "addressee_name_en", "status", "due_date", "overdue",
    "last_answer_date",
)  # fmt: skip


def _recommendations():
    return Recommendation.objects.all()


def _recommendation_rows():
    recommendations = _recommendations().annotate(
        last_answer_date=Max("changes__answered_on")
    ).order_by("pk").values(
        "id", "meeting_id", "text", "addressee_id", "status", "due_date", "last_answer_date",
        platform_slug=F("platform__slug"), **_names("addressee", "addressee"),
    )  # fmt: skip
    for row in recommendations.iterator(chunk_size=CHUNK_SIZE):
        # The model's own rule, on an unsaved recommendation holding its status and date.
        row["overdue"] = Recommendation(status=row["status"], due_date=row["due_date"]).is_overdue
        yield row


# NGOs

ORGANIZATION_FIELDS = (
    "id", *NAMES, "bin", "legal_form", "region_code", "spheres", "website", "verified",
)  # fmt: skip


def _organizations():
    return Organization.objects.all()


def _organization_rows():
    organizations = _organizations().order_by("pk").values(
        "id", *NAMES, "bin", "legal_form", "spheres", "website", "verified",
        region_code=F("region__code"),
    )  # fmt: skip
    return organizations.iterator(chunk_size=CHUNK_SIZE)


DATASETS = {
    dataset.slug: dataset
    for dataset in [
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
        Dataset(
            slug="platforms",
            title=_("Platforms and councils"),
            description=_(
                "Dialogue platforms and public councils: host, sphere, status, term, how "
                "members join, approved members by role and the civil-society share of seats."
            ),
            fields=PLATFORM_FIELDS,
            source=_platforms,
            rows=_platform_rows,
        ),
        Dataset(
            slug="meetings",
            title=_("Meetings"),
            description=_(
                "Meetings of the platforms: when and where, the agenda, how many registered "
                "and attended, and whether the minutes are published. Online links and the "
                "names of participants are not included."
            ),
            fields=MEETING_FIELDS,
            source=_meetings,
            rows=_meeting_rows,
        ),
        Dataset(
            slug="recommendations",
            title=_("Recommendations"),
            description=_(
                "Recommendations of the platforms and councils: addressee, status, due date, "
                "whether it is overdue, and the date of the last answer."
            ),
            fields=RECOMMENDATION_FIELDS,
            source=_recommendations,
            rows=_recommendation_rows,
        ),
        Dataset(
            slug="organizations",
            title=_("NGOs"),
            description=_(
                "Non-governmental organisations in the directory: names, BIN, legal form, "
                "region, spheres, website and whether the BIN was verified. Members are not "
                "included."
            ),
            fields=ORGANIZATION_FIELDS,
            source=_organizations,
            rows=_organization_rows,
        ),
    ]
}


# Writing


def _plain(value):
    """A date or a time as ISO 8601 text (times in local time, with their UTC offset)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_cell(value):
    """One value as a CSV cell: empty for none, true/false, lists joined, no formulas."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written to it, for csv.writer to format one row."""

    def write(self, value):
        return value


def _csv_lines(dataset):
    writer = csv.writer(_Echo())
    # The byte order mark tells Excel the file is UTF-8, so Cyrillic opens correctly.
    yield "\ufeff" + writer.writerow(dataset.fields)
    for row in dataset.rows():
        yield writer.writerow([_csv_cell(row[field]) for field in dataset.fields])


def _json_lines(dataset):
    yield "["
    separator = ""
    for row in dataset.rows():
        values = {field: _plain(row[field]) for field in dataset.fields}
        yield separator + json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        separator = ","
    yield "]\n"


def _in_chunks(lines):
    """Join lines into larger pieces, so the server writes to the network less often."""
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= ROWS_PER_WRITE:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


FORMATS = {
    "csv": ("text/csv; charset=utf-8", _csv_lines),
    "json": ("application/json; charset=utf-8", _json_lines),
}


# Views


def open_data(request):
    """The open data page: every dataset, its fields and size, and its downloads."""
    # One count per dataset: seven queries.
    datasets = [(dataset, dataset.source().count()) for dataset in DATASETS.values()]
    return render(
        request,
        "portal/open_data.html",
        {"datasets": datasets, "formats": list(FORMATS), "today": timezone.localdate()},
    )


def open_data_download(request, dataset, format):
    """One dataset as a CSV or JSON file, streamed as it is read from the database."""
    if dataset not in DATASETS or format not in FORMATS:
        raise Http404
    content_type, lines = FORMATS[format]
    response = StreamingHttpResponse(
        _in_chunks(lines(DATASETS[dataset])), content_type=content_type
    )
    filename = f"qogam-{dataset}-{timezone.localdate().isoformat()}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
