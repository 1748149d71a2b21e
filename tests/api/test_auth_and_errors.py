"""Signing in to the API, throttles, and errors: always JSON, in the caller's language."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory, make_petition

pytestmark = pytest.mark.django_db


# Tokens


def test_a_citizen_gets_a_token_and_uses_it(api, citizen):
    response = api.post("/api/v1/auth/token", {"email": citizen.email, "password": PASSWORD})

    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=citizen).key == key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/petitions").status_code == 200
    # The same key again, until it is revoked.
    again = api.post("/api/v1/auth/token", {"email": citizen.email.upper(), "password": PASSWORD})
    assert again.json()["token"] == key


def test_a_revoked_token_no_longer_signs_in(api_as, citizen):
    client = api_as(citizen)

    assert client.delete("/api/v1/auth/token").status_code == 204
    response = client.get("/api/v1/me/petitions")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_wrong_credentials_do_not_say_whether_the_email_has_an_account(api, citizen):
    wrong_password = api.post("/api/v1/auth/token", {"email": citizen.email, "password": "nope"})
    no_account = api.post("/api/v1/auth/token", {"email": "nobody@example.kz", "password": "nope"})

    assert wrong_password.status_code == no_account.status_code == 400
    assert wrong_password.json() == no_account.json()
    assert not Token.objects.exists()


def test_an_unverified_account_gets_no_token(api):
    person = UserFactory(verified=False)

    response = api.post("/api/v1/auth/token", {"email": person.email, "password": PASSWORD})

    assert response.status_code == 403
    assert not Token.objects.exists()


def test_token_requests_are_rate_limited(api, citizen, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/m/key"}
    body = {"email": citizen.email, "password": "wrong"}

    answers = [api.post("/api/v1/auth/token", body).status_code for _ in range(3)]
    right = api.post("/api/v1/auth/token", {**body, "password": PASSWORD})

    assert answers == [400, 400, 429]
    assert right.status_code == 429  # until the window passes, even the right password


def test_a_bad_token_is_a_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")

    response = api.get("/api/v1/petitions")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_session_works_and_its_writes_need_the_csrf_token(citizen):
    petition = make_petition("open")
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(citizen)

    read = client.get("/api/v1/me/petitions")
    write = client.post(f"/api/v1/petitions/{petition.pk}/signatures")

    assert read.status_code == 200
    assert write.status_code == 403
    assert "CSRF" in write.json()["detail"]


# Throttles


def test_writes_are_throttled_per_account(api_as, citizen, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes_user": "2/min", "writes_ip": "100/min"},
    }
    client = api_as(citizen)

    answers = [client.post("/api/v1/petitions", {}).status_code for _ in range(3)]

    assert answers == [400, 400, 429]
    assert client.get("/api/v1/petitions").status_code == 200  # reads are not limited
    throttled = client.post("/api/v1/petitions", {})
    assert throttled.json()["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


def test_writes_are_throttled_per_address_across_accounts(api_as, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes_user": "100/min", "writes_ip": "2/min"},
    }

    answers = [api_as(UserFactory()).post("/api/v1/petitions", {}).status_code for _ in range(3)]

    assert answers == [400, 400, 429]


def test_signing_answers_to_its_own_limits_not_the_general_write_throttle(api_as, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes_user": "1/min", "writes_ip": "1/min"},
    }
    signer = UserFactory(iin=True)
    client = api_as(signer)
    petitions = [make_petition("open") for _ in range(2)]

    signed = [client.post(f"/api/v1/petitions/{p.pk}/signatures").status_code for p in petitions]
    assert signed == [201, 201]  # the signing limits (30 a minute) apply, not 1 a minute
    withdrawn = [client.delete(f"/api/v1/petitions/{p.pk}/signatures").status_code
                 for p in petitions]  # fmt: skip
    assert withdrawn == [204, 429]  # other writes keep the general throttle


# Errors


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("get", "/api/v1/petitions/999999", 404),
        ("get", "/api/v1/no-such-endpoint", 404),
        ("post", "/api/v1/no-such-endpoint", 404),
        ("get", "/api/v1/petitions/abc", 404),
        ("get", "/api/nothing/here", 404),
        ("put", "/api/v1/petitions", 405),
        ("delete", "/api/v1/regions", 405),
        ("get", "/api/v1/me/petitions", 401),
        ("post", "/api/v1/petitions", 401),
        ("get", "/api/v1/petitions?page_size=x&region=abc", 400),
    ],
)
def test_every_error_is_json_with_a_detail(api, method, url, status):
    response = getattr(api, method)(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert response.json()["code"]


def test_malformed_json_is_a_400(api_as, citizen):
    client = api_as(citizen)

    response = client.post("/api/v1/petitions", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_form_encoded_body_is_a_415(api_as, citizen):
    response = api_as(citizen).post("/api/v1/petitions", "title=x",
                                    content_type="application/x-www-form-urlencoded")  # fmt: skip

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "language, expected",
    [("ru", "Вы уже подписали эту петицию."), ("en", "You have already signed this petition.")],
)
def test_errors_speak_the_callers_language(api_as, citizen, language, expected):
    petition = make_petition("open")
    client = api_as(citizen)
    client.post(f"/api/v1/petitions/{petition.pk}/signatures")

    response = client.post(f"/api/v1/petitions/{petition.pk}/signatures",
                           HTTP_ACCEPT_LANGUAGE=f"{language},kk;q=0.5")  # fmt: skip

    assert response.status_code == 409
    assert response.json()["detail"] == expected
    assert response["Content-Language"] == language


def test_the_language_cookie_wins_over_accept_language(api):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = api.get("/api/v1/petitions/999999", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.json()["detail"] == "Not found."


def test_a_token_users_account_language_applies_without_accept_language(api_as):
    person = UserFactory(preferred_language="ru")

    response = api_as(person).get("/api/v1/petitions/999999")

    assert response["Content-Language"] == "ru"
    with translation.override("ru"):
        assert response.json()["detail"] == gettext("Not found.") != "Not found."


def test_without_a_choice_the_api_speaks_kazakh(api):
    response = api.get("/api/v1/petitions/999999")

    assert response["Content-Language"] == "kk"


def test_an_unexpected_failure_is_a_logged_json_500(api, monkeypatch, caplog):
    from portal.api import RegionViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(RegionViewSet, "list", broken)
    client = APIClient(raise_request_exception=False)

    response = client.get("/api/v1/regions")

    assert response.status_code == 500
    assert response.json()["code"] == "error"
    assert "a bug" not in response.text
    assert "Internal Server Error: /api/v1/regions" in caplog.text


def test_the_docs_and_schema_without_their_slash_are_sent_on(api):
    response = api.get("/api/docs")

    assert response.status_code == 301
    assert response["Location"] == "/api/docs/"
