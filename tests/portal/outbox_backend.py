"""An email backend for the worker tests: each email becomes a row of a table in the portal's
database, written on the task's own connection and transaction, slowly enough that a worker
killed mid-queue is killed in the middle of a send."""

import time

from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

OUTBOX_TABLE = "test_worker_outbox"


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        with connection.cursor() as cursor:
            for message in email_messages:
                cursor.execute(
                    f"INSERT INTO {OUTBOX_TABLE} (subject) VALUES (%s)",  # noqa: S608
                    [message.subject],
                )
        # The send takes a while, as SMTP does: the kill lands here more often than not.
        time.sleep(0.15)
        return len(email_messages)
