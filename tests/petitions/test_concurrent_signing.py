"""Signing under real concurrency (design §4.3, §7): the counts stay exact, steps happen once.

Each scenario releases 16 threads at once with a barrier; every thread has its own PostgreSQL
connection and commits real transactions, as gunicorn's workers would.

The transactional tests flush every table at their end, the data migrations' rows included
(regions, state bodies, categories, rejection reasons, role groups). Serialized rollback puts
those rows back before each test, as in tests/e2e/conftest.py, and keeps the flush from
recreating content types and permissions under new ids; the fixture below puts them back after
the last test of this file too (tests/conftest.py), so a --reuse-db run finds them.
"""

import random
import time
from collections import Counter, defaultdict
from datetime import date

import pytest
from django.db.models import Count
from django.db.models.functions import TruncDate

from petitions import receipts, services
from petitions.models import (
    DailySignatureCount,
    Petition,
    PetitionEvent,
    RegionSignatureCount,
    Signature,
    SignatureLogLine,
)
from portal.models import Region, User
from portal.rules import PETITION_MODERATORS
from portal.validators import make_iin
from tests.concurrency import run_together
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 16

Status = Petition.Status


@pytest.fixture(scope="module", autouse=True)
def _put_back(migrations_data_put_back):
    """Put the data migrations' rows back after this file's last test."""


def make_citizens(count, *, first=0):
    """`count` citizens numbered from `first`, spread over six regions."""
    regions = list(Region.objects.order_by("code")[:6])
    return [make_citizen(n, regions[n % len(regions)]) for n in range(first, first + count)]


def make_citizen(n, region):
    """Citizen number n: a verified adult with an IIN of their own.

    No password, so no argon2 hashing: signing never asks for one.
    """
    # (n mod 40, n mod 12, n mod 28) differ for every n below 840, so do the birth dates.
    born = date(1960 + n % 40, 1 + n % 12, 1 + n % 28)
    return UserFactory(
        password=None,
        region=region,
        iin=make_iin(born, "female" if n % 2 else "male", serial=n),
    )


@pytest.fixture
def author(transactional_db):
    return make_citizen(800, Region.objects.get(code="KZ-71"))


@pytest.fixture
def moderator(transactional_db):
    return UserFactory(password=None, groups=[PETITION_MODERATORS])


# One step that a thread takes: what, for whom (a user's pk), and its outcome.


def sign(petition_id, user_id):
    """A sign request as the view makes it: the petition and the person loaded afresh."""
    return services.sign_petition(
        petition=Petition.objects.get(pk=petition_id), user=User.objects.get(pk=user_id)
    ).count


def withdraw(petition_id, user_id):
    """A withdrawal request as the view makes it."""
    return services.withdraw_signature(
        petition=Petition.objects.get(pk=petition_id), user=User.objects.get(pk=user_id)
    )


def invalidate(petition_id, user_id, signature_ids):
    """A moderator's bulk invalidation."""
    return services.invalidate_signatures(
        petition=Petition.objects.get(pk=petition_id),
        moderator=User.objects.get(pk=user_id),
        signature_ids=signature_ids,
        reason="Подписи собраны с нарушением правил",
    )


ACTIONS = {"sign": sign, "withdraw": withdraw, "invalidate": invalidate}


def take(step, petition_id):
    """Take one step; its outcome is ok, already_signed, refused:<code> or error:<what>."""
    action, user_id, *args = step
    started = time.perf_counter()
    value = None
    try:
        value = ACTIONS[action](petition_id, user_id, *args)
    except services.AlreadySigned:
        outcome = "already_signed"
    except services.PetitionError as error:
        outcome = f"refused:{error.code}"
    except Exception as error:  # a deadlock, a lock timeout, a broken constraint: the bugs sought
        outcome = f"error:{type(error).__name__}: {error}"
    else:
        outcome = "ok"
    return {
        "action": action,
        "user": user_id,
        "outcome": outcome,
        "value": value,
        "seconds": time.perf_counter() - started,
    }


