"""deploy/backup.sh and deploy/restore.sh: a dump of the portal's database restores into a new
database with the same rows in every table."""

import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.factories import UserFactory, make_petition

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


@pytest.fixture(scope="module", autouse=True)
def _put_back(migrations_data_put_back):
    """Put the data migrations' rows back after this file's last test."""


def database_url(name):
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}"


def row_counts(url):
    """Every table of the public schema and its number of rows."""
    with psycopg.connect(url) as db:
        tables = [row[0] for row in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )]  # fmt: skip
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }


@pytest.fixture
def new_database():
    """The URL of a database that does not exist yet, dropped after the test."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    yield database_url(name)
    with psycopg.connect(database_url("postgres"), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backup(tmp_path):
    source = database_url(connection.settings_dict["NAME"])
    environment = {"PATH": "/usr/bin:/bin", "DATABASE_URL": source, "BACKUP_DIR": str(tmp_path)}
    done = subprocess.run([str(ROOT / "deploy" / "backup.sh")], env=environment,
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    return Path(done.stdout.strip())


def restore(dump, target):
    return subprocess.run([str(ROOT / "deploy" / "restore.sh"), str(dump), target],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_a_backup_restores_into_a_new_database_with_the_same_counts(tmp_path, new_database):
    for _ in range(3):
        make_petition("open")
    UserFactory.create_batch(5)
    source = row_counts(database_url(connection.settings_dict["NAME"]))

    dump = backup(tmp_path)
    done = restore(dump, new_database)

    assert done.returncode == 0, done.stderr
    assert row_counts(new_database) == source
    assert source["petitions_petition"] == 3


def test_a_restore_over_a_database_that_has_tables_is_refused(tmp_path):
    dump = backup(tmp_path)

    done = restore(dump, database_url(connection.settings_dict["NAME"]))

    assert done.returncode == 1
    assert "restore into a new database" in done.stderr
