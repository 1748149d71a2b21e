"""The petitions API's serializers: what each endpoint reads and answers."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from petitions.models import Category, GroundVersion, Petition, PetitionEvent, Signature
from portal.api import RegionRefSerializer, StateBodyRefSerializer, URIField

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


class PetitionWriteSerializer(serializers.ModelSerializer):
    """A petition's text and addressee, as its author writes them: the fields, their limits and
    validators are the model's, as in PetitionForm."""

    class Meta:
        model = Petition
        fields = ["title", "demand", "text", "addressee", "category", "region", "language"]
        extra_kwargs = {
            "addressee": {"help_text": "A state body's id."},
            "category": {"help_text": "A category's id."},
            "region": {"help_text": "The region it concerns; null for the whole country."},
            "language": {
                "required": False,
                "help_text": "The language the text is written in; the author's by default.",
            },
        }


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


class MyPetitionSerializer(PetitionSerializer):
    """A petition in the caller's own list (named apart: its list has numbered pages)."""
