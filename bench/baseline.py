"""The benchmark's baseline: one Django view that runs one query, and nothing of the portal.

Served by gunicorn with the same settings (the portal's settings, middleware and connection
pool) from this module, so that the portal's pages are measured against the cost of Django
itself on the same server and database. It is not part of the portal's URLs.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def one_query(request):
    """A petition's title and count, read by primary key: the least a page can do."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, signature_count FROM petitions_petition WHERE id = %s",
            [request.GET.get("id", 1)],
        )
        row = cursor.fetchone()
    return HttpResponse(f"{row}", content_type="text/plain; charset=utf-8")


urlpatterns = [path("one-query", one_query)]

application = get_wsgi_application()
