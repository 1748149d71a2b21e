"""Signing only while the law lets a petition collect (design §4.3): decided at the moment of
signing, on the petition's locked row, in Almaty time, whether or not expire_petitions ran.

The clock is pinned with time-machine: it moves the clock of every thread at once, and the
database's own clock is never read.
"""

import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation

from petitions import services
from petitions.models import DailySignatureCount, Petition, PetitionEvent, Signature
from petitions.services import PetitionError, WindowClosed
from tests.concurrency import JOIN_TIMEOUT, run_together
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
# Friday 20 March 2026: the Nauryz holidays (21-25 March) follow.
NAURYZ_EVE = date(2026, 3, 20)
# 15 January 2026: an open petition's six months end on 15 July 2026.
OPENED = date(2026, 1, 15)


def almaty(day, hour=12, minute=0, second=0, microsecond=0):
    """That moment in Almaty."""
    return datetime(day.year, day.month, day.day, hour, minute, second, microsecond, ALMATY)


def last_second(day):
    """23:59:59 in Almaty on that day: the window's last day still counts."""
    return almaty(day, 23, 59, 59)


def next_midnight(day):
    """00:00 in Almaty on the day after."""
    return almaty(day + timedelta(days=1), 0, 0)


def gathering(published_on):
    """A petition published at noon on that day, gathering its first support."""
    with time_machine.travel(almaty(published_on), tick=False):
        return make_petition("gathering_support")


def opened(opened_on=OPENED):
    """A petition that opened at noon on that day."""
    with time_machine.travel(almaty(opened_on), tick=False):
        return make_petition("open")


def sign_at(moment, petition, user):
    """Sign at that moment; returns the new count, or the refusal's code and English text."""
    with time_machine.travel(moment, tick=False):
        try:
            return services.sign_petition(petition=petition, user=user).count
        except PetitionError as refusal:
            with translation.override("en"):
                return refusal.code, str(refusal.message)


def ends(petition):
    """The petition's events that ended its collection."""
    return PetitionEvent.objects.filter(petition=petition, action__in=["lapsed", "closed"])


def test_the_portal_keeps_almaty_time(settings):
    assert settings.TIME_ZONE == "Asia/Almaty"
    assert settings.USE_TZ


# First support: working days from publication, holidays and moved days off


def test_the_first_support_window_skips_the_nauryz_holidays():
    petition = gathering(NAURYZ_EVE)

    # Ten working days after Friday 20 March, with 21-25 March off: Wednesday 8 April.
    assert petition.support_deadline == date(2026, 4, 8)


def test_a_signature_on_the_last_working_day_at_23_59_counts(citizen):
    petition = gathering(NAURYZ_EVE)

    count = sign_at(last_second(date(2026, 4, 8)), petition, citizen)

    assert count == 1
    petition.refresh_from_db()
    assert petition.status == "gathering_support"
    assert Signature.objects.filter(petition=petition, user=citizen, status="valid").exists()
    assert DailySignatureCount.objects.get(petition=petition).day == date(2026, 4, 8)


def test_a_signature_at_midnight_after_the_last_working_day_is_refused_and_the_petition_lapses(
    citizen,
):
    petition = gathering(NAURYZ_EVE)

    refusal = sign_at(next_midnight(date(2026, 4, 8)), petition, citizen)

    assert refusal == (
        "window_closed",
        "This petition did not gather its first supporters in time: "
        "the last day to support it was 8.04.2026.",
    )
    petition.refresh_from_db()
    assert petition.status == "lapsed"
    assert petition.signature_count == 0
    assert not Signature.objects.filter(petition=petition).exists()
    assert not DailySignatureCount.objects.filter(petition=petition).exists()
    assert list(ends(petition).values_list("from_status", "to_status", "actor")) == [
        ("gathering_support", "lapsed", None)
    ]


@pytest.fixture
def two_working_days(settings):
    settings.PETITION_SUPPORT_WORKING_DAYS = 2


