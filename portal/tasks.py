from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus


def email_message(*, subject, body, to, from_email=None, html_body=None, connection=None,
                  headers=None):  # fmt: skip
    """One email: the text, and its HTML alternative when there is one."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, connection=connection,
        headers=headers,
    )  # fmt: skip
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message


@task(takes_context=True)
def send_email(context, *, subject, body, to, from_email=None, html_body=None, headers=None):
    """Send one email through the configured email backend, once per task whatever its retries."""
    from portal.models import SentEmail

    # The task's id is the idempotency key: a re-queued task keeps it. The key's row is
    # written, uncommitted, before the send, so a second run of the same task waits on its
    # unique index until the first commits or dies, and then sees it sent or not.
    key = str(context.task_result.id)
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentEmail.objects.create(key=key)
        except IntegrityError:
            return "already sent"
        email_message(
            subject=subject, body=body, to=to, from_email=from_email, html_body=html_body,
            headers=headers,
        ).send()  # fmt: skip
    return "sent"


def stuck_tasks(*, older_than=None):
    """Tasks marked running for longer than their lease: their worker died (or hangs)."""
    from django_tasks_db.models import DBTaskResult

    lease = settings.TASK_LEASE_SECONDS if older_than is None else older_than
    cutoff = timezone.now() - timedelta(seconds=lease)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).order_by("started_at")


def requeue_stuck_tasks(*, older_than=None):
    """Put tasks whose lease ran out back in the queue; the number re-queued."""
    # One conditional UPDATE: a task that finishes meanwhile is no longer RUNNING and stays.
    return stuck_tasks(older_than=older_than).update(status=TaskResultStatus.READY, started_at=None)


def prune_sent_emails(*, keep_days=None):
    """Forget the idempotency keys of emails sent more than `keep_days` ago; the number.

    A key guards against a retry of its task, and a task is retried only while its lease
    (minutes) lets it be re-queued: a key that old guards nothing any more.
    """
    from portal.models import SentEmail

    days = settings.TASK_HISTORY_KEEP_DAYS if keep_days is None else keep_days
    if timedelta(days=days) <= timedelta(seconds=settings.TASK_LEASE_SECONDS):
        raise ValueError("Keep the sent emails' keys longer than a task's lease.")
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _by_model = SentEmail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
