"""Every state change of platforms/services.py: the allowed path, each refusal, the emails.

A refused step is taken through `refused`, which asserts that the platforms app's tables hold
exactly what they held before and that no email was queued, and returns the refusal's code
and its message in English.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from platforms import services
from platforms.models import (
    AgendaItem,
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationEvent,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
    RecommendationChange,
)
from platforms.services import PlatformError
from portal.models import User
from portal.notifications import render_email
from portal.validators import make_bin
from tests.factories import OrganizationMemberFactory, UserFactory, region, state_body
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    ProposalFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

NOT_ALLOWED = ("forbidden", "You may not do this.")
STORED = [
    Organization,
    OrganizationMember,
    Platform,
    Platform.moderators.through,
    PlatformMembership,
    PlatformEvent,
    OrganizationEvent,
    Meeting,
    AgendaItem,
    MeetingRegistration,
    Proposal,
    Recommendation,
    RecommendationChange,
]
# The first words of every email, from the kk and ru catalogues in locale/.
GREETING = {"kk": "Сәлеметсіз бе", "ru": "Здравствуйте", "en": "Hello"}


def stored():
    """Every row the platforms app holds."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in STORED}


@pytest.fixture
def refused(django_capture_on_commit_callbacks):
    """Take a step that must be refused; return its (code, English message)."""

    def take(step, **arguments):
        before = stored()
        with django_capture_on_commit_callbacks() as queued, pytest.raises(PlatformError) as error:
            step(**arguments)
        assert stored() == before
        assert queued == []
        with translation.override("en"):
            return error.value.code, str(error.value.message)

    return take


@pytest.fixture
def emailed(django_capture_on_commit_callbacks, mailoutbox):
    """Take a step and send its emails as after commit; return {address: email}."""

    def take(step, **arguments):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step(**arguments)
        addresses = [address for message in mailoutbox for address in message.to]
        assert len(addresses) == len(set(addresses)), "someone got the same email twice"
        return {message.to[0]: message for message in mailoutbox}

    return take


def fresh(user):
    """The person as the next request loads them (the rules cache answers on the object)."""
    return User.objects.get(pk=user.pk)


def speaking(language, **fields):
    """A new account that reads its emails in `language`."""
    return UserFactory(preferred_language=language, **fields)


def events(platform):
    """The platform's history, oldest first: (action, actor's pk, subject, note)."""
    return list(
        PlatformEvent.objects.filter(platform=platform)
        .order_by("pk")
        .values_list("action", "actor", "subject", "note")
    )


def soon(**delta):
    return timezone.now() + timedelta(**(delta or {"days": 7}))


def ago(**delta):
    return timezone.now() - timedelta(**(delta or {"hours": 2}))


@pytest.fixture
def platform(platform_moderator):
    """An active platform that takes open applications, moderated by platform_moderator."""
    return PlatformFactory(moderators=[platform_moderator])


@pytest.fixture
def member(platform):
    """An expert with an approved seat on `platform`."""
    return PlatformMembershipFactory(platform=platform).user


# NGOs

NEW_BIN = make_bin(2021, 4, serial=7001)


def registration(**changes):
    """A complete registration of a new NGO; `changes` replace its fields."""
    fields = {
        "name_kk": "«Жасыл ел» қоғамдық бірлестігі",
        "name_ru": "Общественное объединение «Жасыл ел»",
        "bin": NEW_BIN,
        "legal_form": Organization.LegalForm.PUBLIC_ASSOCIATION,
        "region": region("KZ-75"),
        "spheres": ["ecology", "youth"],
    }
    return {**fields, **changes}


def test_a_citizen_who_registers_an_ngo_becomes_its_representative_and_it_awaits_verification(
    citizen,
):
    services.register_organization(user=citizen, **registration())

    organization = Organization.objects.get(bin=NEW_BIN)
    assert (organization.name_ru, organization.region.code, organization.spheres) == (
        "Общественное объединение «Жасыл ел»",
        "KZ-75",
        ["ecology", "youth"],
    )
    assert organization.verified is False
    assert list(organization.memberships.values_list("user", "role", "status")) == [
        (citizen.pk, "representative", "approved")
    ]


def test_an_ngo_with_an_already_registered_bin_is_refused_as_a_conflict_and_nothing_is_stored(
    citizen, organization, refused
):
    outcome = refused(
        services.register_organization, user=citizen, **registration(bin=organization.bin)
    )

    assert outcome == ("conflict", "An organisation with this BIN is already registered.")


@pytest.mark.parametrize("person", ["visitor", "unverified"])
def test_only_an_account_with_a_verified_email_registers_an_ngo(request, person, refused):
    user = (
        UserFactory(verified=False) if person == "unverified" else request.getfixturevalue(person)
    )

    outcome = refused(services.register_organization, user=user, **registration())

    assert outcome == ("forbidden", "Verify your email address to register an NGO.")


def test_a_bin_that_is_not_twelve_digits_is_refused_as_invalid_not_as_a_duplicate(citizen, refused):
    code, message = refused(
        services.register_organization, user=citizen, **registration(bin="12345")
    )

    assert code == "invalid"
    assert "already registered" not in message


def test_a_bin_with_a_wrong_check_digit_is_refused_as_invalid_and_nothing_is_stored(
    citizen, refused
):
    code, _message = refused(
        services.register_organization, user=citizen, **registration(bin="123456789012")
    )

    assert code == "invalid"


def test_a_representative_updates_the_ngos_profile_but_not_its_bin_or_verification(
    ngo_representative, organization
):
    registered_bin = organization.bin

    services.update_organization(
        organization=organization,
        editor=ngo_representative,
        name_en="Green Country",
        website="https://zhasyl.kz",
        bin=NEW_BIN,
        verified=False,
    )

    organization = Organization.objects.get(pk=organization.pk)
    assert (organization.name_en, organization.website) == ("Green Country", "https://zhasyl.kz")
    assert (organization.bin, organization.verified) == (registered_bin, True)


def test_an_admin_updates_any_ngos_profile(admin, organization):
    services.update_organization(organization=organization, editor=admin, name_en="Green Country")

    assert Organization.objects.get(pk=organization.pk).name_en == "Green Country"


@pytest.mark.parametrize(
    "person", ["ngo_member", "other_ngos_representative", "platform_moderator", "visitor"]
)
def test_only_the_ngos_representatives_and_admins_update_its_profile(
    request, organization, refused, person
):
    outcome = refused(
        services.update_organization,
        organization=organization,
        editor=request.getfixturevalue(person),
        name_en="Taken over",
    )

    assert outcome == NOT_ALLOWED


