from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from petitions import services
from petitions.models import Category, Petition, PetitionEvent, RejectionReason
from portal.admin import LabelledListEditable


@admin.register(Category)
class CategoryAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["slug", "name_kk", "name_ru", "name_en", "position"]
    list_editable = ["position"]


@admin.register(RejectionReason)
class RejectionReasonAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = [
        "title_kk",
        "title_ru",
        "legal_basis_kk",
        "legal_basis_ru",
        "active",
        "position",
    ]
    list_editable = ["active", "position"]


class PetitionEventInline(admin.TabularInline):
    model = PetitionEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "from_status", "to_status", "reason", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note to the author"), max_length=5000, widget=forms.Textarea)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)


class RejectForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=RejectionReason.objects.filter(active=True)
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
class PetitionAdmin(admin.ModelAdmin):
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
