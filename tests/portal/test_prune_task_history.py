"""The task history is kept TASK_HISTORY_KEEP_DAYS days, then forgotten by the clocks'
`prune_task_history`: finished tasks and the idempotency keys of sent emails, never a task
still waiting or running."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.models import SentEmail
from portal.tasks import send_email

pytestmark = pytest.mark.django_db


def sent(key, days_ago):
    email = SentEmail.objects.create(key=key)
    SentEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now() - timedelta(days=days_ago))


def queued(status, days_ago):
    result = send_email.enqueue(subject="Сәлем", body="Мәтін", to=["someone@qogam.test"])
    finished = timezone.now() - timedelta(days=days_ago) if days_ago is not None else None
    DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished)
    return str(result.id)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_HISTORY_KEEP_DAYS = 30


def test_old_keys_and_finished_tasks_are_forgotten_the_rest_kept(database_queue):
    sent("old", days_ago=31)
    sent("recent", days_ago=29)
    old_done = queued(TaskResultStatus.SUCCESSFUL, days_ago=31)
    old_failed = queued(TaskResultStatus.FAILED, days_ago=40)
    recent_done = queued(TaskResultStatus.SUCCESSFUL, days_ago=2)
    waiting = queued(TaskResultStatus.READY, days_ago=None)
    out = StringIO()

    call_command("prune_task_history", stdout=out)

    assert set(SentEmail.objects.values_list("key", flat=True)) == {"recent"}
    kept = {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)}
    assert kept == {recent_done, waiting}
    assert old_done not in kept and old_failed not in kept
    assert "1 sent email key(s) older than 30 days forgotten." in out.getvalue()


def test_the_days_kept_can_be_given(database_queue):
    sent("ten days", days_ago=10)

    call_command("prune_task_history", "--keep-days", "7", stdout=StringIO())

    assert not SentEmail.objects.exists()


def test_keys_are_never_forgotten_while_their_task_could_still_run(settings):
    # A key younger than a task's lease still guards a retry of its task.
    settings.TASK_LEASE_SECONDS = 2 * 24 * 3600
    sent("yesterday", days_ago=1)

    with pytest.raises(CommandError, match="lease"):
        call_command("prune_task_history", "--keep-days", "1", stdout=StringIO())

    assert SentEmail.objects.filter(key="yesterday").exists()


def test_the_clocks_timer_runs_it():
    unit = Path(__file__).resolve().parents[2] / "deploy/systemd/qogam-clocks.service"
    assert "manage.py prune_task_history" in unit.read_text()