@pytest.mark.parametrize("staff", ["platform_moderator", "petition_moderator", "admin"])
def test_ministry_staff_verify_an_ngo(request, staff):
    organization = Organization.objects.create(**registration())

    services.verify_organization(organization=organization, staff=request.getfixturevalue(staff))

    assert Organization.objects.get(pk=organization.pk).verified is True


@pytest.mark.parametrize("person", ["ngo_representative", "citizen"])
def test_nobody_outside_the_ministry_verifies_an_ngo(request, organization, refused, person):
    Organization.objects.filter(pk=organization.pk).update(verified=False)
    organization.refresh_from_db()

    outcome = refused(
        services.verify_organization,
        organization=organization,
        staff=request.getfixturevalue(person),
    )

    assert outcome == NOT_ALLOWED


# NGO members


def test_a_citizen_asks_to_join_an_ngo_and_waits_for_a_decision(citizen, organization):
    services.join_organization(organization=organization, user=citizen)

    assert OrganizationMember.objects.filter(user=citizen).values_list(
        "organization", "role", "status"
    ).get() == (organization.pk, "member", "pending")


def test_asking_twice_to_join_an_ngo_is_refused(citizen, organization, refused):
    services.join_organization(organization=organization, user=citizen)

    outcome = refused(services.join_organization, organization=organization, user=fresh(citizen))

    assert outcome == ("conflict", "Your request is already waiting for a decision.")


@pytest.mark.parametrize("person", ["ngo_member", "ngo_representative"])
def test_a_member_cannot_ask_to_join_their_ngo_again(request, organization, refused, person):
    outcome = refused(
        services.join_organization, organization=organization, user=request.getfixturevalue(person)
    )

    # Allowed to join an NGO, but not one they belong to already: "not now", a conflict.
    assert outcome == ("conflict", "You are already a member of this organisation.")


def test_a_removed_representative_may_ask_again_and_waits_as_a_plain_member(organization):
    earlier = OrganizationMemberFactory(
        organization=organization,
        role="representative",
        status="removed",
        decided_at=ago(days=30),
    )

    services.join_organization(organization=organization, user=earlier.user)

    earlier.refresh_from_db()
    assert (earlier.role, earlier.status, earlier.decided_at) == ("member", "pending", None)


@pytest.mark.parametrize(("approve", "status"), [(True, "approved"), (False, "removed")])
def test_a_representative_approves_or_refuses_a_request_to_join(
    ngo_representative, organization, citizen, approve, status
):
    asked = OrganizationMemberFactory(organization=organization, user=citizen, status="pending")

    services.decide_organization_member(
        membership=asked, representative=ngo_representative, approve=approve
    )

    asked.refresh_from_db()
    assert (asked.status, asked.role, asked.decided_by) == (status, "member", ngo_representative)
    assert asked.decided_at is not None


def test_deciding_a_request_to_join_twice_is_refused(ngo_representative, organization, refused):
    asked = OrganizationMemberFactory(organization=organization, status="pending")
    services.decide_organization_member(
        membership=asked, representative=ngo_representative, approve=True
    )

    outcome = refused(
        services.decide_organization_member,
        membership=asked,
        representative=ngo_representative,
        approve=False,
    )

    assert outcome == ("conflict", "This request was already decided.")


@pytest.mark.parametrize(
    "person", ["ngo_member", "other_ngos_representative", "platform_moderator", "visitor"]
)
def test_only_the_ngos_representatives_and_admins_decide_requests_to_join(
    request, organization, refused, person
):
    asked = OrganizationMemberFactory(organization=organization, status="pending")

    outcome = refused(
        services.decide_organization_member,
        membership=asked,
        representative=request.getfixturevalue(person),
        approve=True,
    )

    assert outcome == NOT_ALLOWED


def test_a_representative_removes_a_member(ngo_representative, ngo_member, organization):
    membership = OrganizationMember.objects.get(user=ngo_member)

    services.remove_organization_member(membership=membership, representative=ngo_representative)

    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == ("removed", ngo_representative)
    # No longer a member: they may only ask to join again.
    assert fresh(ngo_member).has_perm("platforms.join_organization", organization)


@pytest.mark.parametrize("remover", ["ngo_representative", "admin"])
def test_the_last_representative_cannot_be_removed(request, ngo_representative, refused, remover):
    membership = OrganizationMember.objects.get(user=ngo_representative)

    outcome = refused(
        services.remove_organization_member,
        membership=membership,
        representative=request.getfixturevalue(remover),
    )

    assert outcome == ("conflict", "An organisation needs at least one representative.")


def test_a_representative_may_leave_while_another_remains(ngo_representative, organization):
    OrganizationMemberFactory(organization=organization, role="representative")
    membership = OrganizationMember.objects.get(user=ngo_representative)

    services.remove_organization_member(membership=membership, representative=ngo_representative)

    assert OrganizationMember.objects.get(pk=membership.pk).status == "removed"


@pytest.mark.parametrize("status", ["pending", "removed"])
def test_removing_someone_who_is_not_an_approved_member_is_refused(
    ngo_representative, organization, refused, status
):
    membership = OrganizationMemberFactory(organization=organization, status=status)

    outcome = refused(
        services.remove_organization_member,
        membership=membership,
        representative=ngo_representative,
    )

    assert outcome == ("conflict", "This person is not a member.")


def test_the_representative_of_another_ngo_cannot_remove_its_members(
    ngo_member, other_ngos_representative, refused
):
    outcome = refused(
        services.remove_organization_member,
        membership=OrganizationMember.objects.get(user=ngo_member),
        representative=other_ngos_representative,
    )

    assert outcome == NOT_ALLOWED


# Applying to a platform


def seat(platform, user):
    """The person's seats on the platform: (organization, role, status), oldest first."""
    return list(
        PlatformMembership.objects.filter(platform=platform, user=user)
        .order_by("pk")
        .values_list("organization", "role", "status")
    )


def test_an_ngo_member_applies_on_the_ngos_behalf(ngo_member, organization, platform):
    services.apply_to_platform(
        platform=platform,
        user=ngo_member,
        role="ngo_representative",
        organization=organization,
        motivation="Мы 10 лет работаем с молодёжью.",
        show_name=True,
    )

    membership = PlatformMembership.objects.get(platform=platform)
    assert seat(platform, ngo_member) == [(organization.pk, "ngo_representative", "applied")]
    assert (membership.motivation, membership.show_name) == (
        "Мы 10 лет работаем с молодёжью.",
        True,
    )
    assert events(platform) == [("applied", ngo_member.pk, organization.name, "")]


