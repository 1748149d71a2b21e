"""Emails are sent exactly once by real worker processes, even when one is killed mid-queue:
the dead worker's task is re-queued after its lease, and its idempotency key keeps a retried
send from going out twice."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import SentEmail
from portal.tasks import send_email
from tests.portal.outbox_backend import OUTBOX_TABLE

ROOT = Path(__file__).resolve().parents[2]
EMAILS = 24

# The workers commit for real, in other processes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _put_back(migrations_data_put_back):
    """Put the data migrations' rows back after this file's last test."""


@pytest.fixture
def database_queue(settings):
    """The production backend, and a table that the workers' email backend writes to."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {OUTBOX_TABLE} (id serial PRIMARY KEY, subject text)")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {OUTBOX_TABLE}")
    # A fresh connection for the next test: this one dropped a table its plans may refer to.
    connection.close()


def outbox():
    """The subjects of the emails sent (committed) so far."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT subject FROM {OUTBOX_TABLE} ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def worker(*extra):
    """A `manage.py db_worker` process on the test database, sending into the outbox table."""
    database = connection.settings_dict
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("PYTEST_CURRENT_TEST", "REDIS_URL")
    }  # fmt: skip
    environment.update(
        DEBUG="1",
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        TASKS_BACKEND="database",
        EMAIL_BACKEND="tests.portal.outbox_backend.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    # --no-reload: with DEBUG on, the reloader would run the worker in a child process that a
    # SIGKILL of this one leaves running.
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.05", "--no-startup-delay",
         "--no-reload", *extra],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def wait_until(condition, *, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def mid_send():
    """Whether a task has been running long enough to be inside its (0.15 s) send."""
    started = DBTaskResult.objects.filter(status="RUNNING").values_list("started_at", flat=True)
    running_for = started and timezone.now() - started[0]
    return bool(running_for) and timedelta(seconds=0.03) < running_for < timedelta(seconds=0.1)


def test_a_worker_killed_mid_queue_leaves_every_email_sent_exactly_once(database_queue):
    subjects = [f"Хабар {number}" for number in range(EMAILS)]
    for subject in subjects:
        send_email.enqueue(subject=subject, body="Мәтін", to=["person@example.kz"])

    # Kill the first worker with SIGKILL in the middle of a send, a few emails into the queue.
    first = worker()
    wait_until(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() >= 4 and mid_send())
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    # Its task stays marked running: the stuck-task command lists it and re-queues it.
    stuck = list(DBTaskResult.objects.filter(status="RUNNING").values_list("id", flat=True))
    assert len(stuck) == 1
    # Its half-done send was rolled back with the worker's transaction: no email, no key.
    assert len(outbox()) == DBTaskResult.objects.filter(status="SUCCESSFUL").count()
    assert not SentEmail.objects.filter(key=str(stuck[0])).exists()
    call_command("requeue_stuck_tasks", "--older-than", "0", verbosity=0)
    assert DBTaskResult.objects.get(id=stuck[0]).status == "READY"

    # Two workers share the rest of the queue.
    second, third = worker("--batch"), worker("--batch")
    assert second.wait(timeout=60) == 0, second.stderr.read()
    assert third.wait(timeout=60) == 0, third.stderr.read()

    assert sorted(outbox()) == sorted(subjects)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == EMAILS
    assert SentEmail.objects.count() == EMAILS


def test_a_task_run_again_after_its_email_went_out_does_not_send_it_twice(database_queue):
    result = send_email.enqueue(subject="Бір рет", body="Мәтін", to=["person@example.kz"])
    assert worker("--batch").wait(timeout=60) == 0
    assert outbox() == ["Бір рет"]

    # As if its worker had died after the send but before marking the task done.
    DBTaskResult.objects.filter(id=result.id).update(status="RUNNING")
    call_command("requeue_stuck_tasks", "--older-than", "0", verbosity=0)
    assert worker("--batch").wait(timeout=60) == 0

    assert outbox() == ["Бір рет"]
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"


def test_the_stuck_task_command_lists_only_tasks_past_their_lease(database_queue, capsys):
    old, fresh = (
        send_email.enqueue(subject=subject, body="Мәтін", to=["person@example.kz"])
        for subject in ("Ескі", "Жаңа")
    )
    started = timezone.now()
    DBTaskResult.objects.filter(id=old.id).update(
        status="RUNNING", started_at=started - timedelta(minutes=10), worker_ids=["dead"]
    )
    DBTaskResult.objects.filter(id=fresh.id).update(status="RUNNING", started_at=started)

    call_command("requeue_stuck_tasks", "--list")
    listed = capsys.readouterr().out
    assert str(old.id) in listed and str(fresh.id) not in listed
    assert "person@example.kz" not in listed
    assert DBTaskResult.objects.get(id=old.id).status == "RUNNING"

    call_command("requeue_stuck_tasks")
    assert DBTaskResult.objects.get(id=old.id).status == "READY"
    assert DBTaskResult.objects.get(id=fresh.id).status == "RUNNING"
