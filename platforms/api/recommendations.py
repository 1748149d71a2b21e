"""Recommendations: what platforms recommend to state bodies, and how each is answered."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from platforms import services
from platforms.api.common import _recommendation_data
from platforms.api.filters import RecommendationAPIFilter
from platforms.api.serializers import (
    RecommendationAnswerSerializer,
    RecommendationSerializer,
    RecommendationStatusSerializer,
)
from platforms.models import Recommendation
from portal.api import ReadOnlyViewSet, require_signed_in, require_step


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
