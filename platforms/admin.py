from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from platforms import services
from platforms.models import (
    AgendaItem,
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
    RecommendationChange,
)


def _run(modeladmin, request, queryset, call):
    """Call a service for each selected row, reporting each refusal."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except services.PlatformError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.WARNING)
        else:
            done += 1
    modeladmin.message_user(request, _("%(count)d rows changed.") % {"count": done})


# NGOs


class OrganizationMemberInline(admin.TabularInline):
    model = OrganizationMember
    fk_name = "organization"
    extra = 0
    autocomplete_fields = ["user"]
    # Decisions go through the services (the actions of the members' admin below).
    readonly_fields = ["status", "created_at", "decided_at", "decided_by"]


@admin.action(description=_("Mark the selected organisations as verified"))
def verify(modeladmin, request, queryset):
    _run(modeladmin, request, queryset.filter(verified=False),
         lambda o: services.verify_organization(organization=o, staff=request.user))  # fmt: skip


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_kk", "name_ru", "bin", "legal_form", "region", "verified", "created_at"]
    list_filter = ["verified", "legal_form", "region"]
    search_fields = ["name_kk", "name_ru", "name_en", "bin"]
    list_select_related = ["region"]
    readonly_fields = ["verified", "created_at"]
    actions = [verify]
    inlines = [OrganizationMemberInline]


@admin.action(description=_("Approve the selected requests to join"))
def approve_member(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, lambda m: services.decide_organization_member(
        membership=m, representative=request.user, approve=True))  # fmt: skip


@admin.action(description=_("Refuse the selected requests to join"))
def refuse_member(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, lambda m: services.decide_organization_member(
        membership=m, representative=request.user, approve=False))  # fmt: skip


@admin.register(OrganizationMember)
class OrganizationMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "status", "created_at", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["organization__name_kk", "organization__name_ru", "organization__bin",
                     "user__email", "user__last_name"]  # fmt: skip
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["status", "created_at", "decided_at", "decided_by"]
    actions = [approve_member, refuse_member]


# Platforms


@admin.action(description=_("Archive the selected platforms"))
def archive(modeladmin, request, queryset):
    _run(modeladmin, request, queryset.filter(status=Platform.Status.ACTIVE),
         lambda p: services.archive_platform(platform=p, moderator=request.user))  # fmt: skip


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name_kk", "kind", "sphere", "host", "status", "membership_policy",
                    "term_end"]  # fmt: skip
    list_filter = ["kind", "status", "sphere", "membership_policy"]
    search_fields = ["name_kk", "name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["host"]
    autocomplete_fields = ["moderators"]
    readonly_fields = ["status", "created_at"]
    actions = [archive]


@admin.action(description=_("Approve the selected applications"))
def approve_application(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, lambda m: services.decide_platform_membership(
        membership=m, moderator=request.user, approve=True))  # fmt: skip


@admin.register(PlatformMembership)
class PlatformMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "platform", "organization", "role", "status", "applied_at",
                    "decided_at"]  # fmt: skip
    list_filter = ["status", "role", "platform"]
    search_fields = ["platform__name_kk", "organization__name_kk", "user__email",
                     "user__last_name"]  # fmt: skip
    list_select_related = ["user", "platform", "organization"]
    autocomplete_fields = ["user", "organization"]
    # Applications, decisions and departures go through the services (the pages and the
    # action here); declining needs a reason, given on the platform's workspace.
    readonly_fields = ["status", "applied_at", "decided_at", "decided_by", "decision_reason"]
    actions = [approve_application]


@admin.register(PlatformEvent)
class PlatformEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "platform", "action", "subject", "actor"]
    list_filter = ["action", "platform"]
    list_select_related = ["platform", "actor"]
    readonly_fields = ["platform", "actor", "created_at", "action", "subject", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Meetings


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "proposal"]
    raw_id_fields = ["proposal"]


class MeetingRegistrationInline(admin.TabularInline):
    model = MeetingRegistration
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["registered_at", "attended"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "starts_at", "format", "capacity",
                    "minutes_published_at"]  # fmt: skip
    list_filter = ["format", "platform"]
    search_fields = ["title", "platform__name_kk"]
    date_hierarchy = "starts_at"
    list_select_related = ["platform"]
    # Minutes and attendance are published through the meeting's page.
    readonly_fields = ["minutes", "minutes_published_at", "created_at"]
    inlines = [AgendaItemInline, MeetingRegistrationInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "position"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting", "proposal"]


@admin.register(MeetingRegistration)
class MeetingRegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "meeting", "registered_at", "attended"]
    list_filter = ["attended"]
    list_select_related = ["user", "meeting"]
    raw_id_fields = ["meeting"]
    autocomplete_fields = ["user"]
    readonly_fields = ["registered_at", "attended"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "author", "status", "created_at", "decided_at"]
    list_filter = ["status", "platform"]
    search_fields = ["title", "text"]
    list_select_related = ["platform", "author"]
    autocomplete_fields = ["author"]
    # Put on an agenda or declined through the platform's workspace.
    readonly_fields = ["status", "decision_reason", "created_at", "decided_at"]


# Recommendations


class RecommendationChangeInline(admin.TabularInline):
    model = RecommendationChange
    extra = 0
    can_delete = False
    fields = ["answered_on", "from_status", "to_status", "answer", "actor", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "platform", "addressee", "status", "due_date", "created_at"]
    list_filter = ["status", "platform", "addressee__level"]
    search_fields = ["text"]
    date_hierarchy = "created_at"
    list_select_related = ["platform", "addressee"]
    raw_id_fields = ["meeting"]
    # Each step is recorded with its answer on the recommendation's page.
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [RecommendationChangeInline]


@admin.register(RecommendationChange)
class RecommendationChangeAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "from_status", "to_status", "answered_on", "actor"]
    list_filter = ["to_status"]
    list_select_related = ["recommendation", "actor"]
    readonly_fields = ["recommendation", "from_status", "to_status", "answer", "answered_on",
                       "actor", "created_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False