@pytest.mark.usefixtures("two_working_days")
def test_across_a_moved_day_off_the_window_ends_on_the_sunday_worked_instead():
    petition = gathering(date(2024, 12, 30))
    first, on_moved_day_off, on_working_sunday, late = (UserFactory(iin=True) for _ in range(4))

    # Monday 30 December; Tuesday 31 December is the first working day, 1-3 January are off
    # (the 3rd moved from Sunday 5 January), so Sunday 5 January is the second.
    assert petition.support_deadline == date(2025, 1, 5)
    assert sign_at(almaty(date(2024, 12, 31)), petition, first) == 1
    assert sign_at(almaty(date(2025, 1, 3)), petition, on_moved_day_off) == 2
    assert sign_at(last_second(date(2025, 1, 5)), petition, on_working_sunday) == 3
    assert sign_at(next_midnight(date(2025, 1, 5)), petition, late)[0] == "window_closed"
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == ("lapsed", 3)


# Open: the collection deadline, six calendar months


def test_a_signature_on_the_collection_deadline_at_23_59_counts(citizen):
    petition = opened()
    before = petition.signature_count

    count = sign_at(last_second(date(2026, 7, 15)), petition, citizen)

    assert petition.deadline == date(2026, 7, 15)
    assert count == before + 1
    petition.refresh_from_db()
    assert petition.status == "open"


def test_a_signature_at_midnight_after_the_deadline_is_refused_and_the_petition_closes(citizen):
    petition = opened()
    before = petition.signature_count

    refusal = sign_at(next_midnight(date(2026, 7, 15)), petition, citizen)

    assert refusal == ("window_closed", "The last day to sign this petition was 15.07.2026.")
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == ("closed", before)
    assert not Signature.objects.filter(petition=petition, user=citizen).exists()
    assert DailySignatureCount.objects.filter(petition=petition).aggregate(n=Sum("count")) == {
        "n": before
    }
    assert ends(petition).get().to_status == "closed"


def test_several_late_signers_are_all_refused_and_the_petition_closes_once():
    petition = opened()
    late = [UserFactory(iin=True) for _ in range(3)]

    refusals = [sign_at(almaty(date(2026, 7, 16), 9, n), petition, user) for n, user in
                enumerate(late)]  # fmt: skip

    # The first finds the petition open and closes it; the others find it closed: all hear why.
    assert refusals == [("window_closed", "The last day to sign this petition was 15.07.2026.")] * 3
    assert ends(petition).count() == 1
    with time_machine.travel(almaty(date(2026, 7, 17)), tick=False):
        assert services.expire_petitions() == {"lapsed": 0, "closed": 0, "overdue": 0}
    assert ends(petition).count() == 1


def test_signing_again_after_a_withdrawal_is_refused_once_the_deadline_passed(citizen):
    petition = opened()
    with time_machine.travel(almaty(date(2026, 7, 1)), tick=False):
        services.sign_petition(petition=petition, user=citizen)
        services.withdraw_signature(petition=petition, user=citizen)

    refusal = sign_at(next_midnight(date(2026, 7, 15)), petition, citizen)

    assert refusal[0] == "window_closed"
    assert Signature.objects.get(petition=petition, user=citizen).status == "withdrawn"
    petition.refresh_from_db()
    assert petition.status == "closed"


def test_the_refusal_is_in_the_signers_language(citizen):
    petition = opened()

    with (
        time_machine.travel(next_midnight(date(2026, 7, 15)), tick=False),
        pytest.raises(WindowClosed) as refusal,
    ):
        services.sign_petition(petition=petition, user=citizen)

    with translation.override("ru"):
        assert str(refusal.value.message) == (
            "Последним днём для подписания этой петиции было 15.07.2026."
        )
    with translation.override("kk"):
        assert str(refusal.value.message) == "Бұл петицияға қол қоюдың соңғы күні 15.07.2026 болды."


def test_signing_under_consideration_has_no_window(citizen):
    petition = opened()
    Petition.objects.filter(pk=petition.pk).update(threshold=petition.signature_count + 1)
    with time_machine.travel(almaty(date(2026, 2, 1)), tick=False):
        services.sign_petition(petition=petition, user=UserFactory(iin=True))
    petition.refresh_from_db()
    assert petition.status == "under_consideration"
    before = petition.signature_count

    # Signatures keep counting (design §4.1), long after the collection deadline.
    count = sign_at(almaty(date(2027, 1, 1)), petition, citizen)

    assert count == before + 1


# Withdrawal follows the same rule


