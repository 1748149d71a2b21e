"""The petition list's page and its API list read the same FilterSet: for every filter and
every order they give the same rows in the same order, NULL dates included."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from petitions.models import Category, Petition
from portal.models import Region
from tests.factories import make_petition, state_body

SORTS = ["signatures", "newest", "ending"]
ROW_LINK = re.compile(r'href="/petitions/(\d+)/"')


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PETITION_INITIAL_SUPPORT = 1
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def petitions(db):
    """Listed petitions in many states, with ties on every key and dates that may be NULL."""
    # Closed and lapsed first: making them ends every window open at that moment.
    states = ["closed", "lapsed"] + ["open"] * 12 + ["rejected"] * 3
    states += ["withdrawn", "answered", "under_consideration", "draft", "hidden"]
    rows = [make_petition(state) for state in states]
    now = timezone.now()
    almaty, education = Region.objects.get(code="KZ-71"), Category.objects.get(slug="education")
    for n, petition in enumerate(rows):
        Petition.objects.filter(pk=petition.pk).update(
            signature_count=(n % 4) * 10,
            # Ties in pairs on the publication time (NULL for the rejected, never published).
            published_at=now - timedelta(hours=n // 2) if petition.published_at else None,
            region=almaty if n % 3 == 0 else None,
            category=education if n % 5 == 0 else petition.category,
            addressee=state_body("education") if n % 2 else petition.addressee,
        )
        if petition.deadline:
            Petition.objects.filter(pk=petition.pk).update(
                deadline=petition.deadline - timedelta(days=n % 3)
            )
    return rows


def page_ids(client, params):
    """Every row of the page's list, page after page, in order."""
    ids, number = [], 1
    while True:
        response = client.get(reverse("petition_list"), {**params, "page": number})
        assert response.status_code == 200
        ids += [int(pk) for pk in ROW_LINK.findall(response.text)]
        if number >= response.context["page"].paginator.num_pages:
            return ids
        number += 1


def api_ids(params, page_size):
    """Every row of the API's list, following the cursors, in order."""
    api, ids = APIClient(), []
    response = api.get("/api/v1/petitions", {**params, "page_size": page_size})
    while True:
        assert response.status_code == 200, response.json()
        ids += [row["id"] for row in response.json()["results"]]
        if not response.json()["next"]:
            return ids
        response = api.get(response.json()["next"])


def filters():
    return [
        {},
        {"status": "open"},
        {"status": "rejected"},
        {"status": "closed"},
        {"addressee": state_body("education").pk},
        {"region": Region.objects.get(code="KZ-71").pk},
        {"category": Category.objects.get(slug="education").pk},
        {"q": "мост"},
        {"status": "open", "region": Region.objects.get(code="KZ-71").pk},
    ]


@pytest.mark.parametrize("sort", SORTS)
def test_the_page_and_the_api_list_the_same_rows_in_the_same_order(client, petitions, sort):
    for params in filters():
        params = {**params, "ordering": sort}

        on_the_page = page_ids(client, params)

        assert on_the_page or params.get("status") in ("closed", "rejected"), params
        assert on_the_page == api_ids(params, page_size=3), params
        assert on_the_page == api_ids(params, page_size=100), params


@pytest.mark.parametrize("sort", SORTS)
def test_the_api_walks_back_over_null_dates_to_the_first_row(petitions, sort):
    api = APIClient()
    forward = api_ids({"ordering": sort}, page_size=4)
    last = api.get("/api/v1/petitions", {"ordering": sort, "page_size": 4})
    while last.json()["next"]:
        last = api.get(last.json()["next"])

    backward, page = list(last.json()["results"]), last
    while page.json()["previous"]:
        page = api.get(page.json()["previous"])
        backward = page.json()["results"] + backward

    assert [row["id"] for row in backward] == forward


def test_newest_puts_the_never_published_last_on_both(client, petitions):
    rejected = {p.pk for p in petitions if p.status == "rejected"}

    on_the_page = page_ids(client, {"ordering": "newest"})

    assert set(on_the_page[-len(rejected) :]) == rejected
    assert on_the_page == api_ids({"ordering": "newest"}, page_size=5)


def test_ending_soon_lists_only_petitions_still_collecting(client, petitions):
    collecting = {p.pk for p in petitions if p.status == "open"}

    on_the_page = page_ids(client, {"ordering": "ending"})

    assert set(on_the_page) == collecting
    deadlines = list(Petition.objects.filter(pk__in=on_the_page).values_list("pk", "deadline"))
    by_pk = dict(deadlines)
    assert [by_pk[pk] for pk in on_the_page] == sorted(by_pk[pk] for pk in on_the_page)


def test_a_bad_filter_value_is_named_on_the_page_and_refused_by_the_api(english_client, petitions):
    response = english_client.get(reverse("petition_list"), {"status": "bogus", "q": "м" * 500})

    assert response.status_code == 200
    assert "Not applied, the value is not valid: Search, Status." in response.text
    assert APIClient().get("/api/v1/petitions", {"status": "bogus"}).status_code == 400