@pytest.fixture
def pending_member(organization):
    """A citizen whose request to join `organization` waits for a decision."""
    return OrganizationMemberFactory(organization=organization, status="pending").user


@pytest.mark.parametrize(
    ("person", "ngo"),
    [
        ("citizen", "organization"),
        ("pending_member", "organization"),
        ("ngo_member", "other_organization"),
        ("ngo_member", None),
    ],
    ids=["not a member", "pending member", "member of another NGO", "no NGO named"],
)
def test_only_an_approved_member_of_the_ngo_applies_on_its_behalf(
    request, platform, refused, person, ngo
):
    outcome = refused(
        services.apply_to_platform,
        platform=platform,
        user=request.getfixturevalue(person),
        role="ngo_representative",
        organization=ngo and request.getfixturevalue(ngo),
    )

    assert outcome == ("forbidden", "Apply on an NGO's behalf only as its approved member.")


@pytest.mark.parametrize("role", ["expert", "activist"])
def test_a_citizen_applies_as_an_expert_or_activist_in_their_own_right(
    ngo_member, organization, platform, role
):
    services.apply_to_platform(
        platform=platform, user=ngo_member, role=role, organization=organization
    )

    assert seat(platform, ngo_member) == [(None, role, "applied")]


def test_nobody_applies_as_a_state_official(citizen, platform, refused):
    outcome = refused(
        services.apply_to_platform, platform=platform, user=citizen, role="state_official"
    )

    assert outcome == ("invalid", "State officials are appointed by the moderators.")


def test_applying_again_while_the_application_waits_is_refused(citizen, platform, refused):
    services.apply_to_platform(platform=platform, user=citizen, role="expert")

    outcome = refused(
        services.apply_to_platform, platform=platform, user=fresh(citizen), role="activist"
    )

    assert outcome == ("conflict", "You have already applied to this platform.")


def test_a_member_with_a_seat_cannot_apply_again(member, platform, refused):
    outcome = refused(services.apply_to_platform, platform=platform, user=member, role="expert")

    assert outcome == ("conflict", "This platform does not take your application.")


@pytest.mark.parametrize(
    ("fields", "code"),
    # By invitation it never takes one (not allowed); archived, no longer (not now).
    [({"status": "archived"}, "conflict"), ({"membership_policy": "invitation"}, "forbidden")],
    ids=["archived", "by invitation"],
)
def test_an_archived_or_invitation_only_platform_takes_no_application(
    citizen, refused, fields, code
):
    platform = PlatformFactory(**fields)

    outcome = refused(services.apply_to_platform, platform=platform, user=citizen, role="expert")

    assert outcome == (code, "This platform does not take your application.")


@pytest.mark.parametrize("person", ["visitor", "unverified"])
def test_only_a_citizen_applies(request, platform, refused, person):
    user = (
        UserFactory(verified=False) if person == "unverified" else request.getfixturevalue(person)
    )

    outcome = refused(services.apply_to_platform, platform=platform, user=user, role="expert")

    assert outcome == ("forbidden", "This platform does not take your application.")


# Deciding applications


def application(platform, user=None, **fields):
    return PlatformMembershipFactory(
        platform=platform, user=user or UserFactory(), status="applied", **fields
    )


def test_a_moderator_approves_an_application(platform_moderator, platform, citizen):
    applied = application(platform, citizen)

    services.decide_platform_membership(
        membership=applied, moderator=platform_moderator, approve=True
    )

    applied.refresh_from_db()
    assert (applied.status, applied.decided_by, applied.decision_reason) == (
        "approved",
        platform_moderator,
        "",
    )
    assert applied.decided_at is not None
    assert events(platform) == [("approved", platform_moderator.pk, citizen.full_name, "")]


def test_a_moderator_declines_an_application_with_a_reason(platform_moderator, platform, citizen):
    applied = application(platform, citizen)

    services.decide_platform_membership(
        membership=applied,
        moderator=platform_moderator,
        approve=False,
        reason="Площадка набрала экспертов по этой теме.",
    )

    applied.refresh_from_db()
    assert (applied.status, applied.decision_reason) == (
        "declined",
        "Площадка набрала экспертов по этой теме.",
    )
    assert events(platform) == [
        (
            "declined",
            platform_moderator.pk,
            citizen.full_name,
            "Площадка набрала экспертов по этой теме.",
        )
    ]


@pytest.mark.parametrize("reason", ["", "  \n"], ids=["empty", "blank"])
def test_declining_an_application_without_a_reason_is_refused(
    platform_moderator, platform, refused, reason
):
    outcome = refused(
        services.decide_platform_membership,
        membership=application(platform),
        moderator=platform_moderator,
        approve=False,
        reason=reason,
    )

    assert outcome == ("invalid", "Give the reason for declining.")


@pytest.mark.parametrize("approve", [True, False], ids=["approve again", "decline after"])
def test_deciding_an_application_twice_is_refused(platform_moderator, platform, refused, approve):
    applied = application(platform)
    services.decide_platform_membership(
        membership=applied, moderator=platform_moderator, approve=True
    )

    outcome = refused(
        services.decide_platform_membership,
        membership=applied,
        moderator=platform_moderator,
        approve=approve,
        reason="Поздно.",
    )

    assert outcome == ("conflict", "This application was already decided.")


@pytest.mark.parametrize(
    "person", ["other_platforms_moderator", "petition_moderator", "ngo_representative"]
)
def test_only_the_platforms_moderators_and_admins_decide_its_applications(
    request, platform, refused, person
):
    outcome = refused(
        services.decide_platform_membership,
        membership=application(platform),
        moderator=request.getfixturevalue(person),
        approve=True,
    )

    assert outcome == NOT_ALLOWED


def test_an_admin_decides_an_application_to_any_platform(admin, platform):
    applied = application(platform)

    services.decide_platform_membership(membership=applied, moderator=admin, approve=True)

    assert PlatformMembership.objects.get(pk=applied.pk).status == "approved"


def test_applications_to_an_archived_platform_are_not_decided(platform_moderator, refused):
    archived = PlatformFactory(status="archived", moderators=[platform_moderator])

    outcome = refused(
        services.decide_platform_membership,
        membership=application(archived),
        moderator=platform_moderator,
        approve=True,
    )

    assert outcome == ("conflict", NOT_ALLOWED[1])


# State officials


