"""The one API router (design §6): the core's and the apps' endpoints under /api/v1/, the
OpenAPI schema at /api/schema/ and its docs at /api/docs/.

The endpoints themselves live with what they serve: portal/api.py (the kit every endpoint
shares, regions, state bodies, tokens), petitions/api.py and platforms/api.py.
"""

from django.urls import include, path, re_path
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from petitions import api as petitions_api
from platforms import api as platforms_api
from portal import api as core_api
from portal.pagecache import PARTS, cached_for_visitors
from qogam import scoreboard as hearing_state

# The docs page: Swagger UI from the vendored files, its script a file of its own (CSP)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored files (templates/drf_spectacular/swagger_ui.html has no
    inline code, which the site's CSP refuses); its init script is a request of its own."""


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, in English unless `?lang=kk` or `?lang=ru` asks otherwise: the
    site's Kazakh default would make generated clients' names and docs vary by caller."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().get(request, *args, **kwargs)


# The "Hearing State" scoreboard: composed from both apps (qogam/scoreboard.py)


class ScoreboardLineSerializer(serializers.Serializer):
    """A state body's or a region's figures."""

    key = serializers.CharField(help_text="The body's short name, or the region's ISO code.")
    name = serializers.CharField()
    petitions_received = serializers.IntegerField()
    petitions_answered_on_time = serializers.IntegerField()
    petitions_answered_late = serializers.IntegerField()
    petitions_overdue = serializers.IntegerField()
    median_working_days_to_answer = serializers.FloatField(allow_null=True)
    recommendations_received = serializers.IntegerField()
    recommendations_implemented = serializers.IntegerField()
    recommendations_overdue = serializers.IntegerField()


class ScoreboardPlatformSerializer(serializers.Serializer):
    """A platform's civil-society share and meeting attendance."""

    slug = serializers.SlugField()
    kind = serializers.CharField()
    host = serializers.SlugField()
    members = serializers.IntegerField()
    civil_society_members = serializers.IntegerField()
    civil_society_share = serializers.FloatField(allow_null=True)
    meets_two_thirds_goal = serializers.BooleanField()
    registrations_recorded = serializers.IntegerField()
    attended = serializers.IntegerField()
    attendance = serializers.FloatField(allow_null=True)


class ScoreboardRegionPlatformsSerializer(serializers.Serializer):
    """A region's platforms and councils together (by their host body's region)."""

    key = serializers.CharField(help_text="The region's ISO code, or central.")
    name = serializers.CharField()
    platforms = serializers.IntegerField()
    platform_members = serializers.IntegerField()
    civil_society_share = serializers.FloatField(allow_null=True)
    attendance = serializers.FloatField(allow_null=True)


class ScoreboardSerializer(serializers.Serializer):
    """The scoreboard's three tables."""

    state_bodies = ScoreboardLineSerializer(many=True)
    regions = ScoreboardLineSerializer(many=True)
    platforms = ScoreboardPlatformSerializer(many=True)
    platforms_by_region = ScoreboardRegionPlatformsSerializer(many=True)


class HearingStateView(core_api.APIView):
    """The "Hearing State" scoreboard, the same figures as its page and its open data."""

    serializer_class = ScoreboardSerializer
    pagination_class = None

    @extend_schema(
        summary="The Hearing State scoreboard",
        description="For every state body and region: petitions received, answered on time, "
        "late, overdue now, the median working days to answer, and recommendations received, "
        "implemented and overdue. For every platform and council: its civil-society share and "
        "meeting attendance. A fixed number of queries whatever the data's size.",
    )
    def get(self, request):
        board = hearing_state.scoreboard()

        def line(row):
            return {"key": row.key, "name": row.name, **row.as_dict()}

        data = {
            "state_bodies": [line(row) for row in board.bodies],
            "regions": [line(row) for row in board.regions],
            "platforms": [hearing_state.platform_dict(row) for row in board.platforms],
            "platforms_by_region": [
                {"key": row.key, "name": row.name, **hearing_state.councils_dict(row.councils)}
                for row in board.regions
            ],
        }
        return Response(self.get_serializer(data).data)


# The router

# Public answers kept for callers without credentials, like the pages (portal/pagecache.py), by
# route name (lists and details, by their basename) and the parts of the portal they show.
CACHED_FOR_VISITORS = {
    "petition": ("petitions",), "petition-event": ("petitions",),
    "petition-signatures": ("petitions",), "category": ("petitions",),
    "platform": ("platforms",), "meeting": ("platforms",), "recommendation": ("platforms",),
    "organization": ("platforms",), "region": PARTS, "state-body": PARTS,
    "hearing-state": PARTS,
}  # fmt: skip

router = DefaultRouter(trailing_slash=False)
for prefix, viewset, basename in (
    *core_api.ROUTES,
    *petitions_api.ROUTES,
    *platforms_api.ROUTES,
):
    router.register(prefix, viewset, basename=basename)

v1 = [
    *petitions_api.URLS,
    *platforms_api.URLS,
    path("hearing-state", HearingStateView.as_view(), name="hearing-state"),
    *router.urls,
]
for pattern in v1:
    base, _dash, kind = pattern.name.rpartition("-")
    parts = CACHED_FOR_VISITORS.get(base if kind in ("list", "detail") else pattern.name)
    if parts:
        # Kept apart by the language the API negotiates, not only the site's cookie.
        cached = cached_for_visitors(*parts, choose_language=core_api.use_request_language)
        pattern.callback = cached(pattern.callback)

urlpatterns = [
    path("v1/auth/token", core_api.AuthTokenView.as_view(), name="auth-token"),
    path("v1/", include((v1, "api"))),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^", core_api.not_found),
]
