"""Open data (design §6): the kit that streams a dataset as a CSV or JSON download.

Each app declares its own datasets (petitions/opendata.py, platforms/opendata.py); the
project's open data page lists them all (qogam/views.py). Every dataset is a `.values()`
query read with `.iterator()`, written row by row into a StreamingHttpResponse, so a
national-scale download never holds all its rows in memory.
Only the fields named in a dataset are written: never an email, an IIN or its hash, a
signer key, a member's or a signer's name, or a meeting's online link.
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

# Rows read from the database at a time, through a server-side cursor.
CHUNK_SIZE = 2000
# Rows per chunk written to the network: fewer, larger writes than one per row.
ROWS_PER_WRITE = 200
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
NAMES = ("name_kk", "name_ru", "name_en")


@dataclass(frozen=True)
class Dataset:
    """One downloadable table: its name, what it holds, its fields and where its rows are."""

    slug: str
    title: str
    description: str
    fields: tuple[str, ...]
    # The published rows, for counting on the page.
    source: Callable[[], QuerySet]
    # Each published row as a dict holding (at least) the fields.
    rows: Callable[[], Iterator[dict]]


def names(prefix, relation):
    """The three language columns of a related body's name, e.g. addressee_name_kk."""
    return {f"{prefix}_{name}": F(f"{relation}__{name}") for name in NAMES}


def read(queryset):
    """A dataset's rows, read chunk by chunk so a national-scale download stays small."""
    return queryset.iterator(chunk_size=CHUNK_SIZE)


# Writing


def _plain(value):
    """A date or a time as ISO 8601 text (times in local time, with their UTC offset)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_cell(value):
    """One value as a CSV cell: empty for none, true/false, lists joined, no formulas."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written to it, for csv.writer to format one row."""

    def write(self, value):
        return value


def _csv_lines(dataset):
    writer = csv.writer(_Echo())
    # The byte order mark tells Excel the file is UTF-8, so Cyrillic opens correctly.
    yield "\ufeff" + writer.writerow(dataset.fields)
    for row in dataset.rows():
        yield writer.writerow([_csv_cell(row[field]) for field in dataset.fields])


def _json_lines(dataset):
    yield "["
    separator = ""
    for row in dataset.rows():
        values = {field: _plain(row[field]) for field in dataset.fields}
        yield separator + json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        separator = ","
    yield "]\n"


def _in_chunks(lines):
    """Join lines into larger pieces, so the server writes to the network less often."""
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= ROWS_PER_WRITE:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


FORMATS = {
    "csv": ("text/csv; charset=utf-8", _csv_lines),
    "json": ("application/json; charset=utf-8", _json_lines),
}


# The download


def download(dataset, format):
    """One dataset as a CSV or JSON file, streamed as it is read from the database."""
    content_type, lines = FORMATS[format]
    response = StreamingHttpResponse(_in_chunks(lines(dataset)), content_type=content_type)
    filename = f"qogam-{dataset.slug}-{timezone.localdate().isoformat()}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
