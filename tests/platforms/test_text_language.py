"""A platform's own texts are kept once per language; when the reader's is missing and another
is shown instead, that text says its language (`lang`), so a screen reader reads it aright."""

import re

import pytest
from django.conf import settings

from tests.platforms.factories import PlatformFactory

pytestmark = pytest.mark.django_db


def page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).text


def lang_of(html, element_id):
    return re.search(rf'id="{element_id}" lang="(\w+)"', html).group(1)


def test_a_name_shown_in_another_language_says_which(client):
    platform = PlatformFactory(
        name_en="", description_kk="Жастар саясаты туралы.", description_ru=""
    )

    english = page(client, platform.get_absolute_url(), "en")
    kazakh = page(client, platform.get_absolute_url(), "kk")

    # No English name: the Russian one is shown, marked Russian; the Kazakh page has its own.
    assert lang_of(english, "platform-title") == "ru"
    assert lang_of(kazakh, "platform-title") == "kk"
    # Only a Kazakh description: it is Kazakh on every page.
    assert '<div class="prose" lang="kk">' in english


def test_the_list_marks_each_name_with_its_language(client):
    platform = PlatformFactory(name_en="")

    english = page(client, "/platforms/", "en")

    assert f'href="{platform.get_absolute_url()}" lang="ru"' in english
