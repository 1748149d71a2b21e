"""The petition emails of design §4.6."""

from django.contrib.auth import get_user_model
from django.db import transaction

from portal.notifications import send_after_commit
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