def run_plans(petition, plans):
    """Run each plan (a list of steps) in a thread of its own, all released at once.

    Returns every step's outcome (with the seconds it took, lock waits included).
    """
    results = run_together(
        [lambda plan=plan: [take(step, petition.pk) for step in plan] for plan in plans],
        name="signer",
    )
    steps = [step for thread_steps in results for step in thread_steps]
    errors = [step for step in steps if step["outcome"].startswith("error:")]
    assert not errors, errors
    return steps


def interleave(sequences, rng):
    """The sequences' steps shuffled together, each sequence's own steps kept in order."""
    queues = [list(sequence) for sequence in sequences if sequence]
    steps = []
    while queues:
        queue = rng.choice(queues)
        steps.append(queue.pop(0))
        if not queue:
            queues.remove(queue)
    return steps


def outcomes_by_user(steps):
    """{user pk: Counter of (action, outcome)}."""
    by_user = defaultdict(Counter)
    for step in steps:
        by_user[step["user"]][step["action"], step["outcome"]] += 1
    return by_user


def assert_counts_exact(petition):
    """The stored count and the per-day and per-region counts equal the valid signature rows."""
    petition.refresh_from_db()
    rows = Signature.objects.filter(petition=petition)
    valid = rows.filter(status=Signature.Status.VALID)
    assert petition.signature_count == valid.count()

    duplicates = rows.values("signer_key").annotate(n=Count("pk")).filter(n__gt=1)
    assert not duplicates.exists()

    by_region = dict(valid.values_list("region").annotate(n=Count("pk")))
    stored_by_region = dict(
        RegionSignatureCount.objects.filter(petition=petition)
        .exclude(count=0)
        .values_list("region", "count")
    )
    assert stored_by_region == by_region

    by_day = dict(
        valid.annotate(day=TruncDate("created_at")).values_list("day").annotate(n=Count("pk"))
    )
    stored_by_day = dict(
        DailySignatureCount.objects.filter(petition=petition)
        .exclude(count=0)
        .values_list("day", "count")
    )
    assert stored_by_day == by_day
    assert sum(stored_by_region.values()) == sum(stored_by_day.values()) == petition.signature_count

    # The public log is one unbroken chain, in the lock's order, that recounts to the same.
    lines = SignatureLogLine.objects.filter(petition=petition).order_by("seq").values()
    recount = receipts.verify(lines, count=petition.signature_count, head=petition.log_head)
    assert recount.lines == petition.log_length


def decisions(outbox):
    """The emails sent but the signers' receipts."""
    return [message for message in outbox if "/receipt/" not in message.body]


def signature_status(petition, user):
    return Signature.objects.get(petition=petition, user=user).status


def test_double_submits_retries_and_withdrawals_from_16_threads_keep_the_count_exact(
    author, moderator
):
    petition = make_petition("open", author=author, moderator=moderator)
    imported = petition.signature_count
    citizens = make_citizens(48)
    stayers, leavers = [], []
    # Each thread's sequences of steps, one sequence per citizen who acts in that thread.
    sequences = [[] for _ in range(THREADS)]
    for i, citizen in enumerate(citizens):
        home, other, third = i % THREADS, (i + 5) % THREADS, (i + 11) % THREADS
        if i % 4 == 3:
            # Signs, retries after a lost answer, then changes their mind: all from one tab.
            leavers.append(citizen)
            sequences[home].append([("sign", citizen.pk)] * 2 + [("withdraw", citizen.pk)])
            continue
        stayers.append(citizen)
        if i % 4 == 1:
            # Signs, withdraws and signs again, while a second tab submits once more.
            sequences[home].append(
                [("sign", citizen.pk), ("withdraw", citizen.pk), ("sign", citizen.pk)]
            )
            sequences[other].append([("sign", citizen.pk)])
        else:
            # A double submit (two or three requests at once, from different workers).
            sequences[home].append([("sign", citizen.pk)])
            sequences[other].append([("sign", citizen.pk)])
            if i % 4 == 0:
                sequences[third].append([("sign", citizen.pk)])
    rng = random.Random(20260401)
    plans = [interleave(thread_sequences, rng) for thread_sequences in sequences]

    steps = run_plans(petition, plans)

    signs = {step["outcome"] for step in steps if step["action"] == "sign"}
    assert signs <= {"ok", "already_signed"}
    assert {step["outcome"] for step in steps if step["action"] == "withdraw"} == {"ok"}
    by_user = outcomes_by_user(steps)
    for citizen in stayers:
        outcomes = by_user[citizen.pk]
        assert outcomes["sign", "ok"] - outcomes["withdraw", "ok"] == 1, outcomes
        assert signature_status(petition, citizen) == Signature.Status.VALID
    for citizen in leavers:
        assert by_user[citizen.pk] == {
            ("sign", "ok"): 1, ("sign", "already_signed"): 1, ("withdraw", "ok"): 1
        }  # fmt: skip
        assert signature_status(petition, citizen) == Signature.Status.WITHDRAWN
    # A signature revived after a withdrawal is the same row, not a second one.
    assert Signature.objects.filter(petition=petition).count() == imported + len(citizens)
    assert_counts_exact(petition)
    assert petition.signature_count == imported + len(stayers)
    assert petition.status == Status.OPEN


