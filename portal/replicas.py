"""Read replicas: visitors' reads go to a PostgreSQL streaming replica, all else to the primary.

Installed only when DATABASE_REPLICA_URLS names replicas (qogam/settings.py). A request reads
from a replica, one chosen at random for the whole request, when all of these hold:

- it is a GET, HEAD or OPTIONS;
- it is a visitor's (`pagecache.is_visitor`: no session, no message waiting, no credentials):
  signed-in people, API clients with a token and people in the middle of a form see their own
  state, so they read the primary;
- it carries no valid sticky cookie: after a person's write (any other method, or a write
  through the ORM during a GET) a signed cookie keeps their reads on the primary for
  REPLICA_STICKY_SECONDS, longer than the replicas' lag, so they see their own change;
- the query is not inside a transaction (a read that a write may follow reads the primary);
- it is not a session or a cache row (always read and written on the primary: a session
  written a moment ago must be found, and the page cache's invalidation must be seen at once).

A write during the request sends its later reads to the primary too. Everything outside a
request (the task worker, the clocks, commands, the shell) reads and writes the primary alone,
and migrations run on the primary alone.

A replica that cannot be reached is no outage: the request reads the primary instead, and
that process leaves the replica alone for REPLICA_RETRY_SECONDS.
"""

import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

from portal.pagecache import is_visitor

logger = logging.getLogger(__name__)

STICKY_COOKIE = "qogam_primary"
STICKY_SALT = "portal.replicas.sticky"
READ_METHODS = ("GET", "HEAD", "OPTIONS")
# Sessions and the database cache table: on the primary alone, and writing them is no one's
# change to see.
PRIMARY_ONLY = ("sessions", "django_cache")


@dataclass
class _Request:
    replica: str | None
    wrote: bool = False


_current = ContextVar("replicas_request", default=None)
# Replicas found unreachable in this process, and until when (time.monotonic) to leave them.
_down_until = {}


def _choose_replica():
    now = time.monotonic()
    reachable = [alias for alias in settings.REPLICA_DATABASES if _down_until.get(alias, 0) <= now]
    return random.choice(reachable) if reachable else None  # noqa: S311 (spreading load)


def _connected(alias):
    """Whether the replica's connection is open or opens now; if not, leave it alone a while."""
    connection = connections[alias]
    if connection.connection is not None:
        return True
    try:
        connection.ensure_connection()
    except (OperationalError, InterfaceError):
        logger.warning("Replica %s unreachable, reading the primary", alias)
        _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        return False
    return True


class ReplicaRouter:
    """Reads of a visitor's request to its replica, everything else to the primary."""

    def db_for_read(self, model, **hints):
        request = _current.get()
        if (
            request is None
            or request.replica is None
            or model._meta.app_label in PRIMARY_ONLY
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        if not _connected(request.replica):
            request.replica = None
            return DEFAULT_DB_ALIAS
        return request.replica

    def db_for_write(self, model, **hints):
        request = _current.get()
        if request is not None and model._meta.app_label not in PRIMARY_ONLY:
            request.replica = None
            request.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's rows: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _sticky(request):
    """Whether the request carries an unexpired sticky cookie that the portal signed."""
    value = request.get_signed_cookie(
        STICKY_COOKIE, default=None, salt=STICKY_SALT, max_age=settings.REPLICA_STICKY_SECONDS
    )
    return value is not None


def _streamed(state, content):
    """A streamed answer's content (open data), read from the request's database: its rows
    are read as it is sent, after the middleware has returned."""
    previous = _current.get()
    _current.set(state)
    try:
        yield from content
    finally:
        _current.set(previous)


class ReplicaMiddleware:
    """Choose the request's database before any query, and set the sticky cookie after a
    write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads_replica = (
            request.method in READ_METHODS and is_visitor(request) and not _sticky(request)
        )
        state = _Request(_choose_replica() if reads_replica else None)
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if response.streaming:
            response.streaming_content = _streamed(state, response.streaming_content)
        if request.method not in READ_METHODS or state.wrote:
            response.set_signed_cookie(
                STICKY_COOKIE,
                "1",
                salt=STICKY_SALT,
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
