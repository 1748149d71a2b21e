"""The platforms API (design §6): platforms and councils with their composition, seats,
meetings, recommendations and NGOs.

Changes go through platforms/services.py and permissions through platforms/rules.py.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from platforms import services
from platforms.filters import OrganizationFilter, PlatformFilter, RecommendationFilter
from platforms.models import (
    GOAL,
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationMember,
    Platform,
    PlatformMembership,
    Proposal,
    Recommendation,
    Sphere,
)
from platforms.rules import prime_platform_roles
from portal.api import (
    InstantFilter,
    PlainTextField,
    ReadOnlyViewSet,
    RegionRefSerializer,
    StateBodyRefSerializer,
    URIField,
    ViewSet,
    as_uri,
    require_signed_in,
    require_step,
)
from portal.forms import clean_plain_text
from portal.models import Region, StateBody
from portal.validators import validate_bin

Role = PlatformMembership.Role

# Serializers


def _page_url(serializer, name, *args):
    url = reverse(name, args=args)
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request else url


class PlatformRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = Platform
        fields = ["id", "slug", "name"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = Organization
        fields = ["id", "name", "bin"]


class SeatsByRoleSerializer(serializers.Serializer):
    ngo_representative = serializers.IntegerField()
    expert = serializers.IntegerField()
    activist = serializers.IntegerField()
    state_official = serializers.IntegerField()


class CompositionSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Approved seats.")
    by_role = SeatsByRoleSerializer()
    civil_society = serializers.IntegerField(help_text="Seats of everyone but state officials.")
    civil_society_share = serializers.FloatField(
        allow_null=True, help_text="civil_society / total, from 0 to 1; null without seats."
    )
    goal_share = serializers.FloatField(help_text="The two-thirds goal.")
    goal_met = serializers.BooleanField()


class PlatformSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The platform's page on the portal.")
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")
    description = serializers.CharField(read_only=True, help_text="In the caller's language.")
    host = StateBodyRefSerializer(read_only=True)
    composition = serializers.SerializerMethodField()

    class Meta:
        model = Platform
        fields = [
            "id", "slug", "url", "kind", "name", "name_kk", "name_ru", "name_en",
            "description", "description_kk", "description_ru", "description_en", "sphere",
            "host", "chair", "status", "term_start", "term_end", "membership_policy",
            "composition",
        ]  # fmt: skip

    def get_url(self, platform) -> str:
        return _page_url(self, "platform_detail", platform.slug)

    @extend_schema_field(CompositionSerializer)
    def get_composition(self, platform):
        composition = platform.composition
        return {
            "total": composition.total,
            "by_role": composition.by_role,
            "civil_society": composition.civil,
            "civil_society_share": composition.share,
            "goal_share": round(float(GOAL), 4),
            "goal_met": composition.goal_met,
        }


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(source="public_name", help_text="First name and initial.")


class PlatformMembershipSerializer(serializers.ModelSerializer):
    platform = PlatformRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    applicant = ApplicantSerializer(source="user", read_only=True)

    class Meta:
        model = PlatformMembership
        fields = ["id", "platform", "organization", "applicant", "role", "status", "motivation",
                  "show_name", "applied_at", "decided_at", "decision_reason"]  # fmt: skip


class ApplicationSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=[(role, label) for role, label in Role.choices if role != Role.STATE_OFFICIAL]
    )
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), allow_null=True, required=False,
        help_text="For an NGO representative: an NGO of which the caller is an approved member.",
    )  # fmt: skip
    motivation = serializers.CharField(max_length=3000, required=False, default="",
                                       allow_blank=True)  # fmt: skip
    show_name = serializers.BooleanField(default=False)


class AppointmentSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(
            is_active=True, official_posts__isnull=False, official_posts__removed_at__isnull=True
        ).distinct(),
        help_text="The account's id: a person currently appointed to a state body.",
    )  # fmt: skip
    override_reason = serializers.CharField(
        max_length=2000, required=False, default="", allow_blank=True,
        help_text="Needed when the seat would leave civil society below two thirds of the "
        "seats (409 without it); published on the platform's page.",
    )  # fmt: skip

    def validate_override_reason(self, value):
        return clean_plain_text(value)


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, required=False, default="", allow_blank=True,
        help_text="Required when declining.",
    )  # fmt: skip


class AgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The meeting's page on the portal.")
    platform = PlatformRefSerializer(read_only=True)
    online_link = serializers.SerializerMethodField(
        help_text="Only for the platform's members and moderators; null for others."
    )
    registered = serializers.IntegerField(read_only=True, help_text="Seats taken.")
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    minutes = serializers.SerializerMethodField(help_text="Once published; null before.")

    class Meta:
        model = Meeting
        fields = ["id", "url", "platform", "title", "starts_at", "format", "place",
                  "online_link", "capacity", "registered", "agenda", "minutes",
                  "minutes_published_at"]  # fmt: skip

    def get_url(self, meeting) -> str:
        return _page_url(self, "meeting_detail", meeting.pk)

    def get_online_link(self, meeting) -> str | None:
        user = self.context["request"].user
        if not meeting.online_link or not user.has_perm("platforms.see_online_link", meeting):
            return None
        return as_uri(meeting.online_link)

    def get_minutes(self, meeting) -> str | None:
        return meeting.minutes if meeting.minutes_published_at else None


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at"]


class RecommendationChangeSerializer(serializers.Serializer):
    from_status = serializers.ChoiceField(choices=Recommendation.Status.choices, allow_blank=True)
    to_status = serializers.ChoiceField(choices=Recommendation.Status.choices)
    answer = serializers.CharField(help_text="The Ministry's answer.")
    answered_on = serializers.DateField()


class RecommendationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The recommendation's page on the portal.")
    platform = PlatformRefSerializer(read_only=True)
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    addressee = StateBodyRefSerializer(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    history = RecommendationChangeSerializer(source="changes", many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "url", "platform", "meeting", "text", "addressee", "status", "due_date",
                  "is_overdue", "created_at", "updated_at", "history"]  # fmt: skip

    def get_url(self, recommendation) -> str:
        return _page_url(self, "recommendation_detail", recommendation.pk)


class OrganizationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The NGO's page on the portal.")
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")
    region = RegionRefSerializer(read_only=True)
    spheres = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Spheres of work: " + ", ".join(Sphere.values),
    )
    member_count = serializers.IntegerField(read_only=True, help_text="Approved members.")
    website = URIField(read_only=True, allow_blank=True)

    class Meta:
        model = Organization
        fields = [
            "id", "url", "name", "name_kk", "name_ru", "name_en", "bin", "legal_form",
            "region", "spheres", "website", "description", "verified", "member_count",
        ]  # fmt: skip

    def get_url(self, organization) -> str:
        return _page_url(self, "organization_detail", organization.pk)


class MyOrganizationSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = OrganizationMember
        fields = ["id", "organization", "role", "status", "created_at", "decided_at"]


# Write serializers (the input of the write endpoints; the services check the rules)


class OrganizationWriteSerializer(serializers.Serializer):
    """An NGO as its registrant writes it, checked as the page's form checks it."""

    name_kk = serializers.CharField(max_length=255)
    name_ru = serializers.CharField(max_length=255)
    name_en = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    bin = serializers.CharField(
        max_length=32, validators=[validate_bin],
        help_text="12 digits, as in the state register of legal entities.",
    )  # fmt: skip
    legal_form = serializers.ChoiceField(choices=Organization.LegalForm.choices)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(),
                                                help_text="A region's id.")  # fmt: skip
    spheres = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list,
        max_length=len(Sphere.values), help_text="Spheres of work: " + ", ".join(Sphere.values),
    )  # fmt: skip
    website = serializers.URLField(max_length=200, required=False, default="", allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, default="",
                                        allow_blank=True)  # fmt: skip

    def validate_name_kk(self, value):
        return clean_plain_text(value)

    def validate_name_ru(self, value):
        return clean_plain_text(value)

    def validate_name_en(self, value):
        return clean_plain_text(value)

    def validate_spheres(self, value):
        unknown = [sphere for sphere in value if sphere not in Sphere.values]
        if unknown:
            raise serializers.ValidationError(f"Not a sphere of work: {unknown[0]}.")
        return list(dict.fromkeys(value))


