"""Emails written in each recipient's language and sent from a background task after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from portal.tasks import send_email


def html_version(subject, body):
    """The HTML alternative of a plain-text email, in the active language: links clickable."""
    context = {"subject": subject, "body": body, "language": translation.get_language()}
    return render_to_string("emails/layout.html", context)


def render_email(template, recipient, context):
    """The subject, text and HTML bodies and address of one email, in the recipient's language."""
    with translation.override(recipient.preferred_language):
        context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        subject = " ".join(subject.split())
        body = render_to_string(f"emails/{template}.txt", context)
        html_body = html_version(subject, body)
    return {"subject": subject, "body": body, "html_body": html_body, "to": [recipient.email]}


def send_after_commit(template, recipients, context):
    """Queue one email per recipient once the current transaction commits."""
    for recipient in recipients:
        message = render_email(template, recipient, context)
        transaction.on_commit(lambda message=message: send_email.enqueue(**message))
