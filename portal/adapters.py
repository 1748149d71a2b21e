from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

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
    """Account emails go out from a background task, after the transaction commits."""

    def _get_login_attempts_cache_key(self, request, **credentials):
        return login_attempts_key(credentials.get("email"))

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html_body = next(
            (content for content, mimetype in getattr(message, "alternatives", [])
             if mimetype == "text/html"),
            None,
        )  # fmt: skip
        kwargs = {
            "subject": message.subject,
            "body": message.body,
            "to": list(message.to),
            "from_email": message.from_email,
            "html_body": html_body,
        }
        transaction.on_commit(lambda: send_email.enqueue(**kwargs))
