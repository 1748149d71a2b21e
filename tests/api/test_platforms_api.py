"""The platforms API: composition, seats, meetings, recommendations and NGOs (design §3, §6)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from platforms import services
from platforms.models import Meeting, PlatformMembership, Recommendation
from tests.api.conftest import personal_data_in
from tests.factories import OrganizationMemberFactory, UserFactory, state_body
from tests.platforms.factories import (
    MeetingFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

Role = PlatformMembership.Role


@pytest.fixture
def platform(platform_moderator):
    return PlatformFactory(moderators=[platform_moderator])


def test_a_platform_shows_its_composition_against_the_two_thirds_goal(api, platform):
    for role in (Role.EXPERT, Role.EXPERT, Role.ACTIVIST, Role.STATE_OFFICIAL):
        PlatformMembershipFactory(platform=platform, role=role)
    PlatformMembershipFactory(platform=platform, role=Role.EXPERT, status="applied")

    data = api.get(f"/api/v1/platforms/{platform.slug}").json()

    assert data["composition"] == {
        "total": 4,
        "by_role": {"ngo_representative": 0, "expert": 2, "activist": 1, "state_official": 1},
        "civil_society": 3,
        "civil_society_share": 0.75,
        "goal_share": 0.6667,
        "goal_met": True,
    }
    assert data["host"]["slug"] == "misd"
    assert "moderators" not in data


def test_the_platform_list_filters_by_kind_and_status(api, platform):
    council = PlatformFactory(kind="public_council", status="archived")

    def slugs(**params):
        return {row["slug"] for row in api.get("/api/v1/platforms", params).json()["results"]}

    assert slugs() == {platform.slug, council.slug}
    assert slugs(kind="public_council") == {council.slug}
    assert slugs(status="active") == {platform.slug}
    assert api.get("/api/v1/platforms", {"kind": "club"}).status_code == 400


# Applications


def test_a_citizen_applies_and_the_platforms_moderator_approves(
    api_as, citizen, platform, platform_moderator
):
    applied = api_as(citizen).post(
        f"/api/v1/platforms/{platform.slug}/apply",
        {"role": "expert", "motivation": "Десять лет работаю с молодёжью."},
    )
    assert applied.status_code == 201, applied.json()
    assert applied.json()["status"] == "applied"
    pk = applied.json()["id"]

    queue = api_as(platform_moderator).get(
        "/api/v1/platform-memberships", {"platform": platform.slug, "status": "applied"}
    )
    approved = api_as(platform_moderator).post(f"/api/v1/platform-memberships/{pk}/approve")

    assert [row["id"] for row in queue.json()["results"]] == [pk]
    assert queue.json()["results"][0]["applicant"] == {"name": citizen.public_name}
    assert personal_data_in(queue.json(), [citizen]) == []
    assert approved.status_code == 200
    assert PlatformMembership.objects.get(pk=pk).status == "approved"
    mine = api_as(citizen).get("/api/v1/me/memberships").json()["results"]
    assert [(row["id"], row["status"]) for row in mine] == [(pk, "approved")]


def test_applying_twice_is_a_409_and_anonymous_is_a_401(api, api_as, citizen, platform):
    client = api_as(citizen)
    client.post(f"/api/v1/platforms/{platform.slug}/apply", {"role": "activist"})

    again = client.post(f"/api/v1/platforms/{platform.slug}/apply", {"role": "activist"})

    assert again.status_code == 409
    assert api.post(f"/api/v1/platforms/{platform.slug}/apply", {"role": "expert"}).status_code \
        == 401  # fmt: skip
    assert PlatformMembership.objects.filter(platform=platform).count() == 1


def test_an_application_to_a_platform_by_invitation_is_a_403(api_as, citizen):
    closed = PlatformFactory(membership_policy="invitation")

    response = api_as(citizen).post(f"/api/v1/platforms/{closed.slug}/apply", {"role": "expert"})

    assert response.status_code == 403
    assert not PlatformMembership.objects.exists()


def test_applying_for_an_ngo_needs_its_approved_membership(
    api_as, citizen, ngo_member, organization, other_organization, platform
):
    body = {"role": "ngo_representative", "organization": other_organization.pk}

    refused = api_as(ngo_member).post(f"/api/v1/platforms/{platform.slug}/apply", body)
    accepted = api_as(ngo_member).post(
        f"/api/v1/platforms/{platform.slug}/apply", {**body, "organization": organization.pk}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 201
    assert accepted.json()["organization"]["id"] == organization.pk


def test_a_state_official_role_cannot_be_applied_for(api_as, citizen, platform):
    response = api_as(citizen).post(f"/api/v1/platforms/{platform.slug}/apply",
                                    {"role": "state_official"})  # fmt: skip

    assert response.status_code == 400
    assert "role" in response.json()["errors"]


@pytest.mark.parametrize("action", ["approve", "decline"])
def test_only_the_platforms_moderators_decide(anyone, api_as, citizen, platform, action):
    role, person = anyone
    membership = services.apply_to_platform(platform=platform, user=citizen, role="expert")

    response = api_as(person).post(f"/api/v1/platform-memberships/{membership.pk}/{action}",
                                   {"reason": "Нет мест."})  # fmt: skip

    # The platform_moderator of the cast moderates `platform`, the administrator may too; the
    # applicant (citizen) sees the application but may not decide; others do not see it.
    expected = {"visitor": 401, "citizen": 403, "platform_moderator": 200, "admin": 200}
    expected = expected.get(role, 404)
    assert response.status_code == expected
    decided = PlatformMembership.objects.get(pk=membership.pk).status
    assert decided == ("applied" if expected != 200 else f"{action}d")


def test_the_applicant_cannot_approve_their_own_application(api_as, citizen, platform):
    membership = services.apply_to_platform(platform=platform, user=citizen, role="expert")

    response = api_as(citizen).post(f"/api/v1/platform-memberships/{membership.pk}/approve")

    assert response.status_code == 403
    assert PlatformMembership.objects.get(pk=membership.pk).status == "applied"


def test_declining_needs_a_reason_and_deciding_twice_is_a_409(api_as, citizen, platform,
                                                               platform_moderator):  # fmt: skip
    membership = services.apply_to_platform(platform=platform, user=citizen, role="expert")
    client = api_as(platform_moderator)
    url = f"/api/v1/platform-memberships/{membership.pk}"

    assert client.post(f"{url}/decline").status_code == 400
    assert client.post(f"{url}/decline", {"reason": "Нет мест."}).status_code == 200
    assert client.post(f"{url}/approve").status_code == 409


def test_seats_and_applications_need_sign_in(api):
    assert api.get("/api/v1/platform-memberships").status_code == 401
    assert api.get("/api/v1/me/memberships").status_code == 401
    assert api.get("/api/v1/me/organizations").status_code == 401


def test_a_member_leaves_the_platform(api_as, citizen, platform):
    membership = PlatformMembershipFactory(platform=platform, user=citizen)

    response = api_as(citizen).post(f"/api/v1/platform-memberships/{membership.pk}/leave")

    assert response.status_code == 200
    assert response.json()["status"] == "left"


# Meetings


def test_the_online_link_is_shown_to_members_and_moderators_only(anyone, api_as, platform):
    role, person = anyone
    meeting = MeetingFactory(platform=platform, format="hybrid",
                             online_link="https://meet.example.kz/abc")  # fmt: skip
    if role == "ngo_member":
        PlatformMembershipFactory(platform=platform, user=person)

    detail = api_as(person).get(f"/api/v1/meetings/{meeting.pk}").json()
    listed = api_as(person).get("/api/v1/meetings").json()["results"][0]

    sees = role in ("ngo_member", "platform_moderator", "admin")
    expected = "https://meet.example.kz/abc" if sees else None
    assert detail["online_link"] == listed["online_link"] == expected


def test_a_meeting_shows_its_agenda_registrations_and_published_minutes(api, platform):
    meeting = MeetingFactory(platform=platform)
    meeting.agenda_items.create(position=1, title="Открытие")
    meeting.agenda_items.create(position=2, title="Молодёжные центры")
    meeting.meetingregistration_set.create(user=UserFactory())
    past = MeetingFactory(
        platform=platform,
        starts_at=timezone.now() - timedelta(days=3),
        minutes="Решили открыть центры.",
        minutes_published_at=timezone.now(),
    )

    data = api.get(f"/api/v1/meetings/{meeting.pk}").json()
    minutes = api.get(f"/api/v1/meetings/{past.pk}").json()["minutes"]

    assert [item["title"] for item in data["agenda"]] == ["Открытие", "Молодёжные центры"]
    assert data["registered"] == 1
    assert data["minutes"] is None
    assert minutes == "Решили открыть центры."
    upcoming = api.get("/api/v1/meetings", {"upcoming": "true", "platform": platform.slug})
    assert [row["id"] for row in upcoming.json()["results"]] == [meeting.pk]


# Recommendations


def test_the_tracker_shows_each_recommendation_with_its_history(api, platform,
                                                                 platform_moderator):  # fmt: skip
    recommendation = services.record_recommendation(
        platform=platform, moderator=platform_moderator, text="Открыть центры.",
        addressee=state_body("misd"),
    )  # fmt: skip
    services.change_recommendation_status(
        recommendation=recommendation, moderator=platform_moderator, to_status="sent",
        answer="", answered_on=timezone.localdate(),
    )  # fmt: skip
    RecommendationFactory(platform=PlatformFactory())

    listed = api.get("/api/v1/recommendations", {"platform": platform.slug}).json()

    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["status"] == "sent"
    assert [(step["from_status"], step["to_status"]) for step in row["history"]] == [
        ("", "proposed"), ("proposed", "sent"),
    ]  # fmt: skip
    assert api.get("/api/v1/recommendations", {"status": "implemented"}).json()["count"] == 0
    assert Recommendation.objects.count() == 2


# NGOs


def test_the_ngo_directory_shows_public_fields_only(api, organization, ngo_member,
                                                    ngo_representative):  # fmt: skip
    data = api.get(f"/api/v1/organizations/{organization.pk}").json()

    assert data["bin"] == organization.bin
    assert data["member_count"] == 2
    assert personal_data_in(data, [ngo_member, ngo_representative]) == []
    assert api.get("/api/v1/organizations", {"q": organization.bin[:6]}).json()["count"] >= 1
    assert api.get("/api/v1/organizations", {"q": "нет такой"}).json()["count"] == 0


def test_my_organizations_lists_the_callers_ngo_memberships(api_as, ngo_member, organization):
    OrganizationMemberFactory(user=ngo_member, status="pending")

    rows = api_as(ngo_member).get("/api/v1/me/organizations").json()["results"]

    assert {row["organization"]["id"] for row in rows if row["status"] == "approved"} == {
        organization.pk
    }
    assert len(rows) == 2


def test_meetings_that_do_not_exist_are_json_404s(api):
    response = api.get("/api/v1/meetings/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "code": "not_found"}
    assert Meeting.objects.count() == 0
