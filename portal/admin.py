from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_tasks_db import admin as tasks_admin
from django_tasks_db.models import DBTaskResult

from portal import services
from portal.adminkit import ServiceTransactions
from portal.models import Region, StateBody, StateBodyOfficial, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "region", "is_staff", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "region"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["date_joined", "last_login", "has_iin", "birth_date", "iin_proven_at",
                       "iin_certificate_serial"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["first_name", "last_name", "region", "preferred_language"]}),
        (
            _("Identity for signing"),
            {"fields": ["has_iin", "birth_date", "iin_proven_at", "iin_certificate_serial"]},
        ),  # fmt: skip
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # An account's seats, memberships and signatures are part of the portal's record:
        # an account is closed by unticking "active", never deleted from here.
        return False

    @admin.display(boolean=True, description=_("IIN declared"))
    def has_iin(self, user):
        return user.has_iin


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_kk", "name_ru", "name_en", "kind", "population",
                    "population_date"]  # fmt: skip
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


@admin.register(StateBody)
class StateBodyAdmin(admin.ModelAdmin):
    list_display = ["name_kk", "name_ru", "kind", "level", "region", "population"]
    list_filter = ["kind", "level", "region"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]


@admin.register(StateBodyOfficial)
class StateBodyOfficialAdmin(ServiceTransactions, admin.ModelAdmin):
    """Appointments go through portal.services, so each leaves its event row."""

    list_display = ["user", "body", "appointed_at", "removed_at"]
    list_filter = ["body__level", "body__kind"]
    search_fields = ["user__email", "user__last_name", "body__name_kk", "body__name_ru"]
    autocomplete_fields = ["body", "user"]
    fields = ["body", "user"]
    actions = ["remove_officials"]

    def has_add_permission(self, request):
        return request.user.has_perm("portal.appoint_official")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Only active accounts can be appointed: the service refuses the others.
        form.base_fields["user"].queryset = User.objects.filter(is_active=True)
        return form

    def has_change_permission(self, request, obj=None):
        # An appointment is made or ended, never edited.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            appointed = services.appoint_official(body=obj.body, user=obj.user, actor=request.user)
        except services.OfficialError as error:
            # The form has passed; the refusal is shown and nothing is saved.
            self.message_user(request, error.message, messages.ERROR)
            return
        obj.pk = appointed.pk

    @admin.action(description=_("Remove the selected officials from their bodies"))
    def remove_officials(self, request, queryset):
        removed = 0
        for official in queryset.current().select_related("body", "user"):
            try:
                services.remove_official(body=official.body, user=official.user,
                                         actor=request.user)  # fmt: skip
            except services.OfficialError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            removed += 1
        self.message_user(request, _("Officials removed: %(count)d.") % {"count": removed})


# django-tasks-db's admin, with its columns named in the reader's language.
class TaskResultAdmin(tasks_admin.DBTaskResultAdmin):
    list_display = ("id", "task", "status", "enqueued_at", "started_at", "finished_at",
                    "priority", "queue_name")  # fmt: skip

    @admin.display(description=_("task"), ordering="task_path")
    def task(self, obj):
        return obj.task_name

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj):
        return super().display_run_after(obj)


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)


class LabelledListEditable:
    """A ModelAdmin mixin: the inputs of `list_editable` columns get an accessible name (the
    column and the row's object), which Django's changelist leaves out."""

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class Labelled(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return Labelled