def test_a_moderator_seats_a_state_official(platform_moderator, platform):
    # Civil society's two seats first: with the official's, two thirds (two_thirds_rule).
    PlatformMembershipFactory.create_batch(2, platform=platform)
    official = UserFactory(first_name="Ерлан", last_name="Тасболатов")

    services.appoint_state_official(platform=platform, moderator=platform_moderator, user=official)

    membership = PlatformMembership.objects.get(platform=platform, user=official)
    assert (membership.role, membership.status, membership.decided_by) == (
        "state_official",
        "approved",
        platform_moderator,
    )
    assert events(platform) == [("appointed", platform_moderator.pk, "Ерлан Тасболатов", "")]


@pytest.mark.parametrize("status", ["applied", "approved"])
def test_seating_someone_who_already_has_a_seat_or_an_application_is_refused(
    platform_moderator, platform, citizen, refused, status
):
    PlatformMembershipFactory(platform=platform, user=citizen, status=status)

    outcome = refused(
        services.appoint_state_official,
        platform=platform,
        moderator=platform_moderator,
        user=citizen,
    )

    assert outcome == ("conflict", "This person already has a seat on the platform.")


@pytest.mark.parametrize("person", ["other_platforms_moderator", "citizen"])
def test_only_the_platforms_moderators_appoint_state_officials(request, platform, refused, person):
    outcome = refused(
        services.appoint_state_official,
        platform=platform,
        moderator=request.getfixturevalue(person),
        user=UserFactory(),
    )

    assert outcome == NOT_ALLOWED


# Leaving


@pytest.mark.parametrize("status", ["approved", "applied"], ids=["member", "applicant"])
def test_a_member_leaves_and_an_applicant_withdraws(platform, citizen, status):
    membership = PlatformMembershipFactory(platform=platform, user=citizen, status=status)

    services.leave_platform(membership=membership, user=citizen)

    assert seat(platform, citizen) == [(None, "expert", "left")]
    assert events(platform) == [("left", citizen.pk, citizen.full_name, "")]


def test_nobody_gives_up_someone_elses_seat(platform, member, platform_moderator, refused):
    membership = PlatformMembership.objects.get(user=member)

    outcome = refused(services.leave_platform, membership=membership, user=platform_moderator)

    assert outcome == NOT_ALLOWED


@pytest.mark.parametrize("status", ["left", "declined"])
def test_leaving_without_a_current_seat_is_refused(platform, citizen, refused, status):
    membership = PlatformMembershipFactory(platform=platform, user=citizen, status=status)

    outcome = refused(services.leave_platform, membership=membership, user=citizen)

    assert outcome == ("conflict", "You are not a member of this platform.")


def test_a_member_who_left_may_apply_again(platform, member):
    services.leave_platform(membership=PlatformMembership.objects.get(user=member), user=member)

    services.apply_to_platform(platform=platform, user=fresh(member), role="activist")

    assert seat(platform, member) == [(None, "expert", "left"), (None, "activist", "applied")]


def test_a_declined_applicant_may_apply_again(platform, citizen):
    PlatformMembershipFactory(platform=platform, user=citizen, status="declined")

    services.apply_to_platform(platform=platform, user=citizen, role="expert")

    assert seat(platform, citizen) == [(None, "expert", "declined"), (None, "expert", "applied")]


# Meetings


def meeting_details(**changes):
    details = {
        "title": "Заседание по молодёжной политике",
        "starts_at": soon(days=10),
        "format": Meeting.Format.HYBRID,
        "place": "Астана, Дом министерств, зал 3",
        "online_link": "https://meet.gov.kz/misd-youth",
        "capacity": 40,
    }
    return {**details, **changes}


def test_a_moderator_schedules_a_meeting_with_its_agenda_in_order(platform_moderator, platform):
    starts_at = soon(days=10)
    agenda = ["Отчёт за квартал", "  ", "Молодёжные центры", "Разное"]

    meeting = services.schedule_meeting(
        platform=platform,
        moderator=platform_moderator,
        agenda=agenda,
        **meeting_details(starts_at=starts_at),
    )

    stored_meeting = Meeting.objects.get(platform=platform)
    assert (stored_meeting.pk, stored_meeting.starts_at, stored_meeting.capacity) == (
        meeting.pk,
        starts_at,
        40,
    )
    assert (stored_meeting.format, stored_meeting.place, stored_meeting.online_link) == (
        "hybrid",
        "Астана, Дом министерств, зал 3",
        "https://meet.gov.kz/misd-youth",
    )
    assert list(stored_meeting.agenda_items.values_list("position", "title")) == [
        (1, "Отчёт за квартал"),
        (2, "Молодёжные центры"),
        (3, "Разное"),
    ]
    assert events(platform) == [
        ("meeting_scheduled", platform_moderator.pk, "Заседание по молодёжной политике", "")
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": ago(minutes=1)}, "A meeting cannot be scheduled in the past."),
        ({"format": "offline", "place": " "}, "Give the place of an in-person meeting."),
        ({"format": "hybrid", "place": ""}, "Give the place of an in-person meeting."),
        ({"format": "online", "online_link": ""}, "Give the link of an online meeting."),
        ({"format": "hybrid", "online_link": ""}, "Give the link of an online meeting."),
    ],
    ids=[
        "in the past",
        "offline without a place",
        "hybrid without a place",
        "online without a link",
        "hybrid without a link",
    ],
)
def test_a_meeting_in_the_past_or_without_its_place_or_link_is_refused(
    platform_moderator, platform, refused, changes, message
):
    outcome = refused(
        services.schedule_meeting,
        platform=platform,
        moderator=platform_moderator,
        agenda=["Отчёт"],
        **meeting_details(**changes),
    )

    assert outcome == ("invalid", message)


def test_an_online_meeting_needs_no_place_and_an_offline_one_no_link(platform_moderator, platform):
    services.schedule_meeting(
        platform=platform,
        moderator=platform_moderator,
        **meeting_details(format="online", place=""),
    )
    services.schedule_meeting(
        platform=platform,
        moderator=platform_moderator,
        **meeting_details(format="offline", online_link=""),
    )

    assert sorted(Meeting.objects.values_list("format", flat=True)) == ["offline", "online"]


@pytest.mark.parametrize("person", ["other_platforms_moderator", "member", "visitor"])
def test_only_the_platforms_moderators_schedule_its_meetings(request, platform, refused, person):
    outcome = refused(
        services.schedule_meeting,
        platform=platform,
        moderator=request.getfixturevalue(person),
        **meeting_details(),
    )

    assert outcome == NOT_ALLOWED


def test_no_meeting_is_scheduled_on_an_archived_platform(platform_moderator, refused):
    archived = PlatformFactory(status="archived", moderators=[platform_moderator])

    outcome = refused(
        services.schedule_meeting,
        platform=archived,
        moderator=platform_moderator,
        **meeting_details(),
    )

    assert outcome == ("conflict", NOT_ALLOWED[1])


