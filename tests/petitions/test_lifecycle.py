"""The petition's state machine (design §4.1): every step × every state × every role."""

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from petitions import law, services
from petitions.models import GroundVersion, Petition, PetitionEvent, Signature
from petitions.services import PetitionError
from portal.models import Region, StateBody
from portal.workdays import add_working_days, working_days_between
from tests.conftest import CAST
from tests.factories import UserFactory, fake_signatures, make_petition, region

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")

STATUSES = [status.value for status in Petition.Status]
ROLES = [*CAST, "author"]
# The cast members who declared an adult IIN (the author too): the people who can sign.
SIGNERS = ("citizen", "ngo_member", "ngo_representative", "author")
MODERATORS = ("petition_moderator", "admin")
SIGNABLE = ("gathering_support", "open", "under_consideration")
CODES = ("forbidden", "conflict", "invalid")


def only(roles, outcome):
    return dict.fromkeys(roles, outcome)


# action -> status -> role -> outcome: the status the petition is in afterwards ("deleted" when
# it is gone), or the code of the PetitionError that refuses the step and changes nothing.
# Every (status, role) not listed is refused: "conflict" (not now) for the roles of WHO, whom
# their role allows the step in its states, "forbidden" (not allowed) for everyone else.
# fmt: off
MATRIX = {
    "submit":                {"draft": {"author": "in_moderation"}},
    # The administrator clears away abandoned drafts (from the Django admin).
    "delete":                {"draft": {"author": "deleted", "admin": "deleted"}},
    "update":                {"draft": {"author": "draft"}},
    "withdraw_petition":     {"open": {"author": "withdrawn"}},
    "publish":               {"in_moderation": only(MODERATORS, "gathering_support")},
    "return":                {"in_moderation": only(MODERATORS, "draft")},
    "reject":                {"in_moderation": only(MODERATORS, "rejected")},
    "hide":                  {status: only(MODERATORS, "hidden")
                              for status in STATUSES if status != "hidden"},
    # make_petition hides a petition while it gathers support: restoring brings it back there.
    "restore":               {"hidden": only(MODERATORS, "gathering_support")},
    "record_response":       {"under_consideration": only(MODERATORS, "answered")},
    "sign":                  {status: only(SIGNERS, status) for status in SIGNABLE},
    # Staff have no signature of their own to withdraw.
    "withdraw_signature":    {"open": {**only(SIGNERS, "open"),
                                       **only(("platform_moderator", *MODERATORS), "conflict")}},
    "invalidate_signatures": {status: only(MODERATORS, status) for status in SIGNABLE},
}
# fmt: on

# action -> the roles that may take it at all (in the states of MATRIX).
SIGNED_IN = tuple(role for role in ROLES if role != "visitor")
WHO = {
    **dict.fromkeys(("submit", "update", "withdraw_petition"), ("author",)),
    "delete": ("author", "admin"),
    **dict.fromkeys(("publish", "return", "reject", "hide", "restore", "record_response",
                     "invalidate_signatures"), MODERATORS),
    # A petition that does not collect refuses every signer as "forbidden" (design §6: 403).
    "sign": (),
    "withdraw_signature": SIGNED_IN,
}  # fmt: skip

NOTE = "Уточните, о каком мосте идёт речь."
EXPLANATION = "Петиция адресована не тому органу."
HIDE_REASON = "Персональные данные третьих лиц."
INVALID_REASON = "Подписи с одного устройства."
NEW_TITLE = "Построить пешеходный мост через реку Ишим"


def expected(action, status, role):
    refused = "conflict" if role in WHO[action] else "forbidden"
    return MATRIX[action].get(status, {}).get(role, refused)


def first_valid_signature_ids(petition):
    return list(
        Signature.objects.filter(petition=petition, status="valid")
        .order_by("pk")
        .values_list("pk", flat=True)[:1]
    )


def reason():
    return GroundVersion.objects.in_force(timezone.localdate()).first()


