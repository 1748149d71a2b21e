"""The site's own pages, which gather the apps: the front page, the "Hearing State"
scoreboard, the open data page and a state body's workspace."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petitions import opendata as petitions_opendata
from petitions import workspace as petitions_workspace
from petitions.models import Petition
from platforms import opendata as platforms_opendata
from platforms import workspace as platforms_workspace
from platforms.models import Organization, Recommendation
from portal import charts, opendata, pagecache
from portal.models import StateBody
from portal.pagecache import cached_for_visitors
from qogam import scoreboard as hearing_state


@cached_for_visitors("petitions", "platforms")
def home(request):
    """The front page: live figures and the open petitions nearest their threshold."""
    listed = Petition.objects.listed()
    near_threshold = (
        listed.filter(status=Petition.Status.OPEN)
        .with_list_data()
        .order_by((Cast("signature_count", FloatField()) / F("threshold")).desc(), "-pk")[:5]
    )
    return render(
        request, "portal/home.html", {"figures": _figures(), "near_threshold": near_threshold}
    )


FIGURES_SECONDS = 60


def _figures():
    """The front page's totals: they read every listed petition, so they are kept for a minute
    (a new version of the petitions or platforms recomputes them at once, see pagecache)."""

    def count():
        return {
            **Petition.objects.listed().aggregate(
                petitions=Count("pk"),
                signatures=Coalesce(Sum("signature_count"), 0),
                answered=Count("pk", filter=Q(status=Petition.Status.ANSWERED)),
            ),
            "organizations": Organization.objects.filter(verified=True).count(),
            "state_bodies": StateBody.objects.count(),
        }

    if not settings.PAGE_CACHE_SECONDS:
        return count()
    key = f"home:figures:{pagecache.versions('petitions', 'platforms')}"
    return cache.get_or_set(key, count, FIGURES_SECONDS)


# Open data: each app's datasets, in the order the page lists them.
DATASETS = {
    dataset.slug: dataset
    for dataset in [
        *petitions_opendata.DATASETS,
        *platforms_opendata.DATASETS,
        *hearing_state.DATASETS,
    ]
}


def open_data(request):
    """The open data page: every dataset, its fields and size, and its downloads."""
    # One count per dataset: ten queries.
    datasets = [(dataset, dataset.source().count()) for dataset in DATASETS.values()]
    return render(
        request,
        "portal/open_data.html",
        {"datasets": datasets, "formats": list(opendata.FORMATS), "today": timezone.localdate()},
    )


def open_data_download(request, dataset, format):
    """One dataset as a CSV or JSON file, streamed as it is read from the database."""
    if dataset not in DATASETS or format not in opendata.FORMATS:
        raise Http404
    return opendata.download(DATASETS[dataset], format)


# Each list on a state body's page: its latest few, and a link to the rest.
BODY_PAGE_ROWS = 10


@cached_for_visitors("petitions", "platforms")
def state_body_page(request, slug):
    """A state body's public page: its scoreboard figures, the petitions addressed to it, its
    latest answers and the recommendations sent to it; a signed-in person may follow it.
    Eight queries for a visitor whatever the data's size."""
    body = get_object_or_404(StateBody.objects.select_related("region"), slug=slug)
    petitions = Petition.objects.listed().filter(addressee=body).with_list_data()
    context = {
        "body": body,
        "row": hearing_state.body_row(body),
        "petitions": petitions.order_by(F("published_at").desc(nulls_last=True), "-pk")[
            :BODY_PAGE_ROWS
        ],
        "answers": petitions.filter(status=Petition.Status.ANSWERED).order_by(
            "-answered_at", "-pk"
        )[:BODY_PAGE_ROWS],
        "recommendations": Recommendation.objects.for_tracker()
        .filter(addressee=body)
        .exclude(status=Recommendation.Status.PROPOSED)
        .order_by("-created_at", "-pk")[:BODY_PAGE_ROWS],
        "can_open_workspace": request.user.has_perm("portal.open_workspace", body),
    }
    return render(request, "portal/state_body.html", context)


@login_required
def state_body_workspace(request, slug):
    """A state body's workspace: the petitions and recommendations addressed to it, and the
    forms of its steps, for its officials and the petition moderators acting on its behalf."""
    body = get_object_or_404(StateBody, slug=slug)
    if not request.user.has_perm("portal.open_workspace", body):
        raise PermissionDenied
    sections = [
        petitions_workspace.section(body, request.user),
        platforms_workspace.section(body, request.user),
    ]
    officials = body.officials.current().select_related("user").order_by("appointed_at", "pk")
    return render(
        request,
        "portal/workspace.html",
        {"body": body, "sections": sections, "officials": officials},
    )


# The "Hearing State" scoreboard

