import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_portal_opens_in_kazakh_whatever_the_browser_asks(client):
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})

    assert response.headers["Content-Language"] == "kk"
    assert '<html lang="kk">' in response.text


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_switcher_changes_the_language_and_returns_to_the_page(client, language):
    response = client.post(
        reverse("set_language"), {"language": language, "next": reverse("organization_list")}
    )

    assert response.status_code == 302
    assert response.url == reverse("organization_list")
    page = client.get(response.url)
    assert f'<html lang="{language}">' in page.text
    assert re.search(rf'value="{language}"[^>]*aria-current="true"', page.text)


def test_a_signed_in_person_keeps_the_chosen_language_on_the_account(client):
    user = UserFactory(preferred_language="kk")
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "ru", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == "ru"


def test_a_signed_in_person_without_a_choice_reads_the_account_language(client):
    client.force_login(UserFactory(preferred_language="en"))

    response = client.get(reverse("home"))

    assert response.headers["Content-Language"] == "en"


def test_an_unknown_language_is_ignored(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = client.get(reverse("home"))

    assert response.headers["Content-Language"] == "kk"


def test_an_unsafe_next_address_is_not_followed(client):
    response = client.post(
        reverse("set_language"), {"language": "ru", "next": "https://evil.example/"}
    )

    assert "evil.example" not in response.get("Location", "")