ACTIONS = {
    "submit": lambda petition, user: services.submit_petition(petition=petition, actor=user),
    "delete": lambda petition, user: services.delete_petition(petition=petition, actor=user),
    "update": lambda petition, user: services.update_petition(
        petition=petition, editor=user, title=NEW_TITLE
    ),
    "withdraw_petition": lambda petition, user: services.withdraw_petition(
        petition=petition, actor=user
    ),
    "publish": lambda petition, user: services.publish_petition(
        petition=petition, moderator=user, note=NOTE
    ),
    "return": lambda petition, user: services.return_petition(
        petition=petition, moderator=user, note=NOTE
    ),
    "reject": lambda petition, user: services.reject_petition(
        petition=petition, moderator=user, reason=reason(), explanation=EXPLANATION
    ),
    "hide": lambda petition, user: services.hide_petition(
        petition=petition, moderator=user, reason=HIDE_REASON
    ),
    "restore": lambda petition, user: services.restore_petition(
        petition=petition, moderator=user, note=NOTE
    ),
    "record_response": lambda petition, user: services.record_response(
        petition=petition,
        moderator=user,
        response_text="Мост построят в 2027 году.",
        discussion_date=date(2026, 12, 1),
        discussion_place="Астана, акимат",
    ),
    "sign": lambda petition, user: services.sign_petition(petition=petition, user=user),
    "withdraw_signature": lambda petition, user: services.withdraw_signature(
        petition=petition, user=user
    ),
    "invalidate_signatures": lambda petition, user: services.invalidate_signatures(
        petition=petition,
        moderator=user,
        reason=INVALID_REASON,
        signature_ids=first_valid_signature_ids(petition),
    ),
}

# action -> (event action, reason, note) of the one event a successful step writes.
EVENTS = {
    "submit": ("submitted", "", ""),
    "withdraw_petition": ("withdrawn", "", ""),
    "publish": ("published", "", NOTE),
    "return": ("returned", "", NOTE),
    "reject": ("rejected", None, EXPLANATION),  # the reason is the chosen one, with its basis
    "hide": ("hidden", "", HIDE_REASON),
    "restore": ("restored", "", NOTE),
    "record_response": ("answered", "", ""),
    "invalidate_signatures": ("signatures_invalidated", INVALID_REASON, "1"),
}
COUNT_CHANGE = {"sign": 1, "withdraw_signature": -1, "invalidate_signatures": -1}


def give_signature(petition, user):
    """This person's valid signature, as they would have given it while the petition took them."""
    if petition.status in SIGNABLE:
        services.sign_petition(petition=petition, user=user)
        return
    # The petition no longer takes signatures: write the one it took earlier directly.
    with transaction.atomic():
        Signature.objects.create(
            petition=petition, signer_key=user.iin_hash, user=user, region=user.region
        )
        services.recount_petition(petition)


def arrange(action, petition, user):
    """What must be true before the step is worth trying: a signature to withdraw or void."""
    published = petition.status not in ("draft", "in_moderation", "rejected")
    if action == "withdraw_signature" and published and getattr(user, "iin_hash", None):
        give_signature(petition, user)
    unsigned = petition.status in SIGNABLE and not first_valid_signature_ids(petition)
    if action == "invalidate_signatures" and unsigned:
        services.import_signatures(petition=petition, signatures=fake_signatures(1))


def snapshot(petition):
    """What a refused step must leave as it was: the row, its events and its signatures."""
    return (
        Petition.objects.filter(pk=petition.pk).values().first(),
        list(PetitionEvent.objects.filter(petition_id=petition.pk).values()),
        list(Signature.objects.filter(petition_id=petition.pk).order_by("pk").values()),
    )


def assert_refused(action, petition, user, code):
    before = snapshot(petition)

    with pytest.raises(PetitionError) as refused:
        ACTIONS[action](petition, user)

    assert refused.value.code == code
    assert snapshot(petition) == before


def assert_moved(action, petition, user, outcome):
    status = petition.status
    count = Petition.objects.get(pk=petition.pk).signature_count
    known = set(PetitionEvent.objects.filter(petition_id=petition.pk).values_list("pk", flat=True))

    ACTIONS[action](petition, user)

    if outcome == "deleted":
        assert not Petition.objects.filter(pk=petition.pk).exists()
        assert not PetitionEvent.objects.filter(petition_id=petition.pk).exists()
        return
    after = Petition.objects.get(pk=petition.pk)
    assert after.status == outcome
    assert after.signature_count == count + COUNT_CHANGE.get(action, 0)
    new = [
        (event.action, event.actor, event.from_status, event.to_status, event.reason, event.note)
        for event in PetitionEvent.objects.filter(petition=after).exclude(pk__in=known)
    ]
    if action == "update":
        assert after.title == NEW_TITLE
    if action not in EVENTS:
        # Signing, withdrawing a signature and editing a draft do not move the petition.
        assert new == []
        return
    name, event_reason, note = EVENTS[action]
    if event_reason is None:
        event_reason = f"{after.rejection_reason.title} ({after.rejection_reason.legal_basis})"
    assert new == [(name, user, status, outcome, event_reason, note)]


