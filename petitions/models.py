from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramSimilarity
from django.core.validators import MinLengthValidator
from django.db import connection, models
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from petitions import law
from portal.indexes import NullsOrderedIndex
from portal.models import TEXT_LANGUAGES, Region, StateBody, TranslatedNames
from portal.validators import validate_plain_text
from portal.workdays import working_days_left


class Category(TranslatedNames):
    """What a petition is about, for browsing and filtering."""

    slug = models.SlugField(max_length=50, unique=True, verbose_name=_("slug"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Ground(models.Model):
    """A ground on which the law bars a petition (or a procedural one), with dated versions."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("ground for rejection")
        verbose_name_plural = _("grounds for rejection")

    def __str__(self):
        return self.code

    def latest_version(self):
        """The register's latest wording of this ground (in force, or from a later day)."""
        return self.versions.in_register().order_by("-effective_from").first()


class GroundVersionQuerySet(models.QuerySet):
    def in_register(self):
        """The versions of the register (not the portal's wordings from before it)."""
        return self.filter(in_register=True)

    def in_force(self, day):
        """The register's versions in force on `day`: at most one per ground."""
        return (
            self.in_register()
            .filter(effective_from__lte=day)
            .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=day))
            .select_related("ground")
            .order_by("ground__position", "ground__code")
        )


def _in_language(obj, field):
    language = (get_language() or "kk")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_ru")


