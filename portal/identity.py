"""Who may sign: the keyed signer hash and the pluggable identity providers (design §4.3).

The default provider trusts a verified email plus a declared IIN. A deployment adds an
eGov ID or EDS provider behind the same interface and names it in IDENTITY_PROVIDER.
"""

import hashlib
import hmac
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


def signer_key(iin):
    """The HMAC-SHA256 of an IIN under the server's key: one per person, not reversible."""
    digest = hmac.new(settings.IIN_HASH_KEY.encode(), iin.strip().encode("ascii"), hashlib.sha256)
    return digest.hexdigest()


@dataclass(frozen=True)
class IdentityCheck:
    """The outcome of asking whether a person's identity is proven enough to sign."""

    ok: bool
    code: str = ""
    message: str = ""


PROVEN = IdentityCheck(ok=True)


class IdentityProvider:
    """The interface every identity provider implements."""

    name = ""

    def check(self, user, on=None):
        """Whether `user` is proven to be an adult resident who may sign."""
        raise NotImplementedError


class DeclaredIINProvider(IdentityProvider):
    """Trusts a verified email address plus an IIN the person declared on the profile."""

    name = _("verified email and declared IIN")

    def check(self, user, on=None):
        from portal.rules import has_verified_email

        if not user.is_authenticated:
            return IdentityCheck(False, "anonymous", _("Sign in to sign a petition."))
        if not has_verified_email(user):
            return IdentityCheck(False, "unverified", _("Verify your email address first."))
        if not user.has_iin:
            return IdentityCheck(False, "no_iin", _("Add your IIN to your profile first."))
        if not user.is_adult(on or timezone.localdate()):
            return IdentityCheck(False, "under_age", _("Only adults (18 or older) may sign."))
        if user.region_id is None:
            return IdentityCheck(False, "no_region", _("Add your region to your profile first."))
        return PROVEN


@cache
def get_identity_provider():
    """The provider named by the IDENTITY_PROVIDER setting."""
    return import_string(settings.IDENTITY_PROVIDER)()
