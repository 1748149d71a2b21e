from django.core.management.base import BaseCommand

from portal.tasks import requeue_stuck_tasks, stuck_tasks


class Command(BaseCommand):
    help = (
        "List the background tasks still marked running after their lease "
        "(TASK_LEASE_SECONDS: their worker died) and put them back in the queue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, default=None, metavar="SECONDS",
            help="The lease in seconds (default: TASK_LEASE_SECONDS).",
        )  # fmt: skip
        parser.add_argument(
            "--list", action="store_true", help="Only list the stuck tasks; re-queue none."
        )

    def handle(self, *args, older_than=None, list=False, **options):
        stuck = stuck_tasks(older_than=older_than)
        # Ids, task names, start times and workers only: the arguments hold email addresses.
        for result in stuck:
            self.stdout.write(
                f"{result.id} {result.task_path} started {result.started_at:%Y-%m-%dT%H:%M:%SZ} "
                f"by {','.join(result.worker_ids)}"
            )
        if list:
            return
        count = requeue_stuck_tasks(older_than=older_than)
        self.stdout.write(f"{count} stuck task(s) re-queued.")
