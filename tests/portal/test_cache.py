"""The Redis cache backend that keeps its clients (portal/cache.py), on the real Redis."""

import threading

import pytest

from portal.cache import RedisCache


@pytest.fixture
def redis_cache():
    backend = RedisCache("redis://127.0.0.1:6379/9", {"KEY_PREFIX": "qogam-test-cache"})
    backend.clear()
    yield backend
    backend.clear()


def test_it_stores_reads_counts_and_forgets(redis_cache):
    redis_cache.set("page", (b"<html>", {"Content-Type": "text/html"}), 5)
    assert redis_cache.get("page") == (b"<html>", {"Content-Type": "text/html"})
    redis_cache.set("version", 1, None)
    assert redis_cache.incr("version") == 2
    assert redis_cache.get_many(["version", "missing"]) == {"version": 2}
    assert redis_cache.add("lock", 1, 5) is True
    assert redis_cache.add("lock", 1, 5) is False
    redis_cache.delete("lock")
    assert redis_cache.get("lock") is None


def test_one_client_serves_every_call_and_every_thread(redis_cache):
    first = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client(write=False) is first
    errors = []

    def count():
        try:
            for _ in range(200):
                redis_cache.incr("shared")
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    redis_cache.set("shared", 0, None)
    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert redis_cache.get("shared") == 1600
