"""The petition page's charts, drawn from the per-day and per-region counts."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from petitions.models import DailySignatureCount, RegionSignatureCount
from portal.charts import bar_chart, horizontal_bar_chart


def petition_charts(petition):
    """Signatures per day and by region, as accessible SVG charts (two queries)."""
    if not petition.signature_count:
        return []
    days = DailySignatureCount.objects.filter(petition=petition).order_by("day")
    regions = (
        RegionSignatureCount.objects.filter(petition=petition, count__gt=0)
        .select_related("region")
        .order_by("-count", "region__code")
    )
    return [
        bar_chart(
            [(date_format(day.day, "d.m"), day.count) for day in days],
            title=_("Signatures per day"),
        ),
        horizontal_bar_chart(
            [(row.region.name, row.count) for row in regions], title=_("Signatures by region")
        ),
    ]
