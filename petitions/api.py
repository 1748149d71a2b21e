"""The petitions API (design §6): petitions, their history and signatures, the caller's own.

Every read goes through `Petition.objects.visible_to`, every change through a service of
petitions/services.py, every permission through petitions/rules.py.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from petitions import services, workspace
from petitions.filters import ModerationQueueFilter, PetitionFilter
from petitions.limits import TOO_MANY_SIGNATURES, may_sign_now
from petitions.mass_signing import request_network_digest
from petitions.models import (
    Category,
    DailySignatureCount,
    GroundVersion,
    Petition,
    PetitionEvent,
    RegionSignatureCount,
    Signature,
)
from portal.api import (
    APIView,
    CursorPagination,
    InstantFilter,
    ReadOnlyViewSet,
    RegionRefSerializer,
    StateBodyRefSerializer,
    URIField,
    ViewSet,
    allowed,
    require_signed_in,
)
from portal.apifilters import FilterBackend
from portal.errors import Refused
from portal.forms import clean_plain_text
from portal.models import Region, StateBody
from portal.rules import refusal

# Serializers


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = Category
        fields = ["id", "slug", "name", "name_kk", "name_ru", "name_en"]


class CategoryRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = Category
        fields = ["id", "slug", "name"]


class RejectionReasonSerializer(serializers.ModelSerializer):
    """A version of a ground for rejection: its wording, its legal basis and its dates."""

    code = serializers.CharField(source="ground.code", read_only=True,
                                 help_text="The ground's stable code, the same for all its "
                                 "versions.")  # fmt: skip
    title = serializers.CharField(read_only=True, help_text="In the caller's language.")
    legal_basis = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = GroundVersion
        fields = ["id", "code", "title", "legal_basis", "effective_from", "effective_until",
                  "confirmed"]  # fmt: skip


class AuthorSerializer(serializers.Serializer):
    """Only what the petition page shows: first name and the surname's initial."""

    name = serializers.CharField(source="public_name", read_only=True)


class PetitionResponseSerializer(serializers.Serializer):
    text = serializers.CharField(source="response_text")
    discussion_date = serializers.DateField(allow_null=True)
    discussion_place = serializers.CharField()
    media_statement_url = URIField(allow_blank=True)
    answered_at = serializers.DateTimeField()
    on_time = serializers.BooleanField(
        source="answered_on_time", allow_null=True,
        help_text="Whether the answer came within the legal clock.",
    )  # fmt: skip


class RejectionSerializer(serializers.Serializer):
    reason = RejectionReasonSerializer(source="rejection_reason")
    explanation = serializers.CharField(source="rejection_explanation")


class PetitionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The petition's page on the portal.")
    author = AuthorSerializer(read_only=True)
    addressee = StateBodyRefSerializer(read_only=True)
    category = CategoryRefSerializer(read_only=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    progress_percent = serializers.IntegerField(read_only=True)
    days_left = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text="Days after today until the collection phase ends, counted in days_left_unit.",
    )  # fmt: skip
    days_left_unit = serializers.ChoiceField(
        choices=["working_days", "calendar_days"], read_only=True, allow_null=True,
        help_text="The law's unit of days_left: working days while the petition gathers its "
        "first support, calendar days while it is open.",
    )  # fmt: skip
    response = serializers.SerializerMethodField(help_text="The state body's answer, if any.")
    rejection = serializers.SerializerMethodField(help_text="Why it was rejected, if it was.")

    class Meta:
        model = Petition
        fields = [
            "id", "url", "title", "demand", "text", "status", "author", "addressee",
            "category", "region", "threshold", "signature_count", "progress_percent",
            "created_at", "submitted_at", "published_at", "support_deadline", "opened_at",
            "deadline", "days_left", "days_left_unit", "threshold_reached_at",
            "consideration_deadline", "ended_at", "response", "rejection",
        ]  # fmt: skip

    def get_url(self, petition) -> str:
        url = reverse("petition_detail", args=[petition.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(PetitionResponseSerializer(allow_null=True))
    def get_response(self, petition):
        if petition.answered_at is None:
            return None
        return PetitionResponseSerializer(petition).data

    @extend_schema_field(RejectionSerializer(allow_null=True))
    def get_rejection(self, petition):
        if petition.status != Petition.Status.REJECTED or petition.rejection_reason is None:
            return None
        return RejectionSerializer(petition).data


class PetitionWriteSerializer(serializers.Serializer):
    """A petition's text and addressee, as its author writes them (as PetitionForm checks)."""

    title = serializers.CharField(min_length=10, max_length=150)
    demand = serializers.CharField(min_length=20, max_length=2000)
    text = serializers.CharField(min_length=50, max_length=10000)
    addressee = serializers.PrimaryKeyRelatedField(
        queryset=StateBody.objects.all(), help_text="A state body's id."
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), help_text="A category's id."
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), allow_null=True, required=False,
        help_text="The region it concerns; null for the whole country.",
    )  # fmt: skip

    def validate_title(self, value):
        try:
            return clean_plain_text(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, help_text="What the author should change.")