# Each table's sort parameter, its sortable columns (with their headings) and its default.
ROW_COLUMNS = [
    ("name", None), ("received", gettext_lazy("Petitions received")),
    ("on_time", gettext_lazy("Answered on time")), ("late", gettext_lazy("Answered late")),
    ("overdue", gettext_lazy("Overdue now")),
    ("median", gettext_lazy("Median working days to answer")),
    ("recommendations", gettext_lazy("Recommendations received")),
    ("implemented", gettext_lazy("Implemented")),
    ("recommendations_overdue", gettext_lazy("Recommendations overdue")),
]  # fmt: skip
PLATFORM_COLUMNS = [
    ("name", gettext_lazy("Platform or council")), ("members", gettext_lazy("Members")),
    ("share", gettext_lazy("Civil-society share")),
    ("attendance", gettext_lazy("Meeting attendance")),
]  # fmt: skip
REGION_PLATFORM_COLUMNS = [
    ("name", None), ("platforms", gettext_lazy("Platforms and councils")),
    ("members", gettext_lazy("Members")), ("share", gettext_lazy("Civil-society share")),
    ("attendance", gettext_lazy("Meeting attendance")),
]  # fmt: skip
# Bars in a chart: a phone shows a dozen lines legibly.
CHART_ROWS = 10
BODIES_PER_PAGE = 50


def _columns(request, parameter, columns, current, first_label):
    """Each column's heading, its sort link (reversing the current order) and aria-sort."""
    headings = []
    for key, label in columns:
        descending = current == f"-{key}"
        ascending = current == key
        # A second click reverses; numbers sort largest first, names from A.
        target = key if descending or (not ascending and key == "name") else f"-{key}"
        query = request.GET.copy()
        query[parameter] = target
        headings.append({
            "label": label or first_label,
            "href": "?" + query.urlencode() + f"#{parameter}",
            "sort": "descending" if descending else "ascending" if ascending else None,
        })  # fmt: skip
    return headings


def _sort_parameter(request, parameter, sorts, default):
    value = request.GET.get(parameter, default)
    return value if value.removeprefix("-") in sorts else default


@cached_for_visitors("petitions", "platforms")
def hearing_state_page(request):
    """The public scoreboard: every state body, region and platform, sortable, with charts."""
    board = hearing_state.scoreboard()
    bodies_sort = _sort_parameter(request, "bodies", hearing_state.ROW_SORTS, "-received")
    regions_sort = _sort_parameter(request, "regions", hearing_state.ROW_SORTS, "name")
    platforms_sort = _sort_parameter(request, "platforms", hearing_state.PLATFORM_SORTS, "name")
    councils_sort = _sort_parameter(
        request, "councils", hearing_state.REGION_PLATFORM_SORTS, "name"
    )
    bodies = hearing_state.sort_rows(board.bodies, hearing_state.ROW_SORTS, bodies_sort)
    received = sorted(board.bodies, key=lambda row: -row.petitions.received)[:CHART_ROWS]
    shares = [row for row in board.platforms if row.civil_society_share is not None]
    # 478 bodies on one page made it too heavy for a phone: a page of them at a time, in the
    # chosen order (all of them are in the open data).
    bodies_page = Paginator(bodies, BODIES_PER_PAGE).get_page(request.GET.get("bodies_page"))
    figures = {
        "bodies": bodies,
        "bodies_page": bodies_page,
        "regions": hearing_state.sort_rows(board.regions, hearing_state.ROW_SORTS, regions_sort),
        "platforms": hearing_state.sort_rows(
            board.platforms, hearing_state.PLATFORM_SORTS, platforms_sort
        ),
        "body_columns": _columns(request, "bodies", ROW_COLUMNS, bodies_sort, _("State body")),
        "region_columns": _columns(request, "regions", ROW_COLUMNS, regions_sort, _("Region")),
        "platform_columns": _columns(request, "platforms", PLATFORM_COLUMNS, platforms_sort, ""),
        "councils": hearing_state.sort_rows(
            board.regions, hearing_state.REGION_PLATFORM_SORTS, councils_sort
        ),
        "council_columns": _columns(
            request, "councils", REGION_PLATFORM_COLUMNS, councils_sort, _("Region")
        ),
        "charts": [
            charts.horizontal_bar_chart(
                [(row.name, row.petitions.received) for row in received if row.petitions.received],
                title=_("Petitions received, the ten state bodies with most"),
            ),
            charts.horizontal_bar_chart(
                [
                    (row.platform.name, row.share_percent)
                    for row in sorted(shares, key=lambda row: row.civil_society_share)
                ][:CHART_ROWS],
                title=_("Civil-society share of members, in per cent, the ten lowest"),
            ),
        ],
        "datasets": hearing_state.DATASETS,
        "formats": list(opendata.FORMATS),
    }
    return render(request, "portal/hearing_state.html", figures)
