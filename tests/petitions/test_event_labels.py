"""A petition's history words each step by its typed action, in every language."""

import pytest
from django.utils import translation

from petitions.models import PetitionEvent
from tests.factories import make_petition

pytestmark = pytest.mark.django_db


def labels(language):
    with translation.override(language):
        return {value: str(label) for value, label in PetitionEvent.Action.choices}


def test_every_step_has_its_label_in_kazakh_and_russian():
    english = labels("en")
    for language in ("kk", "ru"):
        translated = labels(language)
        assert [value for value in english if translated[value] == english[value]] == []


def test_the_history_shows_each_steps_label(english_client):
    petition = make_petition("open")

    page = english_client.get(petition.get_absolute_url())

    assert "published by the moderators" in page.text
    assert "initial support gathered: open for signatures" in page.text


def test_an_invalidation_says_how_many_signatures_it_took():
    event = PetitionEvent(action=PetitionEvent.Action.SIGNATURES_INVALIDATED, note="3")

    with translation.override("ru"):
        assert event.label == "признано недействительными подписей: 3"
    with translation.override("en"):
        assert event.label == "3 signatures invalidated"
