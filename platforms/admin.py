from django.contrib import admin

from platforms.models import Organization, OrganizationMember


class OrganizationMemberInline(admin.TabularInline):
    model = OrganizationMember
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "decided_at"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_kk", "name_ru", "bin", "legal_form", "region", "verified"]
    list_filter = ["verified", "legal_form", "region"]
    search_fields = ["name_kk", "name_ru", "name_en", "bin"]
    inlines = [OrganizationMemberInline]
