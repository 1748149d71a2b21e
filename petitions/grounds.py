"""The register of grounds for rejecting a petition, as shipped in data/prohibited_grounds.csv.

The file lists every version of every ground (see data/prohibited_grounds.md); migration 0008
loads it, and the admin amends it afterwards through petitions.services.amend_ground.
"""

import csv
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "prohibited_grounds.csv"

COLUMNS = [
    "code", "effective_from", "effective_until", "title_kk", "title_ru", "title_en",
    "basis_kk", "basis_ru", "basis_en", "source", "confirmed", "note",
]  # fmt: skip
TEXTS = ["title_kk", "title_ru", "title_en", "basis_kk", "basis_ru", "basis_en"]


class GroundsFileError(ValueError):
    """The grounds file breaks its own rules; the message names the line."""


def _date(value, line, column, *, optional=False):
    if not value and optional:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise GroundsFileError(f"line {line}: {column} {value!r} is not an ISO date") from None


def read_grounds(path=DATA):
    """The file's versions as dicts, checked: every text present, dates in order, and the
    versions of one ground following each other without overlapping."""
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        if reader.fieldnames != COLUMNS:
            raise GroundsFileError(f"the columns must be {','.join(COLUMNS)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            for column in ["code", *TEXTS, "source"]:
                if not row[column].strip():
                    raise GroundsFileError(f"line {line}: {column} is empty")
            if row["confirmed"] not in ("true", "false"):
                raise GroundsFileError(f"line {line}: confirmed must be true or false")
            start = _date(row["effective_from"], line, "effective_from")
            until = _date(row["effective_until"], line, "effective_until", optional=True)
            if until is not None and until < start:
                raise GroundsFileError(f"line {line}: effective_until is before effective_from")
            confirmed = row["confirmed"] == "true"
            rows.append({**row, "line": line, "effective_from": start,
                         "effective_until": until, "confirmed": confirmed})  # fmt: skip
    last = {}
    for row in sorted(rows, key=lambda r: (r["code"], r["effective_from"])):
        previous = last.get(row["code"])
        if previous is not None and (
            previous["effective_until"] is None
            or previous["effective_until"] >= row["effective_from"]
        ):
            raise GroundsFileError(
                f"line {row['line']}: {row['code']} overlaps its version of line {previous['line']}"
            )
        last[row["code"]] = row
    return rows


def load_grounds(Ground, GroundVersion, rows):
    """Create the grounds and versions the file lists that the database lacks (by code and
    start date); what is there already is left as it is. The model classes are passed in, so
    that a migration loads with its historical models."""
    positions = {}
    for row in rows:
        positions.setdefault(row["code"], len(positions))
    grounds = {}
    for code, position in positions.items():
        grounds[code], _created = Ground.objects.get_or_create(
            code=code, defaults={"position": position}
        )
    created = 0
    for row in rows:
        _version, new = GroundVersion.objects.get_or_create(
            ground=grounds[row["code"]],
            effective_from=row["effective_from"],
            in_register=True,
            defaults={
                **{name.replace("basis", "legal_basis"): row[name] for name in TEXTS},
                "effective_until": row["effective_until"],
                "source": row["source"],
                "confirmed": row["confirmed"],
                "note": row["note"],
            },
        )
        created += new
    return created


def day_before(day):
    """The last day of a version that a new one replaces from `day`."""
    return day - timedelta(days=1)
