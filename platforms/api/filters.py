"""The platforms API's filters: the pages' FilterSets (platforms/filters.py), with API extras."""

from django.utils import timezone
from django_filters import rest_framework as filters

from platforms.filters import OrganizationFilter, PlatformFilter, RecommendationFilter
from platforms.models import Meeting, Organization, OrganizationMember, Platform, PlatformMembership
from portal.api import InstantFilter
from portal.models import StateBody

# Filters


class PlatformAPIFilter(PlatformFilter):
    """The platform list as the page has it, plus how members join and the host."""

    membership_policy = filters.ChoiceFilter(choices=Platform.Policy.choices)
    host = filters.ModelChoiceFilter(queryset=StateBody.objects.all(),
                                     help_text="A state body's id.")  # fmt: skip

    class Meta(PlatformFilter.Meta):
        fields = [*PlatformFilter.Meta.fields, "membership_policy", "host"]


class PlatformMembershipFilter(filters.FilterSet):
    platform = filters.CharFilter(field_name="platform__slug", help_text="A platform's slug.")
    status = filters.ChoiceFilter(choices=PlatformMembership.Status.choices)
    role = filters.ChoiceFilter(choices=PlatformMembership.Role.choices)

    class Meta:
        model = PlatformMembership
        fields = ["platform", "status", "role"]


class MeetingFilter(filters.FilterSet):
    platform = filters.CharFilter(field_name="platform__slug", help_text="A platform's slug.")
    format = filters.ChoiceFilter(choices=Meeting.Format.choices)
    starts_after = InstantFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = InstantFilter(field_name="starts_at", lookup_expr="lt")
    upcoming = filters.BooleanFilter(method="_upcoming",
                                     help_text="true: not yet begun; false: begun.")  # fmt: skip

    class Meta:
        model = Meeting
        fields = ["platform", "format", "starts_after", "starts_before", "upcoming"]

    def _upcoming(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(starts_at__gt=now) if value else queryset.filter(starts_at__lte=now)


class RecommendationAPIFilter(RecommendationFilter):
    """The tracker as the page has it, plus the dates it was recorded between."""

    created_after = filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta(RecommendationFilter.Meta):
        fields = [*RecommendationFilter.Meta.fields, "created_after", "created_before"]


class OrganizationAPIFilter(OrganizationFilter):
    """The directory as the page has it, plus the legal form; `verified` is true or false."""

    legal_form = filters.ChoiceFilter(choices=Organization.LegalForm.choices)
    verified = filters.BooleanFilter()

    class Meta(OrganizationFilter.Meta):
        fields = [*OrganizationFilter.Meta.fields, "legal_form"]


class MyMembershipFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=PlatformMembership.Status.choices)

    class Meta:
        model = PlatformMembership
        fields = ["status"]


class MyOrganizationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=OrganizationMember.Status.choices)

    class Meta:
        model = OrganizationMember
        fields = ["status"]
