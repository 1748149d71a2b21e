"""Tell clearly whether the PostgreSQL server of DATABASE_URL answers, before the tests run."""

import os
import sys

import dj_database_url
import psycopg

config = dj_database_url.parse(os.environ["DATABASE_URL"])
try:
    psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=5,
    ).close()
except psycopg.OperationalError as error:
    sys.exit(
        f"No PostgreSQL answers at {config['HOST']}:{config['PORT']} ({error}).\n"
        "The tests run on PostgreSQL. Start it (Debian: "
        "`pg_ctlcluster --skip-systemctl-redirect 15 main start`), or point "
        "TEST_DATABASE_URL at one: make test TEST_DATABASE_URL=postgres://user@host:5432/qogam"
    )
