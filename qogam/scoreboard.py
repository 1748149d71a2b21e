"""The "Hearing State" scoreboard (design §4.7), composed from the two apps' figures.

petitions/scoreboard.py counts the petitions each state body received and answered,
platforms/scoreboard.py the recommendations and the platforms' composition and attendance.
This module joins them by state body, rolls them up by region, and sorts the tables; the page,
the API and the open data read the same rows. Seven queries whatever the data's size.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from petitions import scoreboard as petitions_scoreboard
from platforms import scoreboard as platforms_scoreboard
from platforms.models import Platform
from portal.models import Region, StateBody
from portal.opendata import Dataset


@dataclass
class Row:
    """One line of the scoreboard: a state body or a region, and its figures."""

    key: str
    name: str
    petitions: petitions_scoreboard.PetitionFigures
    recommendations: platforms_scoreboard.RecommendationFigures
    # The body's answers as an Atom feed, and its page (none for a region).
    feed: str = ""
    url: str = ""
    # A region's platforms and councils together (by their host body's region).
    councils: platforms_scoreboard.PlatformFigures | None = None

    def as_dict(self):
        """The line as plain values, the same for the API and the open data."""
        petitions, recommendations = self.petitions, self.recommendations
        return {
            "petitions_received": petitions.received,
            "petitions_answered_on_time": petitions.answered_on_time,
            "petitions_answered_late": petitions.answered_late,
            "petitions_overdue": petitions.overdue,
            "median_working_days_to_answer": petitions.median_days,
            "recommendations_received": recommendations.received,
            "recommendations_implemented": recommendations.implemented,
            "recommendations_overdue": recommendations.overdue,
        }


# The columns a table may be sorted by, each with what it reads from a row.
ROW_SORTS = {
    "name": lambda row: row.name.casefold(),
    "received": lambda row: row.petitions.received,
    "on_time": lambda row: row.petitions.answered_on_time,
    "late": lambda row: row.petitions.answered_late,
    "overdue": lambda row: row.petitions.overdue,
    "median": lambda row: row.petitions.median_days,
    "recommendations": lambda row: row.recommendations.received,
    "implemented": lambda row: row.recommendations.implemented,
    "recommendations_overdue": lambda row: row.recommendations.overdue,
}
PLATFORM_SORTS = {
    "name": lambda row: row.platform.name.casefold(),
    "members": lambda row: row.members,
    "share": lambda row: row.civil_society_share,
    "attendance": lambda row: row.attendance,
}
REGION_PLATFORM_SORTS = {
    "name": lambda row: row.name.casefold(),
    "platforms": lambda row: row.councils.platforms,
    "members": lambda row: row.councils.members,
    "share": lambda row: row.councils.civil_society_share,
    "attendance": lambda row: row.councils.attendance,
}
# A region for the central bodies, which serve the whole country.
CENTRAL = "central"
CENTRAL_NAME = _("Central state bodies")


def sort_rows(rows, sorts, sort):
    """The rows sorted by a column (`-` first for descending); empty figures always last."""
    descending = sort.startswith("-")
    key = sorts[sort.removeprefix("-")]
    present = [row for row in rows if key(row) is not None]
    absent = [row for row in rows if key(row) is None]
    return sorted(present, key=key, reverse=descending) + absent


@dataclass
class Scoreboard:
    """The three tables: state bodies, regions, platforms and councils."""

    bodies: list[Row]
    regions: list[Row]
    platforms: list[platforms_scoreboard.PlatformFigures]


def body_row(body):
    """One state body's line of the scoreboard, counted for it alone (three queries)."""
    petitions = petitions_scoreboard.petition_figures(addressee=body)
    recommendations = platforms_scoreboard.recommendation_figures(addressee=body)
    return Row(
        key=body.slug, name=body.name,
        petitions=petitions.get(body.pk, petitions_scoreboard.PetitionFigures()),
        recommendations=recommendations.get(
            body.pk, platforms_scoreboard.RecommendationFigures()
        ),
        feed=reverse("body_answers_feed", args=[body.slug]), url=body.get_absolute_url(),
    )  # fmt: skip


