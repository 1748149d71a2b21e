"""The caller's own petitions and signatures."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.permissions import IsAuthenticated

from petitions.api.filters import MyPetitionFilter, MySignatureFilter
from petitions.api.serializers import MyPetitionSerializer, MySignatureSerializer
from petitions.models import Petition, Signature
from portal.api import ViewSet


@extend_schema_view(list=extend_schema(summary="The caller's petitions, in every state"))
class MyPetitionViewSet(mixins.ListModelMixin, ViewSet):
    serializer_class = MyPetitionSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = MyPetitionFilter
    ordering_fields = ["created_at", "signature_count"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Petition.objects.none()
        return Petition.objects.filter(author=self.request.user).with_api_data()


@extend_schema_view(list=extend_schema(summary="The petitions the caller signed"))
class MySignatureViewSet(mixins.ListModelMixin, ViewSet):
    serializer_class = MySignatureSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = MySignatureFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Signature.objects.none()
        return (
            Signature.objects.filter(user=self.request.user)
            .exclude(status=Signature.Status.WITHDRAWN)
            .select_related("petition", "petition__addressee")
        )
