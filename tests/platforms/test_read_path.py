"""The platforms' public lists: each page and its API list read one FilterSet, so for every
filter they give the same rows in the same order."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from platforms.models import Platform, Recommendation
from tests.factories import OrganizationFactory, region, state_body
from tests.platforms.factories import PlatformFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def page_ids(client, url, params):
    """Every row of a page's list, page after page, in order."""
    ids, number = [], 1
    while True:
        response = client.get(reverse(url), {**params, "page": number})
        assert response.status_code == 200
        page = response.context["page"]
        ids += [row.pk for row in page.object_list]
        if number >= page.paginator.num_pages:
            return ids
        number += 1


def api_ids(path, params):
    """Every row of an API list, following `next`, in order."""
    api, ids = APIClient(), []
    response = api.get(path, {**params, "page_size": 7})
    while True:
        assert response.status_code == 200, response.json()
        ids += [row["id"] for row in response.json()["results"]]
        if not response.json()["next"]:
            return ids
        response = api.get(response.json()["next"])


@pytest.fixture
def lists():
    """NGOs, platforms and recommendations with ties on the sort keys, spread over filters."""
    almaty = region("KZ-75")
    for n in range(40):
        OrganizationFactory(
            name_kk="«Бірлік» қоры" if n % 4 == 0 else f"«Азамат-{n}» бірлестігі",
            region=almaty if n % 3 == 0 else region("KZ-71"),
            verified=n % 5 != 0,
            spheres=["youth"] if n % 2 else ["family"],
        )
    platforms = [
        PlatformFactory(
            kind=Platform.Kind.PUBLIC_COUNCIL if n % 2 else Platform.Kind.DIALOGUE_PLATFORM,
            status=Platform.Status.ARCHIVED if n % 7 == 0 else Platform.Status.ACTIVE,
            name_kk="Кеңес" if n % 3 == 0 else f"Алаң {n}",
        )
        for n in range(35)
    ]
    now = timezone.now()
    for n in range(45):
        recommendation = RecommendationFactory(
            platform=platforms[n % 4], addressee=state_body("misd" if n % 2 else "education"),
            status=Recommendation.Status.values[n % len(Recommendation.Status.values)],
        )  # fmt: skip
        # Ties in threes on the time it was recorded; two years.
        Recommendation.objects.filter(pk=recommendation.pk).update(
            created_at=now - timedelta(days=200 * (n % 2), hours=n // 3)
        )
    return platforms


def test_the_ngo_directory_page_and_api_give_the_same_rows(client, lists):
    for params in [{}, {"region": region("KZ-75").pk}, {"sphere": "youth"}, {"q": "Бірлік"},
                   {"q": "Бірлік", "region": region("KZ-71").pk}]:  # fmt: skip
        on_the_page = page_ids(client, "organization_list", params)
        assert on_the_page, params
        assert on_the_page == api_ids("/api/v1/organizations", params), params
    # The page's "verified only" box is the API's verified=true.
    verified = page_ids(client, "organization_list", {"verified": "on"})
    assert verified == api_ids("/api/v1/organizations", {"verified": "true"})


def test_the_platform_list_page_and_api_give_the_same_rows(client, lists):
    for params in [{}, {"kind": "public_council"}, {"status": "archived"}, {"sphere": "youth"},
                   {"kind": "dialogue_platform", "status": "active"}]:  # fmt: skip
        on_the_page = page_ids(client, "platform_list", params)
        assert on_the_page, params
        assert on_the_page == api_ids("/api/v1/platforms", params), params


def test_the_recommendation_tracker_page_and_api_give_the_same_rows(client, lists):
    year = timezone.now().year
    misd, education = state_body("misd").pk, state_body("education").pk
    filters = [{}, {"platform": lists[1].slug}, {"status": "sent"}, {"addressee": misd},
               {"year": year}, {"platform": lists[0].slug, "addressee": education}]  # fmt: skip
    for params in filters:
        on_the_page = page_ids(client, "recommendation_list", params)
        assert on_the_page, params
        assert on_the_page == api_ids("/api/v1/recommendations", params), params