def scoreboard():
    """Every state body's and region's figures and every platform's (seven queries)."""
    petitions = petitions_scoreboard.petition_figures()
    recommendations = platforms_scoreboard.recommendation_figures()
    empty_petitions = petitions_scoreboard.PetitionFigures()
    empty_recommendations = platforms_scoreboard.RecommendationFigures()
    bodies, by_region = [], {}
    for body in StateBody.objects.all():
        row = Row(
            key=body.slug,
            name=body.name,
            petitions=petitions.get(body.pk, empty_petitions),
            recommendations=recommendations.get(body.pk, empty_recommendations),
            feed=reverse("body_answers_feed", args=[body.slug]),
            url=body.get_absolute_url(),
        )
        bodies.append(row)
        by_region.setdefault(body.region_id, []).append(row)
    platforms = platforms_scoreboard.platform_figures()
    councils = {}
    for figures in platforms:
        councils.setdefault(figures.platform.host.region_id, []).append(figures)
    regions = [_region_row(CENTRAL, str(CENTRAL_NAME), by_region, councils, None)]
    for region in Region.objects.all():
        regions.append(_region_row(region.code, region.name, by_region, councils, region.pk))
    return Scoreboard(bodies=bodies, regions=regions, platforms=platforms)


def _region_row(key, name, by_region, councils, region_id):
    rows = by_region.get(region_id, [])
    return Row(
        key=key,
        name=name,
        petitions=petitions_scoreboard.total(row.petitions for row in rows),
        recommendations=platforms_scoreboard.total(row.recommendations for row in rows),
        councils=platforms_scoreboard.total_platforms(councils.get(region_id, [])),
    )


def councils_dict(figures):
    """A region's platforms together as plain values, for the API and the open data."""
    share, attendance = figures.civil_society_share, figures.attendance
    return {
        "platforms": figures.platforms,
        "platform_members": figures.members,
        "civil_society_share": None if share is None else round(share, 4),
        "attendance": None if attendance is None else round(attendance, 4),
    }


def platform_dict(figures):
    """A platform's line as plain values, the same for the API and the open data."""
    share, attendance = figures.civil_society_share, figures.attendance
    return {
        "slug": figures.platform.slug,
        "kind": figures.platform.kind,
        "host": figures.platform.host.slug,
        "members": figures.members,
        "civil_society_members": figures.civil_society,
        "civil_society_share": None if share is None else round(share, 4),
        "meets_two_thirds_goal": figures.meets_goal,
        "registrations_recorded": figures.registered,
        "attended": figures.attended,
        "attendance": None if attendance is None else round(attendance, 4),
    }


# Open data: the same three tables as the page (listed on the open data page).

ROW_FIELDS = (
    "petitions_received", "petitions_answered_on_time", "petitions_answered_late",
    "petitions_overdue", "median_working_days_to_answer", "recommendations_received",
    "recommendations_implemented", "recommendations_overdue",
)  # fmt: skip


def _body_rows():
    for row in scoreboard().bodies:
        yield {"state_body": row.key, **row.as_dict()}


def _region_rows():
    # The central bodies are no region: each is a line of the state bodies' table.
    for row in scoreboard().regions:
        if row.key != CENTRAL:
            yield {"region": row.key, **row.as_dict(), **councils_dict(row.councils)}


def _platform_rows():
    for figures in scoreboard().platforms:
        yield platform_dict(figures)


DATASETS = [
    Dataset(
        slug="hearing-state-bodies",
        title=_("Hearing State: state bodies"),
        description=_(
            "For every state body (by its short name): petitions it received, answered on time, "
            "answered late and overdue now, the median working days it took to answer, and "
            "the recommendations it received, implemented and left overdue."
        ),
        fields=("state_body", *ROW_FIELDS),
        source=StateBody.objects.all,
        rows=_body_rows,
    ),
    Dataset(
        slug="hearing-state-regions",
        title=_("Hearing State: regions"),
        description=_(
            "The same figures for the state bodies of each region together (by its ISO "
            "3166-2 code), with the civil-society share and attendance of the platforms and "
            "councils its bodies host; the central bodies are each in the state bodies' table."
        ),
        fields=(
            "region",
            *ROW_FIELDS,
            "platforms",
            "platform_members",
            "civil_society_share",
            "attendance",
        ),  # fmt: skip
        source=Region.objects.all,
        rows=_region_rows,
    ),
    Dataset(
        slug="hearing-state-platforms",
        title=_("Hearing State: platforms and councils"),
        description=_(
            "For every platform and council: its members, the civil-society share against the "
            "two-thirds goal, and how many of those registered for its meetings attended."
        ),
        fields=(
            "slug",
            "kind",
            "host",
            "members",
            "civil_society_members",
            "civil_society_share",
            "meets_two_thirds_goal",
            "registrations_recorded",
            "attended",
            "attendance",
        ),  # fmt: skip
        source=Platform.objects.all,
        rows=_platform_rows,
    ),
]
