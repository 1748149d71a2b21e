"""The Django admin changes NGOs and platforms only through the services, and deletes nothing.

Two people drive it: the administrator (a superuser) and ministry staff who moderate one
platform and were let into the admin with Django's model permissions.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from platforms.models import (
    OrganizationEvent,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
)
from portal.rules import MINISTRY_STAFF, PLATFORM_MODERATORS
from tests.factories import OrganizationMemberFactory, UserFactory, state_body
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    ProposalFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

Action = PlatformEvent.Action


def signed_in(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def staff(client):
    """A platform moderator with a desk in the admin: every platforms model's permissions."""
    user = UserFactory(is_staff=True, groups=[PLATFORM_MODERATORS, MINISTRY_STAFF])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="platforms"))
    return user


def platform_form(platform=None, **changes):
    """The add or change page's fields, as the admin's form posts them."""
    fields = {
        "slug": "eco-council",
        "kind": "public_council",
        "name_kk": "Экологиялық кеңес",
        "name_ru": "Экологический совет",
        "name_en": "Ecology council",
        "description_kk": "",
        "description_ru": "",
        "description_en": "",
        "sphere": "ecology",
        "host": state_body("misd").pk,
        "chair": "",
        "term_start": "",
        "term_end": "",
        "membership_policy": "open",
        "moderators": [],
        "platformevent_set-TOTAL_FORMS": "0",
        "platformevent_set-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    if platform is not None:
        fields.update(
            slug=platform.slug, kind=platform.kind, name_kk=platform.name_kk,
            name_ru=platform.name_ru, name_en=platform.name_en, sphere=platform.sphere,
            host=platform.host_id, membership_policy=platform.membership_policy,
            moderators=[user.pk for user in platform.moderators.all()],
        )  # fmt: skip
    return {**fields, **changes}


def events(platform):
    return list(platform.events.order_by("pk").values_list("action", "subject"))


def test_an_administrator_creates_a_platform_with_its_moderator_through_the_services(
    client, admin, platform_moderator
):
    response = signed_in(client, admin).post(
        reverse("admin:platforms_platform_add"),
        platform_form(moderators=[platform_moderator.pk]),
    )

    assert response.status_code == 302, response.context["adminform"].errors
    platform = Platform.objects.get(slug="eco-council")
    assert list(platform.moderators.all()) == [platform_moderator]
    assert events(platform) == [
        (Action.CREATED, "Экологический совет"),
        (Action.MODERATOR_ASSIGNED, platform_moderator.full_name),
    ]


def test_a_platform_that_breaks_its_fields_rules_is_shown_again_with_the_error(client, admin):
    taken = PlatformFactory()

    response = signed_in(client, admin).post(
        reverse("admin:platforms_platform_add"), platform_form(slug=taken.slug)
    )

    assert response.status_code == 200
    assert "Platform or council with this Slug already exists." in response.text
    assert Platform.objects.count() == 1


def test_an_administrator_changes_a_platforms_chair_and_moderators_each_as_an_event(
    client, admin, platform_moderator
):
    platform = PlatformFactory(moderators=[platform_moderator])
    newcomer = UserFactory(groups=[MINISTRY_STAFF])

    response = signed_in(client, admin).post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        platform_form(platform, chair="А. Сейтова", moderators=[newcomer.pk]),
    )

    assert response.status_code == 302
    platform.refresh_from_db()
    assert platform.chair == "А. Сейтова"
    assert list(platform.moderators.all()) == [newcomer]
    assert sorted(events(platform)) == sorted([
        (Action.UPDATED, ""),
        (Action.MODERATOR_ASSIGNED, newcomer.full_name),
        (Action.MODERATOR_REMOVED, platform_moderator.full_name),
    ])  # fmt: skip


def test_staff_edit_the_platform_they_moderate_but_not_its_moderators(client, staff):
    platform = PlatformFactory(moderators=[staff])
    intruder = UserFactory(groups=[MINISTRY_STAFF])

    response = signed_in(client, staff).post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        platform_form(platform, chair="Б. Ахметов", moderators=[intruder.pk]),
    )

    assert response.status_code == 302
    platform.refresh_from_db()
    assert platform.chair == "Б. Ахметов"
    assert list(platform.moderators.all()) == [staff]
    assert events(platform) == [(Action.UPDATED, "")]


