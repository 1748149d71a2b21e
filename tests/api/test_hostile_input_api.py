"""Hostile bodies and cursors never make a 500 on any endpoint (issue 12, point 9): a body
nested too deeply for Python's JSON parser, and a forged cursor, are each a 400 in JSON."""

import base64
import json
import re

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory, make_petition
from tests.platforms.factories import MeetingFactory, PlatformFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

NESTED = "[" * 5000
WRITES = ("post", "put", "patch")


def json_operations(client):
    """Every operation of the schema that takes a JSON body, as (method, path template)."""
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    return [
        (method, path)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method in WRITES
        and "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


def test_deeply_nested_json_to_the_token_endpoint_is_a_400_for_an_anonymous_caller(api):
    response = api.post(
        "/api/v1/auth/token", NESTED, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request body is not valid JSON: it is nested too deeply.",
        "code": "parse_error",
    }


@pytest.fixture
def objects(citizen):
    """One object of each kind, so that every path with an id reaches its body."""
    petition = make_petition("open", author=citizen)
    platform = PlatformFactory()
    meeting = MeetingFactory(platform=platform)
    recommendation = RecommendationFactory(platform=platform)
    return {"petition": petition.pk, "platform": platform.slug, "meeting": meeting.pk,
            "recommendation": recommendation.pk}  # fmt: skip


def concrete(path, objects):
    """The path with its placeholders filled by the objects' ids or slugs."""
    if path.startswith("/api/v1/platforms/"):
        return path.replace("{slug}", objects["platform"]).replace("{id}", "1")
    for kind, key in objects.items():
        if path.startswith(f"/api/v1/{kind}s/"):
            return re.sub(r"\{\w+\}", str(key), path)
    return re.sub(r"\{\w+\}", "1", path)


def test_deeply_nested_json_to_every_json_endpoint_is_a_400_never_a_500(client, api, objects):
    admin = UserFactory(is_staff=True, is_superuser=True, iin=True)
    token = Token.objects.create(user=admin).key
    operations = json_operations(client)
    assert len(operations) >= 15

    answers = {}
    for method, path in operations:
        url = concrete(path, objects)
        anonymous = getattr(api, method)(url, NESTED, content_type="application/json")
        signed_in = getattr(api, method)(
            url, NESTED, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
        )
        assert anonymous.status_code < 500, (method, url, anonymous.content)
        assert anonymous.json()["detail"]
        assert signed_in.status_code < 500, (method, url, signed_in.content)
        answers[(method, path)] = signed_in.json()["code"]

    # Some refuse first for the object's state (409) or a missing object (404); every
    # endpoint that reads its body refuses it as malformed.
    refused = [operation for operation, code in answers.items() if code == "parse_error"]
    assert len(refused) >= 10, answers
    assert set(answers.values()) <= {"parse_error", "conflict", "not_found"}, answers


def forged(values, order="-signature_count,-pk"):
    data = json.dumps({"v": values, "o": order, "b": 0})
    return base64.urlsafe_b64encode(data.encode()).decode()


def test_a_forged_cursor_carrying_infinity_is_a_400(api):
    make_petition("open")

    for values in (["Infinity", 1], [1, "Infinity"], [float("inf"), 1], [1e400, -1e400]):
        cursor = forged(values)
        response = api.get("/api/v1/petitions", {"cursor": cursor}, HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 400, values
        assert response.json()["errors"] == {"cursor": ["Invalid cursor"]}


def test_a_forged_cursor_nested_too_deeply_is_a_400(api):
    # Deeper than Python's JSON parser goes, and short enough for an address.
    cursor = base64.urlsafe_b64encode(b"[" * 2000).decode()

    response = api.get("/api/v1/petitions", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_a_bidirectional_control_in_a_title_is_refused_by_the_api(api_as, citizen):
    from platforms.models import Proposal
    from tests.api.test_petitions_api import petition_input
    from tests.platforms.factories import PlatformMembershipFactory

    platform = PlatformFactory()
    member = PlatformMembershipFactory(platform=platform).user
    petition = api_as(citizen).post(
        "/api/v1/petitions", petition_input(title="Открыть \u202eакетоилбиб"),
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    proposal = api_as(member).post(
        f"/api/v1/platforms/{platform.slug}/proposals",
        {"title": "Центры \u2067в сёлах", "text": "Открыть молодёжные центры."},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    for response in (petition, proposal):
        assert response.status_code == 400
        assert response.json()["errors"]["title"] == [
            "Remove the invisible characters that change the direction of the text."
        ]
    assert not Proposal.objects.exists()


def test_a_moment_with_an_offset_postgresql_cannot_hold_is_read_in_utc(api):
    # PostgreSQL refuses offsets past 15:59; Python's parser takes them up to 24 hours.
    for moment in ("0512-10-09T17:01:30+17:40", "2030-01-01T00:00:00-23:59"):
        assert api.get("/api/v1/meetings", {"starts_after": moment}).status_code == 200
    response = api.get("/api/v1/meetings", {"starts_before": "0001-01-01T00:10:00+01:00"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["starts_before"]
