"""Meetings: their agenda, registrations and minutes."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from platforms import services
from platforms.api.common import _meeting_data
from platforms.api.filters import MeetingFilter
from platforms.api.serializers import MeetingSerializer, MinutesSerializer
from platforms.models import Meeting, MeetingRegistration
from platforms.rules import prime_platform_roles
from portal.api import ReadOnlyViewSet, require_signed_in


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
