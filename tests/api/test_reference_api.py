"""Regions and state bodies: the reference data the other endpoints point to (design §2)."""

import pytest

from portal.models import Region, StateBody

pytestmark = pytest.mark.django_db


def test_regions_list_all_twenty_with_their_population_and_source(api):
    data = api.get("/api/v1/regions", {"page_size": 100}).json()

    assert data["count"] == Region.objects.count() == 20
    astana = next(row for row in data["results"] if row["code"] == "KZ-71")
    assert astana["population"] > 1_000_000
    assert astana["source_url"].startswith("http")
    assert {row["kind"] for row in data["results"]} == {"oblast", "city"}


def test_regions_filter_by_kind(api):
    cities = api.get("/api/v1/regions", {"kind": "city"}).json()

    assert cities["count"] == Region.objects.filter(kind="city").count() == 3


def test_a_state_body_shows_the_signatures_a_petition_to_it_needs(api):
    government = StateBody.objects.get(slug="government")

    data = api.get(f"/api/v1/state-bodies/{government.pk}").json()
    regional = api.get("/api/v1/state-bodies", {"level": "regional", "page_size": 100}).json()

    assert data["petition_threshold"] == 50_000
    assert data["region"] is None
    assert regional["count"] > 0
    assert all(row["region"] and row["petition_threshold"] > 0 for row in regional["results"])


def test_names_follow_the_callers_language(api):
    region = Region.objects.get(code="KZ-71")

    russian = api.get(f"/api/v1/regions/{region.pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    kazakh = api.get(f"/api/v1/regions/{region.pk}").json()

    assert russian["name"] == region.name_ru
    assert kazakh["name"] == region.name_kk
