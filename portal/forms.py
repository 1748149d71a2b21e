from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter

from portal.models import Region, StateBody
from portal.validators import validate_iin, validate_plain_text


def clean_plain_text(value):
    """The text, trimmed, once validate_plain_text finds it plain."""
    validate_plain_text(value)
    return value.strip()


class GroupedStateBodies(forms.models.ModelChoiceIterator):
    """The state bodies in groups a person can scan: the central bodies, then each region's
    own akimat and maslikhat followed by its districts' and cities', by name in the reader's
    language. One query, whatever the number of bodies."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        central, by_region = [], {}
        for body in self.queryset:
            if body.region_id is None:
                central.append(body)
            else:
                by_region.setdefault(body.region, []).append(body)
        if central:
            yield (_("Central state bodies"), self._choices(central))
        for region in sorted(by_region, key=lambda region: region.name):
            yield (region.name, self._choices(by_region[region]))

    def _choices(self, bodies):
        local_last = sorted(bodies, key=lambda body: (body.level == "district", body.name))
        return [self.choice(body) for body in local_last]

    def __len__(self):
        return self.queryset.count() + (self.field.empty_label is not None)


class StateBodyChoiceField(forms.ModelChoiceField):
    """A state body picked from a grouped list: hundreds of bodies stay findable."""

    iterator = GroupedStateBodies

    def __init__(self, **kwargs):
        # Also as a model form's field, whose queryset the model's foreign key gives.
        kwargs["queryset"] = kwargs.get("queryset", StateBody.objects).select_related("region")
        super().__init__(**kwargs)


class StateBodyChoiceFilter(ModelChoiceFilter):
    """A list filter by addressee, with the same grouped picker as the forms."""

    field_class = StateBodyChoiceField

    def __init__(self, **kwargs):
        # Also as a model form's field, whose queryset the model's foreign key gives.
        kwargs["queryset"] = kwargs.get("queryset", StateBody.objects).select_related("region")
        super().__init__(**kwargs)


class NameFields(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("— choose —")
    )
    preferred_language = forms.ChoiceField(label=_("Language of emails and pages"),
                                           choices=settings.LANGUAGES)  # fmt: skip

    def clean_first_name(self):
        return clean_plain_text(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_plain_text(self.cleaned_data["last_name"])


class SignupForm(NameFields):
    """The portal's fields on allauth's sign-up form."""

    field_order = ["email", "first_name", "last_name", "region", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        self.fields["preferred_language"].initial = (get_language() or "kk")[:2]

    def signup(self, request, user):
        user.region = self.cleaned_data["region"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["region", "preferred_language"])


class ProfileForm(NameFields):
    """The person's name, region and language."""


class IINForm(forms.Form):
    iin = forms.CharField(
        label=_("IIN (individual identification number)"),
        max_length=12,
        help_text=_(
            "12 digits. It is kept only as a one-way code that lets each person sign a "
            "petition once; the number itself is not stored."
        ),
        validators=[validate_iin],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                      "pattern": "[0-9]{12}"}),
    )  # fmt: skip

    def clean_iin(self):
        return self.cleaned_data["iin"].strip()
