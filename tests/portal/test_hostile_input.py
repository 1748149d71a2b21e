"""Hostile requests never make a 500 (issue 12, point 9): a body or an address too large, a
NUL byte, an unknown method each get the site's error page in the reader's language, or its
JSON under /api/."""

import pytest
from django.conf import settings
from django.test import Client

from portal.middleware import MAX_URL_LENGTH
from tests.factories import make_petition

pytestmark = pytest.mark.django_db

TEN_MEGABYTES = "x" * (10 * 1024 * 1024)


@pytest.fixture
def reader():
    """A browser reading English; a server error would come back as a page, not raise."""
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_page(response, status, title):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f"<title>{title}" in response.text or title in response.text


def assert_json(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_a_ten_megabyte_form_is_refused_with_413_and_nothing_is_stored(reader, citizen):
    from petitions.models import Petition

    reader.force_login(citizen)

    response = reader.post(
        "/petitions/new/", f"title={TEN_MEGABYTES}",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip

    assert_page(response, 413, "Request too large")
    assert "Shorten the text" in response.text
    assert not Petition.objects.exists()


def test_a_ten_megabyte_api_body_is_refused_with_413_in_json():
    # An API client without the site's cookie chooses its language by Accept-Language.
    response = Client().post(
        "/api/v1/auth/token", TEN_MEGABYTES, content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )  # fmt: skip

    assert_json(response, 413, "too_large")
    assert response.json()["detail"].startswith("Запрос больше")


def test_a_nul_byte_in_a_query_string_is_a_400_page(reader):
    make_petition("open")

    for address in ("/petitions/similar/?title=a%00bcdefg", "/petitions/?q=a%00b"):
        response = reader.get(address)

        assert_page(response, 400, "Bad request")


def test_a_nul_byte_in_an_api_path_or_query_is_a_400_in_json(reader):
    for address in ("/api/v1/platforms/%00", "/api/v1/petitions?q=%00", "/api/v1/%00/x"):
        assert_json(reader.get(address), 400, "bad_request")


def test_an_address_over_the_length_limit_is_a_414(reader):
    long_search = "q=" + "a" * MAX_URL_LENGTH

    assert_page(reader.get(f"/petitions/?{long_search}"), 414, "Address too long")
    assert_json(reader.get(f"/api/v1/petitions?{long_search}"), 414, "uri_too_long")


def test_trace_is_refused_with_405_and_the_allowed_methods(reader):
    for address in ("/petitions/", "/", "/api/v1/petitions", "/api/v1/auth/token"):
        response = reader.generic("TRACE", address)

        assert response.status_code == 405, address
        assert "GET" in response["Allow"] and "TRACE" not in response["Allow"]
    assert_page(reader.generic("TRACE", "/petitions/"), 405, "Method not allowed")
    assert_json(reader.generic("TRACE", "/api/v1/petitions"), 405, "method_not_allowed")


def test_ordinary_requests_pass(reader):
    assert reader.get("/petitions/?q=мост").status_code == 200
    assert reader.options("/api/v1/petitions").status_code == 200
