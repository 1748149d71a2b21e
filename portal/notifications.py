"""Emails written in each recipient's language and sent from a background task after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
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


def notify_followers(target, describe, *, exclude=()):
    """Email everyone following `target` what happened to it, each in their language, with a
    link to unfollow and RFC 8058's one-click headers; `describe()` says what happened and
    is called in that language.

    Read and written after commit: the change is final, and the people and their languages are
    read once, in one query, however many follow it.
    """

    def send():
        from portal import follows
        from portal.models import Follow
        from portal.services import unfollow_token

        kind = follows.kind_of(target)
        rows = (
            Follow.objects.filter(follows.target_filter(target), user__is_active=True)
            .exclude(user__in=list(exclude))
            .select_related("user")
        )
        for follow in rows:
            recipient = follow.user
            token = unfollow_token(follow)
            with translation.override(recipient.preferred_language):
                context = {
                    "target": target,
                    "what": str(describe()),
                    "url": kind.url(target),
                    "unfollow_url": reverse("unfollow", args=[token]),
                }
                message = render_email("followed_change", recipient, context)
            # RFC 8058: mail programs offer "unsubscribe" and POST to this address themselves.
            one_click = settings.SITE_URL + reverse("unfollow_one_click", args=[token])
            headers = {"List-Unsubscribe": f"<{one_click}>",
                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}  # fmt: skip
            send_email.enqueue(**message, headers=headers)

    transaction.on_commit(send)
