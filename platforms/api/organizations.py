"""NGOs: the directory, registration, members and verification."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from platforms import services
from platforms.api.filters import OrganizationAPIFilter
from platforms.api.serializers import (
    MyOrganizationSerializer,
    OrganizationMemberSerializer,
    OrganizationSerializer,
    OrganizationWriteSerializer,
)
from platforms.models import Organization, OrganizationMember
from portal.api import ReadOnlyViewSet, require_signed_in, require_step

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
