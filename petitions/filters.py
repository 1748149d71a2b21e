"""The petition list's search, filters and orders: the page and the API read the list through
the same FilterSet, so they answer with the same rows in the same order."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.widgets import BooleanWidget

from petitions.models import Category, Petition
from portal.forms import StateBodyChoiceFilter
from portal.models import Region

SORTS = [
    ("signatures", _("most signatures")),
    ("newest", _("newest")),
    ("ending", _("ending soon")),
]
SEARCH_MAX_LENGTH = 200


class SearchedFilter(filters.FilterSet):
    """What the public list and the moderation queue share: the search and the addressee."""

    q = filters.CharFilter(
        label=_("Search"), method="_search", max_length=SEARCH_MAX_LENGTH,
        help_text="Full-text search in the title, demand and text.",
    )  # fmt: skip
    addressee = StateBodyChoiceFilter(
        label=_("Addressee"), empty_label=_("all"),
        help_text="A state body's id.",
    )  # fmt: skip

    def _search(self, queryset, name, value):
        return queryset.search(value)


class PetitionFilter(SearchedFilter):
    """The public list: listed petitions only, searched, filtered and put in one of its orders."""

    status = filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("all public"),
        choices=[(value, label) for value, label in Petition.Status.choices
                 if value in Petition.LISTED],
    )  # fmt: skip
    region = filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("all"),
        help_text="A region's id.",
    )  # fmt: skip
    category = filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("all"),
        help_text="A category's id.",
    )  # fmt: skip
    ordering = filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, empty_label=None, method="_sorted_at_the_end",
        help_text="signatures (default): most first; newest: latest published first; "
        "ending: still collecting, ending soonest first.",
    )  # fmt: skip

    class Meta:
        model = Petition
        fields = ["q", "status", "addressee", "region", "category", "ordering"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(self.narrow(queryset))
        return queryset.sorted_by(self.form.cleaned_data.get("ordering"))

    def narrow(self, queryset):
        """The petitions the list holds before any filter: those listed publicly."""
        return queryset.listed()

    def _sorted_at_the_end(self, queryset, name, value):
        return queryset


class OverdueWidget(BooleanWidget):
    """The overdue filter's choices, worded for the moderation queue."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("all")), ("true", _("overdue only")), ("false", _("on time")))


class ModerationQueueFilter(SearchedFilter):
    """The moderators' queue: petitions waiting for them or for the addressee, searched and
    filtered by step, addressee and a missed legal clock."""

    status = filters.ChoiceFilter(
        label=_("Step"), empty_label=_("all waiting"),
        choices=[(Petition.Status.IN_MODERATION, _("moderation")),
                 (Petition.Status.UNDER_CONSIDERATION, _("state body's response"))],
        help_text="in_moderation: the moderators' clock; under_consideration: the addressee's.",
    )  # fmt: skip
    overdue = filters.BooleanFilter(
        label=_("Legal deadline"), widget=OverdueWidget, help_text="true: its legal clock ran out."
    )

    class Meta:
        model = Petition
        fields = ["q", "status", "addressee", "overdue"]

    def filter_queryset(self, queryset):
        waiting = [Petition.Status.IN_MODERATION, Petition.Status.UNDER_CONSIDERATION]
        return super().filter_queryset(queryset.filter(status__in=waiting))
