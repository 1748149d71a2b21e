"""In production the emails go through the database-backed task queue and its worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from portal.tasks import send_email

# The worker closes its database connection between tasks, as in production: real commits.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _put_back(migrations_data_put_back):
    """Put the data migrations' rows back after this file's last test."""


@pytest.fixture
def database_queue(settings):
    """The production backend (django-tasks resets its backends when TASKS changes)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_queued_email_waits_in_the_database_until_the_worker_sends_it(database_queue):
    send_email.enqueue(subject="Сынақ", body="Мәтін", to=["person@example.kz"])

    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert [message.subject for message in mail.outbox] == ["Сынақ"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
