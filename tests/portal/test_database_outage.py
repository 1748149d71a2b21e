"""A PostgreSQL outage and restart under gunicorn (design §7, §9): a quick, clean 503 while the
database is down, and not one failed request once it is back. On a cluster of the test's own,
on a private port, which the test starts, restarts, stops and starts again."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import PostgresCluster, free_port, needs_postgres_binaries, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = needs_postgres_binaries


def fetch(url, *, language="en"):
    """(status, body, seconds) of a GET; errors are answers too."""
    cookie = {"Cookie": f"django_language={language}"}
    request = urllib.request.Request(url, headers=cookie)  # noqa: S310 (http only)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            status, body = answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


@pytest.fixture(scope="module")
def portal_on_its_own_cluster():
    """gunicorn serving the portal (with its connection pool) from a fresh cluster."""
    cluster = PostgresCluster()
    cluster.init()
    cluster.start()
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("PYTEST_CURRENT_TEST", "REDIS_URL", "PAGE_CACHE_SECONDS")
    }  # fmt: skip
    environment.update(DEBUG="1", DATABASE_URL=cluster.url, DB_POOL_MIN="2", DB_POOL_MAX="4")
    for command in (["migrate", "--noinput"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environment,
                       check=True, capture_output=True, timeout=300)  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "qogam.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for_port(port, seconds=60)
        yield cluster, f"http://127.0.0.1:{port}", server
    finally:
        server.terminate()
        server.wait(timeout=30)
        cluster.remove()


PAGES = ["/", "/petitions/", "/api/v1/regions", "/healthz/ready"]


def test_a_restart_fails_no_request_and_an_outage_is_a_quick_503(portal_on_its_own_cluster):
    cluster, site, _server = portal_on_its_own_cluster
    assert [fetch(site + page)[0] for page in PAGES] == [200] * len(PAGES)

    cluster.restart()
    after_restart = [fetch(site + page)[0] for _round in range(5) for page in PAGES]
    assert after_restart == [200] * len(after_restart)

    cluster.stop()
    page, page_body, page_seconds = fetch(site + "/petitions/")
    api, api_body, api_seconds = fetch(site + "/api/v1/regions")
    ready, ready_body, ready_seconds = fetch(site + "/healthz/ready")
    live = fetch(site + "/healthz/live")[0]
    assert (page, api, ready, live) == (503, 503, 503, 200)
    assert "The portal cannot reach its database. Try again in a minute." in page_body
    assert '"code": "service_unavailable"' in api_body
    assert '"database": "unavailable"' in ready_body or '"database": "timeout"' in ready_body
    assert page_seconds < 4 and api_seconds < 4
    assert ready_seconds < 2
    russian = fetch(site + "/petitions/", language="ru")[1]
    assert "Портал не может связаться со своей базой данных" in russian

    cluster.start()
    # The pool reconnects within seconds; a load balancer waits for readiness, so does the test.
    deadline = time.monotonic() + 10
    while fetch(site + "/healthz/ready")[0] != 200:
        assert time.monotonic() < deadline, "not ready 10 s after the database came back"
        time.sleep(0.2)
    after_outage = [fetch(site + page)[0] for _round in range(5) for page in PAGES]
    assert after_outage == [200] * len(after_outage)