class RejectSerializer(serializers.Serializer):
    reason = serializers.PrimaryKeyRelatedField(
        queryset=GroundVersion.objects.in_register(),
        help_text="A ground's version id (GET /api/v1/rejection-reasons?date=<the day the "
        "petition was submitted>); one not in force that day is refused.",
    )
    explanation = serializers.CharField(max_length=5000)


class HideSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RespondSerializer(serializers.Serializer):
    response_text = serializers.CharField(max_length=20000)
    discussion_date = serializers.DateField()
    discussion_place = serializers.CharField(max_length=255, required=False, default="",
                                             allow_blank=True)  # fmt: skip
    media_statement_url = serializers.URLField(max_length=500, required=False, default="",
                                               allow_blank=True)  # fmt: skip


# The addressee's steps, from the state body's workspace (petitions/workspace.py)


class AnswerSerializer(serializers.Serializer):
    response_text = serializers.CharField(max_length=20000)


class DiscussionSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="From today on.")
    place = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    online_link = serializers.URLField(max_length=500, required=False, default="",
                                       allow_blank=True,
                                       help_text="A place, an online link, or both.")  # fmt: skip


class MediaStatementSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)


class SignedAnswerSerializer(serializers.Serializer):
    upload = serializers.FileField(help_text="The answer signed by the body's head, a PDF.")


class PetitionEventSerializer(serializers.ModelSerializer):
    note = serializers.SerializerMethodField(help_text="Moderators only; null for others.")

    class Meta:
        model = PetitionEvent
        fields = ["id", "created_at", "action", "from_status", "to_status", "reason", "note",
                  "public"]  # fmt: skip

    def get_note(self, event) -> str | None:
        return event.note if self.context.get("moderator") else None


class SignRequestSerializer(serializers.Serializer):
    show_name = serializers.BooleanField(
        default=False,
        help_text="Show the first name and the surname's initial among the signers.",
    )
    notify_on_answer = serializers.BooleanField(
        default=False, help_text="Email the signer when the state body answers."
    )


class SignCountSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="The petition's signatures now.")
    receipt = serializers.CharField(
        required=False,
        help_text="The signature's receipt code, given this once (and emailed): with it, the "
        "petition's receipt page tells whether the signature is counted.",
    )


class RegionCountSerializer(serializers.Serializer):
    region = RegionRefSerializer()
    count = serializers.IntegerField()


class DayCountSerializer(serializers.Serializer):
    day = serializers.DateField()
    count = serializers.IntegerField()


class SignatureAggregatesSerializer(serializers.Serializer):
    petition = serializers.IntegerField(help_text="The petition's id.")
    count = serializers.IntegerField()
    threshold = serializers.IntegerField(allow_null=True)
    by_region = RegionCountSerializer(many=True)
    by_day = DayCountSerializer(many=True)


class SignedPetitionSerializer(serializers.ModelSerializer):
    addressee = StateBodyRefSerializer(read_only=True)

    class Meta:
        model = Petition
        fields = ["id", "title", "status", "signature_count", "threshold", "addressee"]


class MySignatureSerializer(serializers.ModelSerializer):
    petition = SignedPetitionSerializer(read_only=True)

    class Meta:
        model = Signature
        fields = ["id", "petition", "status", "created_at", "show_name", "notify_on_answer"]


# Filters


class PetitionAPIFilter(PetitionFilter):
    """The public list as the pages have it, plus the caller's own petitions and dates."""

    status = filters.ChoiceFilter(choices=Petition.Status.choices)
    published_after = filters.DateFilter(field_name="published_at", lookup_expr="date__gte")
    published_before = filters.DateFilter(field_name="published_at", lookup_expr="date__lte")
    mine = filters.BooleanFilter(
        method="_narrowed_first",
        help_text="true: the caller's own petitions, in every state (drafts too); needs "
        "sign-in. Otherwise the list holds the publicly listed petitions only.",
    )

    class Meta(PetitionFilter.Meta):
        fields = [*PetitionFilter.Meta.fields, "published_after", "published_before", "mine"]

    def narrow(self, queryset):
        if not self.form.cleaned_data.get("mine"):
            return super().narrow(queryset)
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return queryset.filter(author=self.request.user)

    def _narrowed_first(self, queryset, name, value):
        return queryset