def test_staff_may_not_edit_a_platform_they_do_not_moderate(client, staff):
    platform = PlatformFactory()

    response = signed_in(client, staff).post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        platform_form(platform, chair="Б. Ахметов"),
    )

    assert response.status_code == 403
    platform.refresh_from_db()
    assert platform.chair == ""


@pytest.mark.parametrize("person", ["admin", "staff"])
def test_nothing_is_deleted_from_the_platforms_admin(request, client, person, organization):
    user = request.getfixturevalue(person)
    platform = PlatformFactory(moderators=[user])
    membership = PlatformMembershipFactory(platform=platform)
    meeting = MeetingFactory(platform=platform)
    rows = {
        "platform": platform,
        "platformevent": PlatformEvent.objects.create(platform=platform, action=Action.UPDATED),
        "organization": organization,
        "organizationevent": OrganizationEvent.objects.create(
            organization=organization, action=OrganizationEvent.Action.VERIFIED
        ),
        "organizationmember": OrganizationMemberFactory(organization=organization),
        "platformmembership": membership,
        "meeting": meeting,
        "meetingregistration": MeetingRegistrationFactory(meeting=meeting),
        "proposal": ProposalFactory(platform=platform),
        "recommendation": RecommendationFactory(platform=platform),
    }
    signed_in(client, user)

    for name, row in rows.items():
        page = reverse(f"admin:platforms_{name}_delete", args=[row.pk])
        assert client.post(page, {"post": "yes"}).status_code == 403, name
        assert type(row).objects.filter(pk=row.pk).exists(), name
        changelist = client.get(reverse(f"admin:platforms_{name}_changelist"))
        assert 'value="delete_selected"' not in changelist.text, name


@pytest.mark.parametrize(
    "name",
    ["platformmembership", "meetingregistration", "meeting", "proposal", "recommendation",
     "recommendationchange", "platformevent", "organizationevent", "organizationmember"],
)  # fmt: skip
def test_rows_kept_by_the_services_have_no_add_page_in_the_admin(client, admin, name):
    response = signed_in(client, admin).get(reverse(f"admin:platforms_{name}_add"))

    assert response.status_code == 403


def test_a_seat_cannot_be_changed_on_its_admin_page(client, admin):
    membership = PlatformMembershipFactory(status=PlatformMembership.Status.APPLIED)

    response = signed_in(client, admin).post(
        reverse("admin:platforms_platformmembership_change", args=[membership.pk]),
        {"status": "approved", "role": "expert"},
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == PlatformMembership.Status.APPLIED


def test_an_administrator_removes_an_ngos_member_through_the_service(
    client, admin, organization, ngo_member
):
    membership = OrganizationMember.objects.get(user=ngo_member)

    signed_in(client, admin).post(
        reverse("admin:platforms_organizationmember_changelist"),
        {"action": "remove_member", "_selected_action": [membership.pk]},
    )

    membership.refresh_from_db()
    assert membership.status == OrganizationMember.Status.REMOVED
    assert list(organization.events.values_list("action", "actor")) == [
        (OrganizationEvent.Action.MEMBER_REMOVED, admin.pk)
    ]


def test_an_ngos_profile_changed_in_the_admin_is_an_event_and_its_bin_stays(
    client, admin, organization
):
    bin_before = organization.bin
    page = reverse("admin:platforms_organization_change", args=[organization.pk])

    response = signed_in(client, admin).post(page, {
        "bin": "000000000000", "name_kk": organization.name_kk, "name_ru": "Новое имя",
        "name_en": "", "legal_form": organization.legal_form, "region": organization.region_id,
        "spheres": "[]", "website": "", "description": "", "language": "kk",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    })  # fmt: skip

    assert response.status_code == 302, response.context["adminform"].errors
    organization.refresh_from_db()
    assert (organization.name_ru, organization.bin) == ("Новое имя", bin_before)
    assert organization.events.get().action == OrganizationEvent.Action.UPDATED


def test_saving_a_platform_keeps_a_moderator_who_is_no_longer_on_the_staff(client, admin):
    former = UserFactory()
    platform = PlatformFactory(moderators=[former])

    response = signed_in(client, admin).post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        platform_form(platform, chair="В. Ким"),
    )

    assert response.status_code == 302
    assert list(platform.moderators.all()) == [former]
    assert events(platform) == [(Action.UPDATED, "")]