class OrganizationMemberSerializer(serializers.ModelSerializer):
    """A member of an NGO as its representatives see them: the public name only."""

    name = serializers.CharField(source="user.public_name", read_only=True,
                                 help_text="First name and initial.")  # fmt: skip

    class Meta:
        model = OrganizationMember
        fields = ["id", "name", "role", "status", "created_at", "decided_at"]


class MeetingWriteSerializer(serializers.Serializer):
    title = PlainTextField(max_length=200)
    starts_at = serializers.DateTimeField(help_text="In the future.")
    format = serializers.ChoiceField(choices=Meeting.Format.choices)
    place = serializers.CharField(
        max_length=255, required=False, default="", allow_blank=True,
        help_text="Required for an in-person or hybrid meeting.",
    )  # fmt: skip
    online_link = serializers.URLField(
        max_length=500, required=False, default="", allow_blank=True,
        help_text="Required for an online or hybrid meeting.",
    )  # fmt: skip
    capacity = serializers.IntegerField(min_value=1, max_value=100000, required=False,
                                        allow_null=True, default=None)  # fmt: skip
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list,
        max_length=100, help_text="The agenda's items, in order.",
    )  # fmt: skip


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(max_length=50000)
    attended = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list,
        max_length=10000, help_text="Ids of the registered people who came.",
    )  # fmt: skip


