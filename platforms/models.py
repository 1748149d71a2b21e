from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import (
    NAME_LENGTH,
    TEXT_LANGUAGES,
    Region,
    StateBody,
    TranslatedNames,
    shown_language,
)
from portal.validators import validate_bin, validate_plain_text


def text_language():
    """The language its author wrote a text in, for the `lang` attribute where it is shown;
    the database's default too, for rows written without it (the national-scale loader)."""
    return models.CharField(
        _("language of the text"),
        max_length=2,
        choices=TEXT_LANGUAGES,
        default="kk",
        db_default="kk",
    )


class Sphere(models.TextChoices):
    """The fields of the Ministry's work that platforms and NGOs belong to."""

    INFORMATION = "information", _("information and media")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    YOUTH = "youth", _("youth")
    FAMILY = "family", _("family and children")
    INTERFAITH = "interfaith", _("interfaith relations")
    RELIGION = "religion", _("religion")
    ETHNIC = "ethnic", _("interethnic relations")
    SOCIAL = "social", _("social support and volunteering")
    CULTURE = "culture", _("culture and language")
    ECOLOGY = "ecology", _("environment")
    HUMAN_RIGHTS = "human_rights", _("human rights")


class OrganizationQuerySet(models.QuerySet):
    def for_directory(self):
        """What the NGO directory shows: region joined, approved members counted."""
        return self.select_related("region").annotate(
            member_count=Count("memberships", filter=Q(memberships__status="approved"))
        )


