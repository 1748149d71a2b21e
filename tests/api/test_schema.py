"""The OpenAPI schema (design §6): it validates, it describes every endpoint, the docs page
serves it from vendored files under the site's CSP, and the API keeps to it (schemathesis)."""

import re

import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from django.urls import get_resolver
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qogam.wsgi import application
from tests.factories import UserFactory, make_petition
from tests.platforms.factories import MeetingFactory, PlatformFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_a_warning(tmp_path):
    path = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--lang", "en", "--file", path)

    schema = yaml.safe_load(path.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/petitions/{id}/signatures" in schema["paths"]


def api_routes():
    """Every route under /api/v1/ as an OpenAPI path, read from the URL resolver."""
    paths = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            regex = prefix + pattern.pattern.regex.pattern.lstrip("^").removesuffix(r"\Z")
            regex = regex.removesuffix("$")
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, regex)
            # The router's root view lists the endpoints; it is no endpoint itself.
            elif regex.startswith("api/v1/") and regex != "api/v1/" and "format" not in regex:
                path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", regex).replace("{pk}", "{id}")
                # path() escapes what regex syntax would read, as the dash of hearing-state.
                path = re.sub(r"\\(.)", r"\1", path)
                paths.add("/" + path)

    walk(get_resolver().url_patterns, "")
    return paths


def test_every_endpoint_is_in_the_schema(client):
    documented = set(client.get("/api/schema/", {"format": "json"}).json()["paths"])

    routes = api_routes()

    assert routes == documented
    assert len(routes) >= 39


def test_the_schema_is_served_in_english_by_default_and_in_kazakh_on_request(client):
    english = client.get("/api/schema/", {"format": "json"})
    kazakh = client.get("/api/schema/", {"format": "json", "lang": "kk"})

    status = english.json()["components"]["schemas"]["PetitionStatusEnum"]
    assert english.status_code == 200
    assert "open for signatures" in status["description"]
    assert (
        "қол қоюға ашық"
        in kazakh.json()["components"]["schemas"]["PetitionStatusEnum"]["description"]
    )


def test_the_docs_page_loads_vendored_files_only_and_no_inline_code(client):
    page = client.get("/api/docs/")
    script = client.get("/api/docs/", {"script": ""})

    html = page.text
    assert page.status_code == 200
    assert "<style" not in html
    # Every script is a file from this site: Swagger UI's vendored bundle and its init script.
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(source.startswith("/") for source in sources), sources
    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/" in s for s in sources)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.text


def test_the_vendored_swagger_files_are_found_by_staticfiles():
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name


# Schemathesis: a handful of generated requests for every operation, as a signed-in user who
# may do most things (an administrator with a declared IIN), on a little data of each kind.


def _openapi_schema():
    """The schema as the API serves it by default (English), made without a request."""
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_openapi_schema())
schema.app = application
# Revoking the token would leave the rest of the run signed out.
schema = schema.exclude(path="/api/v1/auth/token", method="DELETE")


@pytest.fixture
def keep_the_connection(db):
    """Calls to the WSGI application keep the test's connection (and transaction) open
    between requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes_user": "100000/min", "writes_ip": "100000/min"},
    }


@pytest.fixture
def some_data(citizen):
    make_petition("open", author=citizen)
    make_petition("answered")
    platform = PlatformFactory()
    MeetingFactory(platform=platform)
    RecommendationFactory(platform=platform)


@pytest.fixture
def token(some_data):
    admin = UserFactory(is_staff=True, is_superuser=True, iin=True)
    return Token.objects.create(user=admin).key


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, token, keep_the_connection, unthrottled):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@pytest.mark.django_db
def test_reads_for_moderators_and_representatives_document_their_403(
    client, api_as, citizen, organization
):
    petition = make_petition("open")
    platform = PlatformFactory()
    schema = yaml.safe_load(client.get("/api/schema/").content)
    restricted = {
        "/api/v1/petitions/moderation-queue": "/api/v1/petitions/moderation-queue",
        "/api/v1/petitions/{id}/signature-list": f"/api/v1/petitions/{petition.pk}/signature-list",
        "/api/v1/organizations/{id}/members": f"/api/v1/organizations/{organization.pk}/members",
        "/api/v1/platforms/{slug}/proposals": f"/api/v1/platforms/{platform.slug}/proposals",
    }

    for route, url in restricted.items():
        assert "403" in schema["paths"][route]["get"]["responses"], route
        assert api_as(citizen).get(url).status_code == 403, url


def test_ids_start_at_1_empty_filters_are_outside_the_schema_and_405_414_are_documented(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    parameters = [
        parameter
        for operations in paths.values()
        for operation in operations.values()
        for parameter in operation.get("parameters", ())
    ]

    ids = [p for p in parameters if p["name"] in ("id", "member_id", "region", "addressee")]
    assert ids and all(p["schema"] == {"type": "integer", "minimum": 1} for p in ids)
    texts = [p for p in parameters if p["in"] == "query" and p["schema"]["type"] == "string"]
    assert all(p["schema"].get("minLength") == 1 or p["schema"].get("enum") for p in texts)
    assert all("" not in p["schema"].get("enum", ()) for p in texts)
    for route, operations in paths.items():
        for method, operation in operations.items():
            assert {"405", "414"} <= set(operation["responses"]), (method, route)
            if "requestBody" in operation:
                assert "413" in operation["responses"], (method, route)


def test_every_path_of_the_schema_answers_trace_with_405_and_allow(client, some_data):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    for route in paths:
        url = re.sub(r"\{\w+\}", "1", route)
        response = client.generic("TRACE", url)

        assert response.status_code == 405, url
        assert response.json()["code"] == "method_not_allowed"
        assert "GET" in response["Allow"]
