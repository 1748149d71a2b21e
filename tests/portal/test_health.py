"""The health checks (design §6): liveness asks nothing, readiness asks PostgreSQL and Redis
and says what is degraded, within two seconds."""

import time

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from portal import health
from tests.servers import needs_redis_server


def test_liveness_answers_without_asking_any_backend(client):
    # No django_db mark: a query here would fail the test.
    response = client.get(reverse("healthz_live"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_is_ok_when_the_database_answers_and_redis_is_not_used(client):
    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "unused"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_the_old_address_answers_as_readiness(client):
    assert client.get(reverse("healthz")).json()["status"] == "ok"


@pytest.mark.django_db
def test_readiness_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refused():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "check_database", refused)

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable",
                               "redis": "unused"}  # fmt: skip


@pytest.mark.django_db
def test_readiness_answers_within_two_seconds_when_a_backend_hangs(client, monkeypatch):
    monkeypatch.setattr(health, "check_database", lambda: time.sleep(5))

    started = time.monotonic()
    response = client.get(reverse("healthz_ready"))

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json()["database"] == "timeout"


@needs_redis_server
@pytest.mark.django_db
def test_readiness_says_redis_is_degraded_but_the_node_still_serves(client, redis_server):
    assert client.get(reverse("healthz_ready")).json() == {
        "status": "ok", "database": "ok", "redis": "ok",
    }  # fmt: skip

    redis_server.stop()
    started = time.monotonic()
    response = client.get(reverse("healthz_ready"))

    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "unavailable"}


@pytest.mark.django_db
def test_a_database_that_fails_inside_an_api_view_is_a_503_not_a_500(client):
    # As a replica that stops in the middle of a request would.
    def refuse_regions(execute, sql, params, many, context):
        if "portal_region" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_regions):
        response = client.get("/api/v1/regions", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response.json() == {
        "detail": "The portal cannot reach its database. Try again in a minute.",
        "code": "service_unavailable",
    }
