"""Working days in Kazakhstan: five-day week, public holidays and government day-off transfers."""

import functools
from datetime import date, timedelta

import holidays

# Each calendar year has well over this many working days; it bounds how many years
# add_working_days can reach so that the calendar is built for all of them up front.
MIN_WORKING_DAYS_A_YEAR = 200


@functools.lru_cache(maxsize=32)
def _calendar(first_year: int, last_year: int) -> holidays.HolidayBase:
    # The calendar holds the holidays moved off weekends and the government's transfers,
    # which make some Saturdays and Sundays working days (its weekend_workdays). Building
    # every year up front keeps the cached object read-only: looking up a year it lacks
    # would make it add that year in place.
    return holidays.country_holidays("KZ", years=range(first_year, last_year + 1))


def is_working_day(day: date) -> bool:
    """Return whether day is a working day in Kazakhstan."""
    return _calendar(day.year, day.year).is_working_day(day)


@functools.lru_cache(maxsize=64)
def _running_counts(year: int) -> tuple[int, ...]:
    # Working days of the year up to and including each of its days (index: day of the year
    # - 1), built once per process: counting day by day cost a page of overdue petitions
    # seconds, growing with how long ago their deadlines were.
    calendar = _calendar(year, year)
    counts, total, day = [], 0, date(year, 1, 1)
    while day.year == year:
        total += calendar.is_working_day(day)
        counts.append(total)
        day += timedelta(days=1)
    return tuple(counts)


def _working_days_in_year_to(day: date) -> int:
    return _running_counts(day.year)[day.timetuple().tm_yday - 1]


def working_days_between(start: date, end: date) -> int:
    """Return the number of working days d with start < d <= end (0 when end <= start)."""
    if end <= start:
        return 0
    whole_years = sum(_running_counts(year)[-1] for year in range(start.year, end.year))
    return whole_years + _working_days_in_year_to(end) - _working_days_in_year_to(start)


def add_working_days(start: date, n: int) -> date:
    """Return the date n working days after start (start itself when n is 0)."""
    if n < 0:
        raise ValueError("n must not be negative.")
    if n == 0:
        # The package would move a day off forward to the next working day.
        return start
    calendar = _calendar(start.year, start.year + n // MIN_WORKING_DAYS_A_YEAR + 1)
    return calendar.get_nth_working_day(start, n)


def working_days_left(deadline: date, today: date) -> int:
    """Return the working days from today to deadline, negative when the deadline has passed."""
    if deadline >= today:
        return working_days_between(today, deadline)
    return -working_days_between(deadline, today)


def working_day_numbers(first: date, last: date) -> dict[date, int]:
    """Number each day from first to last by the working days d with first < d <= day, so that
    working_days_between(a, b) is numbers[b] - numbers[a]: one pass over the calendar for
    many spans (the scoreboard's medians) instead of one per span."""
    calendar = _calendar(first.year, last.year)
    numbers, count, day = {}, 0, first
    while day <= last:
        if day != first and calendar.is_working_day(day):
            count += 1
        numbers[day] = count
        day += timedelta(days=1)
    return numbers
