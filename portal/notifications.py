"""Emails written in each recipient's language and sent from a background task after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from portal.tasks import send_email


def render_email(template, recipient, context):
    """The subject, body and address of one email, in the recipient's preferred language."""
    with translation.override(recipient.preferred_language):
        context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}.txt", context)
    return {"subject": " ".join(subject.split()), "body": body, "to": [recipient.email]}


def send_after_commit(template, recipients, context):
    """Queue one email per recipient once the current transaction commits."""
    for recipient in recipients:
        message = render_email(template, recipient, context)
        transaction.on_commit(lambda message=message: send_email.enqueue(**message))
