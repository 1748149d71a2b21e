from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import health
from portal import views as core_views
from qogam import views

# The admin under the portal's own name, in the reader's language.
admin.site.site_header = _("Qogam administration")
admin.site.site_title = _("Qogam administration")
admin.site.index_title = _("Portal data")

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", core_views.profile, name="profile"),
    path("profile/eds/", core_views.prove_identity, name="prove_identity"),
    path("language/", core_views.set_language, name="set_language"),
    path("follow/<slug:kind>/<int:pk>/", core_views.follow, name="follow"),
    path("unfollow/<str:token>/", core_views.unfollow_link, name="unfollow"),
    path(
        "unfollow/<str:token>/one-click", core_views.unfollow_one_click, name="unfollow_one_click"
    ),  # fmt: skip
    # Readiness (PostgreSQL and Redis) at /healthz and /healthz/ready; liveness at /healthz/live.
    path("healthz", health.ready, name="healthz"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("healthz/live", health.live, name="healthz_live"),
    # The REST API (/api/v1/), its OpenAPI schema (/api/schema/) and docs (/api/docs/).
    path("api/", include("qogam.api")),
    path("open-data/", views.open_data, name="open_data"),
    path("hearing-state/", views.hearing_state_page, name="hearing_state"),
    path(
        "open-data/<slug:dataset>.<slug:format>",
        views.open_data_download,
        name="open_data_download",
    ),
    path("state-bodies/<slug:slug>/", views.state_body_page, name="state_body"),
    path(
        "state-bodies/<slug:slug>/workspace/",
        views.state_body_workspace,
        name="state_body_workspace",
    ),  # fmt: skip
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("platforms.urls")),
    path("", include("petitions.urls")),
]

# Error pages in the site's layout and the reader's language (JSON under /api/).
handler400 = "portal.error_views.bad_request"
handler403 = "portal.error_views.permission_denied"
handler404 = "portal.error_views.page_not_found"
handler429 = "portal.error_views.too_many_requests"
handler500 = "portal.error_views.server_error"
