import csv

import pytest
from django.core.management import call_command

from portal.models import Region, StateBody
from portal.reference import REGIONS_CSV

pytestmark = pytest.mark.django_db


def test_the_twenty_regions_are_loaded_with_their_sourced_population():
    with REGIONS_CSV.open(encoding="utf-8") as source:
        rows = {row["code"]: row for row in csv.DictReader(source)}

    regions = {region.code: region for region in Region.objects.all()}

    assert set(regions) == set(rows)
    assert len(regions) == 20
    assert sum(region.kind == "city" for region in regions.values()) == 3
    astana = regions["KZ-71"]
    assert (astana.name_kk, astana.name_ru, astana.name_en) == (
        "Астана қаласы",
        "город Астана",
        "Astana",
    )
    assert astana.population == int(rows["KZ-71"]["population"])
    assert str(astana.population_date) == rows["KZ-71"]["population_date"]
    assert astana.source_url.startswith("https://")


def test_every_region_has_an_akimat_and_a_maslikhat():
    for region in Region.objects.all():
        kinds = set(region.state_bodies.values_list("kind", flat=True))
        assert kinds == {"akimat", "maslikhat"}, region.code


def test_the_government_and_the_ministries_are_central_bodies():
    government = StateBody.objects.get(slug="government")

    assert government.level == "central"
    assert government.region is None
    assert StateBody.objects.filter(kind="ministry").count() >= 20
    assert StateBody.objects.get(slug="misd").name_en == (
        "Ministry of Information and Social Development"
    )


def test_state_body_names_read_naturally_in_each_language():
    akmola = StateBody.objects.get(slug="akimat-11")
    astana = StateBody.objects.get(slug="maslikhat-71")
    abai = StateBody.objects.get(slug="akimat-10")

    assert akmola.name_kk == "Ақмола облысының әкімдігі"
    assert akmola.name_ru == "Акимат Акмолинской области"
    assert astana.name_ru == "Маслихат города Астаны"
    assert abai.name_ru == "Акимат области Абай"
    assert astana.population_base == astana.region.population


def test_the_name_follows_the_active_language():
    from django.utils import translation

    body = StateBody.objects.get(slug="health")
    with translation.override("ru"):
        assert body.name == "Министерство здравоохранения"
    with translation.override("en"):
        assert str(body) == "Ministry of Health"
    with translation.override("kk"):
        assert body.name == "Денсаулық сақтау министрлігі"


def test_loading_the_reference_data_again_changes_nothing():
    before = list(StateBody.objects.order_by("slug").values())

    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert list(StateBody.objects.order_by("slug").values()) == before
    assert Region.objects.count() == 20


def test_a_local_body_without_a_region_is_refused_by_the_database():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        StateBody.objects.create(
            slug="akimat-nowhere", kind="akimat", level="district", name_kk="x", name_ru="x"
        )
