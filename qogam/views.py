"""The site's own pages, which gather the apps: the front page, the open data page and a state
body's workspace."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from petitions import opendata as petitions_opendata
from petitions import workspace as petitions_workspace
from petitions.models import Petition
from platforms import opendata as platforms_opendata
from platforms import workspace as platforms_workspace
from platforms.models import Organization
from portal import opendata, pagecache
from portal.models import StateBody
from portal.pagecache import cached_for_visitors


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
    for dataset in [*petitions_opendata.DATASETS, *platforms_opendata.DATASETS]
}


def open_data(request):
    """The open data page: every dataset, its fields and size, and its downloads."""
    # One count per dataset: seven queries.
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
