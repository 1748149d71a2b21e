"""The platforms API's serializers: what each endpoint reads and answers, and the write endpoints'
input (the services check the rules)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from platforms.models import (
    AGENDA_ITEMS,
    GOAL,
    AgendaItem,
    Meeting,
    Organization,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
    RecommendationChange,
    Sphere,
)
from portal.api import RegionRefSerializer, StateBodyRefSerializer, URIField, as_uri, model_field
from portal.forms import clean_plain_text
from portal.validators import validate_bin

# Serializers


def _written_in(text):
    """The write serializers' `language`: left out, the caller's own."""
    return {
        "required": False,
        "help_text": f"The language of {text}; the caller's by default.",
    }


def _page_url(serializer, name, *args):
    url = reverse(name, args=args)
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request else url


class PlatformRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = Platform
        fields = ["id", "slug", "name"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = Organization
        fields = ["id", "name", "bin"]


class SeatsByRoleSerializer(serializers.Serializer):
    ngo_representative = serializers.IntegerField()
    expert = serializers.IntegerField()
    activist = serializers.IntegerField()
    state_official = serializers.IntegerField()


class CompositionSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Approved seats.")
    by_role = SeatsByRoleSerializer()
    civil_society = serializers.IntegerField(help_text="Seats of everyone but state officials.")
    civil_society_share = serializers.FloatField(
        allow_null=True, help_text="civil_society / total, from 0 to 1; null without seats."
    )
    goal_share = serializers.FloatField(help_text="The two-thirds goal.")
    goal_met = serializers.BooleanField()


class PlatformSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The platform's page on the portal.")
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")
    description = serializers.CharField(read_only=True, help_text="In the caller's language.")
    host = StateBodyRefSerializer(read_only=True)
    composition = serializers.SerializerMethodField()

    class Meta:
        model = Platform
        fields = [
            "id", "slug", "url", "kind", "name", "name_kk", "name_ru", "name_en",
            "description", "description_kk", "description_ru", "description_en", "sphere",
            "host", "chair", "status", "term_start", "term_end", "membership_policy",
            "composition",
        ]  # fmt: skip

    def get_url(self, platform) -> str:
        return _page_url(self, "platform_detail", platform.slug)

    @extend_schema_field(CompositionSerializer)
    def get_composition(self, platform):
        composition = platform.composition
        return {
            "total": composition.total,
            "by_role": composition.by_role,
            "civil_society": composition.civil,
            "civil_society_share": composition.share,
            "goal_share": round(float(GOAL), 4),
            "goal_met": composition.goal_met,
        }


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(source="public_name", help_text="First name and initial.")


class PlatformMembershipSerializer(serializers.ModelSerializer):
    platform = PlatformRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    applicant = ApplicantSerializer(source="user", read_only=True)

    class Meta:
        model = PlatformMembership
        fields = ["id", "platform", "organization", "applicant", "role", "status", "motivation",
                  "show_name", "applied_at", "decided_at", "decision_reason"]  # fmt: skip


class ApplicationSerializer(serializers.ModelSerializer):
    """An application for a seat: the fields, their limits and validators are the model's, as
    in ApplicationForm."""

    role = serializers.ChoiceField(
        choices=[
            (role, label)
            for role, label in PlatformMembership.Role.choices
            if role != PlatformMembership.Role.STATE_OFFICIAL
        ]  # fmt: skip
    )

    class Meta:
        model = PlatformMembership
        fields = ["role", "organization", "motivation", "show_name"]
        extra_kwargs = {
            "organization": {
                "help_text": "For an NGO representative: an NGO of which the caller is an "
                "approved member."
            },
            "motivation": {"default": ""},
            "show_name": {"default": False},
        }


class AppointmentSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(
            is_active=True, official_posts__isnull=False, official_posts__removed_at__isnull=True
        ).distinct(),
        help_text="The account's id: a person currently appointed to a state body.",
    )  # fmt: skip
    # Kept as the note of the platform's event that records the seat.
    override_reason = model_field(
        PlatformEvent, "note", default="", label=None,
        help_text="Needed when the seat would leave civil society below two thirds of the "
        "seats (409 without it); published on the platform's page.",
    )  # fmt: skip

    def validate_override_reason(self, value):
        return clean_plain_text(value)


class DecisionSerializer(serializers.Serializer):
    reason = model_field(PlatformMembership, "decision_reason", default="", label=None,
                         help_text="Required when declining.")  # fmt: skip


class AgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The meeting's page on the portal.")
    platform = PlatformRefSerializer(read_only=True)
    online_link = serializers.SerializerMethodField(
        help_text="Only for the platform's members and moderators; null for others."
    )
    registered = serializers.IntegerField(read_only=True, help_text="Seats taken.")
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    minutes = serializers.SerializerMethodField(help_text="Once published; null before.")

    class Meta:
        model = Meeting
        fields = ["id", "url", "platform", "title", "starts_at", "format", "place",
                  "online_link", "capacity", "registered", "agenda", "minutes",
                  "minutes_published_at", "language"]  # fmt: skip

    def get_url(self, meeting) -> str:
        return _page_url(self, "meeting_detail", meeting.pk)

    def get_online_link(self, meeting) -> str | None:
        user = self.context["request"].user
        if not meeting.online_link or not user.has_perm("platforms.see_online_link", meeting):
            return None
        return as_uri(meeting.online_link)

    def get_minutes(self, meeting) -> str | None:
        return meeting.minutes if meeting.minutes_published_at else None


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at"]


class RecommendationChangeSerializer(serializers.Serializer):
    from_status = serializers.ChoiceField(choices=Recommendation.Status.choices, allow_blank=True)
    to_status = serializers.ChoiceField(choices=Recommendation.Status.choices)
    answer = serializers.CharField(help_text="The Ministry's answer.")
    answered_on = serializers.DateField()


class RecommendationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The recommendation's page on the portal.")
    platform = PlatformRefSerializer(read_only=True)
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    addressee = StateBodyRefSerializer(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    history = RecommendationChangeSerializer(source="changes", many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "url", "platform", "meeting", "text", "language", "addressee", "status",
                  "due_date", "is_overdue", "created_at", "updated_at", "history"]  # fmt: skip

    def get_url(self, recommendation) -> str:
        return _page_url(self, "recommendation_detail", recommendation.pk)


class OrganizationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The NGO's page on the portal.")
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")
    region = RegionRefSerializer(read_only=True)
    spheres = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Spheres of work: " + ", ".join(Sphere.values),
    )
    member_count = serializers.IntegerField(read_only=True, help_text="Approved members.")
    website = URIField(read_only=True, allow_blank=True)

    class Meta:
        model = Organization
        fields = [
            "id", "url", "name", "name_kk", "name_ru", "name_en", "bin", "legal_form",
            "region", "spheres", "website", "description", "language", "verified",
            "member_count",
        ]  # fmt: skip

    def get_url(self, organization) -> str:
        return _page_url(self, "organization_detail", organization.pk)


class MyOrganizationSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = OrganizationMember
        fields = ["id", "organization", "role", "status", "created_at", "decided_at"]


# Write serializers (the input of the write endpoints; the services check the rules)


class OrganizationWriteSerializer(serializers.ModelSerializer):
    """An NGO as its registrant writes it: the fields, their limits and validators are the
    model's, as in OrganizationForm."""

    # The BIN validator explains a wrong length; a registered BIN is the service's conflict.
    bin = serializers.CharField(
        max_length=32, validators=[validate_bin],
        help_text="12 digits, as in the state register of legal entities.",
    )  # fmt: skip
    spheres = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list,
        max_length=len(Sphere.values), help_text="Spheres of work: " + ", ".join(Sphere.values),
    )  # fmt: skip

    class Meta:
        model = Organization
        fields = ["name_kk", "name_ru", "name_en", "bin", "legal_form", "region", "spheres",
                  "website", "description", "language"]  # fmt: skip
        extra_kwargs = {
            "name_en": {"default": ""},
            "region": {"help_text": "A region's id."},
            "website": {"default": ""},
            "description": {"default": ""},
            "language": _written_in("the description"),
        }

    def validate_spheres(self, value):
        unknown = [sphere for sphere in value if sphere not in Sphere.values]
        if unknown:
            raise serializers.ValidationError(f"Not a sphere of work: {unknown[0]}.")
        return list(dict.fromkeys(value))


