"""The platforms' open data sets (design §6): platforms, meetings, recommendations, NGOs.

Listed on the open data page beside the petitions' (qogam/views.py); portal/opendata.py
streams them. Online links and the names of members and participants are not published.
"""

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
    Subquery,
    TextField,
)
from django.utils.translation import gettext_lazy as _

from platforms.models import (
    AgendaItem,
    Meeting,
    Organization,
    Platform,
    PlatformMembership,
    Recommendation,
)
from portal import opendata
from portal.opendata import Dataset

# Platforms and their composition

ROLES = [role.value for role in PlatformMembership.Role]
PLATFORM_FIELDS = (
    "slug", "kind", *opendata.NAMES, "sphere", "host_id", "host_name_kk", "host_name_ru",
    "host_name_en",
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
        "slug", "kind", *opendata.NAMES, "sphere", "host_id", "status", "term_start", "term_end",
        "membership_policy", *counts, **opendata.names("host", "host"),
    )  # fmt: skip
    state_officials = f"members_{PlatformMembership.Role.STATE_OFFICIAL.value}"
    for row in opendata.read(platforms):
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
    for row in opendata.read(meetings):
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
        platform_slug=F("platform__slug"), **opendata.names("addressee", "addressee"),
    )  # fmt: skip
    for row in opendata.read(recommendations):
        # The model's own rule, on an unsaved recommendation holding its status and date.
        row["overdue"] = Recommendation(status=row["status"], due_date=row["due_date"]).is_overdue
        yield row


# NGOs

ORGANIZATION_FIELDS = (
    "id", *opendata.NAMES, "bin", "legal_form", "region_code", "spheres", "website", "verified",
)  # fmt: skip


def _organizations():
    return Organization.objects.all()


def _organization_rows():
    organizations = _organizations().order_by("pk").values(
        "id", *opendata.NAMES, "bin", "legal_form", "spheres", "website", "verified",
        region_code=F("region__code"),
    )  # fmt: skip
    return opendata.read(organizations)


DATASETS = [
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
