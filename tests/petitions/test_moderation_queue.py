"""The moderation queue's search, filters and pages (issue 12, point 6)."""

import pytest
from django.urls import reverse

from petitions import views
from petitions.models import Petition
from tests.factories import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(english_client, petition_moderator):
    english_client.force_login(petition_moderator)

    def rows(**params):
        response = english_client.get(reverse("moderation_queue"), params)
        assert response.status_code == 200
        return response

    return rows


def test_the_queue_is_searched_and_filtered_by_step_addressee_and_missed_clock(queue):
    bridge = make_petition("in_moderation", title="Построить пешеходный мост через Есиль")
    park = make_petition("in_moderation", title="Сохранить городской парк", addressee="misd")
    late = make_petition("under_consideration", title="Осветить дорогу в аул")
    Petition.objects.filter(pk=late.pk).update(overdue=True)
    make_petition("open", title="Открытая петиция про мост")

    def titles(**params):
        text = queue(**params).text
        return {p.title for p in (bridge, park, late) if p.title in text}

    assert titles() == {bridge.title, park.title, late.title}
    assert titles(q="Есиль") == {bridge.title}
    assert titles(status="under_consideration") == {late.title}
    assert titles(addressee=park.addressee_id) == {park.title}
    assert titles(overdue="true") == {late.title}
    assert titles(overdue="false") == {bridge.title, park.title}
    assert "1 petition found" in queue(q="Есиль").text


def test_a_bad_filter_value_is_named_and_the_others_still_apply(queue):
    make_petition("in_moderation")
    response = queue(status="open", q="Есиль")
    assert "Not applied, the value is not valid: Step." in response.text
    assert "1 petition found" in response.text


def test_the_pages_keep_the_filters(queue, monkeypatch):
    for _ in range(3):
        make_petition("in_moderation")
    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 2)

    first = queue(status="in_moderation").text
    second = queue(status="in_moderation", page=2).text

    assert "Page 1 of 2" in first
    assert 'href="?status=in_moderation&amp;page=2"' in first
    assert "Page 2 of 2" in second


def test_the_queue_is_for_petition_moderators_only(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("moderation_queue")).status_code == 403
