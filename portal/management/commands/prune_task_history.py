from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.tasks import prune_sent_emails


class Command(BaseCommand):
    help = (
        "Forget finished background tasks and the idempotency keys of sent emails older than "
        "TASK_HISTORY_KEEP_DAYS days: both tables would otherwise grow for ever."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days", type=int, default=None, metavar="DAYS",
            help="Keep this many days (default: TASK_HISTORY_KEEP_DAYS).",
        )  # fmt: skip

    def handle(self, *args, keep_days=None, **options):
        days = settings.TASK_HISTORY_KEEP_DAYS if keep_days is None else keep_days
        try:
            forgotten = prune_sent_emails(keep_days=days)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{forgotten} sent email key(s) older than {days} days forgotten.")
        if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
            # The queue's own finished results, by the queue library's command.
            call_command(
                "prune_db_task_results", min_age_days=days, queue_name="*",
                verbosity=options["verbosity"], stdout=self.stdout,
            )  # fmt: skip
