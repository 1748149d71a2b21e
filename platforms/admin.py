from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from platforms import services
from platforms.models import (
    AgendaItem,
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationEvent,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
    RecommendationChange,
)
from portal.adminkit import ServiceTransactions
from portal.models import User
from portal.rules import MINISTRY_STAFF

# The admin changes state only through the services: its add and change pages call them,
# its actions call them, and nothing here is deleted (a deletion would take audit rows with it).


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


class ServiceAdmin(admin.ModelAdmin):
    """Rows kept by the services: never deleted from the admin."""

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceFormAdmin(ServiceTransactions, ServiceAdmin):
    """An add or change page whose save_form calls the services: nothing else is saved."""

    def save_model(self, request, obj, form, change):
        """Saved by the service in save_form."""

    def save_related(self, request, form, formsets, change):
        """Saved by the service in save_form; the inlines are read-only."""

    def construct_change_message(self, request, form, formsets, add=False):
        return super().construct_change_message(request, form, [], add)


class ReadOnlyAdmin(ServiceAdmin):
    """Rows that only the services (and their actions) change: shown, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# NGOs


class OrganizationMemberInline(ReadOnlyInline):
    model = OrganizationMember
    fk_name = "organization"
    fields = ["user", "role", "status", "created_at", "decided_at", "decided_by"]
    readonly_fields = fields


class OrganizationEventInline(ReadOnlyInline):
    model = OrganizationEvent
    fields = ["created_at", "actor", "action", "subject", "note"]
    readonly_fields = fields


@admin.action(description=_("Mark the selected organisations as verified"))
def verify(modeladmin, request, queryset):
    _run(modeladmin, request, queryset.filter(verified=False),
         lambda o: services.verify_organization(organization=o, staff=request.user))  # fmt: skip


@admin.register(Organization)
class OrganizationAdmin(ServiceFormAdmin):
    list_display = ["name_kk", "name_ru", "bin", "legal_form", "region", "verified", "created_at"]
    list_filter = ["verified", "legal_form", "region"]
    search_fields = ["name_kk", "name_ru", "name_en", "bin"]
    list_select_related = ["region"]
    # The BIN stays as registered; verification is the action below.
    fields = ["bin", *services.ORGANIZATION_FIELDS, "verified", "created_at"]
    readonly_fields = ["bin", "verified", "created_at"]
    actions = [verify]
    inlines = [OrganizationMemberInline, OrganizationEventInline]

    def has_add_permission(self, request):
        # An NGO is registered on the site by the citizen who becomes its representative.
        return False

    def has_change_permission(self, request, obj=None):
        allowed = obj is None or request.user.has_perm("platforms.edit_organization", obj)
        return allowed and super().has_change_permission(request, obj)

    def save_form(self, request, form, change):
        organization = Organization.objects.get(pk=form.instance.pk)
        changes = {name: form.cleaned_data[name] for name in form.changed_data
                   if name in services.ORGANIZATION_FIELDS}  # fmt: skip
        if not changes:
            return organization
        return services.update_organization(
            organization=organization, editor=request.user, **changes
        )


@admin.register(OrganizationEvent)
class OrganizationEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organization", "action", "subject", "actor"]
    list_filter = ["action"]
    list_select_related = ["organization", "actor"]


@admin.action(description=_("Approve the selected requests to join"))
def approve_member(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, lambda m: services.decide_organization_member(
        membership=m, representative=request.user, approve=True))  # fmt: skip


@admin.action(description=_("Refuse the selected requests to join"))
def refuse_member(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, lambda m: services.decide_organization_member(
        membership=m, representative=request.user, approve=False))  # fmt: skip


@admin.action(description=_("Remove the selected members from their organisation"))
def remove_member(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, lambda m: services.remove_organization_member(
        membership=m, representative=request.user))  # fmt: skip


@admin.register(OrganizationMember)
class OrganizationMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "role", "status", "created_at", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["organization__name_kk", "organization__name_ru", "organization__bin",
                     "user__email", "user__last_name"]  # fmt: skip
    list_select_related = ["user", "organization"]
    actions = [approve_member, refuse_member, remove_member]


# Platforms


@admin.action(description=_("Archive the selected platforms"))
def archive(modeladmin, request, queryset):
    _run(modeladmin, request, queryset.filter(status=Platform.Status.ACTIVE),
         lambda p: services.archive_platform(platform=p, moderator=request.user))  # fmt: skip


class PlatformForm(forms.ModelForm):
    """A platform's details, checked by its model; its moderators, among the ministry's staff."""

    moderators = forms.ModelMultipleChoiceField(
        label=_("moderators"), required=False,
        queryset=User.objects.filter(groups__name=MINISTRY_STAFF).order_by("email"),
        widget=forms.SelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Platform
        fields = services.PLATFORM_FIELDS

    may_assign = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderators"].disabled = not self.may_assign
        if self.instance.pk:
            current = self.instance.moderators.all()
            self.initial["moderators"] = list(current)
            # Kept on the list even if no longer staff, so that saving does not drop them.
            staff = self.fields["moderators"].queryset
            self.fields["moderators"].queryset = (staff | current).distinct().order_by("email")


class PlatformEventInline(ReadOnlyInline):
    model = PlatformEvent
    fields = ["created_at", "actor", "action", "subject", "note"]
    readonly_fields = fields


@admin.register(Platform)
class PlatformAdmin(ServiceFormAdmin):
    form = PlatformForm
    list_display = ["name_kk", "kind", "sphere", "host", "status", "membership_policy",
                    "term_end"]  # fmt: skip
    list_filter = ["kind", "status", "sphere", "membership_policy"]
    search_fields = ["name_kk", "name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["host"]
    actions = [archive]
    inlines = [PlatformEventInline]

    def has_add_permission(self, request):
        allowed = request.user.has_perm("platforms.create_platform")
        return allowed and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        allowed = obj is None or request.user.has_perm("platforms.moderate_platform", obj)
        return allowed and super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A platform's moderators are chosen by the administrators only.
        form.may_assign = request.user.has_perm("platforms.assign_moderator", obj)
        return form

    def save_form(self, request, form, change):
        data = {name: form.cleaned_data[name] for name in services.PLATFORM_FIELDS}
        wanted = form.cleaned_data.get("moderators")
        if not change:
            return services.create_platform(user=request.user, moderators=wanted or (), **data)
        platform = Platform.objects.get(pk=form.instance.pk)
        changes = {name: data[name] for name in form.changed_data if name in data}
        if changes:
            platform = services.update_platform(
                platform=platform, moderator=request.user, **changes
            )
        if wanted is not None:
            current = set(platform.moderators.all())
            for user in set(wanted) - current:
                services.assign_moderator(platform=platform, admin=request.user, user=user)
            for user in current - set(wanted):
                services.remove_moderator(platform=platform, admin=request.user, user=user)
        return platform


@admin.action(description=_("Approve the selected applications"))
def approve_application(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, lambda m: services.decide_platform_membership(
        membership=m, moderator=request.user, approve=True))  # fmt: skip


@admin.register(PlatformMembership)
class PlatformMembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "platform", "organization", "role", "status", "applied_at",
                    "decided_at"]  # fmt: skip
    list_filter = ["status", "role", "platform"]
    search_fields = ["platform__name_kk", "organization__name_kk", "user__email",
                     "user__last_name"]  # fmt: skip
    list_select_related = ["user", "platform", "organization"]
    # Applications, appointments and departures go through the platform's pages; declining
    # needs a reason, given on the platform's workspace.
    actions = [approve_application]


@admin.register(PlatformEvent)
class PlatformEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "platform", "action", "subject", "actor"]
    list_filter = ["action", "platform"]
    list_select_related = ["platform", "actor"]


# Meetings


# Meetings are scheduled, and their minutes published, on the platform's workspace
# (schedule_meeting, publish_minutes); the admin shows them.


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ["position", "title", "proposal"]
    readonly_fields = fields


class MeetingRegistrationInline(ReadOnlyInline):
    model = MeetingRegistration
    fields = ["user", "registered_at", "attended"]
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "platform", "starts_at", "format", "capacity",
                    "minutes_published_at"]  # fmt: skip
    list_filter = ["format", "platform"]
    search_fields = ["title", "platform__name_kk"]
    date_hierarchy = "starts_at"
    list_select_related = ["platform"]
    inlines = [AgendaItemInline, MeetingRegistrationInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "meeting", "position"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting"]


@admin.register(MeetingRegistration)
class MeetingRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["user", "meeting", "registered_at", "attended"]
    list_filter = ["attended"]
    list_select_related = ["user", "meeting"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "platform", "author", "status", "created_at", "decided_at"]
    list_filter = ["status", "platform"]
    search_fields = ["title", "text"]
    list_select_related = ["platform", "author"]


# Recommendations are recorded, and moved on with their answers, on the recommendation's page.


class RecommendationChangeInline(ReadOnlyInline):
    model = RecommendationChange
    fields = ["answered_on", "from_status", "to_status", "answer", "actor", "created_at"]
    readonly_fields = fields


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "platform", "addressee", "status", "due_date", "created_at"]
    list_filter = ["status", "platform", "addressee__level"]
    search_fields = ["text"]
    date_hierarchy = "created_at"
    list_select_related = ["platform", "addressee"]
    inlines = [RecommendationChangeInline]


@admin.register(RecommendationChange)
class RecommendationChangeAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "from_status", "to_status", "answered_on", "actor"]
    list_filter = ["to_status"]
    list_select_related = ["recommendation", "actor"]