# Registering for meetings

NOT_BEFORE = ("forbidden", "Only the platform's members may register, before the meeting.")


def registered(meeting):
    return set(MeetingRegistration.objects.filter(meeting=meeting).values_list("user", flat=True))


def test_a_member_registers_for_an_upcoming_meeting(platform, member):
    meeting = MeetingFactory(platform=platform)

    services.register_for_meeting(meeting=meeting, user=member)

    assert registered(meeting) == {member.pk}


@pytest.mark.parametrize("person", ["citizen", "applicant", "member who left", "moderator"])
def test_only_a_member_with_a_seat_registers(
    request, platform, platform_moderator, refused, person
):
    if person == "moderator":
        user = platform_moderator
    else:
        user = request.getfixturevalue("citizen")
        status = {"citizen": None, "applicant": "applied", "member who left": "left"}[person]
        if status:
            PlatformMembershipFactory(platform=platform, user=user, status=status)

    outcome = refused(
        services.register_for_meeting, meeting=MeetingFactory(platform=platform), user=user
    )

    assert outcome == NOT_BEFORE


def test_a_member_of_another_platform_cannot_register(platform, refused):
    outsider = PlatformMembershipFactory().user

    outcome = refused(
        services.register_for_meeting, meeting=MeetingFactory(platform=platform), user=outsider
    )

    assert outcome == NOT_BEFORE


def test_nobody_registers_for_a_meeting_that_has_begun(platform, member, refused):
    meeting = MeetingFactory(platform=platform, starts_at=ago(minutes=5))

    outcome = refused(services.register_for_meeting, meeting=meeting, user=member)

    assert outcome == ("conflict", NOT_BEFORE[1])


def test_registering_twice_is_refused(platform, member, refused):
    meeting = MeetingFactory(platform=platform)
    services.register_for_meeting(meeting=meeting, user=member)

    outcome = refused(services.register_for_meeting, meeting=meeting, user=member)

    assert outcome == ("conflict", "You are already registered.")


def test_the_registration_after_the_last_seat_is_refused(platform, refused):
    meeting = MeetingFactory(platform=platform, capacity=3)
    members = [PlatformMembershipFactory(platform=platform).user for _ in range(4)]
    for person in members[:3]:
        services.register_for_meeting(meeting=meeting, user=person)

    outcome = refused(services.register_for_meeting, meeting=meeting, user=members[3])

    assert outcome == ("conflict", "All seats are taken.")
    assert registered(meeting) == {person.pk for person in members[:3]}


def test_a_cancelled_registration_frees_the_seat_for_the_next_member(platform, member):
    meeting = MeetingFactory(platform=platform, capacity=1)
    next_member = PlatformMembershipFactory(platform=platform).user
    services.register_for_meeting(meeting=meeting, user=member)

    services.cancel_registration(meeting=meeting, user=member)
    services.register_for_meeting(meeting=meeting, user=next_member)

    assert registered(meeting) == {next_member.pk}


def test_cancelling_without_a_registration_is_refused(platform, member, refused):
    outcome = refused(
        services.cancel_registration, meeting=MeetingFactory(platform=platform), user=member
    )

    assert outcome == ("conflict", "You are not registered for this upcoming meeting.")


def test_a_registration_for_a_meeting_that_has_begun_stays(platform, member, refused):
    meeting = MeetingFactory(platform=platform, starts_at=ago())
    MeetingRegistrationFactory(meeting=meeting, user=member)

    outcome = refused(services.cancel_registration, meeting=meeting, user=member)

    assert outcome == ("conflict", "You are not registered for this upcoming meeting.")


# Minutes


def test_minutes_are_published_after_the_meeting_with_who_attended(platform_moderator, platform):
    meeting = MeetingFactory(platform=platform, starts_at=ago())
    came, also_came, stayed_away = (
        MeetingRegistrationFactory(meeting=meeting).user for _ in range(3)
    )
    stranger = UserFactory()

    services.publish_minutes(
        meeting=meeting,
        moderator=platform_moderator,
        minutes="Решили открыть три центра.",
        attended_user_ids=[came.pk, also_came.pk, stranger.pk],
    )

    meeting.refresh_from_db()
    assert meeting.minutes == "Решили открыть три центра."
    assert meeting.minutes_published_at is not None
    assert dict(MeetingRegistration.objects.values_list("user", "attended")) == {
        came.pk: True,
        also_came.pk: True,
        stayed_away.pk: False,
    }
    assert events(platform) == [("minutes_published", platform_moderator.pk, meeting.title, "")]


def test_minutes_before_the_meeting_are_refused(platform_moderator, platform, refused):
    meeting = MeetingFactory(platform=platform)

    outcome = refused(
        services.publish_minutes, meeting=meeting, moderator=platform_moderator, minutes="Заранее."
    )

    assert outcome == ("conflict", "Minutes are published after the meeting, by its moderators.")


def test_blank_minutes_are_refused(platform_moderator, platform, refused):
    meeting = MeetingFactory(platform=platform, starts_at=ago())

    outcome = refused(
        services.publish_minutes, meeting=meeting, moderator=platform_moderator, minutes=" \n "
    )

    assert outcome == ("invalid", "Write the minutes.")


@pytest.mark.parametrize("person", ["other_platforms_moderator", "member"])
def test_only_the_platforms_moderators_publish_minutes(request, platform, refused, person):
    meeting = MeetingFactory(platform=platform, starts_at=ago())

    outcome = refused(
        services.publish_minutes,
        meeting=meeting,
        moderator=request.getfixturevalue(person),
        minutes="Протокол.",
    )

    assert outcome == ("forbidden", "Minutes are published after the meeting, by its moderators.")


# Proposals


def test_a_member_submits_a_proposal(platform, member):
    services.submit_proposal(
        platform=platform,
        user=member,
        title="Центры в сёлах",
        text="Открыть молодёжные центры в сельских округах.",
    )

    assert list(Proposal.objects.values_list("platform", "author", "title", "status")) == [
        (platform.pk, member.pk, "Центры в сёлах", "submitted")
    ]
    assert events(platform) == [("proposal_submitted", member.pk, "Центры в сёлах", "")]


@pytest.mark.parametrize("person", ["citizen", "platform_moderator", "applicant"])
def test_only_a_member_with_a_seat_submits_proposals(request, platform, refused, person):
    user = application(platform).user if person == "applicant" else None
    user = user or request.getfixturevalue(person)

    outcome = refused(
        services.submit_proposal, platform=platform, user=user, title="Идея", text="Текст."
    )

    assert outcome == ("forbidden", "Only the platform's members may make proposals.")


