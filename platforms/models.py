from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Region, TranslatedNames
from portal.validators import validate_bin


class Organization(TranslatedNames):
    """A non-governmental organisation taking part in dialogue platforms."""

    class LegalForm(models.TextChoices):
        PUBLIC_ASSOCIATION = "public_association", _("public association")
        FOUNDATION = "foundation", _("public foundation")
        ASSOCIATION = "association", _("association of legal entities")
        INSTITUTION = "institution", _("private institution")
        RELIGIOUS = "religious", _("religious association")
        OTHER = "other", _("other non-commercial organisation")

    bin = models.CharField(_("BIN"), max_length=12, validators=[validate_bin])
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organizations"
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    # Set by ministry staff once the BIN was checked against the state register.
    verified = models.BooleanField(_("verified"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OrganizationMember", related_name="organizations"
    )

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
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ngo_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

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
