"""Members' proposals for a platform's agenda."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from platforms import services
from platforms.api.common import _proposals
from platforms.api.serializers import (
    AgendaRequestSerializer,
    DeclineProposalSerializer,
    ProposalSerializer,
)
from portal.api import ViewSet, require_signed_in


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