def test_an_archived_platform_takes_no_proposal(citizen, refused):
    archived = PlatformFactory(status="archived")
    PlatformMembershipFactory(platform=archived, user=citizen)

    outcome = refused(
        services.submit_proposal, platform=archived, user=citizen, title="Идея", text="Текст."
    )

    assert outcome == ("conflict", "Only the platform's members may make proposals.")


def test_a_proposal_goes_on_the_meetings_agenda_as_its_last_item(platform_moderator, platform):
    meeting = services.schedule_meeting(
        platform=platform,
        moderator=platform_moderator,
        agenda=["Отчёт", "Разное"],
        **meeting_details(),
    )
    proposal = ProposalFactory(platform=platform, title="Центры в сёлах")

    services.put_proposal_on_agenda(
        proposal=proposal, moderator=platform_moderator, meeting=meeting
    )

    assert list(meeting.agenda_items.values_list("position", "title", "proposal")) == [
        (1, "Отчёт", None),
        (2, "Разное", None),
        (3, "Центры в сёлах", proposal.pk),
    ]
    proposal.refresh_from_db()
    assert proposal.status == "on_agenda"
    assert proposal.decided_at is not None
    assert events(platform)[-1] == (
        "proposal_on_agenda",
        platform_moderator.pk,
        "Центры в сёлах",
        "",
    )


def test_a_proposal_goes_first_on_an_empty_agenda(platform_moderator, platform):
    meeting = MeetingFactory(platform=platform)
    proposal = ProposalFactory(platform=platform)

    services.put_proposal_on_agenda(
        proposal=proposal, moderator=platform_moderator, meeting=meeting
    )

    assert list(meeting.agenda_items.values_list("position", "proposal")) == [(1, proposal.pk)]


@pytest.mark.parametrize("which", ["another platform's", "a past"])
def test_a_proposal_goes_only_on_an_upcoming_meeting_of_its_platform(
    platform_moderator, platform, refused, which
):
    if which == "a past":
        meeting = MeetingFactory(platform=platform, starts_at=ago())
    else:
        meeting = MeetingFactory(platform=PlatformFactory(moderators=[platform_moderator]))

    outcome = refused(
        services.put_proposal_on_agenda,
        meeting=meeting,
        proposal=ProposalFactory(platform=platform),
        moderator=platform_moderator,
    )

    assert outcome == ("invalid", "Choose an upcoming meeting of this platform.")


@pytest.mark.parametrize("first", ["put on an agenda", "declined"])
def test_a_decided_proposal_cannot_be_decided_again(platform_moderator, platform, refused, first):
    meeting = MeetingFactory(platform=platform)
    proposal = ProposalFactory(platform=platform)
    if first == "declined":
        services.decline_proposal(
            proposal=proposal, moderator=platform_moderator, reason="Не по теме площадки."
        )
    else:
        services.put_proposal_on_agenda(
            proposal=proposal, moderator=platform_moderator, meeting=meeting
        )

    on_agenda = refused(
        services.put_proposal_on_agenda,
        proposal=proposal,
        moderator=platform_moderator,
        meeting=meeting,
    )
    declined = refused(
        services.decline_proposal, proposal=proposal, moderator=platform_moderator, reason="Дубль."
    )

    assert on_agenda == declined == ("conflict", "This proposal was already decided.")


def test_a_moderator_declines_a_proposal_with_a_reason(platform_moderator, platform):
    proposal = ProposalFactory(platform=platform)

    services.decline_proposal(
        proposal=proposal, moderator=platform_moderator, reason="Не по теме площадки."
    )

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_reason) == ("declined", "Не по теме площадки.")
    assert proposal.decided_at is not None
    assert events(platform) == [
        ("proposal_declined", platform_moderator.pk, proposal.title, "Не по теме площадки.")
    ]


@pytest.mark.parametrize("reason", ["", " \t "], ids=["empty", "blank"])
def test_declining_a_proposal_without_a_reason_is_refused(
    platform_moderator, platform, refused, reason
):
    outcome = refused(
        services.decline_proposal,
        proposal=ProposalFactory(platform=platform),
        moderator=platform_moderator,
        reason=reason,
    )

    assert outcome == ("invalid", "Give the reason for declining.")


@pytest.mark.parametrize("person", ["other_platforms_moderator", "member"])
def test_only_the_platforms_moderators_decide_proposals(request, platform, refused, person):
    proposal = ProposalFactory(platform=platform)
    moderator = request.getfixturevalue(person)

    on_agenda = refused(
        services.put_proposal_on_agenda,
        proposal=proposal,
        moderator=moderator,
        meeting=MeetingFactory(platform=platform),
    )
    declined = refused(
        services.decline_proposal, proposal=proposal, moderator=moderator, reason="Нет."
    )

    assert on_agenda == declined == NOT_ALLOWED


# Recommendations

Status = Recommendation.Status
ALLOWED_STEPS = [
    (before, after) for before, nexts in Recommendation.NEXT.items() for after in nexts
]
REFUSED_STEPS = [
    (before, after)
    for before in Status
    for after in Status
    if after not in Recommendation.NEXT[before]
]
ANSWER = "Министерство включило рекомендацию в план на 2026 год."


def step_id(step):
    return f"{step[0]}->{step[1]}"


def changes(recommendation):
    return list(
        RecommendationChange.objects.filter(recommendation=recommendation).values_list(
            "from_status", "to_status", "answer", "answered_on", "actor"
        )
    )


def test_a_moderator_records_a_meetings_recommendation(platform_moderator, platform):
    meeting = MeetingFactory(platform=platform, starts_at=ago(days=1))

    services.record_recommendation(
        platform=platform,
        moderator=platform_moderator,
        meeting=meeting,
        text="Открыть молодёжные центры.",
        addressee=state_body("misd"),
        due_date=date(2026, 12, 31),
        answered_on=date(2026, 3, 2),
    )

    recommendation = Recommendation.objects.get()
    assert (recommendation.platform, recommendation.meeting, recommendation.addressee.slug) == (
        platform,
        meeting,
        "misd",
    )
    assert (recommendation.status, recommendation.due_date) == ("proposed", date(2026, 12, 31))
    assert changes(recommendation) == [
        ("", "proposed", "", date(2026, 3, 2), platform_moderator.pk)
    ]
    assert events(platform) == [
        ("recommendation_recorded", platform_moderator.pk, "Открыть молодёжные центры.", "")
    ]