class GroundVersion(models.Model):
    """One wording of a ground, in force between two dates; a rejection cites a version.

    A version that a petition cites is never changed: amending a ground ends its current
    version and starts a new one (petitions.services.amend_ground).
    """

    ground = models.ForeignKey(Ground, on_delete=models.PROTECT, related_name="versions")
    title_kk = models.CharField(_("ground in Kazakh"), max_length=500)
    title_ru = models.CharField(_("ground in Russian"), max_length=500)
    title_en = models.CharField(_("ground in English"), max_length=500)
    legal_basis_kk = models.CharField(_("legal basis in Kazakh"), max_length=500)
    legal_basis_ru = models.CharField(_("legal basis in Russian"), max_length=500)
    legal_basis_en = models.CharField(_("legal basis in English"), max_length=500)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    source = models.CharField(_("source of the wording"), max_length=500, blank=True)
    confirmed = models.BooleanField(
        _("wording and dates confirmed against the official text"), default=False
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # False for the wordings of the portal's list before the register (migration 0008):
    # kept for the petitions that cite them, never offered to moderators.
    in_register = models.BooleanField(_("part of the register"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = GroundVersionQuerySet.as_manager()

    class Meta:
        ordering = ["ground__position", "ground__code", "effective_from", "pk"]
        verbose_name = _("version of a ground")
        verbose_name_plural = _("versions of grounds")
        constraints = [
            models.CheckConstraint(
                name="ground_version_dates_in_order",
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=F("effective_from")),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        """The ground in the active language."""
        return _in_language(self, "title")

    @property
    def legal_basis(self):
        """The legal basis in the active language."""
        return _in_language(self, "legal_basis")

    def in_force_on(self, day):
        """Whether this version is the register's wording on `day`."""
        return (
            self.in_register
            and self.effective_from <= day
            and (self.effective_until is None or day <= self.effective_until)
        )


class GroundEvent(models.Model):
    """A step in the register's record: who added or amended a ground, and which version."""

    class Action(models.TextChoices):
        ADDED = "added", _("ground added")
        AMENDED = "amended", _("ground amended")

    ground = models.ForeignKey(Ground, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(GroundVersion, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(max_length=16, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.ground_id}: {self.action}"


# The states in which a petition is in public lists (Petition.LISTED), for the indexes too.
LISTED_STATES = (
    "open", "under_consideration", "answered", "closed", "rejected", "lapsed", "withdrawn",
)  # fmt: skip


class PetitionQuerySet(models.QuerySet):
    def listed(self):
        """Petitions that anyone may find in lists and searches."""
        return self.filter(status__in=Petition.LISTED)

    def visible_to(self, user):
        """Petitions this person may open: public ones, their own, and all for moderators."""
        from petitions.rules import is_petition_moderator

        public = Q(status__in=Petition.PUBLIC)
        if user.is_authenticated and is_petition_moderator(user):
            return self.all()
        if user.is_authenticated:
            return self.filter(public | Q(author=user))
        return self.filter(public)

    def with_list_data(self):
        """What a list row shows: the addressee, category and region, in the same query."""
        return self.select_related("addressee", "category", "region")

    def with_api_data(self):
        """What the API says of a petition: the list's data, its author and any rejection."""
        # A rejected petition's ground comes in a second query, only when the page holds one:
        # joined as well, PostgreSQL planned seven tables for 8 ms, five times the rest.
        grounds = GroundVersion.objects.select_related("ground")
        return (
            self.with_list_data()
            .select_related("author")
            .prefetch_related(models.Prefetch("rejection_reason", queryset=grounds))
        )

    def search(self, text):
        """Full-text search on PostgreSQL (GIN-indexed); a plain substring match elsewhere."""
        if connection.vendor == "postgresql":
            vector = SearchVector("title", "demand", "text", config="simple")
            query = SearchQuery(text, config="simple", search_type="websearch")
            return self.annotate(search=vector).filter(search=query)
        return self.filter(
            Q(title__icontains=text) | Q(demand__icontains=text) | Q(text__icontains=text)
        )

    def similar_to(self, title, limit=5):
        """Petitions whose titles resemble this one: trigram similarity on PostgreSQL."""
        if connection.vendor == "postgresql":
            return (
                self.filter(title__trigram_similar=title)
                .annotate(similarity=TrigramSimilarity("title", title))
                .order_by("-similarity")[:limit]
            )
        words = [word for word in title.split() if len(word) > 3][:5]
        if not words:
            return self.none()
        match = Q()
        for word in words:
            match |= Q(title__icontains=word)
        return self.filter(match)[:limit]

    def sorted_by(self, sort):
        """The list's orders, as its partial indexes hold them: most signatures, newest, or
        (of those still collecting) ending soonest."""
        if sort == "newest":
            return self.order_by(F("published_at").desc(nulls_last=True), "-pk")
        if sort == "ending":
            return self.filter(status=Petition.Status.OPEN).order_by(
                F("deadline").asc(nulls_last=True), "-signature_count", "-pk"
            )
        return self.order_by("-signature_count", "-pk")


def signed_answer_path(petition, filename):
    """A name nobody can guess or choose: the uploader's file name is not kept."""
    import secrets

    return f"petitions/answers/{petition.pk}-{secrets.token_urlsafe(16)}.pdf"


class Petition(models.Model):
    """A citizen's petition to a state body (design §4)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_MODERATION = "in_moderation", _("in moderation")
        GATHERING_SUPPORT = "gathering_support", _("gathering initial support")
        OPEN = "open", _("open for signatures")
        UNDER_CONSIDERATION = "under_consideration", _("under consideration")
        CLOSED = "closed", _("closed")
        ANSWERED = "answered", _("answered")
        REJECTED = "rejected", _("rejected")
        LAPSED = "lapsed", _("lapsed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        HIDDEN = "hidden", _("hidden")

    # Shown in public lists and searches.
    LISTED = tuple(map(Status, LISTED_STATES))
    # Open to anyone with the link (gathering support is reachable by direct link only).
    PUBLIC = (*LISTED, Status.GATHERING_SUPPORT)
    # Signatures are taken (and keep counting while the body considers it).
    SIGNABLE = (Status.GATHERING_SUPPORT, Status.OPEN, Status.UNDER_CONSIDERATION)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    # What an author may write, checked here once: the form, the API and the admin derive
    # from these fields.
    title = models.CharField(
        _("title"), max_length=150, validators=[MinLengthValidator(10), validate_plain_text]
    )
    text = models.TextField(_("text"), max_length=10000, validators=[MinLengthValidator(50)])
    demand = models.TextField(
        _("what it asks of the state body"), max_length=2000, validators=[MinLengthValidator(20)]
    )
    addressee = models.ForeignKey(
        StateBody, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="petitions"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="petitions"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    # Fixed when the petition is published, from the addressee's level and population.
    threshold = models.PositiveIntegerField(_("signatures needed"), null=True, blank=True)
    # Exactly the number of valid signatures: changed in the same transaction as they are.
    signature_count = models.PositiveIntegerField(_("signatures"), default=0)
    # The public signature log's length and its last line's hash (the chain's head), moved on
    # in the same statement as the count, under the row lock (petitions/receipts.py).
    # Database defaults too: bulk loads (COPY) leave them out.
    log_length = models.PositiveIntegerField(default=0, db_default=0)
    log_head = models.CharField(
        _("signature log head"), max_length=64, blank=True, default="", db_default=""
    )

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    moderation_deadline = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    support_deadline = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateField(_("collection ends"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    consideration_deadline = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Set by the scheduled command when a legal clock ran out before its step was taken.
    overdue = models.BooleanField(default=False, verbose_name=_("overdue"))
    # The language its author wrote it in, for the `lang` attribute where it is shown.
    language = models.CharField(
        _("language of the text"),
        max_length=2,
        choices=TEXT_LANGUAGES,
        default="kk",
        db_default="kk",
    )

    # The version of the ground it was rejected under, as worded on the day it was submitted.
    rejection_reason = models.ForeignKey(
        GroundVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejection_explanation = models.TextField(blank=True, max_length=5000)
    hidden_reason = models.TextField(blank=True, max_length=2000)
    status_before_hidden = models.CharField(max_length=24, blank=True, choices=Status.choices)

    response_text = models.TextField(_("the state body's response"), blank=True, max_length=20000)
    discussion_date = models.DateField(_("date of the public discussion"), null=True, blank=True)
    discussion_place = models.CharField(_("place of the public discussion"), max_length=255,
                                        blank=True)  # fmt: skip
    media_statement_url = models.URLField(_("media statement"), blank=True, max_length=500)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The discussion may be held online instead of (or as well as) in a place.
    discussion_link = models.URLField(_("online link of the public discussion"), blank=True,
                                      max_length=500)  # fmt: skip
    # The answer as signed by the body's head, a PDF kept in the media storage.
    signed_answer = models.FileField(_("signed answer (PDF)"), blank=True, max_length=255,
                                     upload_to=signed_answer_path)  # fmt: skip

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            models.Index(fields=["status", "-signature_count"], name="petition_status_count"),
            models.Index(fields=["status", "-published_at"], name="petition_status_published"),
            models.Index(fields=["status", "deadline"], name="petition_status_deadline"),
            # The public list's three orders and the front page's "nearest their threshold",
            # read in order from an index at any size (and for deep pages, from it alone).
            models.Index(
                F("signature_count").desc(), F("id").desc(),
                name="petition_listed_signatures", condition=Q(status__in=LISTED_STATES),
            ),
            NullsOrderedIndex(
                F("published_at").desc(nulls_last=True), F("id").desc(),
                name="petition_listed_newest", condition=Q(status__in=LISTED_STATES),
            ),
            # The moderators' queue, oldest first, and the count of what waits there (read
            # from the index alone).
            models.Index(
                fields=["submitted_at", "id"], name="petition_queue",
                condition=Q(status__in=["in_moderation", "under_consideration"]),
            ),
            # "Ending soon" lists the petitions still collecting only.
            NullsOrderedIndex(
                F("deadline").asc(nulls_last=True), F("signature_count").desc(), F("id").desc(),
                name="petition_open_ending", condition=Q(status="open"),
            ),
            models.Index(
                (Cast("signature_count", models.FloatField()) / F("threshold")).desc(),
                F("id").desc(), name="petition_open_progress", condition=Q(status="open"),
            ),
        ]  # fmt: skip
        constraints = [
            models.CheckConstraint(
                name="petition_threshold_set_once_published",
                condition=Q(status__in=["draft", "in_moderation", "rejected"])
                | Q(threshold__isnull=False)
                | Q(status="hidden"),
            ),
            models.CheckConstraint(
                name="petition_rejected_has_reason",
                condition=~Q(status="rejected") | Q(rejection_reason__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("petition_detail", args=[self.pk])

    @property
    def submitted_day(self):
        """The day it was submitted, in the portal's time zone: the grounds of that day apply."""
        return timezone.localdate(self.submitted_at) if self.submitted_at else timezone.localdate()

    @property
    def progress_percent(self):
        """How far the count is toward the threshold, capped at 100."""
        if not self.threshold:
            return 0
        return min(100, self.signature_count * 100 // self.threshold)

    @property
    def collection_deadline(self):
        """The last day of the current collection phase: initial support, or signatures."""
        return law.last_signing_day(self) if self.status in law.SIGNING_WINDOWS else None

    @property
    def signing_ends_today(self):
        """Whether today is the last day of its collection phase."""
        return self.collection_deadline == timezone.localdate()

    @property
    def signing_ended(self):
        """Whether its collection phase is over by law, even before the nightly job moves it."""
        return law.window_ended(self, timezone.localdate()) is not None

    @property
    def days_left(self):
        """Days after today until the collection phase ends, in days_left_unit, or None."""
        deadline = self.collection_deadline
        if deadline is None:
            return None
        today = timezone.localdate()
        if self.days_left_unit == "working_days":
            return max(0, working_days_left(deadline, today))
        return max(0, (deadline - today).days)

    @property
    def days_left_unit(self):
        """The law's unit for days_left: working days for the first support, calendar days
        for the collection (six months), None when no collection runs."""
        if self.status == self.Status.GATHERING_SUPPORT:
            return "working_days"
        if self.status == self.Status.OPEN:
            return "calendar_days"
        return None

    @property
    def running_clock(self):
        """The last day of the legal clock now running (moderation or consideration), or None."""
        if self.status == self.Status.IN_MODERATION:
            return self.moderation_deadline
        if self.status == self.Status.UNDER_CONSIDERATION:
            return self.consideration_deadline
        return None

    @property
    def working_days_overdue(self):
        """Working days past the running legal clock's last day; 0 while it is not missed."""
        deadline = self.running_clock
        if deadline is None:
            return 0
        return max(0, -working_days_left(deadline, timezone.localdate()))

    @property
    def answered_on_time(self):
        """Whether the response came within the legal clock (None until answered)."""
        if not self.answered_at or not self.consideration_deadline:
            return None
        return timezone.localdate(self.answered_at) <= self.consideration_deadline


class PetitionEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The history as this person may read it: moderators see the internal steps too."""
        from petitions.rules import is_petition_moderator

        return self if is_petition_moderator(user) else self.filter(public=True)


class PetitionEvent(models.Model):
    """One step in a petition's history: who, when, from which state to which, and why."""

    # Each step a service records; its label is how the petition's history words it. A new
    # step is one more member here (and its migration).
    class Action(models.TextChoices):
        CREATED = "created", _("draft created")
        SUBMITTED = "submitted", _("submitted for moderation")
        PUBLISHED = "published", _("published by the moderators")
        RETURNED = "returned", _("returned to the author for changes")
        REJECTED = "rejected", _("rejected")
        HIDDEN = "hidden", _("hidden by the moderators")
        RESTORED = "restored", _("restored by the moderators")
        OPENED = "opened", _("initial support gathered: open for signatures")
        THRESHOLD_REACHED = "threshold_reached", _("threshold reached: sent to the state body")
        ANSWERED = "answered", _("answered by the state body")
        LAPSED = "lapsed", _("lapsed without initial support")
        CLOSED = "closed", _("closed below the threshold")
        WITHDRAWN = "withdrawn", _("withdrawn by the author")
        SIGNATURES_INVALIDATED = "signatures_invalidated", _("signatures invalidated")
        SIGNATURES_TO_REVIEW = (
            "signatures_to_review",
            _("signatures sent to the moderators' review"),
        )
        SIGNATURES_KEPT = "signatures_kept", _("reviewed signatures kept counted")
        CLOCK_OVERDUE = "clock_overdue", _("legal deadline missed")
        DISCUSSION_SCHEDULED = "discussion_scheduled", _("public discussion scheduled")
        MEDIA_STATEMENT_POSTED = "media_statement_posted", _("media statement posted")
        SIGNED_ANSWER_ATTACHED = "signed_answer_attached", _("signed answer attached")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=32, choices=Action.choices)
    from_status = models.CharField(max_length=24, blank=True, choices=Petition.Status.choices)
    to_status = models.CharField(max_length=24, blank=True, choices=Petition.Status.choices)
    reason = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True, max_length=5000)
    # Moderators' internal steps (return for changes, a hide's reason) stay off the public page.
    public = models.BooleanField(default=True)
    # For the addressee's steps: whether its own official took it, or a petition moderator
    # on its behalf (the page says which).
    acting_as = models.CharField(max_length=16, blank=True, choices=[
        ("official", _("official of the state body")),
        ("moderator", _("petition moderator on the body's behalf")),
    ])  # fmt: skip

    objects = PetitionEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["petition", "created_at"], name="event_petition_time")]

    def __str__(self):
        return f"{self.petition_id}: {self.from_status} → {self.to_status}"

    @property
    def label(self):
        """The step as the petition's history words it."""
        if self.action == self.Action.SIGNATURES_INVALIDATED:
            return _("%(count)s signatures invalidated") % {"count": self.note}
        return self.get_action_display()


class Signature(models.Model):
    """One person's signature on one petition; the signer key is the IIN's keyed hash."""

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        WITHDRAWN = "withdrawn", _("withdrawn")
        INVALIDATED = "invalidated", _("invalidated")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    signer_key = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="signatures",
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALID)
    # The signer allowed "Aigerim S." to be shown beside the signature.
    show_name = models.BooleanField(default=False)
    public_name = models.CharField(max_length=120, blank=True)
    notify_on_answer = models.BooleanField(default=False)
    invalidated_reason = models.CharField(max_length=255, blank=True)

    # Why the moderators must look at this signature (empty: nothing to review), and since when.
    class Review(models.TextChoices):
        PROVEN_ELSEWHERE = (
            "proven_elsewhere",
            _("another person proved this IIN by EDS; this account only declared it"),
        )
        REPLACED = "replaced", _("the signer proved by EDS another IIN than the one declared")

    review_reason = models.CharField(
        max_length=20, choices=Review.choices, blank=True, default="", db_default=""
    )
    review_since = models.DateTimeField(null=True, blank=True)
    # The keyed digest of the signer's receipt, as the public log shows it; the receipt itself
    # is never stored.
    receipt_digest = models.CharField(max_length=64, blank=True, default="", db_default="")
    # The keyed digest of the signer's network (the address's /24 or /48 prefix) for the
    # moderators' clusters (petitions.mass_signing); the address itself is never stored.
    network_digest = models.CharField(max_length=16, blank=True, default="", db_default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "signer_key"], name="signature_one_per_person"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="signature_user_time"),
            models.Index(
                fields=["review_since"],
                name="signature_to_review",
                condition=~Q(review_reason="") & Q(status="valid"),
            ),
            models.Index(
                fields=["petition", "-created_at"],
                name="signature_public_names",
                condition=Q(status="valid", show_name=True),
            ),
        ]

    def __str__(self):
        return f"{self.petition_id}/{self.pk}"