def test_a_withdrawal_once_the_petition_closed_is_refused_saying_when(citizen):
    petition = opened()
    with time_machine.travel(almaty(date(2026, 7, 1)), tick=False):
        services.sign_petition(petition=petition, user=citizen)
    services.expire_petitions(today=date(2026, 7, 16))

    with pytest.raises(WindowClosed) as refusal:
        services.withdraw_signature(petition=petition, user=citizen)

    with translation.override("en"):
        assert "15.07.2026" in str(refusal.value.message)
    assert Signature.objects.get(petition=petition, user=citizen).status == "valid"


def test_a_withdrawal_on_the_last_day_is_taken(citizen):
    petition = opened()
    with time_machine.travel(almaty(date(2026, 7, 1)), tick=False):
        services.sign_petition(petition=petition, user=citizen)

    with time_machine.travel(last_second(date(2026, 7, 15)), tick=False):
        services.withdraw_signature(petition=petition, user=citizen)

    assert Signature.objects.get(petition=petition, user=citizen).status == "withdrawn"


def test_a_withdrawal_after_the_deadline_is_refused_and_the_petition_closes(citizen):
    petition = opened()
    with time_machine.travel(almaty(date(2026, 7, 1)), tick=False):
        count = services.sign_petition(petition=petition, user=citizen).count

    with (
        time_machine.travel(next_midnight(date(2026, 7, 15)), tick=False),
        pytest.raises(WindowClosed) as refusal,
    ):
        services.withdraw_signature(petition=petition, user=citizen)

    assert refusal.value.code == "window_closed"
    with translation.override("en"):
        assert str(refusal.value.message) == (
            "The last day of this petition's collection was 15.07.2026: "
            "a signature can no longer be withdrawn."
        )
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == ("closed", count)
    assert Signature.objects.get(petition=petition, user=citizen).status == "valid"
    assert ends(petition).count() == 1


# The pages


def test_the_page_says_signing_has_ended_before_the_nightly_job_runs(english_client, citizen):
    client = english_client
    petition = opened()
    client.force_login(citizen)

    with time_machine.travel(almaty(date(2026, 7, 16), 8), tick=False):
        page = client.get(petition.get_absolute_url()).content.decode()

    assert "The last day to sign this petition was 15.07.2026." in page
    assert "The time to sign this petition has ended." in page
    assert reverse("petition_sign", args=[petition.pk]) not in page


def test_signing_late_on_the_page_shows_the_reason_and_stores_nothing(english_client, citizen):
    client = english_client
    petition = opened()
    client.force_login(citizen)

    with time_machine.travel(almaty(date(2026, 7, 16), 8), tick=False):
        response = client.post(reverse("petition_sign", args=[petition.pk]), follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "The last day to sign this petition was 15.07.2026."
    ]
    assert not Signature.objects.filter(petition=petition, user=citizen).exists()
    assert Petition.objects.get(pk=petition.pk).status == "closed"


# Days left, in the law's unit


def test_first_support_counts_working_days_left_and_says_so(english_client):
    client = english_client
    petition = gathering(NAURYZ_EVE)

    with time_machine.travel(almaty(NAURYZ_EVE, 15), tick=False):
        petition.refresh_from_db()
        days, unit = petition.days_left, petition.days_left_unit
        page = client.get(petition.get_absolute_url()).content

    # Nineteen calendar days to 8 April, of which ten are working days.
    assert (days, unit) == (10, "working_days")
    assert "10 working days left to sign." in page.decode()


def test_the_open_period_counts_calendar_days_left_and_says_so(english_client):
    client = english_client
    petition = opened()

    with time_machine.travel(almaty(date(2026, 7, 10)), tick=False):
        petition.refresh_from_db()
        days, unit = petition.days_left, petition.days_left_unit
        row = client.get(reverse("petition_list")).content.decode()

    assert (days, unit) == (5, "calendar_days")
    assert "5 calendar days left to sign." in row


def test_the_last_day_says_so_rather_than_none_left(client, settings):
    petition = opened()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    with time_machine.travel(almaty(date(2026, 7, 15), 9), tick=False):
        page = client.get(petition.get_absolute_url()).content

    assert "Сегодня — последний день для подписания." in page.decode()