def test_the_threshold_is_crossed_exactly_once_when_many_sign_at_once(
    author, moderator, settings, mailoutbox
):
    settings.PETITION_INITIAL_SUPPORT = 3
    petition = make_petition("open", author=author, moderator=moderator)
    imported = petition.signature_count
    needed = 40
    Petition.objects.filter(pk=petition.pk).update(threshold=imported + needed)
    citizens = make_citizens(needed + 10)
    plans = [
        [("sign", citizen.pk) for citizen in citizens[index::THREADS]] for index in range(THREADS)
    ]
    mailoutbox.clear()

    steps = run_plans(petition, plans)

    assert {step["outcome"] for step in steps} == {"ok"}
    # Every signer saw a count of their own: the increments happened one after another.
    assert sorted(step["value"] for step in steps) == list(
        range(imported + 1, imported + len(citizens) + 1)
    )
    events = PetitionEvent.objects.filter(petition=petition, action="threshold_reached")
    assert [(event.from_status, event.to_status) for event in events] == [
        (Status.OPEN, Status.UNDER_CONSIDERATION)
    ]
    petition.refresh_from_db()
    assert petition.status == Status.UNDER_CONSIDERATION
    assert petition.threshold_reached_at is not None
    assert petition.consideration_deadline is not None
    # Signatures kept counting under consideration.
    assert petition.signature_count == imported + len(citizens)
    assert_counts_exact(petition)
    # The author was told once (each signer got their receipt).
    assert [message.to for message in decisions(mailoutbox)] == [[author.email]]


@pytest.mark.parametrize("threshold", [None, 30], ids=["open_only", "open_then_threshold"])
def test_gathering_support_opens_exactly_once_when_many_sign_at_once(
    author, moderator, settings, mailoutbox, threshold
):
    settings.PETITION_INITIAL_SUPPORT = 20
    petition = make_petition("gathering_support", author=author, moderator=moderator)
    if threshold:
        Petition.objects.filter(pk=petition.pk).update(threshold=threshold)
    citizens = make_citizens(40)
    plans = [
        [("sign", citizen.pk) for citizen in citizens[index::THREADS]] for index in range(THREADS)
    ]
    mailoutbox.clear()

    steps = run_plans(petition, plans)

    assert {step["outcome"] for step in steps} == {"ok"}
    events = PetitionEvent.objects.filter(
        petition=petition, action__in=["opened", "threshold_reached"]
    )
    expected = [("opened", Status.GATHERING_SUPPORT, Status.OPEN)]
    if threshold:
        expected.append(("threshold_reached", Status.OPEN, Status.UNDER_CONSIDERATION))
    assert [(event.action, event.from_status, event.to_status) for event in events] == expected
    petition.refresh_from_db()
    assert petition.status == expected[-1][2]
    assert petition.opened_at is not None
    assert petition.deadline is not None
    assert petition.signature_count == len(citizens)
    assert_counts_exact(petition)
    assert len(decisions(mailoutbox)) == len(expected)
    assert {tuple(message.to) for message in decisions(mailoutbox)} == {(author.email,)}


