from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from petitions import services
from petitions.models import Category, Petition, PetitionEvent, RejectionReason


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_kk", "name_ru", "name_en", "position"]
    list_editable = ["position"]


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["title_kk", "title_ru", "legal_basis", "active", "position"]
    list_editable = ["active", "position"]


class PetitionEventInline(admin.TabularInline):
    model = PetitionEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "from_status", "to_status", "reason", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)


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


@admin.action(description=_("Publish the selected petitions"))
def publish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset,
         lambda p: services.publish_petition(petition=p, moderator=request.user))  # fmt: skip


@admin.action(description=_("Restore the selected hidden petitions"))
def restore(modeladmin, request, queryset):
    _run(modeladmin, request, queryset,
         lambda p: services.restore_petition(petition=p, moderator=request.user))  # fmt: skip


@admin.action(description=_("Hide the selected petitions, with a reason"))
def hide(modeladmin, request, queryset):
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        reason = form.cleaned_data["reason"]

        def call(petition):
            services.hide_petition(petition=petition, moderator=request.user, reason=reason)

        _run(modeladmin, request, queryset, call)
        return None
    return TemplateResponse(
        request,
        "admin/petitions/reason_action.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Hide the selected petitions"),
            "petitions": queryset,
            "form": form,
            "action": "hide",
            "opts": modeladmin.model._meta,
        },
    )


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "addressee", "signature_count", "threshold", "submitted_at",
                    "overdue"]  # fmt: skip
    list_filter = ["status", "overdue", "category", "addressee__level"]
    search_fields = ["title"]
    actions = [publish, hide, restore]
    inlines = [PetitionEventInline]
    # State changes go through the services (the actions above and the moderation pages).
    readonly_fields = [field.name for field in Petition._meta.fields]
    list_select_related = ["addressee"]

    def has_add_permission(self, request):
        return False
