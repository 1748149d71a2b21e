from django.core.mail import get_connection
from django.db.models import Q
from django_tasks import task

from petitions.models import Petition, Signature
from portal.notifications import render_email
from portal.tasks import email_message

BATCH = 500


@task()
def notify_signers_of_answer(*, petition_id):
    """Email every signer who opted in that the petition was answered, in their language."""
    petition = Petition.objects.select_related("addressee").get(pk=petition_id)
    signatures = (
        Signature.objects.filter(
            Q(petition=petition, status=Signature.Status.VALID, notify_on_answer=True)
        )
        .select_related("user")
        .order_by("pk")
    )
    with get_connection() as connection:
        for signature in signatures.iterator(chunk_size=BATCH):
            if signature.user is None or not signature.user.is_active:
                continue
            message = render_email("petition_answered", signature.user, {"petition": petition})
            email_message(connection=connection, **message).send()


@task()
def send_signature_receipt(*, signature_id, receipt):
    """Confirm a signature to its signer with the receipt code, in their language."""
    signature = Signature.objects.select_related("user", "petition").filter(pk=signature_id).first()
    if signature is None or signature.user is None or not signature.user.is_active:
        return
    context = {"petition": signature.petition, "signature": signature, "receipt": receipt}
    message = render_email("signature_receipt", signature.user, context)
    email_message(**message).send()


@task()
def notify_followers(*, petition_id, template):
    """Email the author and every signer who opted in about a step, each in their language."""
    petition = Petition.objects.select_related("addressee", "author").get(pk=petition_id)
    signers = (
        Signature.objects.filter(
            petition=petition, status=Signature.Status.VALID, notify_on_answer=True
        )  # fmt: skip
        .exclude(user=petition.author)
        .select_related("user")
        .order_by("pk")
    )
    with get_connection() as connection:
        if petition.author.is_active:
            message = render_email(
                template, petition.author, {"petition": petition, "author": True}
            )
            email_message(connection=connection, **message).send()
        for signature in signers.iterator(chunk_size=BATCH):
            if signature.user is None or not signature.user.is_active:
                continue
            message = render_email(template, signature.user, {"petition": petition})
            email_message(connection=connection, **message).send()
