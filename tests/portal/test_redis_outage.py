"""Redis is a cache, not a dependency (design §9): with it down, the portal serves from the
database, the rate limits keep their numbers, sign-in and signing work. On a real redis-server
that each test starts and stops."""

import time

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from petitions.models import Signature
from tests.factories import UserFactory, make_petition
from tests.servers import needs_redis_server

pytestmark = [pytest.mark.django_db, needs_redis_server]


def keys_in(server):
    return redis.Redis.from_url(server.url).keys("*")


def timed(call):
    started = time.monotonic()
    answer = call()
    return answer, time.monotonic() - started


def test_pages_the_api_sign_in_and_signing_work_while_redis_is_down(redis_server, settings):
    settings.PAGE_CACHE_SECONDS = 5
    petition = make_petition("open")
    citizen = UserFactory(iin=True, password="a-long-demo-password")
    browser = APIClient()
    assert browser.get(reverse("home")).status_code == 200
    assert keys_in(redis_server), "the pages were not kept in Redis while it ran"

    redis_server.stop()

    home, seconds = timed(lambda: browser.get(reverse("home")))
    assert home.status_code == 200
    assert seconds < 2
    assert browser.get(reverse("petition_detail", args=[petition.pk])).status_code == 200
    assert browser.get("/api/v1/petitions").status_code == 200
    signed_in = browser.post(
        reverse("account_login"),
        {"login": citizen.email, "password": "a-long-demo-password"},
        format="multipart",
    )
    assert signed_in.status_code == 302
    assert browser.get(reverse("profile")).status_code == 200
    signed = browser.post(reverse("petition_sign", args=[petition.pk]), {}, format="multipart")
    assert signed.status_code == 302
    assert Signature.objects.filter(petition=petition, user=citizen, status="valid").exists()


def test_the_failed_login_limit_holds_with_redis_down_and_refuses_with_a_429(redis_server):
    citizen = UserFactory(iin=True, password="a-long-demo-password")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    redis_server.stop()

    answers = [
        api.post("/api/v1/auth/token", {"email": citizen.email, "password": "wrong"}).status_code
        for _attempt in range(6)
    ]
    right = api.post(
        "/api/v1/auth/token", {"email": citizen.email, "password": "a-long-demo-password"}
    )

    assert answers == [400] * 5 + [429]
    assert right.status_code == 429
    assert right.json()["detail"] == "Too many failed login attempts. Try again later."


def test_a_dead_redis_is_not_tried_again_before_the_retry_period(redis_server, settings):
    settings.REDIS_RETRY_SECONDS = 60
    redis_server.stop()
    cache.set("during-the-outage", 1)
    redis_server.start()

    cache.set("soon-after", 2)

    # Still in the database table: Redis is left alone for REDIS_RETRY_SECONDS.
    assert keys_in(redis_server) == []
    assert cache.get("soon-after") == 2


def test_redis_is_used_again_once_it_is_back(redis_server, settings):
    settings.REDIS_RETRY_SECONDS = 1
    redis_server.stop()
    cache.set("during-the-outage", 1)
    assert cache.get("during-the-outage") == 1
    redis_server.start()
    time.sleep(1.1)

    cache.set("after-the-outage", 2)

    assert any(b"after-the-outage" in key for key in keys_in(redis_server))
    assert cache.get("after-the-outage") == 2


def test_a_redis_that_does_not_answer_costs_a_short_timeout_once(redis_server, settings):
    settings.REDIS_RETRY_SECONDS = 60
    redis_server.process.send_signal(19)  # SIGSTOP: connections open, no answer
    try:
        first, first_seconds = timed(lambda: cache.get("anything", "fallback"))
        then, then_seconds = timed(lambda: [cache.get("anything") for _ in range(20)])
    finally:
        redis_server.process.send_signal(18)  # SIGCONT

    assert first == "fallback"
    assert first_seconds < 2 * settings.REDIS_TIMEOUT + 0.5
    assert then_seconds < 0.5
