"""Django's Redis cache, keeping one client per connection pool.

Django builds a new redis.Redis object for every cache call, and each one fills a dictionary
of several hundred response callbacks: a dozen of them per signature (rate limits, locks)
cost more than the database's work. A client is safe to share between threads (its
connection pool hands each call a connection), so one per pool is enough.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
