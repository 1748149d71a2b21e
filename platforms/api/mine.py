"""The caller's own seats and NGOs."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.permissions import IsAuthenticated

from platforms.api.common import _memberships
from platforms.api.filters import MyMembershipFilter, MyOrganizationFilter
from platforms.api.serializers import MyOrganizationSerializer, PlatformMembershipSerializer
from platforms.models import OrganizationMember, PlatformMembership
from portal.api import ViewSet


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
