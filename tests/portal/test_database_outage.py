"""A PostgreSQL outage and restart under gunicorn (design §7, §9): a quick, clean 503 while the
database is down, and not one failed request once it is back. On a cluster of the test's own,
on a private port, which the test starts, restarts, stops and starts again."""

import time
import urllib.error
import urllib.request

import pytest

from tests.servers import (
    PostgresCluster,
    manage,
    needs_postgres_binaries,
    portal_environment,
    start_portal,
    stop_portal,
)

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
    environment = portal_environment(cluster.url, DB_POOL_MIN="2")
    manage(environment, "migrate", "--noinput")
    manage(environment, "createcachetable")
    server, site = start_portal(environment)
    try:
        yield cluster, site, server
    finally:
        stop_portal(server)
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
