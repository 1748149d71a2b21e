"""Every step on an NGO or a platform leaves its event, with a typed action, actor and subject."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation

from platforms import services
from platforms.models import OrganizationEvent, OrganizationMember, Platform, PlatformEvent
from platforms.services import PlatformError
from portal.validators import make_bin
from tests.factories import OrganizationMemberFactory, UserFactory, region, state_body
from tests.platforms.factories import MeetingFactory, PlatformFactory, PlatformMembershipFactory

pytestmark = pytest.mark.django_db

NgoAction = OrganizationEvent.Action
Action = PlatformEvent.Action


def ngo_events(organization):
    return list(
        OrganizationEvent.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("action", "actor", "subject")
    )


def platform_events(platform):
    return list(
        PlatformEvent.objects.filter(platform=platform)
        .order_by("pk")
        .values_list("action", "actor", "subject")
    )


def test_registering_updating_and_verifying_an_ngo_are_its_first_events(citizen, admin):
    organization = services.register_organization(
        user=citizen, name_kk="«Жасыл ел»", name_ru="«Жасыл ел»",
        bin=make_bin(2021, 4, serial=7101), legal_form="public_association",
        region=region("KZ-75"), spheres=["ecology"],
    )  # fmt: skip
    services.update_organization(organization=organization, editor=citizen, website="https://e.kz")
    services.verify_organization(organization=organization, staff=admin)

    assert ngo_events(organization) == [
        (NgoAction.REGISTERED, citizen.pk, citizen.full_name),
        (NgoAction.UPDATED, citizen.pk, ""),
        (NgoAction.VERIFIED, admin.pk, ""),
    ]
    assert organization.events.get(action=NgoAction.UPDATED).note == "website"


def test_a_request_to_join_its_decision_and_a_removal_are_the_ngos_events(
    citizen, ngo_representative, organization
):
    services.join_organization(organization=organization, user=citizen)
    membership = OrganizationMember.objects.get(organization=organization, user=citizen)
    services.decide_organization_member(
        membership=membership, representative=ngo_representative, approve=True
    )
    services.remove_organization_member(membership=membership, representative=ngo_representative)
    refused = OrganizationMemberFactory(organization=organization, status="pending").user
    services.decide_organization_member(
        membership=OrganizationMember.objects.get(user=refused),
        representative=ngo_representative, approve=False,
    )  # fmt: skip

    assert ngo_events(organization) == [
        (NgoAction.JOIN_REQUESTED, citizen.pk, citizen.full_name),
        (NgoAction.MEMBER_APPROVED, ngo_representative.pk, citizen.full_name),
        (NgoAction.MEMBER_REMOVED, ngo_representative.pk, citizen.full_name),
        (NgoAction.MEMBER_REFUSED, ngo_representative.pk, refused.full_name),
    ]


def test_a_refused_step_leaves_no_event(citizen, organization):
    with pytest.raises(PlatformError):
        services.verify_organization(organization=organization, staff=citizen)

    assert ngo_events(organization) == []


def test_taking_and_giving_up_a_seat_at_a_meeting_are_the_platforms_events(citizen):
    platform = PlatformFactory()
    PlatformMembershipFactory(platform=platform, user=citizen, role="expert")
    meeting = MeetingFactory(platform=platform, starts_at=timezone.now() + timedelta(days=2))

    services.register_for_meeting(meeting=meeting, user=citizen)
    services.cancel_registration(meeting=meeting, user=citizen)

    assert platform_events(platform) == [
        (Action.REGISTERED, citizen.pk, meeting.title),
        (Action.REGISTRATION_CANCELLED, citizen.pk, meeting.title),
    ]


def test_an_admin_creates_a_platform_with_its_moderators_and_each_step_is_an_event(
    admin, platform_moderator
):
    platform = services.create_platform(
        user=admin, moderators=[platform_moderator], slug="eco-council", kind="public_council",
        name_kk="Экологиялық кеңес", name_ru="Экологический совет", sphere="ecology",
        host=state_body("misd"), membership_policy="invitation",
    )  # fmt: skip
    services.update_platform(platform=platform, moderator=platform_moderator, chair="А. Сейтова")
    services.remove_moderator(platform=platform, admin=admin, user=platform_moderator)

    platform.refresh_from_db()
    assert (platform.chair, platform.status, list(platform.moderators.all())) == (
        "А. Сейтова", Platform.Status.ACTIVE, []
    )  # fmt: skip
    assert platform_events(platform) == [
        (Action.CREATED, admin.pk, "Экологический совет"),
        (Action.MODERATOR_ASSIGNED, admin.pk, platform_moderator.full_name),
        (Action.UPDATED, platform_moderator.pk, ""),
        (Action.MODERATOR_REMOVED, admin.pk, platform_moderator.full_name),
    ]


def test_a_platform_that_breaks_its_fields_rules_is_refused_with_the_fields_message(admin):
    taken = PlatformFactory()

    with translation.override("en"), pytest.raises(PlatformError) as error:
        services.create_platform(
            user=admin, slug=taken.slug, kind="public_council", name_kk="Кеңес",
            name_ru="Совет", sphere="ecology", host=state_body("misd"),
        )  # fmt: skip

    assert error.value.code == "invalid"
    assert error.value.message == "Platform or council with this Slug already exists."
    assert Platform.objects.filter(slug=taken.slug).count() == 1


def test_only_ministry_staff_and_admins_create_platforms_and_only_admins_assign_moderators(
    citizen, platform_moderator
):
    platform = PlatformFactory()
    with pytest.raises(PlatformError) as error:
        services.create_platform(
            user=citizen, slug="x", kind="public_council", name_kk="x", name_ru="x",
            sphere="ecology", host=state_body("misd"),
        )  # fmt: skip
    assert error.value.code == "forbidden"

    with pytest.raises(PlatformError) as error:
        services.assign_moderator(platform=platform, admin=platform_moderator, user=citizen)
    assert error.value.code == "forbidden"
    assert platform_events(platform) == []


def test_only_ministry_staff_become_moderators_and_nobody_twice(admin, citizen, platform_moderator):
    platform = PlatformFactory(moderators=[platform_moderator])

    with pytest.raises(PlatformError) as error:
        services.assign_moderator(platform=platform, admin=admin, user=citizen)
    with translation.override("en"):
        assert (error.value.code, str(error.value.message)) == (
            "invalid", "Only the ministry's staff moderate platforms."
        )  # fmt: skip
    with pytest.raises(PlatformError) as error:
        services.assign_moderator(platform=platform, admin=admin, user=platform_moderator)
    assert error.value.code == "conflict"
    assert list(platform.moderators.all()) == [platform_moderator]


def test_a_new_moderator_may_moderate_at_once(admin):
    platform = PlatformFactory()
    staff = UserFactory(groups=["ministry_staff"])
    assert not staff.has_perm("platforms.moderate_platform", platform)

    services.assign_moderator(platform=platform, admin=admin, user=staff)

    assert staff.has_perm("platforms.moderate_platform", platform)


def labels(choices, language):
    with translation.override(language):
        return {value: str(label) for value, label in choices.choices}


def test_every_action_has_a_translated_label():
    for choices in (PlatformEvent.Action, OrganizationEvent.Action):
        english = labels(choices, "en")
        for language in ("kk", "ru"):
            translated = labels(choices, language)
            assert [value for value in english if translated[value] == english[value]] == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_giving_up_a_seat_commits_on_its_own_and_refuses_to_run_inside_another_transaction(
    citizen, migrations_data_put_back
):
    platform = PlatformFactory()
    PlatformMembershipFactory(platform=platform, user=citizen, role="expert")
    meeting = MeetingFactory(platform=platform, starts_at=timezone.now() + timedelta(days=2))
    services.register_for_meeting(meeting=meeting, user=citizen)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.cancel_registration(meeting=meeting, user=citizen)

    assert meeting.meetingregistration_set.filter(user=citizen).exists()
    services.cancel_registration(meeting=meeting, user=citizen)
    assert not meeting.meetingregistration_set.filter(user=citizen).exists()