@pytest.mark.parametrize(
    ("days", "russian"),
    [(1, "1 рабочий день"), (3, "3 рабочих дня"), (5, "5 рабочих дней"), (21, "21 рабочий день")],
)
def test_working_days_left_use_the_russian_plural_forms(days, russian):
    with translation.override("ru"):
        text = translation.ngettext(
            "%(days)s working day left to sign.", "%(days)s working days left to sign.", days
        ) % {"days": days}
    assert text == f"Подписать можно ещё {russian}."


# Signers racing the deadline: real threads, real transactions


def _sign_or_refusal(petition, user):
    try:
        services.sign_petition(petition=petition, user=user)
    except PetitionError as refusal:
        return refusal.code
    return "signed"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signers_queued_on_the_lock_at_midnight_are_refused_and_the_petition_closes_once(
    migrations_data_put_back,
):
    petition = opened()
    before = petition.signature_count
    signers = [UserFactory(iin=True, password=None) for _ in range(8)]
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        # The lock an UPDATE takes: signers insert their rows, then queue on the count.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {Petition._meta.db_table} WHERE id = %s FOR NO KEY UPDATE",  # noqa: S608
                [petition.pk],
            )
            locked.set()
            release.wait(JOIN_TIMEOUT)
        connection.close()

    results = []
    holder = threading.Thread(target=hold_the_lock)
    with time_machine.travel(last_second(date(2026, 7, 15)), tick=False) as clock:
        holder.start()
        assert locked.wait(JOIN_TIMEOUT)
        racers = threading.Thread(
            target=lambda: results.extend(
                run_together([lambda u=u: _sign_or_refusal(petition, u) for u in signers])
            )
        )
        racers.start()
        _wait_for_lock_waiters(len(signers))
        # Midnight strikes while every signer waits for the row.
        clock.move_to(next_midnight(date(2026, 7, 15)))
        release.set()
        holder.join(JOIN_TIMEOUT)
        racers.join(JOIN_TIMEOUT)

    assert results == ["window_closed"] * len(signers)
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == ("closed", before)
    assert Signature.objects.filter(petition=petition).count() == before
    assert ends(petition).count() == 1


def _wait_for_lock_waiters(count):
    """Wait until `count` other connections wait for a lock."""
    deadline = time.monotonic() + JOIN_TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.02)
    raise AssertionError(f"{count} signers never queued for the petition's row")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signers_racing_midnight_are_each_counted_or_refused_and_it_closes_once(
    migrations_data_put_back,
):
    petition = opened()
    before = petition.signature_count
    signers = [UserFactory(iin=True, password=None) for _ in range(12)]

    def sign_later(user, delay):
        time.sleep(delay)
        return _sign_or_refusal(petition, user)

    # The clock runs from a tenth of a second before midnight; signers start 30 ms apart.
    with time_machine.travel(almaty(date(2026, 7, 15), 23, 59, 59, 900_000), tick=True):
        results = run_together(
            [lambda u=u, n=n: sign_later(u, n * 0.03) for n, u in enumerate(signers)]
        )

    assert set(results) <= {"signed", "window_closed"}
    assert "window_closed" in results
    petition.refresh_from_db()
    signed = results.count("signed")
    assert (petition.status, petition.signature_count) == ("closed", before + signed)
    valid = Signature.objects.filter(petition=petition, status="valid", user__isnull=False)
    assert valid.count() == signed
    assert all(s.created_at.astimezone(ALMATY).date() <= date(2026, 7, 15) for s in valid)
    assert DailySignatureCount.objects.filter(petition=petition).aggregate(n=Sum("count")) == {
        "n": before + signed
    }
    assert ends(petition).count() == 1


def test_the_moderation_queue_counts_working_days_and_says_so(english_client, petition_moderator):
    # Submitted on Friday 20 March 2026: twenty working days, Nauryz skipped, reach 22 April.
    with time_machine.travel(almaty(NAURYZ_EVE), tick=False):
        waiting = make_petition("in_moderation")
    english_client.force_login(petition_moderator)

    with time_machine.travel(almaty(date(2026, 4, 20)), tick=False):
        two_left = english_client.get(reverse("moderation_queue")).content.decode()
    with time_machine.travel(almaty(date(2026, 4, 23)), tick=False):
        one_late = english_client.get(reverse("moderation_queue")).content.decode()

    assert waiting.moderation_deadline == date(2026, 4, 22)
    assert "2 working days" in two_left
    assert "overdue by 1 working day<" in one_late
