from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from portal.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    """Account emails go out from a background task, after the transaction commits."""

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
