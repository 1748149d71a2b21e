"""Petitions: the public list, one petition, filing, and the steps of the author, the
moderators and the addressee.

Every read goes through `Petition.objects.visible_to`, every change through a service of
petitions/services.py, every permission through petitions/rules.py.
"""

from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from petitions import services, workspace
from petitions.api.filters import PetitionAPIFilter
from petitions.api.serializers import (
    AnswerSerializer,
    DiscussionSerializer,
    HideSerializer,
    InvalidatedSerializer,
    InvalidateSignaturesSerializer,
    MediaStatementSerializer,
    ModeratedSignatureSerializer,
    NoteSerializer,
    PetitionSerializer,
    PetitionWriteSerializer,
    RejectSerializer,
    RespondSerializer,
    ReturnSerializer,
    SignedAnswerSerializer,
)
from petitions.filters import ModerationQueueFilter
from petitions.models import Petition, Signature
from portal.api import CursorPagination, ViewSet, allowed, require_signed_in
from portal.apifilters import FilterBackend
from portal.errors import Refused
from portal.rules import refusal

# Views


def _visible_petition(request, pk):
    """The petition if the caller may see it; 404 otherwise, so that nothing leaks."""
    return get_object_or_404(Petition.objects.visible_to(request.user).with_api_data(), pk=pk)


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
        return Petition.objects.visible_to(self.request.user).with_api_data()

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