class DailySignatureCount(models.Model):
    """Valid signatures a petition gained on one day, so pages never count the signatures."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="daily_counts")
    day = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "day"], name="daily_count_unique"),
        ]

    def __str__(self):
        return f"{self.petition_id} {self.day}: {self.count}"


class RegionSignatureCount(models.Model):
    """Valid signatures a petition holds from one region."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="region_counts")
    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "region"], name="region_count_unique"),
        ]

    def __str__(self):
        return f"{self.petition_id} {self.region_id}: {self.count}"


class SignatureLogLine(models.Model):
    """One event of a petition's public signature log: no signer, only a receipt's digest.

    Each line's hash covers the line before it (petitions/receipts.py), so the log is a chain
    whose head is stored on the petition; anyone may download it, verify it and recount it.
    """

    class Event(models.TextChoices):
        SIGNED = "signed", _("signed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        INVALIDATED = "invalidated", _("invalidated")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="log_lines")
    seq = models.PositiveIntegerField()
    event = models.CharField(max_length=12, choices=Event.choices)
    receipt_digest = models.CharField(max_length=64)
    day = models.DateField()
    region_code = models.CharField(max_length=8)
    # The signature's status after the event.
    status = models.CharField(max_length=12, choices=Signature.Status.choices)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["petition", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "seq"], name="log_line_one_per_seq"),
        ]
        indexes = [
            models.Index(fields=["petition", "receipt_digest"], name="log_line_receipt"),
        ]

    def __str__(self):
        return f"{self.petition_id}#{self.seq} {self.event}"


class ClockNotice(models.Model):
    """An escalation email batch sent by the clocks command, so that a second run sends none.

    Warnings and missed notices are kept per petition, clock and deadline (a clock that starts
    again gets new ones); digests per state body and day.
    """

    class Kind(models.TextChoices):
        WARNING = "warning", _("deadline near")
        MISSED = "missed", _("deadline missed")
        DIGEST = "digest", _("daily digest")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="clock_notices"
    )
    body = models.ForeignKey(StateBody, on_delete=models.CASCADE, related_name="+")
    # The clock's last day for a warning or a missed notice; the digest's day for a digest.
    day = models.DateField()
    clock = models.CharField(max_length=24, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "kind", "clock", "day"], name="clock_notice_once",
                condition=Q(petition__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["body", "day"], name="clock_digest_once_a_day", condition=Q(kind="digest"),
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.kind} {self.petition_id or self.body_id} {self.day}"
