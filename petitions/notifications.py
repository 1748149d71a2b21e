"""The emails of design §4.6, written in each recipient's language and sent after commit."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from portal.rules import PETITION_MODERATORS
from portal.tasks import send_email


def _render(template, recipient, context):
    """The subject and body of one email, in the recipient's preferred language."""
    with translation.override(recipient.preferred_language):
        context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}.txt", context)
    return {"subject": " ".join(subject.split()), "body": body, "to": [recipient.email]}


def _send_after_commit(messages):
    for message in messages:
        transaction.on_commit(lambda message=message: send_email.enqueue(**message))


def on_decision(petition, event):
    """Tell the author about a step in their petition's life."""
    _send_after_commit(
        [_render("petition_decision", petition.author, {"petition": petition, "event": event})]
    )


def on_submitted(petition, event):
    """Tell the petition moderators that a petition waits in the queue."""
    moderators = get_user_model().objects.filter(groups__name=PETITION_MODERATORS, is_active=True)
    _send_after_commit(
        [
            _render("petition_submitted", moderator, {"petition": petition})
            for moderator in moderators
        ]
    )


def on_answered(petition):
    """Tell the signers who asked for it that the state body has answered (in the background)."""
    from petitions.tasks import notify_signers_of_answer

    transaction.on_commit(lambda: notify_signers_of_answer.enqueue(petition_id=petition.pk))