class PetitionEventFilter(filters.FilterSet):
    action = filters.CharFilter(help_text="created, submitted, published, opened, rejected, …")
    since = InstantFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = PetitionEvent
        fields = ["action", "since"]


class RejectionReasonFilter(filters.FilterSet):
    legal_basis = filters.CharFilter(
        method="filter_legal_basis", help_text="The legal basis, as written in any language."
    )
    date = filters.DateFilter(
        method="filter_date", help_text="The versions in force on this day (default: today)."
    )
    code = filters.CharFilter(field_name="ground__code", help_text="A ground's code.")

    class Meta:
        model = GroundVersion
        fields = ["legal_basis", "date", "code"]

    def filter_date(self, queryset, name, value):
        return queryset.in_force(value)

    def filter_legal_basis(self, queryset, name, value):
        return queryset.filter(
            Q(legal_basis_kk=value) | Q(legal_basis_ru=value) | Q(legal_basis_en=value)
        )


class MyPetitionFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Petition.Status.choices)

    class Meta:
        model = Petition
        fields = ["status"]


class MySignatureFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=[(value, label) for value, label in Signature.Status.choices
                 if value != Signature.Status.WITHDRAWN]
    )  # fmt: skip

    class Meta:
        model = Signature
        fields = ["status"]


class InvalidateSignaturesSerializer(serializers.Serializer):
    signature_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=10000,
        help_text="Ids from the signature list; those not valid are left as they are.",
    )  # fmt: skip
    reason = serializers.CharField(max_length=255)


class InvalidatedSerializer(serializers.Serializer):
    invalidated = serializers.IntegerField(help_text="Signatures invalidated now.")
    count = serializers.IntegerField(help_text="The petition's new signature count.")


class ModeratedSignatureSerializer(serializers.ModelSerializer):
    """A signature as the moderators list it: never its signer."""

    region = serializers.CharField(source="region.code", read_only=True, allow_null=True,
                                   help_text="The signer's region's ISO 3166-2 code.")  # fmt: skip

    class Meta:
        model = Signature
        fields = ["id", "region", "created_at", "status"]


# Views


def _visible_petition(request, pk):
    """The petition if the caller may see it; 404 otherwise, so that nothing leaks."""
    petitions = Petition.objects.visible_to(request.user).with_list_data()
    return get_object_or_404(petitions.select_related("author", "rejection_reason__ground"), pk=pk)


# action: (permission, service, input serializer)
MODERATION = {
    "publish": ("petitions.publish_petition", services.publish_petition, NoteSerializer),
    "return": ("petitions.return_petition", services.return_petition, ReturnSerializer),
    "reject": ("petitions.reject_petition", services.reject_petition, RejectSerializer),
    "hide": ("petitions.hide_petition", services.hide_petition, HideSerializer),
    "restore": ("petitions.restore_petition", services.restore_petition, NoteSerializer),
    "respond": ("petitions.record_response", services.record_response, RespondSerializer),
}

Status = Petition.Status
NOT_NOW = _("You may not do this with this petition in its current state.")
FORBIDDEN = _("You may not do this.")


def _require(user, permission, petition):
    """Refuse a step the way its service would: 403 for the role, 409 for the state."""
    code = refusal(user, permission, petition)
    if code:
        raise Refused(NOT_NOW if code == "conflict" else FORBIDDEN, code=code)


def _moderation_schema(name, serializer):
    return extend_schema(
        request=serializer,
        responses={200: PetitionSerializer},
        summary=f"Moderators: {name} the petition",
        description="Petition moderators only (403 for others); 409 when the petition's "
        "state does not allow it.",
    )


# Each addressee's step (petitions/workspace.py STEPS) and its input.
BODY_STEP_INPUT = {
    "answer": AnswerSerializer,
    "discussion": DiscussionSerializer,
    "media": MediaStatementSerializer,
    "signed-answer": SignedAnswerSerializer,
}


