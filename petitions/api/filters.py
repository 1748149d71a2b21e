"""The petitions API's filters: the pages' FilterSets (petitions/filters.py), with API extras."""

from django.db.models import Q
from django_filters import rest_framework as filters
from rest_framework import exceptions

from petitions.filters import PetitionFilter
from petitions.models import GroundVersion, Petition, PetitionEvent, Signature
from portal.api import InstantFilter

# Filters


class PetitionAPIFilter(PetitionFilter):
    """The public list as the pages have it, plus the caller's own petitions and dates."""

    status = filters.ChoiceFilter(choices=Petition.Status.choices)
    published_after = filters.DateFilter(field_name="published_at", lookup_expr="date__gte")
    published_before = filters.DateFilter(field_name="published_at", lookup_expr="date__lte")
    mine = filters.BooleanFilter(
        method="_narrowed_first",
        help_text="true: the caller's own petitions, in every state (drafts too); needs "
        "sign-in. Otherwise the list holds the publicly listed petitions only.",
    )

    class Meta(PetitionFilter.Meta):
        fields = [*PetitionFilter.Meta.fields, "published_after", "published_before", "mine"]

    def narrow(self, queryset):
        if not self.form.cleaned_data.get("mine"):
            return super().narrow(queryset)
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return queryset.filter(author=self.request.user)

    def _narrowed_first(self, queryset, name, value):
        return queryset


class PetitionEventFilter(filters.FilterSet):
    action = filters.CharFilter(help_text="created, submitted, published, opened, rejected, …")
    since = InstantFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = PetitionEvent
        fields = ["action", "since"]


class RejectionReasonFilter(filters.FilterSet):
    legal_basis = filters.CharFilter(
        method="filter_legal_basis", help_text="The legal basis, as written in any language."
    )
    date = filters.DateFilter(
        method="filter_date", help_text="The versions in force on this day (default: today)."
    )
    code = filters.CharFilter(field_name="ground__code", help_text="A ground's code.")

    class Meta:
        model = GroundVersion
        fields = ["legal_basis", "date", "code"]

    def filter_date(self, queryset, name, value):
        return queryset.in_force(value)

    def filter_legal_basis(self, queryset, name, value):
        return queryset.filter(
            Q(legal_basis_kk=value) | Q(legal_basis_ru=value) | Q(legal_basis_en=value)
        )


class MyPetitionFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Petition.Status.choices)

    class Meta:
        model = Petition
        fields = ["status"]


class MySignatureFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=[(value, label) for value, label in Signature.Status.choices
                 if value != Signature.Status.WITHDRAWN]
    )  # fmt: skip

    class Meta:
        model = Signature
        fields = ["status"]