class OrganizationMemberSerializer(serializers.ModelSerializer):
    """A member of an NGO as its representatives see them: the public name only."""

    name = serializers.CharField(source="user.public_name", read_only=True,
                                 help_text="First name and initial.")  # fmt: skip

    class Meta:
        model = OrganizationMember
        fields = ["id", "name", "role", "status", "created_at", "decided_at"]


class MeetingWriteSerializer(serializers.ModelSerializer):
    """A new meeting with its agenda: the fields, their limits and validators are the model's,
    and an agenda item's are AgendaItem's, as in MeetingForm."""

    agenda = serializers.ListField(
        child=model_field(AgendaItem, "title", label=None), required=False, default=list,
        max_length=AGENDA_ITEMS, help_text="The agenda's items, in order.",
    )  # fmt: skip

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "format", "place", "online_link", "capacity", "agenda",
                  "language"]  # fmt: skip
        extra_kwargs = {
            "language": _written_in("the title, the agenda and the minutes"),
            "starts_at": {"help_text": "In the future."},
            "place": {"default": "", "help_text": "Required for an in-person or hybrid meeting."},
            "online_link": {
                "default": "", "help_text": "Required for an online or hybrid meeting.",
            },
            "capacity": {"default": None},
        }  # fmt: skip


class MinutesSerializer(serializers.Serializer):
    minutes = model_field(Meeting, "minutes", required=True, allow_blank=False, label=None)
    attended = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list,
        max_length=10000, help_text="Ids of the registered people who came.",
    )  # fmt: skip


