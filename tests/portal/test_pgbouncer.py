"""The portal behind PgBouncer in transaction mode (README: Production): two server
connections shared by four threads, a connection changing hands after every transaction.
Open data streams through `.iterator()`, which a server-side cursor would break there, so
DB_DISABLE_SERVER_SIDE_CURSORS is on, as the README says."""

import concurrent.futures
import json
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.servers import (
    PostgresCluster,
    free_port,
    manage,
    needs_postgres_binaries,
    portal_environment,
    seed_petitions_and_a_signer,
    start_portal,
    stop_portal,
    wait_for_port,
)

PGBOUNCER = Path("/usr/sbin/pgbouncer")
CSRF = "p" * 32
TITLES = [f"Петиция номер {n}" for n in range(3)]
pytestmark = [
    needs_postgres_binaries,
    pytest.mark.skipif(
        not PGBOUNCER.exists(),
        reason="pgbouncer is not installed (Debian: apt-get install pgbouncer)",
    ),
]


class PgBouncer:
    """PgBouncer in transaction mode in front of a cluster, run by the cluster's account."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="qogam-pgbouncer-"))
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.process = None

    def start(self):
        (self.folder / "users.txt").write_text('"postgres" ""\n')
        (self.folder / "pgbouncer.ini").write_text(
            f"[databases]\npostgres = host=127.0.0.1 port={self.cluster.port} dbname=postgres\n"
            f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {self.port}\n"
            "unix_socket_dir =\nauth_type = trust\n"
            f"auth_file = {self.folder}/users.txt\nlogfile = {self.folder}/pgbouncer.log\n"
            "pool_mode = transaction\ndefault_pool_size = 2\nmax_client_conn = 100\n"
            "ignore_startup_parameters = extra_float_digits\n"
        )
        if self.cluster.prefix:
            shutil.chown(self.folder, "postgres")
            for child in self.folder.iterdir():
                shutil.chown(child, "postgres")
        self.process = subprocess.Popen(
            [*self.cluster.prefix, str(PGBOUNCER), str(self.folder / "pgbouncer.ini")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def remove(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
            wait_for_port(self.port, up=False)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def portal_behind_pgbouncer():
    cluster = PostgresCluster()
    bouncer = PgBouncer(cluster)
    server = None
    try:
        cluster.init()
        cluster.start()
        bouncer.start()
        environment = portal_environment(
            bouncer.url, DB_POOL_MIN="1", DB_DISABLE_SERVER_SIDE_CURSORS="1", PAGE_CACHE_SECONDS="0"
        )
        # Migrations go to PostgreSQL itself: they hold a transaction per migration anyway.
        manage({**environment, "DATABASE_URL": cluster.url}, "migrate", "--noinput")
        manage(environment, "createcachetable")
        seeded = seed_petitions_and_a_signer(environment, TITLES)
        server, site = start_portal(environment)
        yield {"site": site, "petition": seeded["petitions"][0], "session": seeded["session"]}
    finally:
        stop_portal(server)
        bouncer.remove()
        cluster.remove()


def fetch(url, data=None, cookie=""):
    body = None if data is None else urllib.parse.urlencode(data).encode()
    headers = {"Cookie": f"csrftoken={CSRF}; {cookie}"}
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 (http only)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_pages_api_open_data_and_signing_work_through_transaction_pooling(
    portal_behind_pgbouncer,
):
    site, petition = portal_behind_pgbouncer["site"], portal_behind_pgbouncer["petition"]
    addresses = [
        f"{site}/open-data/petitions.csv", f"{site}/open-data/petitions.json",
        f"{site}/petitions/", f"{site}/api/v1/petitions", f"{site}/api/v1/petitions/{petition}",
    ] * 6  # fmt: skip

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(fetch, addresses))
    before = json.loads(fetch(f"{site}/api/v1/petitions/{petition}")[1])["signature_count"]
    signed = fetch(
        f"{site}/petitions/{petition}/sign/",
        {"csrfmiddlewaretoken": CSRF},
        cookie=f"sessionid={portal_behind_pgbouncer['session']}",
    )
    after = json.loads(fetch(f"{site}/api/v1/petitions/{petition}")[1])["signature_count"]

    assert [status for status, _body in answers] == [200] * len(addresses)
    csv = answers[0][1]
    assert all(title in csv for title in TITLES)
    assert signed[0] == 200 and after == before + 1
