from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from petitions import services
from petitions.forms import GroundChoiceField
from petitions.models import (
    Category,
    Ground,
    GroundEvent,
    GroundVersion,
    Petition,
    PetitionEvent,
)
from portal.admin import LabelledListEditable
from portal.adminkit import ServiceTransactions


@admin.register(Category)
class CategoryAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["slug", "name_kk", "name_ru", "name_en", "position"]
    list_editable = ["position"]


class ReadOnlyInline(admin.TabularInline):
    """A record shown as it was: nothing added, changed or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class GroundVersionInline(ReadOnlyInline):
    """A ground's versions, as they were: a version petitions may cite is never edited."""

    model = GroundVersion
    fields = ["effective_from", "effective_until", "title_ru", "legal_basis_ru", "confirmed",
              "in_register", "source", "note"]  # fmt: skip


class GroundEventInline(ReadOnlyInline):
    """Who added or amended the ground, and when."""

    model = GroundEvent
    fields = ["created_at", "actor", "action", "version"]


class GroundForm(forms.ModelForm):
    """A ground's code, and the wording of its new version (the first one, or an amendment)."""

    effective_from = forms.DateField(label=_("New wording in force from"))
    title_kk = forms.CharField(label=_("ground in Kazakh"), max_length=500)
    title_ru = forms.CharField(label=_("ground in Russian"), max_length=500)
    title_en = forms.CharField(label=_("ground in English"), max_length=500)
    legal_basis_kk = forms.CharField(label=_("legal basis in Kazakh"), max_length=500)
    legal_basis_ru = forms.CharField(label=_("legal basis in Russian"), max_length=500)
    legal_basis_en = forms.CharField(label=_("legal basis in English"), max_length=500)
    source = forms.CharField(label=_("source of the wording"), max_length=500, required=False)
    confirmed = forms.BooleanField(
        label=_("wording and dates confirmed against the official text"), required=False
    )
    note = forms.CharField(label=_("note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    class Meta:
        model = Ground
        fields = ["code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = None
        if self.instance.pk:
            self.current = self.instance.latest_version()
        if self.current is not None and not self.is_bound:
            # The amendment starts from the current wording.
            for name in services.GROUND_TEXTS + ["source", "note"]:
                self.initial[name] = getattr(self.current, name)

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        if self.current is not None and day <= self.current.effective_from:
            raise forms.ValidationError(
                _("The new wording must start after %(date)s, when the current one did.")
                % {"date": date_format(self.current.effective_from, "j.m.Y")}
            )
        return day


@admin.register(Ground)
class GroundAdmin(ServiceTransactions, admin.ModelAdmin):
    """Adding or amending a ground goes through the services, which keep every version."""

    form = GroundForm
    list_display = ["code", "position"]
    inlines = [GroundVersionInline, GroundEventInline]
    fieldsets = [
        (None, {"fields": ["code"]}),
        (_("New wording"), {"fields": ["effective_from", *services.GROUND_TEXTS, "source",
                                       "confirmed", "note"]}),
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        # Rejected petitions cite the versions: the register only grows.
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("petitions.edit_grounds")

    def has_add_permission(self, request):
        return request.user.has_perm("petitions.edit_grounds")

    def save_model(self, request, obj, form, change):
        names = ["effective_from", *services.GROUND_TEXTS, "source", "confirmed", "note"]
        data = {name: form.cleaned_data[name] for name in names}
        try:
            if change:
                services.amend_ground(ground=obj, actor=request.user, **data)
            else:
                version = services.add_ground(actor=request.user, code=obj.code, **data)
                obj.pk = version.ground_id
        except services.PetitionError as error:
            raise PermissionDenied(error.message) from None


class PetitionEventInline(ReadOnlyInline):
    model = PetitionEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "reason", "note"]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note to the author"), max_length=5000, widget=forms.Textarea)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)


class RejectForm(forms.Form):
    # The service refuses a petition submitted on a day the chosen version was not in force.
    reason = GroundChoiceField(
        label=_("Ground"),
        queryset=GroundVersion.objects.in_register().select_related("ground"),
        with_dates=True,
    )
    explanation = forms.CharField(
        label=_("Explanation for the author"), max_length=5000, widget=forms.Textarea
    )


def _run(modeladmin, request, queryset, call):
    """Call a service for each selected petition, reporting each refusal."""
    done = 0
    for petition in queryset:
        try:
            call(petition)
        except services.PetitionError as error:
            modeladmin.message_user(request, f"{petition}: {error.message}", messages.WARNING)
        else:
            done += 1
    modeladmin.message_user(request, _("%(count)d petitions changed.") % {"count": done})


def _with_form(name, form_class, title, service):
    """An admin action that first asks for the service's reason or note on a page of its own."""

    def action(modeladmin, request, queryset):
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():

            def call(petition):
                service(petition=petition, moderator=request.user, **form.cleaned_data)

            _run(modeladmin, request, queryset, call)
            return None
        return TemplateResponse(
            request,
            "admin/petitions/reason_action.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": title,
                "petitions": queryset,
                "form": form,
                "action": name,
                "opts": modeladmin.model._meta,
            },
        )

    action.__name__ = name
    return action


@admin.action(description=_("Publish the selected petitions"))
def publish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset,
         lambda p: services.publish_petition(petition=p, moderator=request.user))  # fmt: skip


@admin.action(description=_("Restore the selected hidden petitions"))
def restore(modeladmin, request, queryset):
    _run(modeladmin, request, queryset,
         lambda p: services.restore_petition(petition=p, moderator=request.user))  # fmt: skip


@admin.action(description=_("Delete the selected drafts"))
def delete_drafts(modeladmin, request, queryset):
    _run(modeladmin, request, queryset,
         lambda p: services.delete_petition(petition=p, actor=request.user))  # fmt: skip


return_for_changes = admin.action(description=_("Return the selected petitions for changes"))(
    _with_form("return_for_changes", NoteForm, _("Return for changes"), services.return_petition)
)
reject = admin.action(description=_("Reject the selected petitions, with a reason"))(
    _with_form("reject", RejectForm, _("Reject"), services.reject_petition)
)
hide = admin.action(description=_("Hide the selected petitions, with a reason"))(
    _with_form("hide", HideForm, _("Hide"), services.hide_petition)
)


@admin.register(Petition)
class PetitionAdmin(ServiceTransactions, admin.ModelAdmin):
    list_display = ["title", "status", "addressee", "signature_count", "threshold", "submitted_at",
                    "overdue"]  # fmt: skip
    list_filter = ["status", "overdue", "category", "addressee__level"]
    search_fields = ["title"]
    actions = [publish, return_for_changes, reject, hide, restore, delete_drafts]
    inlines = [PetitionEventInline]
    # State changes go through the services (the actions above and the moderation pages).
    readonly_fields = [field.name for field in Petition._meta.fields]
    list_select_related = ["addressee"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Only a draft is deleted, through the service: a petition past draft is a public
        # record with its history and signatures.
        draft = obj is None or obj.status == Petition.Status.DRAFT
        return draft and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Django's bulk delete would take petitions of any state; delete_drafts refuses those.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        try:
            services.delete_petition(petition=obj, actor=request.user)
        except services.PetitionError as error:
            # Submitted meanwhile: the page was checked before the petition's lock was taken.
            raise PermissionDenied(error.message) from None