class ProposalSerializer(serializers.ModelSerializer):
    platform = PlatformRefSerializer(read_only=True)
    author = ApplicantSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "platform", "author", "title", "text", "language", "status",
                  "decision_reason", "created_at", "decided_at"]  # fmt: skip


class ProposalWriteSerializer(serializers.ModelSerializer):
    """A member's proposal: the fields, their limits and validators are the model's, as in
    ProposalForm."""

    class Meta:
        model = Proposal
        fields = ["title", "text", "language"]
        extra_kwargs = {"language": _written_in("the proposal")}


class AgendaRequestSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), help_text="An upcoming meeting of the platform."
    )


class DeclineProposalSerializer(serializers.Serializer):
    reason = model_field(Proposal, "decision_reason", required=True, allow_blank=False,
                         label=None)  # fmt: skip


class RecommendationWriteSerializer(serializers.ModelSerializer):
    """A recommendation as a moderator records it: the fields, their limits and validators are
    the model's, as in RecommendationForm."""

    answered_on = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="The date it was adopted; today if left out.",
    )  # fmt: skip

    class Meta:
        model = Recommendation
        fields = ["text", "language", "addressee", "meeting", "due_date", "answered_on"]
        extra_kwargs = {
            "language": _written_in("the text"),
            "addressee": {"help_text": "A state body's id."},
            "meeting": {"default": None, "help_text": "A meeting of this platform."},
            "due_date": {"default": None},
        }


class RecommendationStatusSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Recommendation.Status.choices)
    answer = model_field(RecommendationChange, "answer", default="", label=None,
                         help_text="Required unless the new status is sent.")  # fmt: skip
    answered_on = serializers.DateField()


class RecommendationAnswerSerializer(serializers.Serializer):
    """The addressee's answer: accepted, partially accepted or declined once sent; then in
    progress, then implemented."""

    to_status = serializers.ChoiceField(choices=[
        choice for choice in Recommendation.Status.choices
        if choice[0] not in (Recommendation.Status.PROPOSED, Recommendation.Status.SENT)
    ])  # fmt: skip
    answer = model_field(RecommendationChange, "answer", required=True, allow_blank=False,
                         label=None)  # fmt: skip
    answered_on = serializers.DateField()
