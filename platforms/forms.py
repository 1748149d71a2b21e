from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import (
    AGENDA_ITEMS,
    AgendaItem,
    Meeting,
    Organization,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
    RecommendationChange,
    Sphere,
)
from portal.forms import StateBodyChoiceField, clean_plain_text
from portal.models import TEXT_LANGUAGES, StateBodyOfficial
from portal.validators import validate_bin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def language_field(label=None):
    """The language a person writes in (the page offers theirs); left out, the service takes
    theirs."""
    return forms.ChoiceField(
        label=label or _("Language of the text"), choices=TEXT_LANGUAGES, required=False,
        help_text=_("Screen readers read it aloud in this language."),
    )  # fmt: skip


def model_field(model, name, **kwargs):
    """The form field of a model's field, with its limit: for a form that is not that model's,
    or a ModelForm's field that needs an argument (a ModelForm runs the model's validators)."""
    return model._meta.get_field(name).formfield(**kwargs)


class OrganizationForm(forms.ModelForm):
    """An NGO's profile as its representative writes it (the BIN only when registering): the
    fields, their limits and validators are the model's (the API's serializer derives from the
    same)."""

    # Not the model's field: its validator explains a wrong length (no second message from
    # max_length), and a BIN already registered is the service's refusal (a conflict).
    bin = forms.CharField(
        label=_("BIN (business identification number)"),
        help_text=_("12 digits, as in the state register of legal entities."),
        validators=[validate_bin],
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off",
            "maxlength": Organization._meta.get_field("bin").max_length,
        }),
    )  # fmt: skip
    spheres = forms.MultipleChoiceField(
        label=_("Spheres of work"),
        choices=Sphere.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = model_field(Organization, "website", label=_("Website"), assume_scheme="https")
    language = language_field(_("Language of the description"))

    class Meta:
        model = Organization
        fields = ["name_kk", "name_ru", "name_en", "legal_form", "region", "spheres", "website",
                  "description", "language"]  # fmt: skip
        labels = {
            "name_kk": _("Name in Kazakh"),
            "name_ru": _("Name in Russian"),
            "name_en": _("Name in English"),
            "legal_form": _("Legal form"),
            "region": _("Region"),
            "description": _("What the organisation does"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    field_order = ["name_kk", "name_ru", "name_en", "bin"]

    def __init__(self, *args, with_bin=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].choices = [("", _("— choose —")), *Organization.LegalForm.choices]
        self.fields["region"].empty_label = _("— choose —")
        # The BIN stays as registered: a profile edit does not show it.
        if not with_bin:
            del self.fields["bin"]


class ApplicationForm(forms.Form):
    """An application for a seat on a platform."""

    role = forms.ChoiceField(
        label=_("I take part as"),
        choices=[
            (role, label)
            for role, label in PlatformMembership.Role.choices
            if role != PlatformMembership.Role.STATE_OFFICIAL
        ],
    )
    organization = forms.ModelChoiceField(
        label=_("On behalf of the NGO"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— choose —"),
        help_text=_("Only for an NGO representative: an NGO of which you are an approved member."),
    )
    motivation = model_field(
        PlatformMembership, "motivation", label=_("Why you want to take part"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    show_name = forms.BooleanField(label=_("Show my name on the platform's page"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations.exists():
            self.fields["organization"].queryset = organizations
        else:
            # Without an NGO, one applies as an expert or a public activist.
            del self.fields["organization"]
            self.fields["role"].choices = [
                (role, label)
                for role, label in self.fields["role"].choices
                if role != PlatformMembership.Role.NGO_REPRESENTATIVE
            ]

    def clean(self):
        data = super().clean()
        if data.get("role") == PlatformMembership.Role.NGO_REPRESENTATIVE:
            if not data.get("organization") and "organization" not in self.errors:
                self.add_error("organization", _("Choose the NGO on whose behalf you apply."))
        else:
            data["organization"] = None
        return data


class ProposalForm(forms.ModelForm):
    """A member's item for the platform's agenda: the fields, their limits and validators are
    the model's."""

    language = language_field()

    class Meta:
        model = Proposal
        fields = ["title", "text", "language"]
        labels = {"title": _("Title of the proposal"), "text": _("The proposal")}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class ReasonForm(forms.Form):
    """The reason a moderator gives for declining an application or a proposal (both keep it
    as their decision's reason, with the same limit)."""

    reason = model_field(
        PlatformMembership, "decision_reason", label=_("Reason for declining"),
        widget=forms.TextInput,
    )  # fmt: skip


class AppointOfficialForm(forms.Form):
    """A state official to seat on a platform, and the reason when the seat would leave civil
    society below two thirds."""

    official = forms.ModelChoiceField(
        label=_("State official"), queryset=StateBodyOfficial.objects.none(),
        empty_label=_("— choose —"),
        help_text=_("People appointed to a state body; the host body's officials first."),
    )  # fmt: skip
    # Kept as the note of the platform's event that records the seat.
    override_reason = model_field(
        PlatformEvent, "note", label=_("Why seat them below the two-thirds goal"),
        help_text=_("Published on the platform's page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, platform, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["official"]
        # Anyone who has had a seat here is refused by the service: not offered.
        field.queryset = (
            StateBodyOfficial.objects.current()
            .filter(user__is_active=True)
            .exclude(user__platform_memberships__platform=platform)
            .select_related("user", "body")
            .annotate(
                at_host=models.Case(models.When(body=platform.host_id, then=0), default=1)
            )  # fmt: skip
            .order_by("at_host", "body__name_kk", "user__last_name", "user__first_name", "pk")
        )
        field.label_from_instance = lambda post: f"{post.user.full_name} — {post.body.name}"

    def clean_override_reason(self):
        return clean_plain_text(self.cleaned_data["override_reason"])


class AgendaChoiceForm(forms.Form):
    """The upcoming meeting on whose agenda a proposal goes."""

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class MeetingForm(forms.ModelForm):
    """A new meeting of a platform, with its agenda: the fields, their limits and validators are
    the model's, and an agenda item's are AgendaItem's (the API's serializer derives from the
    same)."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Local time in Astana."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    online_link = model_field(
        Meeting, "online_link", label=_("Online link"), assume_scheme="https",
        help_text=_("For an online or hybrid meeting. Only the platform's members see it."),
    )  # fmt: skip
    # One item per line; the items are checked one by one in clean_agenda.
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=10000,
        help_text=_("One item per line, in order."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = language_field(_("Language of the title, the agenda and the minutes"))

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "format", "place", "online_link", "capacity"]
        labels = {
            "title": _("Title"),
            "format": _("Format"),
            "place": _("Place"),
            "capacity": _("Seats"),
        }
        help_texts = {
            "place": _("For a meeting in person or a hybrid one."),
            "capacity": _("Leave empty when the number of seats is not limited."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = Meeting.Format.choices
        # The seats' input shows the bounds of the model's validators (not 0, as a positive
        # integer field's would).
        bounds = {type(v): v.limit_value for v in Meeting._meta.get_field("capacity").validators}
        self.fields["capacity"].widget.attrs.update(
            min=bounds[MinValueValidator], max=bounds[MaxValueValidator]
        )

    def clean_agenda(self):
        items = [line.strip() for line in self.cleaned_data["agenda"].splitlines()]
        items = [item for item in items if item]
        title = AgendaItem._meta.get_field("title")
        for item in items:
            clean_plain_text(item)
            if len(item) > title.max_length:
                raise forms.ValidationError(_("Keep each agenda item to at most 300 characters."))
        if len(items) > AGENDA_ITEMS:
            raise forms.ValidationError(_("An agenda has at most 50 items."))
        return items


class RecommendationForm(forms.ModelForm):
    """A recommendation recorded from a platform's meeting or a council's resolution: the
    fields, their limits and validators are the model's."""

    language = language_field()

    class Meta:
        model = Recommendation
        fields = ["text", "language", "addressee", "meeting", "due_date"]
        field_classes = {"addressee": StateBodyChoiceField}
        labels = {
            "text": _("Recommendation"),
            "addressee": _("Addressee"),
            "meeting": _("Meeting"),
            "due_date": _("Due date"),
        }
        help_texts = {"due_date": _("The date by which the addressee should act.")}
        widgets = {"text": forms.Textarea(attrs={"rows": 6}), "due_date": DATE_INPUT}

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].empty_label = _("— choose a state body —")
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].empty_label = _("none (a resolution outside a meeting)")


class MinutesForm(forms.Form):
    """A past meeting's minutes and who of the registered people came."""

    minutes = model_field(
        Meeting, "minutes", label=_("Minutes"), required=True,
        widget=forms.Textarea(attrs={"rows": 10}),
    )  # fmt: skip
    attended = forms.TypedMultipleChoiceField(
        label=_("Who attended"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The people registered for the meeting; tick those who came."),
    )

    def __init__(self, *args, registered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = registered


class RecommendationStatusForm(forms.Form):
    """The next step of a recommendation, with the answer and its date."""

    to_status = forms.ChoiceField(label=_("New status"))
    answer = model_field(
        RecommendationChange, "answer", label=_("The answer"),
        help_text=_("The addressee's or the Ministry's answer; needed for every step but sending."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    answered_on = forms.DateField(label=_("Date of the answer"), widget=DATE_INPUT)

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Recommendation.Status.choices)
        self.fields["to_status"].choices = [
            (status, labels[status]) for status in Recommendation.NEXT[recommendation.status]
        ]
        self.fields["answered_on"].initial = timezone.localdate

    def clean_answered_on(self):
        answered_on = self.cleaned_data["answered_on"]
        if answered_on > timezone.localdate():
            raise forms.ValidationError(_("The date of the answer cannot be in the future."))
        return answered_on