class ProposalSerializer(serializers.ModelSerializer):
    platform = PlatformRefSerializer(read_only=True)
    author = ApplicantSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "platform", "author", "title", "text", "status", "decision_reason",
                  "created_at", "decided_at"]  # fmt: skip


class ProposalWriteSerializer(serializers.Serializer):
    title = PlainTextField(max_length=200)
    text = serializers.CharField(max_length=10000)


class AgendaRequestSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), help_text="An upcoming meeting of the platform."
    )


class DeclineProposalSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RecommendationWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    addressee = serializers.PrimaryKeyRelatedField(queryset=StateBody.objects.all(),
                                                   help_text="A state body's id.")  # fmt: skip
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), required=False, allow_null=True, default=None,
        help_text="A meeting of this platform.",
    )  # fmt: skip
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    answered_on = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="The date it was adopted; today if left out.",
    )  # fmt: skip


class RecommendationStatusSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Recommendation.Status.choices)
    answer = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True,
                                   help_text="Required unless the new status is sent.")  # fmt: skip
    answered_on = serializers.DateField()


class RecommendationAnswerSerializer(serializers.Serializer):
    """The addressee's answer: accepted, partially accepted or declined once sent; then in
    progress, then implemented."""

    to_status = serializers.ChoiceField(choices=[
        choice for choice in Recommendation.Status.choices
        if choice[0] not in (Recommendation.Status.PROPOSED, Recommendation.Status.SENT)
    ])  # fmt: skip
    answer = serializers.CharField(max_length=5000)
    answered_on = serializers.DateField()


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
    role = filters.ChoiceFilter(choices=Role.choices)

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


# Views


