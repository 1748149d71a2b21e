"""Error pages in the site's layout and the reader's language, with DEBUG off; JSON under /api/.

No test here may touch the database: the 500 page must render with the database down, and
pytest-django makes every query raise, as a database that is down would.
"""

import json
import re

import pytest
from django.conf import settings
from django.test import Client

from qogam import urls

pytestmark = pytest.mark.urls("tests.portal.error_urls")

TITLES = {
    400: {"kk": "Қате сұрау", "ru": "Неверный запрос", "en": "Bad request"},
    403: {"kk": "Қол жеткізу жабық", "ru": "Доступ запрещён", "en": "Access denied"},
    404: {"kk": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"},
    429: {"kk": "Сұраулар тым көп", "ru": "Слишком много запросов", "en": "Too many requests"},
    500: {"kk": "Сервер қатесі", "ru": "Ошибка сервера", "en": "Server error"},
}
CSRF_ADVICE = {
    "kk": "Форма қауіпсіздік белгісіз жіберілді",
    "ru": "Форма отправлена без ключа безопасности",
    "en": "The form was sent without its security token",
}
ADDRESSES = {
    400: "/fail/400", 403: "/fail/403", 404: "/no-such-page/", 429: "/fail/429", 500: "/fail/500",
}  # fmt: skip
LANGUAGES = ["kk", "ru", "en"]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def reader(language, **kwargs):
    """A browser whose language cookie says `language`; server errors come back as pages."""
    client = Client(raise_request_exception=False, **kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_site_error_page(response, status, language, text):
    """The page is the portal's, in `language`, with `text`, a way home and a search box."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert text in html
    assert re.search(r'<form[^>]+action="/petitions/"[^>]+role="search"', html)
    assert '<input type="search" id="error-search" name="q"' in html
    assert re.search(r'<a href="/">[^<]+</a>', html)


def test_the_portal_names_its_own_error_views():
    assert urls.handler400 == "portal.error_views.bad_request"
    assert urls.handler403 == "portal.error_views.permission_denied"
    assert urls.handler404 == "portal.error_views.page_not_found"
    assert urls.handler429 == "portal.error_views.too_many_requests"
    assert urls.handler500 == "portal.error_views.server_error"
    assert settings.CSRF_FAILURE_VIEW == "portal.error_views.csrf_failure"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", sorted(ADDRESSES))
def test_each_error_page_is_the_portals_in_the_readers_language(status, language):
    response = reader(language).get(ADDRESSES[status])
    assert_site_error_page(response, status, language, f"<h1>{TITLES[status][language]}</h1>")
    assert response["Content-Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_sent_without_its_csrf_token_gets_advice_in_the_readers_language(language):
    response = reader(language, enforce_csrf_checks=True).post(
        "/language/", {"language": "en", "next": "/"}
    )
    assert_site_error_page(response, 403, language, CSRF_ADVICE[language])


def test_a_reader_without_a_language_cookie_gets_the_page_in_kazakh():
    response = Client().get("/no-such-page/")
    assert_site_error_page(response, 404, "kk", "<h1>Бет табылмады</h1>")


def test_the_server_error_page_renders_with_the_database_down():
    response = reader("ru").get("/fail/500")
    assert_site_error_page(response, 500, "ru", "<h1>Ошибка сервера</h1>")
    # No header reads the account, which would need the session and so the database.
    assert 'href="/accounts/login/"' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", [400, 403, 429, 500])
def test_the_api_keeps_answering_json(status, language):
    response = reader(language).get(f"/api/v1{ADDRESSES[status]}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["detail"] and body["code"]
    assert response["Content-Language"] == language


def test_an_unknown_api_address_is_still_a_json_404():
    response = reader("en").get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert json.loads(response.content)["code"] == "not_found"
