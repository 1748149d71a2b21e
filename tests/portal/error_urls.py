"""The portal's addresses and views that fail in each way (for test_error_pages.py)."""

from allauth.core import ratelimit
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from portal.models import User
from qogam import urls


def bad_request(request):
    raise SuspiciousOperation("A malformed request")


def forbidden(request):
    raise PermissionDenied


def database_down(request):
    # In a test without database access any query raises, as with the database down.
    User.objects.exists()


def rate_limited(request):
    return ratelimit.respond_429(request)


FAILURES = [
    path("fail/400", bad_request),
    path("fail/403", forbidden),
    path("fail/429", rate_limited),
    path("fail/500", database_down),
]
urlpatterns = [
    *FAILURES,
    *(path(f"api/v1/{failure.pattern}", failure.callback) for failure in FAILURES),
    *urls.urlpatterns,
]
handler400 = urls.handler400
handler403 = urls.handler403
handler404 = urls.handler404
handler429 = urls.handler429
handler500 = urls.handler500
