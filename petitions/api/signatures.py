"""A petition's signatures: signing, withdrawing, and the counts by region and day."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from petitions import services
from petitions.api.petitions import _visible_petition
from petitions.api.serializers import (
    SignatureAggregatesSerializer,
    SignCountSerializer,
    SignRequestSerializer,
)
from petitions.limits import TOO_MANY_SIGNATURES, may_sign_now
from petitions.mass_signing import request_network_digest
from petitions.models import DailySignatureCount, RegionSignatureCount
from portal.api import APIView, require_signed_in


class PetitionSignaturesView(APIView):
    """A petition's signatures: public aggregates, signing and withdrawing."""

    serializer_class = SignatureAggregatesSerializer

    def get_throttles(self):
        # Signing has limits of its own per account and per address (post() below, the same
        # as the page's), stricter than the general write throttles: one limiter is enough.
        if self.request.method == "POST":
            return []
        return super().get_throttles()

    @extend_schema(
        responses={200: SignatureAggregatesSerializer},
        summary="A petition's signature counts",
        description="The count, by region and by day: aggregates only, never a signer.",
    )
    def get(self, request, pk):
        petition = _visible_petition(request, pk)
        by_region = (
            RegionSignatureCount.objects.filter(petition=petition, count__gt=0)
            .select_related("region")
            .order_by("-count", "region__name_kk")
        )
        by_day = DailySignatureCount.objects.filter(petition=petition, count__gt=0).order_by("day")
        data = {
            "petition": petition.pk,
            "count": petition.signature_count,
            "threshold": petition.threshold,
            "by_region": [{"region": row.region, "count": row.count} for row in by_region],
            "by_day": [{"day": row.day, "count": row.count} for row in by_day],
        }
        return Response(SignatureAggregatesSerializer(data).data)

    @extend_schema(
        request=SignRequestSerializer,
        responses={201: SignCountSerializer},
        summary="Sign the petition",
        description="201 with the new count and the signature's receipt code. 409 when this "
        "person has already signed (so a retry after a lost answer is harmless); 403 when they "
        "may not sign (no IIN, under 18, no region, the petition not collecting); 403 with the "
        "code `window_closed` when the petition's legal window for signing is over (it then "
        "lapses or closes); 401 when not signed in; 429 when signing too often.",
    )
    def post(self, request, pk):
        require_signed_in(request)
        petition = _visible_petition(request, pk)
        # The same limits as the page's sign button, per account and per address.
        if not may_sign_now(request):
            raise exceptions.Throttled(detail=TOO_MANY_SIGNATURES)
        serializer = SignRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.sign_petition(
            petition=petition, user=request.user, **serializer.validated_data,
            network_digest=request_network_digest(request, petition.pk),
        )  # fmt: skip
        return Response(
            {"count": result.count, "receipt": result.receipt}, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=None,
        responses={204: None},
        summary="Withdraw one's signature",
        description="While the petition is open: 403 with the code `window_closed` once its "
        "collection period is over, 409 in any other state or when not signed.",
    )
    def delete(self, request, pk):
        require_signed_in(request)
        petition = _visible_petition(request, pk)
        services.withdraw_signature(petition=petition, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
