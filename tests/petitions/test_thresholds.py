"""The legal numbers of design §4.2: how many signatures each addressee needs, and the clocks."""

from datetime import date

import pytest

from petitions import law
from portal.models import Region, StateBody
from portal.workdays import is_working_day, working_days_between
from tests.factories import region, state_body

pytestmark = pytest.mark.django_db


def district_body(kind, population, code="KZ-11"):
    """A district akimat or maslikhat serving `population` people."""
    return StateBody.objects.create(
        slug=f"{kind}-district-{population}", kind=kind, level="district", region=region(code),
        population=population, name_kk="Аудан", name_ru="Район", name_en="District",
    )  # fmt: skip


@pytest.mark.parametrize("slug", ["government", "misd", "health", "foreign-affairs"])
def test_the_government_and_every_ministry_need_50_000_signatures(slug):
    assert state_body(slug).petition_threshold == 50_000


@pytest.mark.parametrize(
    ("slug", "threshold"),
    [
        # Astana, 1,528,887 people: 1 % is 15,288.87 and 2 % is 30,577.74.
        ("akimat-71", 15_289),
        ("maslikhat-71", 30_578),
        # Almaty, 2,292,333 people: 22,923.33 and 45,846.66.
        ("akimat-75", 22_924),
        ("maslikhat-75", 45_847),
        # Ulytau region, 221,317 people: 2,213.17 and 4,426.34.
        ("akimat-62", 2_214),
        ("maslikhat-62", 4_427),
    ],
)
def test_an_oblast_body_needs_a_share_of_its_regions_population_rounded_up(slug, threshold):
    assert state_body(slug).petition_threshold == threshold


@pytest.mark.parametrize(("kind", "percent"), [("akimat", 1), ("maslikhat", 2)])
def test_every_regions_akimat_and_maslikhat_need_the_smallest_count_not_below_their_share(
    kind, percent
):
    regions = Region.objects.all()
    assert regions.count() == 20

    for each in regions:
        body = StateBody.objects.get(kind=kind, level="regional", region=each)
        threshold = body.petition_threshold
        share = each.population * percent
        assert threshold * 100 >= share > (threshold - 1) * 100, each.code


def test_a_round_population_gives_the_exact_share():
    Region.objects.filter(code="KZ-62").update(population=300_000)

    assert state_body("akimat-62").petition_threshold == 3_000
    assert state_body("maslikhat-62").petition_threshold == 6_000


@pytest.mark.parametrize(
    ("population", "akimat", "maslikhat"),
    [
        # 50,000 people or fewer: 5 % for the akimat and 10 % for the maslikhat, rounded up.
        (12_345, 618, 1_235),
        (40_000, 2_000, 4_000),
        (49_999, 2_500, 5_000),
        (50_000, 2_500, 5_000),
        (1, 1, 1),
        # More than 50,000: fixed numbers.
        (50_001, 2_500, 5_000),
        (200_000, 2_500, 5_000),
        (1_000_000, 2_500, 5_000),
    ],
)
def test_a_district_body_needs_a_share_when_small_and_a_fixed_number_when_large(
    population, akimat, maslikhat
):
    assert district_body("akimat", population).petition_threshold == akimat
    assert district_body("maslikhat", population).petition_threshold == maslikhat


def test_the_thresholds_follow_the_settings(settings):
    settings.PETITION_THRESHOLDS = {
        **settings.PETITION_THRESHOLDS,
        "central": 100_000,
        "regional_akimat_percent": 3,
        "district_maslikhat": 7_000,
    }

    assert state_body("government").petition_threshold == 100_000
    # Astana: 3 % of 1,528,887 is 45,866.61.
    assert state_body("akimat-71").petition_threshold == 45_867
    assert district_body("maslikhat", 80_000).petition_threshold == 7_000


# Clocks in working days. Nauryz 2026: Saturday 21 to Sunday 22 March and the days off moved
# to Monday 23, Tuesday 24 and Wednesday 25 March; Friday 20 March is the last working day before.
NAURYZ_EVE = date(2026, 3, 20)


def test_the_holiday_used_below_is_four_working_days_off_in_a_row():
    days = [date(2026, 3, day) for day in range(20, 27)]

    assert [is_working_day(day) for day in days] == [True, False, False, False, False, False, True]


def test_moderators_have_20_working_days_and_the_holiday_does_not_count():
    deadline = law.moderation_deadline(NAURYZ_EVE)

    # Without the holiday it would be 17 April.
    assert deadline == date(2026, 4, 22)
    assert working_days_between(NAURYZ_EVE, deadline) == 20


def test_initial_support_has_10_working_days_and_the_holiday_does_not_count():
    assert law.support_deadline(NAURYZ_EVE) == date(2026, 4, 8)


def test_a_local_body_has_20_working_days_and_a_central_one_40():
    assert law.consideration_deadline(state_body("akimat-71"), NAURYZ_EVE) == date(2026, 4, 22)
    # 40 working days also skip 1 May, 7 May and the Victory Day moved to Monday 11 May.
    assert law.consideration_deadline(state_body("government"), NAURYZ_EVE) == date(2026, 5, 25)
    assert law.consideration_deadline(district_body("akimat", 30_000), NAURYZ_EVE) == date(
        2026, 4, 22
    )


def test_a_deadline_from_a_day_off_counts_from_the_next_working_day():
    # Submitted on Sunday 22 March, in the middle of the holiday: the first working day is 26 March.
    assert law.support_deadline(date(2026, 3, 22)) == date(2026, 4, 8)


def test_the_clocks_follow_the_settings(settings):
    settings.PETITION_MODERATION_WORKING_DAYS = 1
    settings.PETITION_SUPPORT_WORKING_DAYS = 2

    assert law.moderation_deadline(NAURYZ_EVE) == date(2026, 3, 26)
    assert law.support_deadline(NAURYZ_EVE) == date(2026, 3, 27)


@pytest.mark.parametrize(
    ("opened", "closes"),
    [
        (date(2026, 1, 15), date(2026, 7, 15)),
        # Six calendar months, not working days; a month without the day ends on its last day.
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
    ],
)
def test_signatures_are_collected_for_six_calendar_months(opened, closes):
    assert law.collection_deadline(opened) == closes


def test_a_count_past_the_threshold_reads_as_reached_on_the_list_and_the_page(english_client):
    from django.urls import reverse

    from petitions.models import Petition
    from tests.factories import make_petition

    past, below = make_petition("open"), make_petition("open", title="Открыть новую библиотеку")
    Petition.objects.filter(pk=past.pk).update(threshold=5960, signature_count=6100)
    Petition.objects.filter(pk=below.pk).update(threshold=5960, signature_count=100)

    listed = english_client.get(reverse("petition_list")).text
    page = english_client.get(past.get_absolute_url()).text

    assert "6,100 signatures, past the threshold of 5,960" in listed
    assert "100 of 5,960 signatures" in listed
    assert "6,100 of 5,960" not in listed
    assert "signatures: the threshold of 5,960 is reached" in page
    assert "of 5,960 signatures needed" not in page
