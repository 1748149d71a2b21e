"""Health checks for load balancers, and the answer when the database cannot be reached.

`/healthz/live`: the process answers (no backend is asked), for restarting a stuck process.
`/healthz/ready` (and `/healthz`): PostgreSQL and Redis are asked at once, each with a short
timeout, and the answer comes within READY_SECONDS whatever they do: 503 when the database is
unavailable (take the node out), 200 "degraded" when only Redis is (the portal works on).
"""

import logging
from concurrent.futures import ThreadPoolExecutor, wait

from django.core.cache import caches
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.cache import RedisCache

logger = logging.getLogger(__name__)
READY_SECONDS = 1.5
UNAVAILABLE = (OperationalError, InterfaceError)
_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def check_database():
    """Whether the database answers a query, through the connection pool the requests use."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    finally:
        # This thread's connection goes back to the pool (or is closed).
        connection.close()


def check_redis():
    """Whether Redis answers a PING, bypassing the fallback; None when it is not used."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return None
    cache._cache.get_client().ping()
    return True


def _outcome(future):
    if not future.done():
        return "timeout"
    try:
        return "unused" if future.result() is None else "ok"
    except Exception:  # noqa: BLE001
        return "unavailable"


@never_cache
def live(request):
    """200 while the process serves requests; asks no backend."""
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """Whether this node can serve: PostgreSQL and Redis, each asked with a short timeout."""
    database, redis = _checks.submit(check_database), _checks.submit(check_redis)
    wait([database, redis], timeout=READY_SECONDS)
    answer = {"database": _outcome(database), "redis": _outcome(redis)}
    if answer["database"] != "ok":
        answer["status"] = "unavailable"
    elif answer["redis"] in ("ok", "unused"):
        answer["status"] = "ok"
    else:
        answer["status"] = "degraded"
    status = 503 if answer["status"] == "unavailable" else 200
    return JsonResponse({"status": answer.pop("status"), **answer}, status=status)


def database_unavailable(request):
    """A clean 503 (a page, or JSON for the API) while the database cannot be reached."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The portal cannot reach its database. Try again in a minute."),
             "code": "service_unavailable"},
            status=503,
        )  # fmt: skip
    else:
        # No request context: the session and the account are in the database too.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage inside a view into the 503 above, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            logger.warning("Database unavailable: %r", exception)
            return database_unavailable(request)
        return None
