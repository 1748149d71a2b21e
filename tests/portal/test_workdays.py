from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.workdays import (
    add_working_days,
    is_working_day,
    working_days_between,
    working_days_left,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


def days_off(first, last):
    span = range((last - first).days + 1)
    return [first + timedelta(days=n) for n in span if not is_working_day(first + timedelta(n))]


def test_first_and_second_january_are_days_off():
    for year in (2023, 2024, 2026, 2027):
        assert not is_working_day(date(year, 1, 1))
        assert not is_working_day(date(year, 1, 2))


def test_new_year_2026_ends_on_monday_5_january():
    # Thursday and Friday, then the weekend.
    assert days_off(date(2026, 1, 1), date(2026, 1, 6)) == [
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 3),
        date(2026, 1, 4),
    ]


def test_orthodox_christmas_is_a_day_off():
    assert not is_working_day(date(2026, 1, 7))


def test_new_year_on_a_saturday_moves_to_monday():
    # 2 January 2027 is a Saturday.
    assert not is_working_day(date(2027, 1, 4))
    assert is_working_day(date(2027, 1, 5))


def test_government_transfer_makes_a_sunday_a_working_day():
    # 2025: the day off of Sunday 5 January was moved to Friday 3 January.
    assert not is_working_day(date(2025, 1, 3))
    assert is_working_day(date(2025, 1, 5))
    assert days_off(date(2025, 1, 1), date(2025, 1, 6)) == [
        date(2025, 1, 1),
        date(2025, 1, 2),
        date(2025, 1, 3),
        date(2025, 1, 4),
    ]


def test_transfer_from_the_previous_year_makes_that_saturday_a_working_day():
    # The 3 January 2014 day off was worked on Saturday 28 December 2013.
    assert is_working_day(date(2013, 12, 28))
    assert not is_working_day(date(2014, 1, 3))


def test_nauryz_on_weekdays_is_three_days_off():
    # 2023: Tuesday to Thursday.
    assert days_off(date(2023, 3, 20), date(2023, 3, 24)) == [
        date(2023, 3, 21),
        date(2023, 3, 22),
        date(2023, 3, 23),
    ]


def test_nauryz_2025_weekend_days_move_to_monday_and_tuesday():
    # Friday 21, then Saturday 22 and Sunday 23 are made up on 24 and 25 March.
    off = [date(2025, 3, d) for d in (21, 22, 23, 24, 25)]
    assert days_off(date(2025, 3, 20), date(2025, 3, 26)) == off


def test_nauryz_2026_weekend_days_move_to_tuesday_and_wednesday():
    # Saturday 21 and Sunday 22, then Monday 23; 24 and 25 March make up for the weekend.
    off = [date(2026, 3, d) for d in (21, 22, 23, 24, 25)]
    assert days_off(date(2026, 3, 20), date(2026, 3, 26)) == off


def test_plain_weekend_is_two_days_off():
    assert days_off(date(2026, 4, 9), date(2026, 4, 14)) == [date(2026, 4, 11), date(2026, 4, 12)]


def test_add_working_days_skips_the_weekend():
    assert add_working_days(date(2026, 4, 10), 1) == date(2026, 4, 13)
    assert add_working_days(date(2026, 4, 11), 1) == date(2026, 4, 13)


def test_add_working_days_skips_new_year_and_christmas():
    start = date(2025, 12, 30)
    assert [add_working_days(start, n) for n in range(1, 5)] == [
        date(2025, 12, 31),
        date(2026, 1, 5),
        date(2026, 1, 6),
        date(2026, 1, 8),
    ]


def test_add_working_days_skips_nauryz():
    assert add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)
    # 17-20 March, then 26, 27, 30 and 31 March, then 1 and 2 April.
    assert add_working_days(date(2026, 3, 16), 10) == date(2026, 4, 2)


def test_add_zero_working_days_returns_the_start_even_on_a_day_off():
    assert add_working_days(date(2026, 1, 1), 0) == date(2026, 1, 1)


def test_add_negative_working_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1)


def test_add_working_days_reaches_across_years():
    start = date(2024, 6, 3)
    assert working_days_between(start, add_working_days(start, 1000)) == 1000


def test_working_days_between_counts_the_end_but_not_the_start():
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 27)) == 2
    assert working_days_between(date(2026, 4, 6), date(2026, 4, 10)) == 4
    assert working_days_between(date(2026, 1, 1), date(2026, 12, 31)) == 247


def test_working_days_between_is_zero_unless_end_is_after_start():
    assert working_days_between(date(2026, 4, 6), date(2026, 4, 6)) == 0
    assert working_days_between(date(2026, 4, 10), date(2026, 4, 6)) == 0


def test_working_days_left_counts_down_to_the_deadline():
    deadline = date(2026, 3, 27)
    assert working_days_left(deadline, date(2026, 3, 19)) == 3
    assert working_days_left(deadline, date(2026, 3, 20)) == 2
    assert working_days_left(deadline, deadline) == 0


def test_working_days_left_is_negative_when_overdue():
    deadline = date(2026, 3, 20)
    assert working_days_left(deadline, date(2026, 3, 25)) == 0
    assert working_days_left(deadline, date(2026, 3, 26)) == -1
    assert working_days_left(deadline, date(2026, 3, 30)) == -3


# No deadline: the holiday calendar is built on first use, slower on a busy machine.
@settings(deadline=None)
@given(days, st.integers(min_value=0, max_value=400))
def test_working_days_between_inverts_add_working_days(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert n == 0 or is_working_day(end)


@settings(deadline=None)
@given(days, days)
def test_add_working_days_inverts_working_days_between_up_to_days_off(start, end):
    reached = add_working_days(start, working_days_between(start, end))
    if end > start and is_working_day(end):
        assert reached == end
    else:
        assert reached <= max(start, end)
        assert working_days_between(reached, max(start, end)) == 0


@settings(deadline=None)
@given(days, days)
def test_working_days_left_is_antisymmetric(deadline, today):
    assert working_days_left(deadline, today) == -working_days_left(today, deadline)


def test_counting_working_days_agrees_with_the_calendar_day_by_day_over_years():
    import random

    from portal.workdays import _calendar, working_days_between

    chance = random.Random(13)
    for _ in range(40):
        start = date(2019, 1, 1) + timedelta(days=chance.randrange(3000))
        end = start + timedelta(days=chance.randrange(1, 1200))
        calendar = _calendar(start.year, end.year)
        expected = calendar.get_working_days_count(start + timedelta(days=1), end)
        assert working_days_between(start, end) == expected, (start, end)
