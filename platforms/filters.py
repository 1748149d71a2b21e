"""The filters of the platforms' public lists, one FilterSet each, read by the pages and the
API alike: the NGO directory, the platform list and the recommendation tracker."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from platforms.models import Organization, Platform, Recommendation, Sphere
from portal.forms import StateBodyChoiceFilter
from portal.models import Region


class OrganizationFilter(filters.FilterSet):
    """The NGO directory: a name or the start of a BIN, region, sphere, verified ones only."""

    q = filters.CharFilter(
        label=_("Name or BIN"), method="_search", max_length=200,
        help_text="Part of a name, or the start of the BIN.",
    )  # fmt: skip
    region = filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("All regions"),
        help_text="A region's id.",
    )  # fmt: skip
    sphere = filters.ChoiceFilter(
        label=_("Sphere"), method="_sphere", choices=Sphere.choices, empty_label=_("All spheres")
    )
    verified = filters.BooleanFilter(
        label=_("Verified only"), method="_verified_only", widget=forms.CheckboxInput
    )

    class Meta:
        model = Organization
        fields = ["q", "region", "sphere", "verified"]

    def _search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name_kk__icontains=value) | Q(name_ru__icontains=value)
            | Q(name_en__icontains=value) | Q(bin__startswith=value)
        )  # fmt: skip

    def _sphere(self, queryset, name, value):
        # SQLite has no JSON containment; the quoted value matches one whole list element.
        return queryset.filter(spheres__icontains=f'"{value}"')

    def _verified_only(self, queryset, name, value):
        return queryset.filter(verified=True) if value else queryset


class PlatformFilter(filters.FilterSet):
    """The platform list: kind, sphere and status."""

    kind = filters.ChoiceFilter(label=_("Kind"), choices=Platform.Kind.choices,
                                empty_label=_("all"))  # fmt: skip
    sphere = filters.ChoiceFilter(label=_("Sphere"), choices=Sphere.choices, empty_label=_("all"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Platform.Status.choices,
                                  empty_label=_("all"))  # fmt: skip

    class Meta:
        model = Platform
        fields = ["kind", "sphere", "status"]


class RecommendationFilter(filters.FilterSet):
    """The recommendation tracker: platform, status, addressee and year."""

    platform = filters.ModelChoiceFilter(
        label=_("Platform or council"), queryset=Platform.objects.order_by("kind", "name_kk"),
        to_field_name="slug", empty_label=_("all"), help_text="A platform's slug.",
    )  # fmt: skip
    status = filters.ChoiceFilter(label=_("Status"), choices=Recommendation.Status.choices,
                                  empty_label=_("all"))  # fmt: skip
    addressee = StateBodyChoiceFilter(
        label=_("Addressee"), empty_label=_("all"),
        help_text="A state body's id.",
    )  # fmt: skip
    year = filters.NumberFilter(
        label=_("Year"), field_name="created_at", lookup_expr="year",
        help_text="The year it was recorded.", min_value=2000, max_value=2100, decimal_places=0,
    )  # fmt: skip

    class Meta:
        model = Recommendation
        fields = ["platform", "status", "addressee", "year"]


def invalid_labels(filterset):
    """The labels of the filters whose values are not valid (the valid ones still apply)."""
    return [filterset.form[name].label for name in filterset.errors]
