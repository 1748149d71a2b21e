from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import (
    Meeting,
    Organization,
    PlatformMembership,
    Recommendation,
    Sphere,
)
from portal.forms import StateBodyChoiceField, clean_plain_text
from portal.models import TEXT_LANGUAGES, Region, StateBodyOfficial
from portal.validators import validate_bin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationForm(forms.Form):
    """An NGO's profile as its representative writes it (the BIN only when registering)."""

    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    bin = forms.CharField(
        label=_("BIN (business identification number)"),
        help_text=_("12 digits, as in the state register of legal entities."),
        validators=[validate_bin],
        # The BIN validator explains a wrong length; no second message from max_length.
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12}
        ),
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"),
        choices=[("", _("— choose —")), *Organization.LegalForm.choices],
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("— choose —")
    )
    spheres = forms.MultipleChoiceField(
        label=_("Spheres of work"),
        choices=Sphere.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("What the organisation does"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, with_bin=True, **kwargs):
        super().__init__(*args, **kwargs)
        # The BIN stays as registered: a profile edit does not show it.
        if not with_bin:
            del self.fields["bin"]

    def clean_name_kk(self):
        return clean_plain_text(self.cleaned_data["name_kk"])

    def clean_name_ru(self):
        return clean_plain_text(self.cleaned_data["name_ru"])

    def clean_name_en(self):
        return clean_plain_text(self.cleaned_data["name_en"])

    def clean_bin(self):
        return self.cleaned_data["bin"].strip()


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
    motivation = forms.CharField(
        label=_("Why you want to take part"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
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


class ProposalForm(forms.Form):
    """A member's item for the platform's agenda."""

    title = forms.CharField(label=_("Title of the proposal"), max_length=200)
    text = forms.CharField(
        label=_("The proposal"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=TEXT_LANGUAGES, required=False,
        help_text=_("Screen readers read it aloud in this language."),
    )  # fmt: skip

    def clean_title(self):
        return clean_plain_text(self.cleaned_data["title"])


class ReasonForm(forms.Form):
    """The reason a moderator gives for declining."""

    reason = forms.CharField(label=_("Reason for declining"), max_length=2000, required=False)


class AppointOfficialForm(forms.Form):
    """A state official to seat on a platform, and the reason when the seat would leave civil
    society below two thirds."""

    official = forms.ModelChoiceField(
        label=_("State official"), queryset=StateBodyOfficial.objects.none(),
        empty_label=_("— choose —"),
        help_text=_("People appointed to a state body; the host body's officials first."),
    )  # fmt: skip
    override_reason = forms.CharField(
        label=_("Why seat them below the two-thirds goal"), max_length=2000, required=False,
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


class MeetingForm(forms.Form):
    """A new meeting of a platform, with its agenda."""

    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Local time in Astana."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    format = forms.ChoiceField(label=_("Format"), choices=Meeting.Format.choices)
    place = forms.CharField(
        label=_("Place"),
        max_length=255,
        required=False,
        help_text=_("For a meeting in person or a hybrid one."),
    )
    online_link = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For an online or hybrid meeting. Only the platform's members see it."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Leave empty when the number of seats is not limited."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=10000,
        help_text=_("One item per line, in order."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_title(self):
        return clean_plain_text(self.cleaned_data["title"])

    def clean_place(self):
        return clean_plain_text(self.cleaned_data["place"])

    def clean_agenda(self):
        items = [line.strip() for line in self.cleaned_data["agenda"].splitlines()]
        items = [item for item in items if item]
        for item in items:
            clean_plain_text(item)
            if len(item) > 300:
                raise forms.ValidationError(_("Keep each agenda item to at most 300 characters."))
        if len(items) > 50:
            raise forms.ValidationError(_("An agenda has at most 50 items."))
        return items


class RecommendationForm(forms.Form):
    """A recommendation recorded from a platform's meeting or a council's resolution."""

    text = forms.CharField(
        label=_("Recommendation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    addressee = StateBodyChoiceField(label=_("Addressee"), empty_label=_("— choose a state body —"))
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("none (a resolution outside a meeting)"),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        help_text=_("The date by which the addressee should act."),
        widget=DATE_INPUT,
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class MinutesForm(forms.Form):
    """A past meeting's minutes and who of the registered people came."""

    minutes = forms.CharField(
        label=_("Minutes"), max_length=50000, widget=forms.Textarea(attrs={"rows": 10})
    )
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
    answer = forms.CharField(
        label=_("The answer"),
        max_length=5000,
        required=False,
        help_text=_("The addressee's or the Ministry's answer; needed for every step but sending."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
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