def test_bulk_invalidation_racing_with_signers_and_withdrawals_keeps_the_count_exact(
    author, moderator, settings
):
    settings.PETITION_INITIAL_SUPPORT = 3
    petition = make_petition("open", author=author, moderator=moderator)
    imported = petition.signature_count
    earlier = make_citizens(32)
    for citizen in earlier:
        services.sign_petition(petition=petition, user=citizen)
    newcomers = make_citizens(30, first=100)
    ids = dict(
        Signature.objects.filter(petition=petition, user__isnull=False).values_list("user", "pk")
    )
    # The moderator invalidates the first 16 earlier signatures in four batches, while
    # four of those signers withdraw, four others try to sign again, four signers who are not
    # concerned withdraw, and thirty newcomers sign (every third of them twice).
    targets = earlier[:16]
    resigners = earlier[:4]
    racing_withdrawers = earlier[12:16]
    plain_withdrawers = earlier[16:20]
    keepers = earlier[20:]
    batches = [
        [("invalidate", moderator.pk, [ids[citizen.pk] for citizen in targets[start::4]])]
        for start in range(4)
    ]
    citizen_sequences = (
        [[("sign", citizen.pk)] for citizen in resigners]
        + [[("withdraw", citizen.pk)] for citizen in racing_withdrawers + plain_withdrawers]
        + [[("sign", citizen.pk)] for citizen in newcomers]
        + [[("sign", citizen.pk)] for citizen in newcomers[::3]]
    )
    rng = random.Random(20260402)
    rng.shuffle(citizen_sequences)
    # Thread 0 is the moderator's; the double submits land in different threads.
    citizen_threads = THREADS - 1
    plans = [interleave(batches, rng)] + [
        interleave(citizen_sequences[index::citizen_threads], rng)
        for index in range(citizen_threads)
    ]

    steps = run_plans(petition, plans)

    by_user = outcomes_by_user(steps)
    invalidated = sum(step["value"] for step in steps if step["action"] == "invalidate")
    for citizen in racing_withdrawers:
        # Either the withdrawal came first (and the invalidation skipped it) or it was refused.
        (outcome,) = by_user[citizen.pk]
        assert outcome in {("withdraw", "ok"), ("withdraw", "refused:conflict")}
        expected = Signature.Status.WITHDRAWN if outcome[1] == "ok" else "invalidated"
        assert signature_status(petition, citizen) == expected
    for citizen in resigners:
        (outcome,) = by_user[citizen.pk]
        assert outcome in {("sign", "already_signed"), ("sign", "refused:forbidden")}
    for citizen in targets:
        assert signature_status(petition, citizen) in {"invalidated", "withdrawn"}
    for citizen in plain_withdrawers:
        assert by_user[citizen.pk] == {("withdraw", "ok"): 1}
        assert signature_status(petition, citizen) == Signature.Status.WITHDRAWN
    for citizen in keepers:
        assert signature_status(petition, citizen) == Signature.Status.VALID
    for citizen in newcomers:
        outcomes = by_user[citizen.pk]
        assert outcomes["sign", "ok"] == 1
        assert set(outcomes) <= {("sign", "ok"), ("sign", "already_signed")}
        assert signature_status(petition, citizen) == Signature.Status.VALID
    withdrawn = sum(1 for step in steps if step["action"] == "withdraw" and step["outcome"] == "ok")
    assert invalidated + withdrawn - len(plain_withdrawers) == len(targets)
    assert_counts_exact(petition)
    assert petition.signature_count == imported + len(keepers) + len(newcomers)
    events = PetitionEvent.objects.filter(petition=petition, action="signatures_invalidated")
    assert sum(int(event.note) for event in events) == invalidated
