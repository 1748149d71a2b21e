"""Seats on platforms: applications, appointments and the moderators' decisions."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from platforms import services
from platforms.api.common import _memberships
from platforms.api.filters import PlatformMembershipFilter
from platforms.api.serializers import DecisionSerializer, PlatformMembershipSerializer
from platforms.models import PlatformMembership
from portal.api import ViewSet


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
