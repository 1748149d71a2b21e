"""Django's Redis cache, keeping one client per pool and falling back when Redis is down.

Django builds a new redis.Redis object for every cache call, and each one fills a dictionary
of several hundred response callbacks: a dozen of them per signature (rate limits, locks)
cost more than the database's work. A client is safe to share between threads (its
connection pool hands each call a connection), so one per pool is enough.

Redis is a cache, not a dependency: when it cannot be reached (refused, timed out), every call
goes to the fallback cache instead (the database table of CACHES["database"], which every
node shares, so rate limits keep their numbers), and Redis is not tried again for
REDIS_RETRY_SECONDS, so that a dead Redis costs one short connect timeout per process and
period rather than one per call.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# Per process, by server: Django builds a backend per thread, the outage is the same for all.
_down_until = {}
_down_lock = threading.Lock()


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        # A call to a dead or stuck Redis gives up fast; the fallback answers instead.
        kwargs.setdefault("socket_connect_timeout", settings.REDIS_TIMEOUT)
        kwargs.setdefault("socket_timeout", settings.REDIS_TIMEOUT)
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


def redis_is_down(location):
    """Whether Redis at this location failed within the last REDIS_RETRY_SECONDS."""
    return time.monotonic() < _down_until.get(location, 0)


def _through_redis_or_fallback(name):
    def call(self, *args, **kwargs):
        if not redis_is_down(self._location):
            try:
                return getattr(super(RedisCache, self), name)(*args, **kwargs)
            except UNREACHABLE as error:
                with _down_lock:
                    if not redis_is_down(self._location):
                        logger.warning("Redis unreachable, using the fallback cache: %r", error)
                    _down_until[self._location] = time.monotonic() + settings.REDIS_RETRY_SECONDS
        return getattr(caches[self._fallback], name)(*args, **kwargs)

    call.__name__ = name
    return call


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._location = server
        self._fallback = params.get("FALLBACK", "database")

    # Every call that reaches Redis; the others (get_or_set, decr, the async ones) go through these.
    get = _through_redis_or_fallback("get")
    set = _through_redis_or_fallback("set")
    add = _through_redis_or_fallback("add")
    touch = _through_redis_or_fallback("touch")
    delete = _through_redis_or_fallback("delete")
    get_many = _through_redis_or_fallback("get_many")
    set_many = _through_redis_or_fallback("set_many")
    delete_many = _through_redis_or_fallback("delete_many")
    has_key = _through_redis_or_fallback("has_key")
    incr = _through_redis_or_fallback("incr")
    clear = _through_redis_or_fallback("clear")
