"""Dialogue platforms and public councils, with their composition, seats and work.

Changes go through platforms/services.py and permissions through platforms/rules.py.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from platforms import services
from platforms.api.common import _meeting_data, _memberships, _proposals, _recommendation_data
from platforms.api.filters import PlatformAPIFilter
from platforms.api.serializers import (
    ApplicationSerializer,
    AppointmentSerializer,
    MeetingSerializer,
    MeetingWriteSerializer,
    PlatformMembershipSerializer,
    PlatformSerializer,
    ProposalSerializer,
    ProposalWriteSerializer,
    RecommendationSerializer,
    RecommendationWriteSerializer,
)
from platforms.models import Platform
from portal.api import ReadOnlyViewSet, require_signed_in, require_step

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