def test_a_councils_resolution_is_recorded_without_a_meeting_and_dated_today(admin, platform):
    services.record_recommendation(
        platform=platform,
        moderator=admin,
        text="Решение совета.",
        addressee=state_body("government"),
    )

    assert changes(Recommendation.objects.get()) == [
        ("", "proposed", "", timezone.localdate(), admin.pk)
    ]


def test_a_recommendation_from_another_platforms_meeting_is_refused(
    platform_moderator, platform, refused
):
    elsewhere = MeetingFactory(platform=PlatformFactory(moderators=[platform_moderator]))

    outcome = refused(
        services.record_recommendation,
        platform=platform,
        meeting=elsewhere,
        moderator=platform_moderator,
        text="Рекомендация.",
        addressee=state_body("misd"),
    )

    assert outcome == ("invalid", "Choose a meeting of this platform.")


@pytest.mark.parametrize("person", ["other_platforms_moderator", "member", "petition_moderator"])
def test_only_the_platforms_moderators_record_and_move_its_recommendations(
    request, platform, refused, person
):
    moderator = request.getfixturevalue(person)

    recorded = refused(
        services.record_recommendation,
        platform=platform,
        moderator=moderator,
        text="Рекомендация.",
        addressee=state_body("misd"),
    )
    moved = refused(
        services.change_recommendation_status,
        recommendation=RecommendationFactory(platform=platform),
        moderator=moderator,
        to_status="sent",
        answer="",
        answered_on=date(2026, 3, 2),
    )

    assert recorded == moved == NOT_ALLOWED


@pytest.mark.parametrize(("before", "after"), ALLOWED_STEPS, ids=map(step_id, ALLOWED_STEPS))
def test_a_recommendation_moves_along_each_allowed_step_with_the_answer_and_its_date(
    platform_moderator, platform, before, after
):
    recommendation = RecommendationFactory(platform=platform, status=before)

    services.change_recommendation_status(
        recommendation=recommendation,
        moderator=platform_moderator,
        to_status=after,
        answer=ANSWER,
        answered_on=date(2026, 4, 1),
    )

    assert Recommendation.objects.get(pk=recommendation.pk).status == after
    assert changes(recommendation) == [
        (before, after, ANSWER, date(2026, 4, 1), platform_moderator.pk)
    ]
    assert events(platform) == [
        (f"recommendation_{after}", platform_moderator.pk, recommendation.text, "")
    ]


@pytest.mark.parametrize(("before", "after"), REFUSED_STEPS, ids=map(step_id, REFUSED_STEPS))
def test_every_other_step_of_a_recommendation_is_refused(
    platform_moderator, platform, refused, before, after
):
    recommendation = RecommendationFactory(platform=platform, status=before)

    outcome = refused(
        services.change_recommendation_status,
        recommendation=recommendation,
        moderator=platform_moderator,
        to_status=after,
        answer=ANSWER,
        answered_on=date(2026, 4, 1),
    )

    assert outcome == ("conflict", "A recommendation cannot move to that status from here.")


ANSWERED_STEPS = [step for step in ALLOWED_STEPS if step[1] != Status.SENT]


@pytest.mark.parametrize(("before", "after"), ANSWERED_STEPS, ids=map(step_id, ANSWERED_STEPS))
def test_each_step_after_sending_needs_the_answer(
    platform_moderator, platform, refused, before, after
):
    recommendation = RecommendationFactory(platform=platform, status=before)

    outcome = refused(
        services.change_recommendation_status,
        recommendation=recommendation,
        moderator=platform_moderator,
        to_status=after,
        answer="  ",
        answered_on=date(2026, 4, 1),
    )

    assert outcome == ("invalid", "Enter the answer.")


def test_a_recommendations_whole_life_is_recorded_one_change_per_step(platform_moderator, platform):
    services.record_recommendation(
        platform=platform,
        moderator=platform_moderator,
        text="Открыть молодёжные центры.",
        addressee=state_body("misd"),
        answered_on=date(2026, 3, 2),
    )
    recommendation = Recommendation.objects.get()
    steps = [
        ("sent", "", date(2026, 3, 3)),
        ("partially_accepted", "Принято для трёх областей.", date(2026, 4, 10)),
        ("in_progress", "Центры строятся.", date(2026, 6, 1)),
        ("implemented", "Центры открыты.", date(2026, 11, 20)),
    ]

    for to_status, answer, answered_on in steps:
        services.change_recommendation_status(
            recommendation=recommendation,
            moderator=platform_moderator,
            to_status=to_status,
            answer=answer,
            answered_on=answered_on,
        )

    M = platform_moderator.pk  # noqa: N806
    assert changes(recommendation) == [
        ("", "proposed", "", date(2026, 3, 2), M),
        ("proposed", "sent", "", date(2026, 3, 3), M),
        ("sent", "partially_accepted", "Принято для трёх областей.", date(2026, 4, 10), M),
        ("partially_accepted", "in_progress", "Центры строятся.", date(2026, 6, 1), M),
        ("in_progress", "implemented", "Центры открыты.", date(2026, 11, 20), M),
    ]
    assert Recommendation.objects.get().status == "implemented"


# Archiving


def test_a_moderator_archives_a_platform_which_then_takes_no_application(
    platform_moderator, platform, citizen, refused
):
    services.archive_platform(platform=platform, moderator=platform_moderator)

    assert Platform.objects.get(pk=platform.pk).status == "archived"
    assert events(platform) == [("archived", platform_moderator.pk, "", "")]
    outcome = refused(
        services.apply_to_platform,
        platform=Platform.objects.get(pk=platform.pk),
        user=citizen,
        role="expert",
    )
    assert outcome == ("conflict", "This platform does not take your application.")


@pytest.mark.parametrize("person", ["other_platforms_moderator", "member"])
def test_only_the_platforms_moderators_archive_it(request, platform, refused, person):
    outcome = refused(
        services.archive_platform, platform=platform, moderator=request.getfixturevalue(person)
    )

    assert outcome == NOT_ALLOWED


# Emails (design §4.6): to the people each decision concerns, in each one's language


def assert_greeted_in_their_language(sent, people):
    """Each email begins with the greeting in its recipient's preferred language."""
    for person in people:
        greeting = GREETING[person.preferred_language]
        assert sent[person.email].body.startswith(f"{greeting}, {person.first_name}!"), (
            person.preferred_language,
            sent[person.email].body[:80],
        )