def _body_step_schema(name, serializer, state):
    return extend_schema(
        request=serializer,
        responses={200: PetitionSerializer},
        summary=f"State bodies: {name} the petition",
        description="The addressee's officials, or petition moderators on its behalf (403 for "
        f"others); 409 unless the petition is {state}; 400 for bad input. The petition's "
        "history says who took the step.",
    )


class PetitionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ViewSet
):
    """Petitions: the public list, one petition, filing, and the moderators' steps."""

    serializer_class = PetitionSerializer
    filterset_class = PetitionAPIFilter
    filter_backends = [FilterBackend]
    pagination_class = CursorPagination
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            Petition.objects.visible_to(self.request.user)
            .with_list_data()
            .select_related("author", "rejection_reason__ground")
        )

    def get_object(self):
        # A detail is never narrowed by the list's filters (a petition gathering support is
        # not listed, but anyone with its link may open it).
        return _visible_petition(self.request, self.kwargs["pk"])

    def _answer(self, petition, status_code=status.HTTP_200_OK):
        petition = _visible_petition(self.request, petition.pk)
        return Response(self.get_serializer(petition).data, status=status_code)

    @extend_schema(
        summary="List petitions",
        description="Publicly listed petitions (open, under consideration, answered, closed, "
        "rejected, lapsed, withdrawn), or with `mine=true` the caller's own in every state. "
        "Cursor pages: follow `next`.",
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One petition", description="404 unless the caller may see it.")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        responses={200: PetitionSerializer(many=True)},
        summary="Moderators: the queue",
        description="Petitions waiting for the moderators (in moderation) or for the "
        "addressee's answer (under consideration), oldest submission first. Petition "
        "moderators only.",
    )
    @action(detail=False, url_path="moderation-queue", filterset_class=ModerationQueueFilter,
            permission_classes=[allowed("petitions.moderate_petitions")])  # fmt: skip
    def moderation_queue(self, request):
        waiting = (
            self.get_queryset()
            .filter(status__in=[Status.IN_MODERATION, Status.UNDER_CONSIDERATION])
            .annotate(submitted=Coalesce("submitted_at", "created_at"))
            .order_by("submitted", "pk")
        )
        page = self.paginate_queryset(self.filter_queryset(waiting))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=PetitionWriteSerializer,
        responses={201: PetitionSerializer},
        summary="File a petition (a draft)",
        description="A citizen (verified email) writes a draft; submit it when ready.",
    )
    def create(self, request, *args, **kwargs):
        require_signed_in(request)
        if not request.user.has_perm("petitions.file_petition"):
            raise exceptions.PermissionDenied(_("Verify your email to file a petition."))
        serializer = PetitionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        petition = services.create_petition(author=request.user, **serializer.validated_data)
        return self._answer(petition, status.HTTP_201_CREATED)

    @extend_schema(
        request=PetitionWriteSerializer(partial=True),
        responses={200: PetitionSerializer},
        summary="Edit a draft",
        description="The author, while the petition is a draft.",
    )
    def partial_update(self, request, pk=None):
        require_signed_in(request)
        petition = self.get_object()
        serializer = PetitionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        petition = services.update_petition(
            petition=petition, editor=request.user, **serializer.validated_data
        )
        return self._answer(petition)

    @extend_schema(summary="Delete a draft", description="The author, while it is a draft.")
    def destroy(self, request, pk=None):
        require_signed_in(request)
        services.delete_petition(petition=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _author_step(self, request, service):
        require_signed_in(request)
        petition = service(petition=self.get_object(), actor=request.user)
        return self._answer(petition)

    @extend_schema(
        request=None,
        responses={200: PetitionSerializer},
        summary="Submit a draft to the moderators",
        description="The author; the moderators' legal clock starts.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._author_step(request, services.submit_petition)

    @extend_schema(
        request=None,
        responses={200: PetitionSerializer},
        summary="Withdraw an open petition",
        description="The author, while the petition is open.",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._author_step(request, services.withdraw_petition)

    def _moderate(self, request, name):
        permission, service, serializer_class = MODERATION[name]
        require_signed_in(request)
        petition = self.get_object()
        # Refused before the input is read: 403 for the role, 409 for the state.
        _require(request.user, permission, petition)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        petition = service(petition=petition, moderator=request.user, **serializer.validated_data)
        return self._answer(petition)

    def _require_moderator(self, request):
        require_signed_in(request)
        petition = self.get_object()
        if not request.user.has_perm("petitions.moderate_petitions"):
            raise exceptions.PermissionDenied()
        return petition

    @extend_schema(
        request=InvalidateSignaturesSerializer,
        responses={200: InvalidatedSerializer},
        summary="Moderators: invalidate signatures",
        description="Petition moderators only (403 for others), while the petition collects "
        "signatures (409 otherwise), with a reason; the counts follow.",
    )
    @action(detail=True, methods=["post"], url_path="invalidate-signatures")
    def invalidate_signatures(self, request, pk=None):
        require_signed_in(request)
        petition = self.get_object()
        _require(request.user, "petitions.invalidate_signatures", petition)
        serializer = InvalidateSignaturesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invalidated = services.invalidate_signatures(
            petition=petition, moderator=request.user, **serializer.validated_data
        )
        count = Petition.objects.values_list("signature_count", flat=True).get(pk=petition.pk)
        return Response({"invalidated": invalidated, "count": count})

    @extend_schema(
        responses={200: ModeratedSignatureSerializer(many=True)},
        summary="Moderators: the petition's signatures",
        description="Ids, regions, times and statuses, newest first, to find the ones to "
        "invalidate; never a signer. Petition moderators only. Cursor pages.",
    )
    @action(detail=True, url_path="signature-list", filter_backends=[])
    def signature_list(self, request, pk=None):
        petition = self._require_moderator(request)
        signatures = (
            Signature.objects.filter(petition=petition)
            .select_related("region")
            .order_by("-created_at", "-pk")
        )
        page = self.paginate_queryset(signatures)
        return self.get_paginated_response(ModeratedSignatureSerializer(page, many=True).data)

    @_moderation_schema("publish", NoteSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._moderate(request, "publish")

    @_moderation_schema("return for changes", ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_changes(self, request, pk=None):
        return self._moderate(request, "return")

    @_moderation_schema("reject", RejectSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._moderate(request, "reject")

    @_moderation_schema("hide", HideSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        return self._moderate(request, "hide")

    @_moderation_schema("restore", NoteSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        return self._moderate(request, "restore")

    @_moderation_schema("record the response to", RespondSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self._moderate(request, "respond")

    # The addressee's steps: its officials, or petition moderators on its behalf

    def _body_step(self, request, name):
        permission, _form, service = workspace.STEPS[name]
        require_signed_in(request)
        petition = self.get_object()
        # Refused before the input is read: 403 for the role, 409 for the state.
        _require(request.user, permission, petition)
        serializer = BODY_STEP_INPUT[name](data=request.data)
        serializer.is_valid(raise_exception=True)
        petition = service(petition=petition, actor=request.user, **serializer.validated_data)
        return self._answer(petition)

    @_body_step_schema("publish the answer to", AnswerSerializer, "under consideration")
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._body_step(request, "answer")

    @_body_step_schema("schedule the public discussion of", DiscussionSerializer,
                       "under consideration")  # fmt: skip
    @action(detail=True, methods=["post"])
    def discussion(self, request, pk=None):
        return self._body_step(request, "discussion")

    @_body_step_schema("post the head's media statement on", MediaStatementSerializer,
                       "under consideration or answered")  # fmt: skip
    @action(detail=True, methods=["post"], url_path="media-statement")
    def media_statement(self, request, pk=None):
        return self._body_step(request, "media")

    @_body_step_schema("attach the signed answer (a PDF, multipart) to", SignedAnswerSerializer,
                       "answered")  # fmt: skip
    @action(detail=True, methods=["post"], url_path="signed-answer",
            parser_classes=[MultiPartParser])  # fmt: skip
    def signed_answer(self, request, pk=None):
        return self._body_step(request, "signed-answer")


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


class MyPetitionSerializer(PetitionSerializer):
    """A petition in the caller's own list (named apart: its list has numbered pages)."""


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
        return (
            Petition.objects.filter(author=self.request.user)
            .with_list_data()
            .select_related("author", "rejection_reason__ground")
        )


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


# Routed by qogam/api.py under /api/v1/.
ROUTES = [
    ("petitions", PetitionViewSet, "petition"),
    (r"petitions/(?P<petition_pk>[0-9]+)/events", PetitionEventViewSet, "petition-event"),
    ("categories", CategoryViewSet, "category"),
    ("rejection-reasons", RejectionReasonViewSet, "rejection-reason"),
    ("me/petitions", MyPetitionViewSet, "my-petition"),
    ("me/signatures", MySignatureViewSet, "my-signature"),
]
URLS = [
    path(
        "petitions/<int:pk>/signatures",
        PetitionSignaturesView.as_view(),
        name="petition-signatures",
    ),
]
