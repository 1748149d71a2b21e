"""A petition's history: its public steps, and the moderators' notes for them."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins

from petitions.api.filters import PetitionEventFilter
from petitions.api.serializers import PetitionEventSerializer
from petitions.models import Petition, PetitionEvent
from portal.api import CursorPagination, ViewSet
from portal.apifilters import FilterBackend

PETITION_PK = OpenApiParameter("petition_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                               description="The petition's id.")  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        parameters=[PETITION_PK],
        summary="A petition's history",
        description="Public steps only, unless the caller moderates petitions (who also sees "
        "notes). Oldest first; cursor pages.",
    )
)
class PetitionEventViewSet(mixins.ListModelMixin, ViewSet):
    serializer_class = PetitionEventSerializer
    filterset_class = PetitionEventFilter
    filter_backends = [FilterBackend]
    pagination_class = CursorPagination

    def _is_moderator(self):
        return self.request.user.has_perm("petitions.moderate_petitions")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PetitionEvent.objects.none()
        petition = get_object_or_404(
            Petition.objects.visible_to(self.request.user), pk=self.kwargs["petition_pk"]
        )
        events = PetitionEvent.objects.filter(petition=petition).visible_to(self.request.user)
        return events.order_by("created_at", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "moderator": self._is_moderator()}
