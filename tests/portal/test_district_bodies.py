"""District and city bodies (design §4.2): the sourced file, its loader, their thresholds, and
the pickers that now hold hundreds of bodies."""

import csv
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from petitions.models import Category, Petition
from portal.models import Region, StateBody
from portal.reference import REGIONS_CSV, district_rows, load_district_bodies
from tests.factories import make_petition, region, state_body

pytestmark = pytest.mark.django_db

# Districts and cities of regional significance per oblast, as the Bureau of National
# Statistics lists them for 2025 (see portal/data/kz_districts.md); Baikonur is left out.
KNOWN_TOTALS = {
    "KZ-10": (10, 2), "KZ-11": (17, 3), "KZ-15": (12, 1), "KZ-19": (9, 2), "KZ-23": (7, 1),
    "KZ-27": (12, 1), "KZ-31": (10, 1), "KZ-33": (8, 2), "KZ-35": (7, 6), "KZ-39": (16, 4),
    "KZ-43": (7, 1), "KZ-47": (5, 2), "KZ-55": (10, 3), "KZ-59": (13, 1), "KZ-61": (14, 3),
    "KZ-62": (2, 3), "KZ-63": (11, 2),
}  # fmt: skip


def district(slug):
    """A district's or city's (akimat, maslikhat)."""
    return state_body(f"akimat-{slug}"), state_body(f"maslikhat-{slug}")


# The file


def test_the_file_has_one_row_per_district_and_city_of_every_oblast():
    rows = district_rows()
    with REGIONS_CSV.open(encoding="utf-8") as source:
        oblasts = {row["code"] for row in csv.DictReader(source) if row["kind"] == "oblast"}

    assert len({row["slug"] for row in rows}) == len(rows) == 208
    assert {row["kind"] for row in rows} == {"district", "city"}
    assert {row["region"] for row in rows} == oblasts == set(KNOWN_TOTALS)
    counted = Counter((row["region"], row["kind"]) for row in rows)
    for code, (districts, cities) in KNOWN_TOTALS.items():
        assert (counted[code, "district"], counted[code, "city"]) == (districts, cities), code


def test_every_row_has_names_in_three_languages_and_a_population_only_with_its_source():
    for row in district_rows():
        assert row["name_kk"] and row["name_ru"] and row["name_en"], row["slug"]
        assert row["name_kk"].endswith(("ауданы", "қаласы", "аудан")), row["slug"]
        if row["population"]:
            assert int(row["population"]) > 0
            assert row["population_date"] and row["source_url"].startswith("https://")
        else:
            assert not row["population_date"] and not row["source_url"], row["slug"]


def test_the_abai_region_file_rows_add_up_to_the_bureaus_region_total():
    """All twelve units of Abai region carry the Bureau's 1 January 2025 figures."""
    abai = [row for row in district_rows() if row["region"] == "KZ-10"]

    assert all(row["population"] for row in abai)
    assert sum(int(row["population"]) for row in abai) == 602_832


def test_the_east_kazakhstan_rows_add_up_to_the_regions_file_from_another_source():
    """The thirteen units' figures and the region's own figure (kz_regions.csv, a news report
    of the Bureau's release) agree to the person for 1 January 2025."""
    east = [row for row in district_rows() if row["region"] == "KZ-63"]
    with REGIONS_CSV.open(encoding="utf-8") as source:
        region_row = next(row for row in csv.DictReader(source) if row["code"] == "KZ-63")

    assert {row["population_date"] for row in east} == {region_row["population_date"]}
    assert sum(int(row["population"]) for row in east) == int(region_row["population"])


# The loader


def test_the_migration_gave_each_row_an_akimat_and_a_maslikhat_in_its_oblast():
    bodies = StateBody.objects.filter(level="district")

    assert bodies.count() == 2 * len(district_rows()) == 416
    per_region = Counter(bodies.values_list("region__code", "kind"))
    for code, (districts, cities) in KNOWN_TOTALS.items():
        assert per_region[code, "akimat"] == per_region[code, "maslikhat"] == districts + cities


