import pytest
from django.urls import reverse

from tests.factories import make_petition

pytestmark = pytest.mark.django_db

EXISTING = "Построить пешеходный мост через реку Есиль в Астане"


def test_writing_a_title_suggests_similar_public_petitions(client):
    existing = make_petition("open", title=EXISTING)
    make_petition("in_moderation", title=EXISTING + " (черновик)")

    response = client.get(reverse("similar_petitions"), {"title": "пешеходный мост через Есиль"})

    assert list(response.context["similar"]) == [existing]


def test_an_unrelated_title_suggests_nothing(client):
    make_petition("open", title=EXISTING)

    response = client.get(reverse("similar_petitions"), {"title": "Бесплатные обеды в школах"})

    assert list(response.context["similar"]) == []


def test_the_authors_draft_page_lists_similar_petitions_without_javascript(client):
    existing = make_petition("open", title=EXISTING)
    draft = make_petition("draft", title="Пешеходный мост через реку Есиль")
    client.force_login(draft.author)

    response = client.get(draft.get_absolute_url())

    assert existing.get_absolute_url() in response.text
