"""Registering for a meeting under real concurrency (design §3, §7): no seat is given twice.

Each scenario releases 16 threads at once with a barrier; every thread has its own PostgreSQL
connection and commits real transactions, as gunicorn's workers would.

The transactional tests flush every table at their end, the data migrations' rows included.
Serialized rollback puts those rows back before each test, and the fixture below puts them back
after this file's last test, as tests/petitions/test_concurrent_signing.py explains.
"""

from collections import Counter

import pytest
from django.utils import translation

from platforms import services
from platforms.models import Meeting, MeetingRegistration
from portal.models import User
from tests.concurrency import run_together
from tests.platforms.factories import MeetingFactory, PlatformFactory, PlatformMembershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 16
SEATS = 5

FULL = "refused: All seats are taken."
TWICE = "refused: You are already registered."


@pytest.fixture(scope="module", autouse=True)
def _put_back(migrations_data_put_back):
    """Put the data migrations' rows back after this file's last test."""


@pytest.fixture
def meeting(transactional_db):
    """An upcoming in-person meeting with five seats."""
    return MeetingFactory(capacity=SEATS, platform=PlatformFactory())


def members(meeting, count):
    """`count` people with an approved seat on the meeting's platform (no password to hash)."""
    return [
        PlatformMembershipFactory(platform=meeting.platform, user__password=None).user
        for _ in range(count)
    ]


def register(meeting_id, user_id):
    """A registration request as the view makes it: the meeting and the person loaded afresh.

    Its outcome is "ok", "refused: <message>" or "error: <what>" (a deadlock, a lock timeout,
    a broken constraint: the bugs sought).
    """
    try:
        services.register_for_meeting(
            meeting=Meeting.objects.get(pk=meeting_id), user=User.objects.get(pk=user_id)
        )
    except services.PlatformError as error:
        with translation.override("en"):
            return f"refused: {error.message}"
    except Exception as error:
        return f"error: {type(error).__name__}: {error}"
    return "ok"


def register_together(meeting, user_ids):
    """Each user id registers from a thread of its own, all released at once."""
    outcomes = run_together(
        [lambda user_id=user_id: register(meeting.pk, user_id) for user_id in user_ids],
        name="registrant",
    )
    return list(zip(user_ids, outcomes, strict=True))


def registered(meeting):
    return set(MeetingRegistration.objects.filter(meeting=meeting).values_list("user", flat=True))


def test_sixteen_members_registering_at_once_for_five_seats_get_exactly_five(meeting):
    people = members(meeting, THREADS)

    outcomes = register_together(meeting, [person.pk for person in people])

    assert Counter(outcome for _user, outcome in outcomes) == {"ok": SEATS, FULL: THREADS - SEATS}
    assert registered(meeting) == {user for user, outcome in outcomes if outcome == "ok"}


def test_double_submits_from_eight_members_for_five_seats_seat_five_members_once_each(meeting):
    people = members(meeting, THREADS // 2)

    outcomes = register_together(meeting, [person.pk for person in people] * 2)

    by_member = {person.pk: Counter() for person in people}
    for user, outcome in outcomes:
        by_member[user][outcome] += 1
    seated = {user for user, counts in by_member.items() if counts["ok"]}
    assert len(seated) == SEATS
    for user, counts in by_member.items():
        # A seated member's second request finds their seat; the others find none left.
        assert counts == ({"ok": 1, TWICE: 1} if user in seated else {FULL: 2}), counts
    assert registered(meeting) == seated