def test_loading_again_changes_nothing_and_puts_edited_rows_back():
    before = dict(StateBody.objects.values_list("slug", "pk"))
    StateBody.objects.filter(slug="akimat-10-ayagoz-district").update(
        name_ru="Старое имя", population=1
    )

    call_command("load_reference_data", stdout=None)
    load_district_bodies(Region, StateBody)

    assert dict(StateBody.objects.values_list("slug", "pk")) == before
    ayagoz, _ = district("10-ayagoz-district")
    assert (ayagoz.name_ru, ayagoz.population) == ("Акимат Аягозского района", 63_937)


@pytest.mark.parametrize(
    ("slug", "kk", "ru", "en"),
    [
        ("akimat-11-akkol-district", "Ақкөл ауданының әкімдігі", "Акимат Аккольского района",
         "Akimat of Akkol District"),
        ("maslikhat-10-semey-city", "Семей қаласының мәслихаты", "Маслихат города Семей",
         "Maslikhat of Semey"),
        ("akimat-11-birzhan-sal-district", "Біржан сал ауданының әкімдігі",
         "Акимат района Биржан сал", "Akimat of Birzhan Sal District"),
        ("maslikhat-59-gabit-musrepov-district", "Ғабит Мүсірепов атындағы ауданның мәслихаты",
         "Маслихат района имени Габита Мусрепова", "Maslikhat of Gabit Musrepov District"),
    ],
)  # fmt: skip
def test_a_bodys_names_are_built_in_kazakh_russian_and_english(slug, kk, ru, en):
    body = state_body(slug)

    assert (body.name_kk, body.name_ru, body.name_en) == (kk, ru, en)
    assert not StateBody.objects.filter(level="district", name_en="").exists()
    assert not StateBody.objects.filter(level="district", name_kk="").exists()


def test_each_body_is_linked_to_its_oblast():
    ayagoz, _ = district("10-ayagoz-district")
    ridder, _ = district("63-ridder-city")

    assert ayagoz.region == region("KZ-10") and ayagoz.level == "district"
    assert ridder.region == region("KZ-63")


# Thresholds computed from the file


@pytest.mark.parametrize(
    ("slug", "population", "akimat", "maslikhat"),
    [
        # More than 50,000 people: the fixed numbers.
        ("10-ayagoz-district", 63_937, 2_500, 5_000),
        ("63-ridder-city", 50_874, 2_500, 5_000),
        ("63-oskemen-city", 378_161, 2_500, 5_000),
        ("63-glubokoe-district", 55_819, 2_500, 5_000),
        ("11-kokshetau-city", 196_234, 2_500, 5_000),
        # 50,000 or fewer: 5 % and 10 %, rounded up (1,602.25 and 3,204.5; 337.7 and 675.4).
        ("10-borodulikha-district", 32_045, 1_603, 3_205),
        ("10-urzhar-district", 41_240, 2_062, 4_124),
        ("10-kurchatov-city", 10_050, 503, 1_005),
        ("63-shemonaikha-district", 40_760, 2_038, 4_076),
        ("63-markakol-district", 6_754, 338, 676),
    ],
)
def test_a_district_or_city_threshold_follows_its_population_in_the_file(
    slug, population, akimat, maslikhat
):
    row = next(row for row in district_rows() if row["slug"] == slug)
    akimat_body, maslikhat_body = district(slug)

    assert int(row["population"]) == akimat_body.population == population
    assert akimat_body.petition_threshold == akimat
    assert maslikhat_body.petition_threshold == maslikhat
    assert not akimat_body.threshold_is_fallback


def test_an_unknown_population_takes_the_fixed_number_and_says_so():
    """Not the oblast's population: a small district must not be judged by its oblast."""
    akimat, maslikhat = district("11-akkol-district")

    assert akimat.population is None
    assert (akimat.petition_threshold, maslikhat.petition_threshold) == (2_500, 5_000)
    assert akimat.threshold_is_fallback and maslikhat.threshold_is_fallback
    assert not state_body("akimat-11").threshold_is_fallback
    assert not state_body("government").threshold_is_fallback