def test_the_matrix_names_only_known_actions_statuses_roles_and_outcomes():
    assert set(MATRIX) == set(ACTIONS) == set(WHO)
    for by_status in MATRIX.values():
        assert set(by_status) <= set(STATUSES)
        for by_role in by_status.values():
            assert set(by_role) <= set(ROLES)
            assert set(by_role.values()) <= {*STATUSES, *CODES, "deleted"}


@pytest.mark.parametrize("status", STATUSES)
def test_each_role_takes_each_step_in_this_state_only_as_the_matrix_says(
    request, subtests, settings, status
):
    # Few early supporters make petitions quick to build; more than the four signers of the cast.
    settings.PETITION_INITIAL_SUPPORT = 10
    cast = {role: request.getfixturevalue(role) for role in CAST}
    moderator = cast["petition_moderator"]
    # A refused step changes nothing (asserted each time), so the refusals share one petition;
    # each step that succeeds gets a petition of its own.
    shared = None
    for action, role in itertools.product(MATRIX, ROLES):
        outcome = expected(action, status, role)
        with subtests.test(action=action, role=role, outcome=outcome):
            if outcome in CODES:
                petition, shared = shared or make_petition(status, moderator=moderator), None
            else:
                petition = make_petition(status, moderator=moderator)
            assert petition.status == status
            user = petition.author if role == "author" else cast[role]
            arrange(action, petition, user)

            if outcome in CODES:
                assert_refused(action, petition, user, outcome)
                shared = petition
            else:
                assert_moved(action, petition, user, outcome)


def test_an_update_changes_the_drafts_text_and_nothing_else(citizen):
    petition = make_petition("draft", author=citizen)

    services.update_petition(
        petition=petition, editor=citizen, title=NEW_TITLE, status="open", threshold=1
    )

    petition.refresh_from_db()
    assert (petition.title, petition.status, petition.threshold) == (NEW_TITLE, "draft", None)


@pytest.mark.parametrize(
    ("step", "kwargs"),
    [
        (services.return_petition, {"note": "  "}),
        (services.reject_petition, {"reason": None, "explanation": EXPLANATION}),
        (services.reject_petition, {"reason": "not in force", "explanation": EXPLANATION}),
        (services.reject_petition, {"reason": "active", "explanation": " \n"}),
        (services.hide_petition, {"reason": ""}),
    ],
    ids=[
        "return with a blank note", "reject without a reason", "reject under a ground not in force",
        "reject with a blank explanation", "hide without a reason",
    ],
)  # fmt: skip
def test_a_moderators_step_without_its_note_or_reason_is_refused_as_invalid(
    petition_moderator, step, kwargs
):
    petition = make_petition("in_moderation", moderator=petition_moderator)
    if kwargs.get("reason") in ("active", "not in force"):
        # A wording of the portal's list before the register is in force on no day.
        chosen = (
            reason()
            if kwargs["reason"] == "active"
            else (GroundVersion.objects.filter(in_register=False).first())
        )
        kwargs = {**kwargs, "reason": chosen}
    before = snapshot(petition)

    with pytest.raises(PetitionError) as refused:
        step(petition=petition, moderator=petition_moderator, **kwargs)

    assert refused.value.code == "invalid"
    assert snapshot(petition) == before


def test_a_response_without_text_and_an_invalidation_without_reason_are_refused_as_invalid(
    petition_moderator,
):
    petition = make_petition("under_consideration", moderator=petition_moderator)
    before = snapshot(petition)

    with pytest.raises(PetitionError) as no_text:
        services.record_response(
            petition=petition, moderator=petition_moderator, response_text=" ",
            discussion_date=date(2026, 12, 1),
        )  # fmt: skip
    with pytest.raises(PetitionError) as no_reason:
        services.invalidate_signatures(
            petition=petition, moderator=petition_moderator, reason="",
            signature_ids=first_valid_signature_ids(petition),
        )  # fmt: skip

    assert (no_text.value.code, no_reason.value.code) == ("invalid", "invalid")
    assert snapshot(petition) == before


def test_an_admin_cannot_send_an_answered_petition_back_to_moderation(admin):
    petition = make_petition("answered")
    before = snapshot(petition)

    with pytest.raises(PetitionError) as refused:
        services.submit_petition(petition=petition, actor=admin)

    assert refused.value.code == "forbidden"
    assert snapshot(petition) == before


def test_an_admin_cannot_restore_a_petition_that_was_never_hidden(admin):
    petition = make_petition("open")
    before = snapshot(petition)

    with pytest.raises(PetitionError) as refused:
        services.restore_petition(petition=petition, moderator=admin)

    # An admin may restore, but not a petition in this state: not now, a conflict.
    assert refused.value.code == "conflict"
    assert snapshot(petition) == before


# The whole life, event by event