def test_a_request_to_join_is_emailed_to_the_ngos_representatives(
    organization, ngo_representative, ngo_member, citizen, emailed
):
    russian = OrganizationMemberFactory(
        organization=organization, role="representative", user=speaking("ru")
    ).user
    OrganizationMemberFactory(organization=organization, role="representative", status="removed")

    sent = emailed(services.join_organization, organization=organization, user=citizen)

    assert set(sent) == {ngo_representative.email, russian.email}
    assert_greeted_in_their_language(sent, [ngo_representative, russian])
    assert citizen.full_name in sent[russian.email].body


@pytest.mark.parametrize("approve", [True, False], ids=["approved", "refused"])
def test_the_decision_on_a_request_to_join_is_emailed_to_the_person(
    organization, ngo_representative, emailed, approve
):
    person = speaking("en")
    asked = OrganizationMemberFactory(organization=organization, user=person, status="pending")

    sent = emailed(
        services.decide_organization_member,
        membership=asked,
        representative=ngo_representative,
        approve=approve,
    )

    assert set(sent) == {person.email}
    assert_greeted_in_their_language(sent, [person])
    subject = "You are a member of the NGO" if approve else "Your NGO membership has ended"
    assert sent[person.email].subject.startswith(subject)


def test_an_application_is_emailed_to_the_platforms_active_moderators(
    platform, platform_moderator, other_platforms_moderator, citizen, emailed
):
    russian = speaking("ru")
    retired = UserFactory(is_active=False)
    platform.moderators.add(russian, retired)

    sent = emailed(services.apply_to_platform, platform=platform, user=citizen, role="expert")

    assert set(sent) == {platform_moderator.email, russian.email}
    assert_greeted_in_their_language(sent, [platform_moderator, russian])
    assert citizen.full_name in sent[russian.email].body


def test_a_decision_on_an_ngos_application_is_emailed_to_the_applicant_and_the_ngos_members(
    platform,
    platform_moderator,
    organization,
    ngo_member,
    ngo_representative,
    other_ngos_representative,
    emailed,
):
    russian = OrganizationMemberFactory(organization=organization, user=speaking("ru")).user
    OrganizationMemberFactory(organization=organization, status="pending")
    OrganizationMemberFactory(organization=organization, status="removed")
    applied = application(
        platform, ngo_member, role="ngo_representative", organization=organization
    )

    sent = emailed(
        services.decide_platform_membership,
        membership=applied,
        moderator=platform_moderator,
        approve=False,
        reason="Мест нет.",
    )

    assert set(sent) == {ngo_member.email, ngo_representative.email, russian.email}
    assert_greeted_in_their_language(sent, [ngo_member, ngo_representative, russian])
    assert "Мест нет." in sent[russian.email].body


def test_a_decision_on_an_experts_application_is_emailed_to_the_expert_alone(
    platform, platform_moderator, emailed
):
    expert = speaking("en")
    applied = application(platform, expert)

    sent = emailed(
        services.decide_platform_membership,
        membership=applied,
        moderator=platform_moderator,
        approve=True,
    )

    assert set(sent) == {expert.email}
    assert sent[expert.email].subject.startswith("Application approved")
    assert_greeted_in_their_language(sent, [expert])


def test_a_scheduled_meeting_is_emailed_to_the_platforms_members(
    platform, platform_moderator, member, emailed
):
    russian = PlatformMembershipFactory(platform=platform, user=speaking("ru")).user
    official = PlatformMembershipFactory(platform=platform, role="state_official").user
    for status in ("applied", "declined", "left"):
        PlatformMembershipFactory(platform=platform, status=status)
    PlatformMembershipFactory()

    sent = emailed(
        services.schedule_meeting,
        platform=platform,
        moderator=platform_moderator,
        **meeting_details(),
    )

    assert set(sent) == {member.email, russian.email, official.email}
    assert_greeted_in_their_language(sent, [fresh(member), russian])
    assert Meeting.objects.get().get_absolute_url() in sent[russian.email].body


@pytest.mark.parametrize("decision", ["on the agenda", "declined"])
def test_the_decision_on_a_proposal_is_emailed_to_its_author(
    platform, platform_moderator, emailed, decision
):
    author = PlatformMembershipFactory(platform=platform, user=speaking("ru")).user
    proposal = ProposalFactory(platform=platform, author=author)
    meeting = MeetingFactory(platform=platform, title="Весеннее заседание")

    if decision == "declined":
        sent = emailed(
            services.decline_proposal,
            proposal=proposal,
            moderator=platform_moderator,
            reason="Не по теме.",
        )
        told = "Не по теме."
    else:
        sent = emailed(
            services.put_proposal_on_agenda,
            proposal=proposal,
            moderator=platform_moderator,
            meeting=meeting,
        )
        told = "Весеннее заседание"

    assert set(sent) == {author.email}
    assert_greeted_in_their_language(sent, [author])
    assert told in sent[author.email].body


def test_a_proposal_is_emailed_to_the_platforms_moderators(
    platform, platform_moderator, member, emailed
):
    sent = emailed(
        services.submit_proposal,
        platform=platform,
        user=member,
        title="Центры в сёлах",
        text="Открыть центры.",
    )

    assert set(sent) == {platform_moderator.email}


def platform_emails(platform, organization):
    """(template, context) of each email the platforms app sends."""
    applicant = UserFactory()
    asked = OrganizationMemberFactory(organization=organization, user=applicant, status="pending")
    approved = OrganizationMemberFactory(organization=organization)
    applied = application(platform, applicant)
    accepted = PlatformMembershipFactory(
        platform=platform, organization=organization, role="ngo_representative"
    )
    proposal = ProposalFactory(platform=platform, status="declined", decision_reason="Нет.")
    return [
        ("ngo_member_request", {"membership": asked}),
        ("ngo_member_decision", {"membership": approved}),
        ("platform_application", {"membership": applied}),
        ("platform_membership_decision", {"membership": accepted}),
        ("meeting_scheduled", {"meeting": MeetingFactory(platform=platform)}),
        ("proposal_submitted", {"proposal": ProposalFactory(platform=platform)}),
        ("proposal_decision", {"proposal": proposal}),
    ]


def test_every_platform_email_reads_in_kazakh_and_russian_beyond_its_greeting(
    platform, organization
):
    english_subjects = {}
    untranslated = []
    for template, context in platform_emails(platform, organization):
        for language in ("en", "ru", "kk"):
            email = render_email(template, speaking(language), context)
            # The subject's fixed words come before the name of the NGO, platform or item.
            words = email["subject"].split(":")[0]
            if language == "en":
                english_subjects[template] = words
            elif words == english_subjects[template]:
                untranslated.append((template, language, words))

    assert untranslated == []
