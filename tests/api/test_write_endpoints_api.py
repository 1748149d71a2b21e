"""The API's write endpoints for NGOs, meetings, proposals, recommendations and signatures:
each calls its service, so the same rules answer (401, 403, 409, 400) as on the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from petitions import services as petition_services
from petitions.models import Petition, Signature
from platforms.models import (
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationMember,
    Proposal,
    Recommendation,
)
from portal.models import Region, StateBody
from portal.validators import make_bin
from tests.api.conftest import personal_data_in
from tests.factories import OrganizationMemberFactory, UserFactory, make_petition
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    ProposalFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(platform_moderator):
    return PlatformFactory(moderators=[platform_moderator])


@pytest.fixture
def member(platform):
    return PlatformMembershipFactory(platform=platform, user=UserFactory(iin=True)).user


def bad_input(response, *fields):
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["code"] and data["detail"]
    for field in fields:
        assert field in data["errors"], data
    return data


# NGOs


def ngo(**changes):
    return {
        "name_kk": "Жастар орталығы", "name_ru": "Молодёжный центр",
        "bin": make_bin(2016, 3, serial=777), "legal_form": Organization.LegalForm.choices[0][0],
        "region": Region.objects.first().pk, "spheres": ["youth"],
        "website": "https://jastar.kz", "description": "Работаем с молодёжью.", **changes,
    }  # fmt: skip


def test_a_citizen_registers_an_ngo_and_represents_it(api_as, citizen):
    response = api_as(citizen).post("/api/v1/organizations", ngo(), format="json")

    assert response.status_code == 201, response.json()
    organization = Organization.objects.get(pk=response.json()["id"])
    assert organization.verified is False
    assert organization.spheres == ["youth"]
    assert organization.memberships.get().user == citizen
    assert organization.memberships.get().role == OrganizationMember.Role.REPRESENTATIVE
    assert personal_data_in(response.json(), [citizen]) == []


def test_registering_an_ngo_checks_its_fields_and_its_bin(api, api_as, citizen, organization):
    client = api_as(citizen)

    data = bad_input(
        client.post("/api/v1/organizations", ngo(name_kk="<b>x</b>", bin="123",
                    legal_form="club", region=0, spheres=["nope"], website="not a url"),
                    format="json"),
        "name_kk", "bin", "legal_form", "region", "spheres", "website",
    )  # fmt: skip
    assert "name_ru" not in data["errors"]
    bad_input(client.post("/api/v1/organizations", {}, format="json"), "name_kk", "name_ru")
    taken = client.post("/api/v1/organizations", ngo(bin=organization.bin), format="json")
    assert taken.status_code == 409
    assert api.post("/api/v1/organizations", ngo(), format="json").status_code == 401
    assert Organization.objects.count() == 1


def test_joining_an_ngo_and_its_representative_deciding(
    api_as, citizen, organization, ngo_representative, ngo_member
):
    joined = api_as(citizen).post(f"/api/v1/organizations/{organization.pk}/join")
    again = api_as(citizen).post(f"/api/v1/organizations/{organization.pk}/join")
    already = api_as(ngo_member).post(f"/api/v1/organizations/{organization.pk}/join")

    assert joined.status_code == 201, joined.json()
    assert joined.json()["status"] == "pending"
    assert again.status_code == 409
    # A member may join other NGOs, not their own again: not now, a conflict.
    assert already.status_code == 409
    pk = joined.json()["id"]

    members = api_as(ngo_representative).get(f"/api/v1/organizations/{organization.pk}/members")
    assert members.status_code == 200
    rows = {row["id"]: row for row in members.json()["results"]}
    assert rows[pk] == {**rows[pk], "name": citizen.public_name, "status": "pending"}
    assert personal_data_in(members.json(), [citizen, ngo_member, ngo_representative]) == []
    for outsider in (citizen, ngo_member):
        url = f"/api/v1/organizations/{organization.pk}/members"
        assert api_as(outsider).get(url).status_code == 403

    base = f"/api/v1/organizations/{organization.pk}/members/{pk}"
    assert api_as(ngo_member).post(f"{base}/approve").status_code == 403
    approved = api_as(ngo_representative).post(f"{base}/approve")
    assert approved.status_code == 200, approved.json()
    assert OrganizationMember.objects.get(pk=pk).status == "approved"
    assert api_as(ngo_representative).post(f"{base}/refuse").status_code == 409

    removed = api_as(ngo_representative).post(f"{base}/remove")
    assert removed.status_code == 200
    assert OrganizationMember.objects.get(pk=pk).status == "removed"
    assert api_as(ngo_representative).post(f"{base}/remove").status_code == 409


def test_a_representative_refuses_a_request(api_as, citizen, organization, ngo_representative):
    request = OrganizationMemberFactory(organization=organization, user=citizen,
                                       status="pending")  # fmt: skip
    url = f"/api/v1/organizations/{organization.pk}/members/{request.pk}/refuse"

    assert api_as(ngo_representative).post(url).status_code == 200
    assert OrganizationMember.objects.get(pk=request.pk).status == "removed"


def test_the_last_representative_cannot_be_removed(api_as, organization, ngo_representative):
    seat = OrganizationMember.objects.get(user=ngo_representative)
    url = f"/api/v1/organizations/{organization.pk}/members/{seat.pk}/remove"

    assert api_as(ngo_representative).post(url).status_code == 409


def test_another_ngos_member_is_not_found_under_this_one(
    api_as, organization, other_organization, ngo_representative
):
    stranger = OrganizationMemberFactory(organization=other_organization, status="pending")
    url = f"/api/v1/organizations/{organization.pk}/members/{stranger.pk}/approve"

    assert api_as(ngo_representative).post(url).status_code == 404


def test_ministry_staff_verify_an_ngo(api, api_as, citizen, platform_moderator):
    organization = Organization.objects.create(
        name_kk="А", name_ru="А", bin=make_bin(2017, 5, serial=5), legal_form="foundation",
        region=Region.objects.first(),
    )  # fmt: skip
    url = f"/api/v1/organizations/{organization.pk}/verify"

    assert api.post(url).status_code == 401
    assert api_as(citizen).post(url).status_code == 403
    response = api_as(platform_moderator).post(url)
    assert response.status_code == 200, response.json()
    assert response.json()["verified"] is True
    organization.refresh_from_db()
    assert organization.verified


# Meetings


def test_a_member_registers_for_a_meeting_and_cancels(api, api_as, citizen, platform, member):
    meeting = MeetingFactory(platform=platform, capacity=1)
    url = f"/api/v1/meetings/{meeting.pk}/register"

    assert api.post(url).status_code == 401
    assert api_as(citizen).post(url).status_code == 403
    registered = api_as(member).post(url)
    assert registered.status_code == 201, registered.json()
    assert registered.json()["registered"] == 1
    assert MeetingRegistration.objects.filter(meeting=meeting, user=member).exists()
    assert api_as(member).post(url).status_code == 409
    other = PlatformMembershipFactory(platform=platform).user
    assert api_as(other).post(url).status_code == 409  # all seats taken

    assert api_as(member).delete(url).status_code == 204
    assert not MeetingRegistration.objects.filter(meeting=meeting).exists()
    assert api_as(member).delete(url).status_code == 409


def test_a_moderator_schedules_a_meeting(api_as, platform, platform_moderator, member):
    starts = (timezone.now() + timedelta(days=10)).isoformat()
    url = f"/api/v1/platforms/{platform.slug}/meetings"
    meeting = {"title": "Заседание", "starts_at": starts, "format": "hybrid",
               "place": "Астана", "online_link": "https://meet.example.kz/r", "capacity": 30,
               "agenda": ["Открытие", "Бюджет"]}  # fmt: skip

    assert api_as(member).post(url, meeting, format="json").status_code == 403
    response = api_as(platform_moderator).post(url, meeting, format="json")

    assert response.status_code == 201, response.json()
    saved = Meeting.objects.get(pk=response.json()["id"])
    assert [item.title for item in saved.agenda_items.order_by("position")] == [
        "Открытие", "Бюджет"
    ]  # fmt: skip
    assert response.json()["online_link"] == "https://meet.example.kz/r"
    past = {**meeting, "starts_at": (timezone.now() - timedelta(days=1)).isoformat()}
    assert api_as(platform_moderator).post(url, past, format="json").status_code == 400
    bad_input(
        api_as(platform_moderator).post(url, {"format": "zoom", "capacity": 0}, format="json"),
        "title", "starts_at", "format", "capacity",
    )  # fmt: skip


def test_a_moderator_publishes_the_minutes(api_as, platform, platform_moderator, member):
    meeting = MeetingFactory(platform=platform)
    MeetingRegistrationFactory(meeting=meeting, user=member)
    url = f"/api/v1/meetings/{meeting.pk}/minutes"
    body = {"minutes": "Решили открыть центры.", "attended": [member.pk]}

    # Its moderator, but before the meeting: not now, a conflict.
    assert api_as(platform_moderator).post(url, body, format="json").status_code == 409
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    assert api_as(member).post(url, body, format="json").status_code == 403
    stranger = {**body, "attended": [member.pk, platform_moderator.pk]}
    bad_input(api_as(platform_moderator).post(url, stranger, format="json"), "attended")
    bad_input(api_as(platform_moderator).post(url, {"minutes": ""}, format="json"), "minutes")
    response = api_as(platform_moderator).post(url, body, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["minutes"] == "Решили открыть центры."
    assert MeetingRegistration.objects.get(meeting=meeting).attended is True


# Proposals


def test_a_member_proposes_and_the_moderator_puts_it_on_the_agenda(
    api_as, citizen, platform, platform_moderator, member
):
    url = f"/api/v1/platforms/{platform.slug}/proposals"
    body = {"title": "Центры в сёлах", "text": "Открыть молодёжные центры."}

    assert api_as(citizen).post(url, body).status_code == 403
    bad_input(api_as(member).post(url, {"title": ""}), "title", "text")
    created = api_as(member).post(url, body)
    assert created.status_code == 201, created.json()
    assert created.json()["author"] == {"name": member.public_name}

    assert api_as(member).get(url).status_code == 403
    listed = api_as(platform_moderator).get(url)
    assert [row["id"] for row in listed.json()["results"]] == [created.json()["id"]]
    assert personal_data_in(listed.json(), [member]) == []

    meeting = MeetingFactory(platform=platform)
    agenda = f"/api/v1/proposals/{created.json()['id']}/agenda"
    assert api_as(member).post(agenda, {"meeting": meeting.pk}).status_code == 403
    other = MeetingFactory()
    assert api_as(platform_moderator).post(agenda, {"meeting": other.pk}).status_code == 400
    bad_input(api_as(platform_moderator).post(agenda, {"meeting": 0}), "meeting")
    response = api_as(platform_moderator).post(agenda, {"meeting": meeting.pk})

    assert response.status_code == 200, response.json()
    assert Proposal.objects.get().status == "on_agenda"
    assert meeting.agenda_items.get().title == "Центры в сёлах"
    assert api_as(platform_moderator).post(agenda, {"meeting": meeting.pk}).status_code == 409


def test_a_moderator_declines_a_proposal_with_a_reason(api_as, platform, platform_moderator):
    proposal = ProposalFactory(platform=platform)
    url = f"/api/v1/proposals/{proposal.pk}/decline"

    bad_input(api_as(platform_moderator).post(url, {}), "reason")
    assert api_as(UserFactory()).post(url, {"reason": "Нет"}).status_code == 403
    assert api_as(platform_moderator).post(url, {"reason": "Вне компетенции."}).status_code == 200
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_reason) == ("declined", "Вне компетенции.")
    assert api_as(platform_moderator).post(url, {"reason": "Ещё раз"}).status_code == 409


# Recommendations


def test_a_moderator_records_and_moves_a_recommendation(api_as, platform, platform_moderator,
                                                        member):  # fmt: skip
    url = f"/api/v1/platforms/{platform.slug}/recommendations"
    misd = StateBody.objects.get(slug="misd")
    body = {"text": "Открыть центры.", "addressee": misd.pk}

    assert api_as(member).post(url, body).status_code == 403
    bad_input(api_as(platform_moderator).post(url, {"addressee": 0}), "text", "addressee")
    elsewhere = {**body, "meeting": MeetingFactory().pk}
    assert api_as(platform_moderator).post(url, elsewhere).status_code == 400
    created = api_as(platform_moderator).post(url, body)
    assert created.status_code == 201, created.json()
    recommendation = Recommendation.objects.get(pk=created.json()["id"])
    assert recommendation.status == "proposed"

    status_url = f"/api/v1/recommendations/{recommendation.pk}/status"
    today = timezone.localdate().isoformat()
    sent = {"to_status": "sent", "answered_on": today}
    assert api_as(member).post(status_url, sent).status_code == 403
    bad_input(api_as(platform_moderator).post(status_url, {"to_status": "lost"}),
              "to_status", "answered_on")  # fmt: skip
    assert api_as(platform_moderator).post(status_url, sent).status_code == 200
    jump = {"to_status": "implemented", "answer": "Сделано.", "answered_on": today}
    assert api_as(platform_moderator).post(status_url, jump).status_code == 409
    accepted = {"to_status": "accepted", "answer": "Принято.", "answered_on": today}
    response = api_as(platform_moderator).post(status_url, accepted)
    assert response.status_code == 200, response.json()
    assert [step["to_status"] for step in response.json()["history"]][-1] == "accepted"
    recommendation.refresh_from_db()
    assert recommendation.status == "accepted"


def test_a_recommendation_elsewhere_is_not_the_moderators(api_as, platform_moderator):
    recommendation = RecommendationFactory()
    url = f"/api/v1/recommendations/{recommendation.pk}/status"
    body = {"to_status": "sent", "answered_on": timezone.localdate().isoformat()}

    assert api_as(platform_moderator).post(url, body).status_code == 403


# Signatures


@pytest.fixture
def signed(citizen, ngo_member):
    petition = make_petition("open")
    for person in (citizen, ngo_member):
        petition_services.sign_petition(petition=petition, user=person, show_name=True)
    return petition


def test_moderators_list_and_invalidate_signatures(
    api, api_as, citizen, ngo_member, petition_moderator, signed
):
    listing = f"/api/v1/petitions/{signed.pk}/signature-list"
    url = f"/api/v1/petitions/{signed.pk}/invalidate-signatures"
    before = Petition.objects.get(pk=signed.pk).signature_count

    assert api.get(listing).status_code == 401
    assert api_as(citizen).get(listing).status_code == 403
    rows = api_as(petition_moderator).get(listing).json()["results"]
    assert {row["status"] for row in rows} == {"valid"}
    assert all(set(row) == {"id", "region", "created_at", "status"} for row in rows)
    assert personal_data_in(rows, [citizen, ngo_member]) == []
    mine = Signature.objects.get(petition=signed, user=citizen).pk

    body = {"signature_ids": [mine], "reason": "Дубликат"}
    assert api_as(citizen).post(url, body, format="json").status_code == 403
    bad_input(api_as(petition_moderator).post(url, {"signature_ids": []}, format="json"),
              "signature_ids", "reason")  # fmt: skip
    response = api_as(petition_moderator).post(url, body, format="json")

    assert response.status_code == 200, response.json()
    assert response.json() == {"invalidated": 1, "count": before - 1}
    assert Signature.objects.get(pk=mine).status == "invalidated"
    again = api_as(petition_moderator).post(url, body, format="json")
    assert again.json() == {"invalidated": 0, "count": before - 1}


def test_signatures_of_a_closed_petition_are_not_invalidated(api_as, petition_moderator):
    petition = make_petition("answered")
    url = f"/api/v1/petitions/{petition.pk}/invalidate-signatures"
    body = {"signature_ids": [1], "reason": "Дубликат"}

    assert api_as(petition_moderator).post(url, body, format="json").status_code == 409
