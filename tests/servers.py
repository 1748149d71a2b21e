"""Real Redis and PostgreSQL servers that a test starts, stops and restarts on private ports."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port():
    """A TCP port on the loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, *, up=True, seconds=15):
    """Wait until something listens on the port (or, with up=False, nothing does)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.2)
            listening = probe.connect_ex(("127.0.0.1", port)) == 0
        if listening == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} still {'closed' if up else 'open'} after {seconds} s")


class RedisServer:
    """A throwaway redis-server without persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        wait_for_port(self.port, up=False)


class PostgresCluster:
    """A PostgreSQL cluster of its own in a temporary folder, run by the postgres account when
    the tests run as root (initdb refuses root)."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="qogam-pg-"))
        self.data = self.folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.prefix:
            shutil.chown(self.folder, "postgres")

    def run(self, *command):
        subprocess.run([*self.prefix, *command], check=True, capture_output=True, timeout=120)

    def init(self):
        self.run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                 "--auth=trust", "--no-sync")  # fmt: skip

    def start(self):
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                 "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -F",
                 "-w", "start")  # fmt: skip

    def stop(self):
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def restart(self):
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                 "-m", "fast", "-w", "restart")  # fmt: skip

    def remove(self):
        # Stopped already, or never started: either way the folder goes.
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)
needs_postgres_binaries = pytest.mark.skipif(
    not (PG_BIN / "initdb").exists(), reason=f"PostgreSQL's initdb is not in {PG_BIN}"
)


ROOT = Path(__file__).resolve().parents[1]


def portal_environment(database_url, **settings):
    """The environment of a portal process of a test's own (manage.py, gunicorn) on the given
    database: development mode, without the suite's Redis and page cache."""
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("PYTEST_CURRENT_TEST", "REDIS_URL", "PAGE_CACHE_SECONDS")
    }  # fmt: skip
    environment.update(DEBUG="1", DATABASE_URL=database_url, DB_POOL_MAX="4", **settings)
    return environment


def manage(environment, *command):
    """manage.py in its own process; what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=environment,
        check=True, capture_output=True, text=True, timeout=300,
    ).stdout  # fmt: skip


def start_portal(environment):
    """gunicorn serving the portal on a loopback port, one process of four threads; the
    process and the site's address, once it listens."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "qogam.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for_port(port, seconds=60)
    return server, f"http://127.0.0.1:{port}"


def stop_portal(server):
    """Stop a gunicorn of start_portal's (nothing when it never started)."""
    if server is not None:
        server.terminate()
        server.wait(timeout=30)


SEED = """
import json
from django.test import Client
from tests.factories import UserFactory, make_petition
petitions = [make_petition("open", title=title) for title in TITLES]
client = Client()
client.force_login(UserFactory(iin=True))
print(json.dumps({"petitions": [petition.pk for petition in petitions],
                  "session": client.cookies["sessionid"].value}))
"""


def seed_petitions_and_a_signer(environment, titles):
    """Open petitions and a signed-in citizen's session in the environment's database:
    {"petitions": [their ids], "session": the session key}."""
    script = SEED.replace("TITLES", json.dumps(titles))
    return json.loads(manage(environment, "shell", "-c", script).splitlines()[-1])