class Organization(TranslatedNames):
    """A non-governmental organisation taking part in dialogue platforms."""

    class LegalForm(models.TextChoices):
        PUBLIC_ASSOCIATION = "public_association", _("public association")
        FOUNDATION = "foundation", _("public foundation")
        ASSOCIATION = "association", _("association of legal entities")
        INSTITUTION = "institution", _("private institution")
        RELIGIOUS = "religious", _("religious association")
        OTHER = "other", _("other non-commercial organisation")

    # Its representative writes its names: plain text (TranslatedNames' limit).
    name_kk = models.CharField(
        _("name in Kazakh"), max_length=NAME_LENGTH, validators=[validate_plain_text]
    )
    name_ru = models.CharField(
        _("name in Russian"), max_length=NAME_LENGTH, validators=[validate_plain_text]
    )
    name_en = models.CharField(
        _("name in English"), max_length=NAME_LENGTH, blank=True, validators=[validate_plain_text]
    )
    bin = models.CharField(_("BIN"), max_length=12, validators=[validate_bin])
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organizations"
    )
    spheres = models.JSONField(_("spheres"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    # The description's.
    language = text_language()
    # Set by ministry staff once the BIN was checked against the state register.
    verified = models.BooleanField(_("verified"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganizationMember",
        through_fields=("organization", "user"),
        related_name="organizations",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name_kk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["bin"], name="organization_bin_unique"),
            models.CheckConstraint(
                name="organization_bin_12_digits", condition=models.Q(bin__regex=r"^[0-9]{12}$")
            ),
        ]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("organization_detail", args=[self.pk])

    def sphere_labels(self):
        """The spheres' names in the reader's language."""
        labels = dict(Sphere.choices)
        return [labels[sphere] for sphere in self.spheres if sphere in labels]


class OrganizationMember(models.Model):
    """A person's membership in an organisation."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("representative")
        MEMBER = "member", _("member")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REMOVED = "removed", _("removed")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ngo_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="organization_member_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.organization}"


class OrganizationEvent(models.Model):
    """One step in an NGO's life: registered, verified, a member asked, approved or removed."""

    # Each step a service records. A new step is one more member here (and its migration).
    class Action(models.TextChoices):
        REGISTERED = "registered", _("organisation registered")
        UPDATED = "updated", _("organisation's profile changed")
        VERIFIED = "verified", _("organisation verified")
        JOIN_REQUESTED = "join_requested", _("asked to join")
        MEMBER_APPROVED = "member_approved", _("member approved")
        MEMBER_REFUSED = "member_refused", _("request to join refused")
        MEMBER_REMOVED = "member_removed", _("member removed")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("organization"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("actor"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    action = models.CharField(max_length=40, choices=Action.choices, verbose_name=_("action"))
    subject = models.CharField(max_length=255, blank=True, verbose_name=_("subject"))
    note = models.TextField(blank=True, max_length=5000, verbose_name=_("note"))

    class Meta:
        verbose_name = _("NGO event")
        verbose_name_plural = _("NGO events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.organization_id}: {self.action}"


class PlatformQuerySet(models.QuerySet):
    def active(self):
        """Platforms and councils that are working now."""
        return self.filter(status=Platform.Status.ACTIVE)

    def with_composition(self):
        """Each platform's approved seats counted by role in the same query (`composition`)."""
        approved = Q(memberships__status="approved")
        return self.select_related("host").annotate(
            **{
                f"seats_{role}": Count("memberships", filter=approved & Q(memberships__role=role))
                for role in PlatformMembership.Role.values
            }
        )


# The civil-society share of a platform's seats that the "Hearing State" aims for (design §3).
GOAL = Fraction(2, 3)


@dataclass(frozen=True)
class Composition:
    """A platform's approved seats by role, and civil society's share against the goal."""

    by_role: dict

    @property
    def total(self):
        return sum(self.by_role.values())

    @property
    def civil(self):
        """Everyone's seats but the state officials'."""
        return self.total - self.by_role.get(PlatformMembership.Role.STATE_OFFICIAL, 0)

    @property
    def share(self):
        """civil / total from 0 to 1, None without seats."""
        return round(self.civil / self.total, 4) if self.total else None

    @property
    def percent(self):
        return round(100 * self.civil / self.total) if self.total else None

    @property
    def goal_met(self):
        """Whether civil society holds at least two thirds of the seats (counted exactly)."""
        return bool(self.total) and Fraction(self.civil, self.total) >= GOAL


def composition_history(spans, *, points):
    """The composition at the end of each of the last `points` days on which it changed,
    oldest first, from the seats' (role, seated_at, left_at) spans."""
    changes = {}
    for role, seated_at, left_at in spans:
        changes.setdefault(timezone.localdate(seated_at), []).append((role, 1))
        if left_at is not None:
            changes.setdefault(timezone.localdate(left_at), []).append((role, -1))
    counts = dict.fromkeys(PlatformMembership.Role.values, 0)
    history = []
    for day in sorted(changes):
        for role, step in changes[day]:
            counts[role] += step
        history.append((day, Composition(dict(counts))))
    return history[-points:]


class Platform(TranslatedNames):
    """A dialogue platform of the Ministry, or a public council of a state body."""

    class Kind(models.TextChoices):
        DIALOGUE_PLATFORM = "dialogue_platform", _("dialogue platform")
        PUBLIC_COUNCIL = "public_council", _("public council")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ARCHIVED = "archived", _("archived")

    class Policy(models.TextChoices):
        OPEN = "open", _("open applications")
        INVITATION = "invitation", _("by invitation")

    slug = models.SlugField(max_length=80, unique=True, verbose_name=_("slug"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description_kk = models.TextField(_("description in Kazakh"), blank=True, max_length=5000)
    description_ru = models.TextField(_("description in Russian"), blank=True, max_length=5000)
    description_en = models.TextField(_("description in English"), blank=True, max_length=5000)
    sphere = models.CharField(_("sphere"), max_length=24, choices=Sphere.choices)
    host = models.ForeignKey(
        StateBody, verbose_name=_("host state body"), on_delete=models.PROTECT,
        related_name="platforms",
    )  # fmt: skip
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="moderated_platforms",
        verbose_name=_("moderators"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    membership_policy = models.CharField(
        _("membership"), max_length=16, choices=Policy.choices, default=Policy.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name_kk"]
        verbose_name = _("platform or council")
        verbose_name_plural = _("platforms and councils")
        constraints = [
            models.CheckConstraint(
                name="platform_term_in_order",
                condition=Q(term_start__isnull=True)
                | Q(term_end__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
            ),
        ]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("platform_detail", args=[self.slug])

    @property
    def description(self):
        """The description in the active language, falling back to Russian, then Kazakh."""
        return getattr(self, f"description_{shown_language(self, 'description')}")

    @property
    def description_language(self):
        """The language of the description shown (for `lang`)."""
        return shown_language(self, "description")

    def composition_over_time(self, *, points=10):
        """The composition after each of the last `points` days on which it changed, oldest
        first (one query: the spans of every seat ever held)."""
        spans = self.memberships.filter(seated_at__isnull=False).values_list(
            "role", "seated_at", "left_at"
        )
        return composition_history(spans, points=points)

    @property
    def composition(self):
        """The approved seats by role, from `with_composition()`'s counts."""
        return Composition(
            {role: getattr(self, f"seats_{role}") for role in PlatformMembership.Role.values}
        )


class PlatformMembership(models.Model):
    """A person's seat on a platform, on an NGO's behalf or in their own right."""

    class Role(models.TextChoices):
        NGO_REPRESENTATIVE = "ngo_representative", _("NGO representative")
        EXPERT = "expert", _("expert")
        ACTIVIST = "activist", _("public activist")
        STATE_OFFICIAL = "state_official", _("state official")

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")
        LEFT = "left", _("left")

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("platform")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="platform_memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True,
        related_name="platform_memberships", verbose_name=_("organization"),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLIED
    )
    motivation = models.TextField(_("why you want to take part"), blank=True, max_length=3000)
    # The member allowed their name to be shown on the platform's public page.
    show_name = models.BooleanField(_("show my name on the platform's page"), default=False)
    applied_at = models.DateTimeField(default=timezone.now, verbose_name=_("applied at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decision_reason = models.TextField(
        blank=True, max_length=2000, verbose_name=_("decision reason")
    )
    # The seat's span, for the platform's composition over time: from its approval or
    # appointment until its holder left (or their NGO's seat ended); blank if never seated.
    seated_at = models.DateTimeField(_("seated at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        verbose_name = _("platform membership")
        verbose_name_plural = _("platform memberships")
        constraints = [
            # One current seat per person per platform; a declined or left one may reapply.
            models.UniqueConstraint(
                fields=["platform", "user"],
                condition=Q(status__in=["applied", "approved"]),
                name="platform_membership_one_current",
            ),
            models.CheckConstraint(
                name="platform_membership_ngo_role_has_ngo",
                condition=~Q(role="ngo_representative") | Q(organization__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.platform}"


class PlatformEvent(models.Model):
    """One step in a platform's life: a membership decided, a meeting scheduled, and so on."""

    # Each step a service records. A new step is one more member here (and its migration).
    class Action(models.TextChoices):
        CREATED = "created", _("platform created")
        UPDATED = "updated", _("platform's details changed")
        ARCHIVED = "archived", _("platform archived")
        MODERATOR_ASSIGNED = "moderator_assigned", _("moderator assigned")
        MODERATOR_REMOVED = "moderator_removed", _("moderator removed")
        APPLIED = "applied", _("applied for a seat")
        APPROVED = "approved", _("application approved")
        DECLINED = "declined", _("application declined")
        APPOINTED = "appointed", _("state official appointed")
        TWO_THIRDS_OVERRIDDEN = "two_thirds_overridden", _("seated below the two-thirds goal")
        LEFT = "left", _("left the platform")
        MEETING_SCHEDULED = "meeting_scheduled", _("meeting scheduled")
        REGISTERED = "registered", _("registered for a meeting")
        REGISTRATION_CANCELLED = "registration_cancelled", _("registration for a meeting cancelled")
        MINUTES_PUBLISHED = "minutes_published", _("minutes published")
        PROPOSAL_SUBMITTED = "proposal_submitted", _("proposal submitted")
        PROPOSAL_ON_AGENDA = "proposal_on_agenda", _("proposal put on the agenda")
        PROPOSAL_DECLINED = "proposal_declined", _("proposal declined")
        RECOMMENDATION_RECORDED = "recommendation_recorded", _("recommendation recorded")
        RECOMMENDATION_SENT = "recommendation_sent", _("recommendation sent to the addressee")
        RECOMMENDATION_ACCEPTED = "recommendation_accepted", _("recommendation accepted")
        RECOMMENDATION_PARTIALLY_ACCEPTED = (
            "recommendation_partially_accepted",
            _("recommendation partially accepted"),
        )
        RECOMMENDATION_DECLINED = "recommendation_declined", _("recommendation declined")
        RECOMMENDATION_IN_PROGRESS = "recommendation_in_progress", _("recommendation in progress")
        RECOMMENDATION_IMPLEMENTED = "recommendation_implemented", _("recommendation implemented")

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="events", verbose_name=_("platform")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("actor"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    action = models.CharField(max_length=40, choices=Action.choices, verbose_name=_("action"))
    subject = models.CharField(max_length=255, blank=True, verbose_name=_("subject"))
    note = models.TextField(blank=True, max_length=5000, verbose_name=_("note"))

    class Meta:
        verbose_name = _("platform event")
        verbose_name_plural = _("platform events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.platform_id}: {self.action}"


class Meeting(models.Model):
    """A platform's meeting: when, where, its agenda, and afterwards its minutes."""

    class Format(models.TextChoices):
        OFFLINE = "offline", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("platform")
    )
    # What a moderator may write, checked here once: the form, the API and the admin derive
    # from these fields.
    title = models.CharField(_("title"), max_length=200, validators=[validate_plain_text])
    starts_at = models.DateTimeField(_("starts at"))
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    place = models.CharField(_("place"), max_length=255, blank=True,
                             validators=[validate_plain_text])  # fmt: skip
    # Shown to the platform's members only.
    online_link = models.URLField(_("online link"), blank=True, max_length=500)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
    )  # fmt: skip
    minutes = models.TextField(_("minutes"), blank=True, max_length=50000)
    # One for the title, the agenda and the minutes (an item from a proposal keeps its own).
    language = text_language()
    minutes_published_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("minutes published at")
    )
    registrations = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="MeetingRegistration",
        through_fields=("meeting", "user"),
        related_name="meetings",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["platform", "starts_at"], name="meeting_platform_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meeting_detail", args=[self.pk])

    @property
    def is_past(self):
        """Whether the meeting has begun."""
        return self.starts_at <= timezone.now()


# The most items a meeting's agenda has when it is scheduled.
AGENDA_ITEMS = 50


class AgendaItem(models.Model):
    """One item of a meeting's ordered agenda."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("position"))
    title = models.CharField(_("item"), max_length=300, validators=[validate_plain_text])
    proposal = models.OneToOneField(
        "Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("proposal"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position"),
        ]

    def __str__(self):
        return self.title


class MeetingRegistration(models.Model):
    """A member's place at a meeting, and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, verbose_name=_("meeting"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    registered_at = models.DateTimeField(default=timezone.now, verbose_name=_("registered at"))
    attended = models.BooleanField(null=True, verbose_name=_("attended"))

    class Meta:
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_registration_once"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.meeting}"


class Proposal(models.Model):
    """A member's item for the platform's table."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ON_AGENDA = "on_agenda", _("on a meeting's agenda")
        DECLINED = "declined", _("declined")

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("platform")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_plain_text])
    text = models.TextField(_("text"), max_length=10000)
    language = text_language()
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    decision_reason = models.TextField(
        blank=True, max_length=2000, verbose_name=_("decision reason")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.title


class RecommendationQuerySet(models.QuerySet):
    def for_tracker(self):
        """What the tracker shows: platform, meeting and addressee joined."""
        return self.select_related("platform", "meeting", "addressee")


class Recommendation(models.Model):
    """An outcome of a meeting or a council's resolution, followed until it is carried out."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        SENT = "sent", _("sent to the addressee")
        ACCEPTED = "accepted", _("accepted")
        PARTIALLY_ACCEPTED = "partially_accepted", _("partially accepted")
        DECLINED = "declined", _("declined")
        IN_PROGRESS = "in_progress", _("in progress")
        IMPLEMENTED = "implemented", _("implemented")

    # Which status may follow which (design §3).
    NEXT = {
        Status.PROPOSED: (Status.SENT,),
        Status.SENT: (Status.ACCEPTED, Status.PARTIALLY_ACCEPTED, Status.DECLINED),
        Status.ACCEPTED: (Status.IN_PROGRESS,),
        Status.PARTIALLY_ACCEPTED: (Status.IN_PROGRESS,),
        Status.DECLINED: (),
        Status.IN_PROGRESS: (Status.IMPLEMENTED,),
        Status.IMPLEMENTED: (),
    }

    platform = models.ForeignKey(
        Platform,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("platform"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("meeting"),
    )
    text = models.TextField(_("recommendation"), max_length=5000)
    language = text_language()
    addressee = models.ForeignKey(
        StateBody, verbose_name=_("addressee"), on_delete=models.PROTECT,
        related_name="recommendations",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.PROPOSED
    )
    # The date by which the addressee should act; past it and not implemented means overdue.
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["status", "-created_at"], name="recommendation_status")]

    def __str__(self):
        return self.text[:80]

    # Done with: the addressee carried it out, or declined it.
    CLOSED = ("implemented", "declined")

    @classmethod
    def overdue_q(cls):
        """The overdue ones as a filter: past their due date and not yet closed."""
        return Q(due_date__lt=timezone.localdate()) & ~Q(status__in=cls.CLOSED)

    @property
    def is_overdue(self):
        """Past its due date and not yet implemented or declined (as `overdue_q`)."""
        return (
            self.due_date is not None
            and self.due_date < timezone.localdate()
            and self.status not in self.CLOSED
        )


class RecommendationChange(models.Model):
    """A step in a recommendation's life, with the Ministry's answer and its date."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("recommendation"),
    )
    from_status = models.CharField(
        max_length=24,
        blank=True,
        choices=Recommendation.Status.choices,
        verbose_name=_("from status"),
    )
    to_status = models.CharField(
        max_length=24, choices=Recommendation.Status.choices, verbose_name=_("to status")
    )
    answer = models.TextField(_("the answer"), blank=True, max_length=5000)
    answered_on = models.DateField(_("answered on"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("actor"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("recommendation status change")
        verbose_name_plural = _("recommendation status changes")
        ordering = ["answered_on", "pk"]

    def __str__(self):
        return f"{self.recommendation_id}: {self.from_status} → {self.to_status}"