class PlatformViewSet(ReadOnlyViewSet):
    """Dialogue platforms and public councils, each with its composition."""

    serializer_class = PlatformSerializer
    filterset_class = PlatformAPIFilter
    lookup_field = "slug"
    ordering_fields = ["name_kk", "name_ru", "name_en", "kind", "created_at"]
    ordering = ["kind", "name_kk", "pk"]

    def get_queryset(self):
        return Platform.objects.with_composition()

    @extend_schema(
        request=ApplicationSerializer,
        responses={201: PlatformMembershipSerializer},
        summary="Apply for a seat on the platform",
        description="A citizen, as an expert or public activist, or as an NGO representative "
        "on behalf of an NGO of which they are an approved member. 403 when the platform "
        "takes no applications (by invitation); 409 when it is archived, the caller already "
        "sits on it or an application is pending.",
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, slug=None):
        require_signed_in(request)
        platform = get_object_or_404(Platform, slug=slug)
        serializer = ApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.apply_to_platform(
            platform=platform, user=request.user, **serializer.validated_data
        )
        return Response(
            PlatformMembershipSerializer(_memberships().get(pk=membership.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=AppointmentSerializer,
        responses={201: PlatformMembershipSerializer},
        summary="Moderators: seat a state official",
        description="The platform's moderators (403 for others), while it is active; 409 when "
        "the person already had a seat here, or when the seat would leave civil society "
        "below two thirds of the seats and no `override_reason` is given (the reason is "
        "published on the platform's page); 400 for anyone not appointed to a state body.",
    )
    @action(detail=True, methods=["post"])
    def officials(self, request, slug=None):
        platform = get_object_or_404(Platform, slug=slug)
        require_step(request, "platforms.decide_membership", platform)
        serializer = AppointmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.appoint_state_official(
            platform=platform, moderator=request.user, **serializer.validated_data
        )
        return Response(
            PlatformMembershipSerializer(_memberships().get(pk=membership.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=MeetingWriteSerializer,
        responses={201: MeetingSerializer},
        summary="Moderators: schedule a meeting",
        description="The platform's moderators (403 for others), while it is active (409 "
        "once archived); 400 for a time in the past, an in-person meeting without a place "
        "or an online one without a link. The members are told by email.",
    )
    @action(detail=True, methods=["post"])
    def meetings(self, request, slug=None):
        require_signed_in(request)
        platform = get_object_or_404(Platform, slug=slug)
        serializer = MeetingWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = services.schedule_meeting(
            platform=platform, moderator=request.user, **serializer.validated_data
        )
        return Response(_meeting_data(request, meeting), status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: ProposalSerializer(many=True)},
        summary="Moderators: the platform's proposals",
        description="Newest first; the platform's moderators only (403 for others).",
    )
    @extend_schema(
        methods=["POST"],
        request=ProposalWriteSerializer,
        responses={201: ProposalSerializer},
        summary="Members: make a proposal",
        description="The platform's approved members (403 for others), while it is active "
        "(409 once archived).",
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def proposals(self, request, slug=None):
        require_signed_in(request)
        platform = get_object_or_404(Platform, slug=slug)
        if request.method == "POST":
            serializer = ProposalWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            proposal = services.submit_proposal(
                platform=platform, user=request.user, **serializer.validated_data
            )
            return Response(
                ProposalSerializer(_proposals().get(pk=proposal.pk)).data,
                status=status.HTTP_201_CREATED,
            )
        require_step(request, "platforms.decide_proposal", platform)
        page = self.paginate_queryset(
            _proposals().filter(platform=platform).order_by("-created_at", "-pk")
        )
        return self.get_paginated_response(ProposalSerializer(page, many=True).data)

    @extend_schema(
        request=RecommendationWriteSerializer,
        responses={201: RecommendationSerializer},
        summary="Moderators: record a recommendation",
        description="The platform's moderators (403 for others); 400 for a meeting of "
        "another platform.",
    )
    @action(detail=True, methods=["post"])
    def recommendations(self, request, slug=None):
        require_signed_in(request)
        platform = get_object_or_404(Platform, slug=slug)
        serializer = RecommendationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recommendation = services.record_recommendation(
            platform=platform, moderator=request.user, **serializer.validated_data
        )
        return Response(
            _recommendation_data(request, recommendation), status=status.HTTP_201_CREATED
        )


def _proposals():
    return Proposal.objects.select_related("platform", "author")


def _meeting_data(request, meeting):
    meeting = (
        Meeting.objects.select_related("platform")
        .annotate(registered=Count("meetingregistration"))
        .prefetch_related("agenda_items")
        .get(pk=meeting.pk)
    )
    return MeetingSerializer(meeting, context={"request": request}).data


def _recommendation_data(request, recommendation):
    recommendation = (
        Recommendation.objects.for_tracker().prefetch_related("changes").get(pk=recommendation.pk)
    )
    return RecommendationSerializer(recommendation, context={"request": request}).data


def _memberships():
    return PlatformMembership.objects.select_related("platform", "organization", "user")


@extend_schema_view(
    list=extend_schema(
        summary="Platform seats and applications",
        description="The caller's own, and all those of the platforms the caller moderates.",
    ),
    retrieve=extend_schema(summary="One seat or application"),
)
class PlatformMembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ViewSet):
    serializer_class = PlatformMembershipSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PlatformMembershipFilter
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["applied_at", "decided_at"]
    ordering = ["-applied_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlatformMembership.objects.none()
        user = self.request.user
        memberships = _memberships()
        if user.is_superuser:
            return memberships
        return memberships.filter(Q(user=user) | Q(platform__in=user.moderated_platforms.all()))

    def _decide(self, request, approve):
        membership = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.decide_platform_membership(
            membership=membership, moderator=request.user, approve=approve,
            reason=serializer.validated_data["reason"],
        )  # fmt: skip
        return Response(self.get_serializer(_memberships().get(pk=membership.pk)).data)

    @extend_schema(
        request=DecisionSerializer,
        responses={200: PlatformMembershipSerializer},
        summary="Moderators: approve an application",
        description="The platform's moderators (403 for others); 409 when already decided.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, approve=True)

    @extend_schema(
        request=DecisionSerializer,
        responses={200: PlatformMembershipSerializer},
        summary="Moderators: decline an application, with a reason",
        description="The platform's moderators (403 for others); 409 when already decided.",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(request, approve=False)

    @extend_schema(
        request=None,
        responses={200: PlatformMembershipSerializer},
        summary="Leave the platform, or withdraw one's application",
    )
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        membership = self.get_object()
        services.leave_platform(membership=membership, user=request.user)
        return Response(self.get_serializer(_memberships().get(pk=membership.pk)).data)


class MeetingViewSet(ReadOnlyViewSet):
    """Meetings of platforms and councils, with their agendas and published minutes."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["starts_at"]
    ordering = ["-starts_at", "-pk"]

    def get_queryset(self):
        return (
            Meeting.objects.select_related("platform")
            .annotate(registered=Count("meetingregistration"))
            .prefetch_related("agenda_items")
        )

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:
            meetings = instance if kwargs.get("many") else [instance]
            prime_platform_roles(self.request.user, {m.platform_id for m in meetings})
        return super().get_serializer(instance, *args, **kwargs)

    @extend_schema(
        methods=["POST"],
        request=None,
        responses={201: MeetingSerializer},
        summary="Members: register for a meeting",
        description="The platform's approved members (403 for others), before the meeting; "
        "409 once it has begun, when already registered or all seats are taken.",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={204: None},
        summary="Cancel one's registration",
        description="Before the meeting; 409 when not registered for it.",
    )
    @action(detail=True, methods=["post", "delete"])
    def register(self, request, pk=None):
        require_signed_in(request)
        meeting = get_object_or_404(Meeting, pk=pk)
        if request.method == "DELETE":
            services.cancel_registration(meeting=meeting, user=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.register_for_meeting(meeting=meeting, user=request.user)
        return Response(_meeting_data(request, meeting), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=MinutesSerializer,
        responses={200: MeetingSerializer},
        summary="Moderators: publish the minutes",
        description="The platform's moderators (403 for others), once the meeting has begun "
        "(409 before); "
        "`attended` names people registered for the meeting (400 for anyone else).",
    )
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        require_signed_in(request)
        meeting = get_object_or_404(Meeting.objects.select_related("platform"), pk=pk)
        serializer = MinutesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attended = set(serializer.validated_data["attended"])
        registered = set(
            MeetingRegistration.objects.filter(meeting=meeting, user_id__in=attended).values_list(
                "user_id", flat=True
            )
        )
        if attended - registered and request.user.has_perm("platforms.publish_minutes", meeting):
            raise exceptions.ValidationError(
                {"attended": ["Only people registered for the meeting can have attended."]}
            )
        services.publish_minutes(
            meeting=meeting, moderator=request.user,
            minutes=serializer.validated_data["minutes"], attended_user_ids=attended,
        )  # fmt: skip
        return Response(_meeting_data(request, meeting))


class RecommendationViewSet(ReadOnlyViewSet):
    """The recommendation tracker: every recommendation with its history of answers."""

    serializer_class = RecommendationSerializer
    filterset_class = RecommendationAPIFilter
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["created_at", "updated_at", "due_date"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return Recommendation.objects.for_tracker().prefetch_related("changes")

    @extend_schema(
        request=RecommendationStatusSerializer,
        responses={200: RecommendationSerializer},
        summary="Moderators: move a recommendation on",
        description="The platform's moderators (403 for others), with the answer and its "
        "date; 409 when the recommendation cannot move to that status from its own.",
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        require_signed_in(request)
        recommendation = get_object_or_404(Recommendation.objects.select_related("platform"),
                                           pk=pk)  # fmt: skip
        serializer = RecommendationStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_recommendation_status(
            recommendation=recommendation, moderator=request.user, **serializer.validated_data
        )
        return Response(_recommendation_data(request, recommendation))

    @extend_schema(
        request=RecommendationAnswerSerializer,
        responses={200: RecommendationSerializer},
        summary="State bodies: answer a recommendation addressed to the body",
        description="The addressee's officials, or the platform's moderators for it (403 for "
        "others), while it waits for the body's answer (409 otherwise, or for a status that "
        "cannot follow its own); 400 for bad input.",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        require_signed_in(request)
        recommendation = get_object_or_404(
            Recommendation.objects.select_related("platform", "addressee"), pk=pk
        )
        require_step(request, "platforms.answer_recommendation", recommendation)
        serializer = RecommendationAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.answer_recommendation(
            recommendation=recommendation, actor=request.user, **serializer.validated_data
        )
        return Response(_recommendation_data(request, recommendation))


class ProposalViewSet(ViewSet):
    """A platform's proposals: the moderators' decisions."""

    serializer_class = ProposalSerializer
    lookup_value_regex = "[0-9]+"
    filter_backends = []

    def get_queryset(self):
        return _proposals()

    @extend_schema(
        request=AgendaRequestSerializer,
        responses={200: ProposalSerializer},
        summary="Moderators: put a proposal on a meeting's agenda",
        description="The platform's moderators (403 for others); 400 for a meeting that is "
        "not an upcoming one of this platform; 409 when the proposal was already decided.",
    )
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        require_signed_in(request)
        proposal = self.get_object()
        serializer = AgendaRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.put_proposal_on_agenda(
            proposal=proposal, moderator=request.user, **serializer.validated_data
        )
        return Response(ProposalSerializer(_proposals().get(pk=proposal.pk)).data)

    @extend_schema(
        request=DeclineProposalSerializer,
        responses={200: ProposalSerializer},
        summary="Moderators: decline a proposal, with a reason",
        description="The platform's moderators (403 for others); 409 when already decided.",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        require_signed_in(request)
        proposal = self.get_object()
        serializer = DeclineProposalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.decline_proposal(
            proposal=proposal, moderator=request.user, **serializer.validated_data
        )
        return Response(ProposalSerializer(_proposals().get(pk=proposal.pk)).data)


MEMBER_ID = OpenApiParameter("member_id", OpenApiTypes.INT, OpenApiParameter.PATH,
                             description="The membership's id.")  # fmt: skip


class OrganizationViewSet(ReadOnlyViewSet):
    """The NGO directory: public fields only (no member, no email)."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationAPIFilter
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["name_kk", "name_ru", "name_en", "created_at"]
    ordering = ["name_kk", "pk"]

    def get_queryset(self):
        return Organization.objects.for_directory()

    def _answer(self, organization, status_code=status.HTTP_200_OK):
        organization = Organization.objects.for_directory().get(pk=organization.pk)
        data = OrganizationSerializer(organization, context={"request": self.request}).data
        return Response(data, status=status_code)

    @extend_schema(
        request=OrganizationWriteSerializer,
        responses={201: OrganizationSerializer},
        summary="Register an NGO",
        description="A citizen (verified email) registers an NGO and becomes its "
        "representative; it waits for verification. 409 when its BIN is already registered.",
    )
    def create(self, request, *args, **kwargs):
        require_signed_in(request)
        serializer = OrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = services.register_organization(
            user=request.user, **serializer.validated_data
        )
        return self._answer(organization, status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={201: MyOrganizationSerializer},
        summary="Ask to join an NGO",
        description="A citizen; the NGO's representatives decide. 409 for a member or when "
        "a request is already waiting.",
    )
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        require_signed_in(request)
        organization = get_object_or_404(Organization, pk=pk)
        membership = services.join_organization(organization=organization, user=request.user)
        membership = OrganizationMember.objects.select_related("organization").get(pk=membership.pk)
        return Response(MyOrganizationSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: OrganizationSerializer},
        summary="Ministry staff: verify an NGO",
        description="Once its BIN was checked against the state register. Ministry staff "
        "only (403 for others).",
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        require_signed_in(request)
        organization = get_object_or_404(Organization, pk=pk)
        services.verify_organization(organization=organization, staff=request.user)
        return self._answer(organization)

    @extend_schema(
        request=None,
        responses={200: OrganizationMemberSerializer(many=True)},
        summary="Representatives: the NGO's members and requests",
        description="Public names only. The NGO's representatives (403 for others).",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def members(self, request, pk=None):
        organization = get_object_or_404(Organization, pk=pk)
        require_step(request, "platforms.approve_organization_member", organization)
        members = OrganizationMember.objects.filter(organization=organization).select_related(
            "user"
        )
        page = self.paginate_queryset(members.order_by("-created_at", "-pk"))
        return self.get_paginated_response(OrganizationMemberSerializer(page, many=True).data)

    def _member_step(self, request, pk, member_id, step):
        require_signed_in(request)
        membership = get_object_or_404(
            OrganizationMember.objects.select_related("organization", "user"),
            pk=member_id, organization_id=pk,
        )  # fmt: skip
        if step == "remove":
            services.remove_organization_member(membership=membership, representative=request.user)
        else:
            services.decide_organization_member(
                membership=membership, representative=request.user, approve=step == "approve"
            )
        membership = OrganizationMember.objects.select_related("user").get(pk=membership.pk)
        return Response(OrganizationMemberSerializer(membership).data)

    @extend_schema(
        request=None,
        responses={200: OrganizationMemberSerializer},
        parameters=[MEMBER_ID],
        summary="Representatives: approve a request to join",
        description="The NGO's representatives (403 for others); 409 when already decided.",
    )
    @action(detail=True, methods=["post"], url_path=r"members/(?P<member_id>[0-9]+)/approve")
    def approve_member(self, request, pk=None, member_id=None):
        return self._member_step(request, pk, member_id, "approve")

    @extend_schema(
        request=None,
        responses={200: OrganizationMemberSerializer},
        parameters=[MEMBER_ID],
        summary="Representatives: refuse a request to join",
        description="The NGO's representatives (403 for others); 409 when already decided.",
    )
    @action(detail=True, methods=["post"], url_path=r"members/(?P<member_id>[0-9]+)/refuse")
    def refuse_member(self, request, pk=None, member_id=None):
        return self._member_step(request, pk, member_id, "refuse")

    @extend_schema(
        request=None,
        responses={200: OrganizationMemberSerializer},
        parameters=[MEMBER_ID],
        summary="Representatives: remove a member",
        description="The NGO's representatives (403 for others); 409 for someone who is not "
        "a member, or the NGO's last representative. Their seats on its behalf end.",
    )
    @action(detail=True, methods=["post"], url_path=r"members/(?P<member_id>[0-9]+)/remove")
    def remove_member(self, request, pk=None, member_id=None):
        return self._member_step(request, pk, member_id, "remove")


@extend_schema_view(list=extend_schema(summary="The caller's platform seats and applications"))
class MyMembershipViewSet(mixins.ListModelMixin, ViewSet):
    serializer_class = PlatformMembershipSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = MyMembershipFilter
    ordering_fields = ["applied_at"]
    ordering = ["-applied_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlatformMembership.objects.none()
        return _memberships().filter(user=self.request.user)


@extend_schema_view(list=extend_schema(summary="The caller's NGO memberships"))
class MyOrganizationViewSet(mixins.ListModelMixin, ViewSet):
    serializer_class = MyOrganizationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = MyOrganizationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OrganizationMember.objects.none()
        return OrganizationMember.objects.filter(user=self.request.user).select_related(
            "organization"
        )


# Routed by qogam/api.py under /api/v1/.
ROUTES = [
    ("platforms", PlatformViewSet, "platform"),
    ("platform-memberships", PlatformMembershipViewSet, "platform-membership"),
    ("meetings", MeetingViewSet, "meeting"),
    ("recommendations", RecommendationViewSet, "recommendation"),
    ("organizations", OrganizationViewSet, "organization"),
    ("proposals", ProposalViewSet, "proposal"),
    ("me/memberships", MyMembershipViewSet, "my-membership"),
    ("me/organizations", MyOrganizationViewSet, "my-organization"),
]
URLS = []
