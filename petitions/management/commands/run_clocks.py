from datetime import date

from django.core.management.base import BaseCommand

from petitions.services import run_clocks


class Command(BaseCommand):
    help = (
        "Run the legal clocks: move petitions whose time is up (gathering support → lapsed, "
        "open → closed), mark missed clocks, and queue the warnings, missed-deadline notices "
        "and state bodies' daily digests. Idempotent: run it on a schedule, e.g. every hour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Run as of this date.")

    def handle(self, *args, today=None, **options):
        done = run_clocks(today=today)
        self.stdout.write(
            f"{done['lapsed']} lapsed, {done['closed']} closed, {done['overdue']} overdue; "
            f"{done['warnings']} warnings, {done['missed']} missed-deadline notices, "
            f"{done['digests']} digests."
        )
