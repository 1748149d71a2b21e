"""Fixtures of the portal's tests: a real Redis server of the test's own."""

import pytest
from django.core.cache import caches

from portal import cache as redis_fallback
from tests.servers import RedisServer


@pytest.fixture
def redis_server(settings):
    """A redis-server of the test's own, made the portal's cache for the test."""
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": server.url,
                    "FALLBACK": "database"},
        "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                     "LOCATION": "qogam_cache"},
    }  # fmt: skip
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PETITION_INITIAL_SUPPORT = 1
    redis_fallback._down_until.clear()
    yield server
    server.stop()
    redis_fallback._down_until.clear()
    caches["database"].clear()