def history(petition):
    return list(
        PetitionEvent.objects.filter(petition=petition).values_list(
            "action", "actor", "from_status", "to_status"
        )
    )


def test_a_petitions_whole_life_is_recorded_one_event_per_step(settings, petition_moderator):
    settings.PETITION_INITIAL_SUPPORT = 2
    author = UserFactory(iin=True)
    signers = [UserFactory(iin=True) for _ in range(3)]
    petition = make_petition("draft", author=author)

    services.submit_petition(petition=petition, actor=author)
    services.publish_petition(petition=petition, moderator=petition_moderator)
    Petition.objects.filter(pk=petition.pk).update(threshold=3)
    for signer in signers:
        services.sign_petition(petition=petition, user=signer)
    services.record_response(
        petition=petition, moderator=petition_moderator, response_text="Ответ.",
        discussion_date=date(2026, 12, 1),
    )  # fmt: skip

    M = petition_moderator.pk  # noqa: N806
    assert history(petition) == [
        ("created", author.pk, "", "draft"),
        ("submitted", author.pk, "draft", "in_moderation"),
        ("published", M, "in_moderation", "gathering_support"),
        ("opened", None, "gathering_support", "open"),
        ("threshold_reached", None, "open", "under_consideration"),
        ("answered", M, "under_consideration", "answered"),
    ]
    petition.refresh_from_db()
    assert petition.signature_count == 3


# Threshold and clocks


@pytest.mark.parametrize(
    ("addressee", "threshold"),
    [
        ("government", 50_000),
        ("health", 50_000),
        # Astana: 1,528,887 people; 1 % is 15,288.87, rounded up.
        ("akimat-71", 15_289),
        # 2 % is 30,577.74, rounded up.
        ("maslikhat-71", 30_578),
        # Ulytau: 221,317 people.
        ("akimat-62", 2_214),
        ("maslikhat-62", 4_427),
    ],
)
def test_the_threshold_is_set_at_publication_from_the_addressee(addressee, threshold):
    draft = make_petition("in_moderation", addressee=addressee)
    assert draft.threshold is None

    published = make_petition("gathering_support", addressee=addressee)

    assert Petition.objects.get(pk=published.pk).threshold == threshold


def test_the_threshold_stays_fixed_when_the_population_changes_after_publication():
    petition = make_petition("open", addressee="akimat-71")

    Region.objects.filter(code="KZ-71").update(population=3_000_000)
    services.sign_petition(petition=petition, user=UserFactory(iin=True))

    assert Petition.objects.get(pk=petition.pk).threshold == 15_289


def test_the_moderation_clock_is_20_working_days_from_submission_across_the_holidays():
    petition = make_petition("draft")

    # Friday 20 March 2026, at noon in Almaty; Nauryz makes 23 to 25 March days off.
    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=ALMATY), tick=False):
        services.submit_petition(petition=petition, actor=petition.author)

    petition.refresh_from_db()
    assert petition.moderation_deadline == date(2026, 4, 22)
    assert working_days_between(date(2026, 3, 20), petition.moderation_deadline) == 20


def test_the_moderation_clock_starts_on_the_day_of_submission():
    petition = make_petition("in_moderation")

    today = timezone.localdate()
    assert petition.moderation_deadline == add_working_days(today, 20)
    assert timezone.localdate(petition.submitted_at) == today


def district_body(slug, population, kind="akimat"):
    return StateBody.objects.create(
        slug=slug, kind=kind, level="district", region=region("KZ-11"), population=population,
        name_kk="Аудан әкімдігі", name_ru="Акимат района", name_en="District akimat",
    )  # fmt: skip


def test_enough_early_supporters_open_the_petition_once(settings):
    settings.PETITION_INITIAL_SUPPORT = 3
    petition = make_petition("gathering_support")

    counts = []
    for _ in range(4):
        services.sign_petition(petition=petition, user=UserFactory(iin=True))
        petition.refresh_from_db()
        counts.append((petition.signature_count, petition.status))

    assert counts == [
        (1, "gathering_support"),
        (2, "gathering_support"),
        (3, "open"),
        (4, "open"),
    ]
    assert PetitionEvent.objects.filter(petition=petition, action="opened").count() == 1
    assert petition.deadline == law.collection_deadline(timezone.localdate())