def test_the_petition_page_says_when_the_threshold_stands_in_for_an_unknown_population(
    english_client,
):
    unknown = make_petition("open", addressee="akimat-11-akkol-district")
    known = make_petition(
        "open", addressee="akimat-10-kurchatov-city", title="Отремонтировать дорогу в Курчатове"
    )

    unknown_page = english_client.get(unknown.get_absolute_url()).text
    known_page = english_client.get(known.get_absolute_url()).text

    assert "Akimat of Akkol District serves is not on record" in unknown_page
    assert "of 2,500 signatures needed" in unknown_page
    assert "is not on record" not in known_page
    assert "of 503 signatures needed" in known_page


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("kk", "Ақкөл ауданының мәслихаты қызмет ететін халықтың саны тіркелмеген"),
        ("ru", "обслуживает Маслихат Аккольского района, не известна"),
    ],
)
def test_the_note_is_in_the_readers_language(client, language, note):
    petition = make_petition("open", addressee="maslikhat-11-akkol-district")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    assert note in client.get(petition.get_absolute_url()).text


# The API


def test_the_api_lists_the_district_bodies_with_their_population_and_threshold(
    django_assert_num_queries,
):
    with django_assert_num_queries(2):
        listed = APIClient().get("/api/v1/state-bodies", {"level": "district"}).json()
    rows = {
        row["slug"]: row
        for code in ("KZ-10", "KZ-11")
        for row in APIClient()
        .get("/api/v1/state-bodies", {"level": "district", "region": region(code).pk,
                                      "page_size": 100})
        .json()["results"]
    }  # fmt: skip

    assert listed["count"] == 416
    assert all(row["level"] == "district" for row in listed["results"])
    kurchatov = rows["akimat-10-kurchatov-city"]
    assert (kurchatov["population"], kurchatov["population_date"]) == (10_050, "2025-01-01")
    assert kurchatov["population_source"].startswith("https://stat.gov.kz/")
    assert (kurchatov["petition_threshold"], kurchatov["threshold_is_fallback"]) == (503, False)
    assert kurchatov["region"]["code"] == "KZ-10"
    akkol = rows["maslikhat-11-akkol-district"]
    assert (akkol["population"], akkol["petition_threshold"], akkol["threshold_is_fallback"]) == (
        None, 5_000, True,
    )  # fmt: skip


# The pickers


def test_the_petition_form_groups_hundreds_of_bodies_by_region_in_fixed_queries(
    english_client, citizen, django_assert_num_queries
):
    english_client.force_login(citizen)

    # session, the user with their roles (the verified email behind the right to file; no
    # work, so no menu of work to read), then the three choice lists: the bodies with their
    # regions (one query for all of them), categories, regions
    with django_assert_num_queries(5):
        page = english_client.get(reverse("petition_create")).text

    addressee = page[
        page.index('name="addressee"') : page.index("</select>", page.index('name="addressee"'))
    ]
    assert addressee.count("<option") == StateBody.objects.count() + 1
    assert '<optgroup label="Central state bodies">' in addressee
    assert '<optgroup label="Abai Region">' in addressee
    group = addressee[addressee.index('<optgroup label="Abai Region">') :]
    group = group[: group.index("</optgroup>")]
    # The oblast's own akimat and maslikhat first, then its districts and cities.
    assert group.index("Akimat of Abai Region") < group.index("Akimat of Abai District")
    assert group.index("Maslikhat of Abai Region") < group.index("Akimat of Ayagoz District")


def test_a_petition_to_a_district_body_is_filed_through_the_form(english_client, citizen):
    english_client.force_login(citizen)
    body = state_body("akimat-10-borodulikha-district")

    response = english_client.post(
        reverse("petition_create"),
        {
            "title": "Отремонтировать мост в Бородулихе",
            "demand": "Отремонтировать мост через реку до начала весеннего паводка.",
            "text": "Мост закрыт уже второй год, и жителям приходится ехать в объезд. " * 2,
            "addressee": body.pk,
            "category": Category.objects.get(slug="transport").pk,
            "region": region("KZ-10").pk,
        },
    )

    petition = Petition.objects.get()
    assert response.status_code == 302
    assert petition.addressee == body


def test_the_list_filter_by_a_district_body_keeps_its_query_count(
    client, django_assert_num_queries
):
    petition = make_petition("open", addressee="akimat-10-borodulikha-district")
    make_petition("open", title="Открыть новую библиотеку в столице")
    chosen = petition.addressee_id

    # the chosen addressee checked, then the page's five: the filter form's three choice
    # lists (all the addressees grouped in one), the count and the page of petitions
    with django_assert_num_queries(6):
        page = client.get(reverse("petition_list"), {"addressee": chosen}).text

    assert petition.title in page
    assert "Открыть новую библиотеку" not in page
    assert f'<option value="{chosen}" selected>' in page
