from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from petitions import receipts
from petitions.models import GroundVersion, Petition
from portal.forms import StateBodyChoiceField
from portal.models import TEXT_LANGUAGES


class PetitionForm(forms.ModelForm):
    """A petition's text and addressee, as its author writes them: the fields, their limits and
    validators are the model's (the API's serializer derives from the same)."""

    language = forms.ChoiceField(
        label=_("Language of the text"), choices=TEXT_LANGUAGES, required=False,
        help_text=_("Screen readers read it aloud in this language."),
    )  # fmt: skip

    class Meta:
        model = Petition
        fields = ["title", "demand", "text", "addressee", "category", "region", "language"]
        field_classes = {"addressee": StateBodyChoiceField}
        labels = {
            "title": _("Title"),
            "demand": _("What you ask of the state body"),
            "text": _("Why: the situation and your arguments"),
            "addressee": _("Addressee"),
            "category": _("Category"),
            "region": _("Region it concerns"),
        }
        help_texts = {
            "title": _("One sentence saying what you ask for (10 to 150 characters)."),
            "addressee": _("The number of signatures needed depends on the addressee."),
        }
        widgets = {
            "demand": forms.Textarea(attrs={"rows": 4}),
            "text": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].empty_label = _("— choose a state body —")
        self.fields["category"].empty_label = _("— choose —")
        self.fields["region"].empty_label = _("the whole country")


class SignForm(forms.Form):
    show_name = forms.BooleanField(
        label=_("Show my first name and the first letter of my surname among the signers"),
        required=False,
    )
    notify_on_answer = forms.BooleanField(
        label=_("Email me when the state body answers"), required=False
    )


class ReceiptForm(forms.Form):
    """A receipt code as its holder types it: dashes, spaces and small letters are fine."""

    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("The twelve characters you were shown after signing, e.g. 7K3M-Q9XD-2PWA."),
    )

    def clean_code(self):
        code = receipts.normalize_receipt(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A receipt code has twelve letters and digits, such as 7K3M-Q9XD-2PWA.")
            )
        return code


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What the author should change"), max_length=5000, widget=forms.Textarea
    )


class GroundChoiceField(forms.ModelChoiceField):
    """A version of a ground, named with its legal basis (and its dates, when asked)."""

    def __init__(self, *args, with_dates=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_dates = with_dates

    def label_from_instance(self, version):
        label = f"{version.title} ({version.legal_basis})"
        if self.with_dates:
            until = version.effective_until
            until = date_format(until, "j.m.Y") if until else "…"
            label += f" [{date_format(version.effective_from, 'j.m.Y')} – {until}]"
        return label


class RejectForm(forms.Form):
    """The grounds offered are those in force on the day the petition was submitted."""

    reason = GroundChoiceField(label=_("Ground"), queryset=GroundVersion.objects.none())
    explanation = forms.CharField(
        label=_("Explanation for the author"), max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        day = petition.submitted_day
        self.fields["reason"].queryset = GroundVersion.objects.in_force(day)
        self.fields["reason"].help_text = _(
            "The grounds in force on %(date)s, the day the petition was submitted."
        ) % {"date": date_format(day, "j.m.Y")}


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why it is hidden"), max_length=2000, widget=forms.Textarea)


class ResponseForm(forms.Form):
    response_text = forms.CharField(
        label=_("The state body's response"), max_length=20000, widget=forms.Textarea
    )
    discussion_date = forms.DateField(
        label=_("Date of the public discussion"), widget=forms.DateInput(attrs={"type": "date"})
    )
    discussion_place = forms.CharField(
        label=_("Place of the public discussion"), max_length=255, required=False
    )
    media_statement_url = forms.URLField(
        label=_("Link to the media statement"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )


class InvalidateForm(forms.Form):
    signature_ids = forms.CharField(
        label=_("Signature numbers"),
        help_text=_("Numbers separated by commas, spaces or new lines."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def clean_signature_ids(self):
        raw = self.cleaned_data["signature_ids"].replace(",", " ").split()
        if not raw or not all(part.isdigit() for part in raw) or len(raw) > 10000:
            raise forms.ValidationError(_("Enter signature numbers separated by commas or spaces."))
        return [int(part) for part in raw]


class SignalsForm(forms.Form):
    """The week the moderators' hourly chart shows: the seven days up to this one."""

    day = forms.DateField(
        label=_("Week up to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-03-31.")},
    )


# The state body's workspace: one form per step, each with ids unique to its petition.


class AnswerForm(forms.Form):
    response_text = forms.CharField(
        label=_("The state body's response"), max_length=20000, widget=forms.Textarea
    )


class DiscussionForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the public discussion"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Place of the public discussion"), max_length=255,
                            required=False)  # fmt: skip
    online_link = forms.URLField(label=_("Online link of the public discussion"), max_length=500,
                                 required=False, assume_scheme="https")  # fmt: skip


class MediaStatementForm(forms.Form):
    url = forms.URLField(label=_("Link to the media statement"), max_length=500,
                         assume_scheme="https")  # fmt: skip


class SignedAnswerForm(forms.Form):
    upload = forms.FileField(
        label=_("Signed answer (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
