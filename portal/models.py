import rules
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import identity
from portal.validators import age_on, parse_iin

ADULT_AGE = 18


# The languages a person's text may be written in (a petition's, a proposal's), as codes for
# the `lang` attribute of the elements that show it.
TEXT_LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


def shown_language(obj, field):
    """The first language in which `obj` has a text in `field` (`field_kk`, `field_ru`...):
    the active one, then Russian, then Kazakh."""
    language = (get_language() or "kk")[:2]
    for code in (language, "ru", "kk"):
        if getattr(obj, f"{field}_{code}", ""):
            return code
    return "kk"


# The longest name a TranslatedNames model keeps in each language.
NAME_LENGTH = 255


class TranslatedNames(models.Model):
    """Names in Kazakh, Russian and English, shown in the reader's language."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=NAME_LENGTH)
    name_ru = models.CharField(_("name in Russian"), max_length=NAME_LENGTH)
    name_en = models.CharField(_("name in English"), max_length=NAME_LENGTH, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the active language, falling back to Russian, then Kazakh."""
        return getattr(self, f"name_{shown_language(self, 'name')}")

    @property
    def name_language(self):
        """The language of the name shown: the page's, unless it falls back (for `lang`)."""
        return shown_language(self, "name")


class Region(TranslatedNames):
    """One of Kazakhstan's 17 oblasts and 3 cities of republican significance."""

    class Kind(models.TextChoices):
        OBLAST = "oblast", _("oblast")
        CITY = "city", _("city of republican significance")

    code = models.CharField(_("ISO 3166-2 code"), max_length=8, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    centre_en = models.CharField(_("administrative centre"), max_length=100)
    population = models.PositiveIntegerField(_("population"))
    population_date = models.DateField(_("population as of"))
    source_url = models.URLField(_("source of the population figure"), max_length=500)

    class Meta:
        ordering = ["name_kk"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class StateBody(TranslatedNames):
    """A petition's addressee or a council's host: Government, ministry, akimat, maslikhat."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        MINISTRY = "ministry", _("ministry")
        AGENCY = "agency", _("agency")
        AKIMAT = "akimat", _("akimat")
        MASLIKHAT = "maslikhat", _("maslikhat")

    class Level(models.TextChoices):
        CENTRAL = "central", _("central")
        REGIONAL = "regional", _("oblast or city of republican significance")
        DISTRICT = "district", _("district or city")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="state_bodies",
    )
    # The population a district-level body serves (portal/data/kz_districts.csv); oblast bodies
    # use their region's. Empty where no sourced figure is known.
    population = models.PositiveIntegerField(_("population served"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    population_source = models.URLField(
        _("source of the population figure"), max_length=500, blank=True
    )

    class Meta:
        ordering = ["level", "kind", "name_kk"]
        verbose_name = _("state body")
        verbose_name_plural = _("state bodies")
        constraints = [
            models.CheckConstraint(
                name="state_body_local_has_region",
                condition=models.Q(level="central") | models.Q(region__isnull=False),
            ),
        ]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("state_body", args=[self.slug])

    @property
    def population_base(self):
        """The population that the body's petition threshold is measured against.

        A district or city body counts only its own people: its oblast's figure says nothing
        about whether it is at or below 50,000.
        """
        if self.population is not None or self.level == self.Level.DISTRICT:
            return self.population
        return self.region.population if self.region_id else None

    @property
    def threshold_is_fallback(self):
        """Whether the threshold stands in for an unknown population (design §4.2).

        A district or city body whose population is not on record needs the fixed number
        for districts of more than 50,000 people: the highest the law asks of any district,
        so no petition is taken as heard with fewer signatures than the law demands.
        """
        return self.level == self.Level.DISTRICT and self.population is None

    @property
    def petition_threshold(self):
        """How many signatures a petition to this body needs (design §4.2)."""
        rules = settings.PETITION_THRESHOLDS
        if self.level == self.Level.CENTRAL:
            return rules["central"]
        population = self.population_base
        kind = "akimat" if self.kind == self.Kind.AKIMAT else "maslikhat"
        if self.level == self.Level.REGIONAL:
            return _percent(population, rules[f"regional_{kind}_percent"])
        if population is not None and population <= rules["small_district_population"]:
            return _percent(population, rules[f"small_district_{kind}_percent"])
        return rules[f"district_{kind}"]


def _percent(population, percent):
    """`percent` % of a population, rounded up: a threshold is never below the share."""
    return -(-population * percent // 100)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        """Create an ordinary account."""
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        """Create an administrator."""
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person's one account; the email is the login."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=TEXT_LANGUAGES,
        default="kk",
    )
    # The keyed hash of the IIN (design §4.3): the IIN itself is never stored.
    iin_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # Derived from the IIN, for the adult check when signing.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True, editable=False)
    # An IIN proven by a digital signature (EDS): when, and the certificate's serial number;
    # nothing else of the certificate is kept.
    iin_proven_at = models.DateTimeField(_("IIN proven on"), null=True, blank=True, editable=False)
    iin_certificate_serial = models.CharField(
        _("certificate serial number"),
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.UniqueConstraint(fields=["iin_hash"], name="user_iin_hash_unique"),
        ]

    def __str__(self):
        return self.full_name or f"#{self.pk}"

    @property
    def full_name(self):
        """First and last name together."""
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def public_name(self):
        """First name and the surname's initial, as shown beside a public signature."""
        initial = f" {self.last_name[:1]}." if self.last_name else ""
        return f"{self.first_name}{initial}"

    def has_perm(self, perm, obj=None):
        """The portal's own permissions are decided by their rules alone, for everyone.

        Django lets a superuser pass every check; for the rules in each app's rules.py the
        state of the object matters to administrators too (a draft cannot be answered).
        """
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.first_name

    @property
    def has_iin(self):
        """Whether the person has declared an IIN."""
        return bool(self.iin_hash)

    @property
    def iin_proven(self):
        """Whether the IIN was proven with a digital signature."""
        return self.iin_proven_at is not None

    def set_iin(self, iin):
        """Keep the IIN's keyed hash and birth date; the IIN itself is not kept."""
        parsed = parse_iin(iin)
        self.iin_hash = identity.signer_key(iin)
        self.birth_date = parsed.birth_date

    def is_adult(self, on=None):
        """Whether the person is 18 or older, by the birth date in the IIN."""
        if self.birth_date is None:
            return False
        return age_on(self.birth_date, on or timezone.localdate()) >= ADULT_AGE


class EDSChallenge(models.Model):
    """A one-time text for a person to sign with their EDS: bound to the session that asked,
    short-lived, and used once (portal/eds.py)."""

    nonce = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The SHA-256 of the session key, not the key itself.
    session_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user_id}: {self.created_at:%Y-%m-%d %H:%M}"


class StateBodyOfficialQuerySet(models.QuerySet):
    def current(self):
        """Appointments in force (not removed)."""
        return self.filter(removed_at__isnull=True)


class StateBodyOfficial(models.Model):
    """A person appointed to act for a state body in its workspace (design §1, state official)."""

    body = models.ForeignKey(
        StateBody, verbose_name=_("state body"), on_delete=models.CASCADE, related_name="officials"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("official"), on_delete=models.CASCADE,
        related_name="official_posts",
    )  # fmt: skip
    appointed_at = models.DateTimeField(_("appointed on"), default=timezone.now)
    # Removal keeps the row: who acted for the body, and when, stays on record.
    removed_at = models.DateTimeField(_("removed on"), null=True, blank=True)

    objects = StateBodyOfficialQuerySet.as_manager()

    class Meta:
        ordering = ["body", "appointed_at", "pk"]
        verbose_name = _("state official")
        verbose_name_plural = _("state officials")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"], condition=models.Q(removed_at__isnull=True),
                name="state_body_official_once",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.user} — {self.body}"


# StateBodyEvent.action values.
OFFICIAL_APPOINTED = "official_appointed"
OFFICIAL_REMOVED = "official_removed"


class StateBodyEvent(models.Model):
    """A step in a state body's record: who appointed or removed whom, and when."""

    body = models.ForeignKey(StateBody, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.body_id}: {self.action}"


class Follow(models.Model):
    """A person following a petition, a platform, a recommendation or a state body.

    Generic (contenttypes) so that the core keeps one table without importing the apps;
    each app registers what may be followed in portal/follows.py.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="follows")  # fmt: skip
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_once"
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="follow_target"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.content_type_id}/{self.object_id}"


class SentEmail(models.Model):
    """One email that went out, under its task's idempotency key: a retried task sends it once."""

    key = models.CharField(_("idempotency key"), max_length=64, primary_key=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")

    def __str__(self):
        return self.key
