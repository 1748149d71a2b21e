from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.utils import translation

from portal.notifications import html_version
from portal.tasks import send_email


def login_attempts_key(email):
    """What failed sign-ins are counted against: the account, whatever the host, port or case.

    allauth's own key starts with the request's host, so another Host header, port or alias of
    the site gave an attacker a fresh allowance for the same account.
    """
    from allauth.account.models import EmailAddress

    normalized = (email or "").strip().lower()
    user_id = (
        EmailAddress.objects.filter(email__iexact=normalized)
        .values_list("user_id", flat=True)
        .first()
    )
    return f"account:{user_id}" if user_id else f"email:{normalized}"


class AccountAdapter(DefaultAccountAdapter):
    """Account emails go out in the recipient's language, from a background task after commit."""

    def _get_login_attempts_cache_key(self, request, **credentials):
        return login_attempts_key(credentials.get("email"))

    def send_mail(self, template_prefix, email, context):
        # The account's language; a person without an account reads the page's language.
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language()
        # allauth's emails greet and sign with the site's name and domain.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        context = {"email": email, "current_site": site, **context}
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
            html_body = next(
                (content for content, mimetype in getattr(message, "alternatives", [])
                 if mimetype == "text/html"),
                None,
            ) or html_version(message.subject, message.body)  # fmt: skip
        kwargs = {
            "subject": message.subject,
            "body": message.body,
            "to": list(message.to),
            "from_email": message.from_email,
            "html_body": html_body,
        }
        transaction.on_commit(lambda: send_email.enqueue(**kwargs))
