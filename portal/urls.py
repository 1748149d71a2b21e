from django.contrib import admin
from django.urls import include, path

from portal import health, opendata, views

handler500 = health.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    # Readiness (PostgreSQL and Redis) at /healthz and /healthz/ready; liveness at /healthz/live.
    path("healthz", health.ready, name="healthz"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("healthz/live", health.live, name="healthz_live"),
    # The REST API (/api/v1/), its OpenAPI schema (/api/schema/) and docs (/api/docs/).
    path("api/", include("portal.api")),
    path("open-data/", opendata.open_data, name="open_data"),
    path(
        "open-data/<slug:dataset>.<slug:format>",
        opendata.open_data_download,
        name="open_data_download",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("platforms.urls")),
    path("", include("petitions.urls")),
]
