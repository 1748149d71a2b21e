from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import Region, StateBody, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "region", "is_staff", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "region"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["date_joined", "last_login", "has_iin", "birth_date"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["first_name", "last_name", "region", "preferred_language"]}),
        (_("Identity for signing"), {"fields": ["has_iin", "birth_date"]}),
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
    list_display = ["name_kk", "name_ru", "kind", "level", "region"]
    list_filter = ["kind", "level", "region"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]
