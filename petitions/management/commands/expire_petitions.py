from datetime import date

from django.core.management.base import BaseCommand

from petitions.services import expire_petitions


class Command(BaseCommand):
    help = (
        "Move petitions whose time is up (gathering support → lapsed, open → closed) and mark "
        "overdue legal clocks. Idempotent: run it on a schedule, e.g. every hour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Run as of this date.")

    def handle(self, *args, today=None, **options):
        moved = expire_petitions(today=today)
        self.stdout.write(
            f"{moved['lapsed']} lapsed, {moved['closed']} closed, {moved['overdue']} overdue."
        )