def test_reaching_the_threshold_sends_the_petition_to_the_body_once_and_it_keeps_counting(
    settings,
):
    settings.PETITION_INITIAL_SUPPORT = 2
    # A district of 100 people: 5 % is 5 signatures.
    district_body("akimat-small", population=100)
    petition = make_petition("gathering_support", addressee="akimat-small")
    assert petition.threshold == 5

    statuses = []
    for _ in range(7):
        services.sign_petition(petition=petition, user=UserFactory(iin=True))
        petition.refresh_from_db()
        statuses.append(petition.status)

    assert statuses == ["gathering_support", *["open"] * 3, *["under_consideration"] * 3]
    assert petition.signature_count == 7
    actions = list(PetitionEvent.objects.filter(petition=petition).values_list("action", flat=True))
    assert actions.count("opened") == 1
    assert actions.count("threshold_reached") == 1
    # A local body has 20 working days to answer.
    assert petition.consideration_deadline == add_working_days(timezone.localdate(), 20)
    assert petition.collection_deadline is None


def test_one_signature_can_open_the_petition_and_reach_the_threshold_in_one_step(settings):
    settings.PETITION_INITIAL_SUPPORT = 1
    district_body("akimat-tiny", population=20)  # 5 % of 20 is 1
    petition = make_petition("gathering_support", addressee="akimat-tiny")

    services.sign_petition(petition=petition, user=UserFactory(iin=True))

    assert history(petition)[-2:] == [
        ("opened", None, "gathering_support", "open"),
        ("threshold_reached", None, "open", "under_consideration"),
    ]


@pytest.mark.parametrize(
    "status", ["draft", "in_moderation", "gathering_support", "open", "under_consideration"]
)
def test_restoring_returns_the_petition_to_the_state_it_was_hidden_from(petition_moderator, status):
    petition = make_petition(status)
    before = Petition.objects.filter(pk=petition.pk).values(
        "threshold", "signature_count", "deadline", "support_deadline", "moderation_deadline"
    ).get()  # fmt: skip
    services.hide_petition(petition=petition, moderator=petition_moderator, reason=HIDE_REASON)

    services.restore_petition(petition=petition, moderator=petition_moderator)

    restored = Petition.objects.get(pk=petition.pk)
    assert restored.status == status
    assert (restored.status_before_hidden, restored.hidden_reason) == ("", "")
    assert Petition.objects.filter(pk=petition.pk).values(*before).get() == before
    assert history(petition)[-2:] == [
        ("hidden", petition_moderator.pk, status, "hidden"),
        ("restored", petition_moderator.pk, "hidden", status),
    ]


# The scheduled command


def test_expiry_lapses_closes_and_marks_overdue_and_a_second_run_changes_nothing():
    gathering = make_petition("gathering_support")
    opened = make_petition("open")
    waiting = make_petition("in_moderation")
    considered = make_petition("under_consideration")
    answered = make_petition("answered")
    day_after = max(opened.deadline, considered.consideration_deadline) + timedelta(days=1)

    first = services.expire_petitions(today=day_after)
    after_first = {
        petition.pk: snapshot(petition)
        for petition in (gathering, opened, waiting, considered, answered)
    }
    second = services.expire_petitions(today=day_after)

    assert first == {"lapsed": 1, "closed": 1, "overdue": 2}
    assert second == {"lapsed": 0, "closed": 0, "overdue": 0}
    statuses = dict(Petition.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in (gathering, opened, waiting, considered, answered)] == [
        "lapsed", "closed", "in_moderation", "under_consideration", "answered",
    ]  # fmt: skip
    overdue = set(Petition.objects.filter(overdue=True).values_list("pk", flat=True))
    assert overdue == {waiting.pk, considered.pk}
    assert history(gathering)[-1] == ("lapsed", None, "gathering_support", "lapsed")
    assert history(opened)[-1] == ("closed", None, "open", "closed")
    assert history(waiting)[-1] == ("clock_overdue", None, "in_moderation", "in_moderation")
    assert {pk: snapshot(Petition(pk=pk)) for pk in after_first} == after_first


def test_expiry_leaves_petitions_whose_last_day_is_today():
    gathering = make_petition("gathering_support")
    opened = make_petition("open")
    waiting = make_petition("in_moderation")
    last_day = min(gathering.support_deadline, opened.deadline, waiting.moderation_deadline)
    before = [snapshot(petition) for petition in (gathering, opened, waiting)]

    moved = services.expire_petitions(today=last_day)

    assert moved == {"lapsed": 0, "closed": 0, "overdue": 0}
    assert [snapshot(petition) for petition in (gathering, opened, waiting)] == before


def test_expiry_does_not_touch_a_hidden_petition_whose_deadline_passed(petition_moderator):
    petition = make_petition("open")
    services.hide_petition(petition=petition, moderator=petition_moderator, reason=HIDE_REASON)
    before = snapshot(petition)

    services.expire_petitions(today=petition.deadline + timedelta(days=1))

    assert snapshot(petition) == before
