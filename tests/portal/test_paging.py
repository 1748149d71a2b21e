"""Numbered pages read through the ordering's index: the same pages, at any depth."""

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from petitions.models import Petition
from portal.paging import IndexedPaginator
from tests.factories import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def petitions():
    first = make_petition("open", title="Мектеп жөндеу 0")
    copies = []
    for n in range(1, 23):
        copy = Petition.objects.get(pk=first.pk)
        copy.pk, copy.title = None, f"Мектеп жөндеу {n}"
        copies.append(copy)
    made = [first, *Petition.objects.bulk_create(copies)]
    # Ties on the count are broken by the id, as in the list's order.
    for n, petition in enumerate(made[:10]):
        Petition.objects.filter(pk=petition.pk).update(signature_count=n % 3)
    return made


def ordered():
    return Petition.objects.listed().sorted_by("signatures")


@pytest.mark.parametrize("per_page,orphans", [(5, 0), (10, 3), (23, 0), (50, 0)])
def test_every_page_holds_what_djangos_paginator_puts_there(petitions, per_page, orphans):
    plain = Paginator(ordered(), per_page, orphans=orphans)
    indexed = IndexedPaginator(ordered(), per_page, orphans=orphans)
    assert indexed.count == plain.count == 23
    assert indexed.num_pages == plain.num_pages
    for number in plain.page_range:
        assert list(indexed.page(number)) == list(plain.page(number))


def test_a_capped_count_stops_at_the_cap_and_offers_only_the_pages_within(petitions):
    paginator = IndexedPaginator(ordered(), 5, count_cap=12)
    assert paginator.capped
    assert paginator.count == 13
    assert paginator.num_pages == 2
    assert list(paginator.get_page(99)) == list(Paginator(ordered(), 5).page(2))


def test_under_the_cap_the_count_is_exact(petitions):
    paginator = IndexedPaginator(ordered(), 5, count_cap=100)
    assert not paginator.capped
    assert paginator.count == 23
    assert paginator.num_pages == 5


def test_a_broad_search_says_more_than_the_cap(english_client, petitions, monkeypatch):
    from petitions import views

    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 5)
    response = english_client.get(reverse("petition_list"), {"q": "мектеп"})
    assert "More than 5 petitions found: the first 5 are listed" in response.text
    assert response.text.count('class="petition-row"') == 5

    narrow = english_client.get(reverse("petition_list"), {"q": "жөндеу 7"})
    assert narrow.context["page"].paginator.capped is False


def test_a_deep_page_costs_the_queries_of_the_first(client, petitions, django_assert_num_queries):
    with django_assert_num_queries(5):
        first = client.get(reverse("petition_list"))
    with django_assert_num_queries(5):
        deep = client.get(reverse("petition_list"), {"page": 2})
    assert first.text.count('class="petition-row"') == 20
    assert deep.text.count('class="petition-row"') == 3
