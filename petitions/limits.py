"""The signing rate limit, one for the pages and the API: per account and per address, in
the shared store (settings.ACCOUNT_RATE_LIMITS["sign_petition"], allauth's rate limits)."""

from allauth.core import ratelimit
from django.utils.translation import gettext_lazy as _

TOO_MANY_SIGNATURES = _("Too many signatures in a short time. Try again in a minute.")


def may_sign_now(request):
    """Count this signing attempt; False once the account or the address has signed too often."""
    return ratelimit.consume(request, action="sign_petition", user=request.user)
