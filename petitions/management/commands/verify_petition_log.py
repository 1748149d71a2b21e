"""Verify a petition's public signature log: its chain, its recount, and the published figures.

    manage.py verify_petition_log https://qogam.kz/petitions/42/signature-log.csv
    manage.py verify_petition_log log.json --count 1234 --head 3f9a...

A downloaded log brings the count and head it adds up to in its X-Signature-Count and
X-Signature-Log-Head headers; --count and --head give them for a file, or override them.
"""

import csv
import io
import json
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from petitions import receipts

TIMEOUT_SECONDS = 60


def read_lines(text):
    """The log's lines as dicts, from its CSV or JSON text."""
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"The log is not valid JSON: {error}") from error
    return list(csv.DictReader(io.StringIO(text)))


class Command(BaseCommand):
    help = (
        "Download (URL) or read (file) a petition's signature log, verify its hash chain, "
        "recount its signatures and compare them with the published count and head."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The log's URL (CSV or JSON) or a file holding it.")
        parser.add_argument("--count", type=int, help="The petition's published count.")
        parser.add_argument("--head", help="The petition's published head hash.")

    def handle(self, *args, source, count=None, head=None, **options):
        if source.startswith(("http://", "https://")):
            text, headers = self.download(source)
            if count is None and headers.get("X-Signature-Count"):
                count = int(headers["X-Signature-Count"])
            if head is None and headers.get("X-Signature-Log-Head") is not None:
                head = headers["X-Signature-Log-Head"]
        else:
            try:
                text = Path(source).read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot read {source}: {error}") from error
        try:
            recount = receipts.verify(read_lines(text), count=count, head=head)
        except receipts.LogError as error:
            raise CommandError(f"The log does not verify: {error}") from error
        compared = [
            f"count {count}" if count is not None else "",
            "head" if head is not None else "",
        ]
        compared = " and ".join(part for part in compared if part) or "nothing published"
        self.stdout.write(
            self.style.SUCCESS(
                f"The log verifies: {recount.lines} lines, {recount.count} valid signatures, "
                f"head {recount.head or '(empty)'}; compared with {compared}."
            )
        )

    def download(self, url):
        """The log's text and the response's headers."""
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return response.read().decode("utf-8"), response.headers
        except OSError as error:
            raise CommandError(f"Cannot download {url}: {error}") from error
