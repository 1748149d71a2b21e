"""The petition emails of design §4.6."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from portal.notifications import notify_followers, send_after_commit
from portal.rules import PETITION_MODERATORS


def on_decision(petition, event):
    """Tell the author about a step in their petition's life."""
    send_after_commit(
        "petition_decision", [petition.author], {"petition": petition, "event": event}
    )


def on_submitted(petition, event):
    """Tell the petition moderators that a petition waits in the queue."""
    moderators = get_user_model().objects.filter(groups__name=PETITION_MODERATORS, is_active=True)
    send_after_commit("petition_submitted", moderators, {"petition": petition})


def on_answered(petition):
    """Tell the signers who asked for it that the state body has answered (in the background)."""
    from petitions.tasks import notify_signers_of_answer

    transaction.on_commit(lambda: notify_signers_of_answer.enqueue(petition_id=petition.pk))


def on_signed(signature, receipt):
    """Email the signer their receipt code (written and sent in the background)."""
    from petitions.tasks import send_signature_receipt

    transaction.on_commit(
        lambda: send_signature_receipt.enqueue(signature_id=signature.pk, receipt=receipt)
    )


def on_followed_change(petition, event):
    """Tell the petition's followers about its new state (the actor is not told)."""
    from petitions.models import Petition

    def describe():
        status = Petition.Status(event.to_status).label
        return _("The petition's status is now: %(status)s.") % {"status": status}

    notify_followers(petition, describe, exclude=[event.actor] if event.actor_id else ())


def on_body_answered(petition):
    """Tell the addressee's followers that it answered a petition, and when it discusses it."""

    def describe():
        text = _("It answered the petition «%(title)s».") % {"title": petition.title}
        if petition.discussion_date:
            day = formats.date_format(petition.discussion_date, "DATE_FORMAT")
            text += " " + _("The public discussion is on %(day)s.") % {"day": day}
        return text

    notify_followers(petition.addressee, describe)
