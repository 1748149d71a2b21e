"""What petitions are about, and the grounds on which one is rejected."""

from django.utils import timezone

from petitions.api.filters import RejectionReasonFilter
from petitions.api.serializers import CategorySerializer, RejectionReasonSerializer
from petitions.models import Category, GroundVersion
from portal.api import ReadOnlyViewSet


class CategoryViewSet(ReadOnlyViewSet):
    """What petitions are about."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    filterset_fields = ["slug"]
    ordering_fields = ["position", "slug"]
    ordering = ["position", "slug", "pk"]


class RejectionReasonViewSet(ReadOnlyViewSet):
    """The grounds on which a petition may be rejected, as worded on a day (default: today),
    each with its legal basis and dates."""

    queryset = GroundVersion.objects.in_register().select_related("ground")
    serializer_class = RejectionReasonSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        # The list is of a day, today unless ?date= says another; a detail is any version.
        if self.action == "list" and not self.request.query_params.get("date"):
            queryset = queryset.in_force(timezone.localdate())
        return queryset

    filterset_class = RejectionReasonFilter
    ordering_fields = ["effective_from"]
    ordering = ["ground__position", "ground__code", "pk"]
