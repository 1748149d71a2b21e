"""No answer of the API holds personal data (design §7): no email, IIN hash, signer key or
private name, for any caller, on any list or detail, whatever the data holds."""

import pytest
from django.utils import timezone

from petitions import services
from petitions.models import Category, GroundVersion, Signature
from platforms import services as platform_services
from platforms.models import OrganizationMember
from portal.models import Region, StateBody, User
from tests.api.conftest import personal_data_in
from tests.factories import OrganizationMemberFactory, make_petition
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(citizen, ngo_member, organization, platform_moderator):
    """A little of every kind of data, its people named and signing in public where they may."""
    petition = make_petition("open", author=citizen)
    for person in (ngo_member, citizen):
        services.sign_petition(petition=petition, user=person, show_name=True)
    make_petition("answered", author=ngo_member)
    platform = PlatformFactory(moderators=[platform_moderator], chair="")
    seat = PlatformMembershipFactory(
        platform=platform, user=ngo_member, organization=organization,
        role="ngo_representative", show_name=True,
    )  # fmt: skip
    platform_services.apply_to_platform(platform=platform, user=citizen, role="expert",
                                        motivation="Опыт работы с молодёжью.")  # fmt: skip
    meeting = MeetingFactory(platform=platform, format="online",
                             online_link="https://meet.example.kz/room", place="")  # fmt: skip
    MeetingRegistrationFactory(meeting=meeting, user=ngo_member)
    recommendation = platform_services.record_recommendation(
        platform=platform, moderator=platform_moderator, text="Открыть центры.",
        addressee=StateBody.objects.get(slug="misd"), meeting=meeting,
        answered_on=timezone.localdate(),
    )  # fmt: skip
    OrganizationMemberFactory(organization=organization, status="pending")
    ProposalFactory(platform=platform, author=citizen)  # the moderators' proposal list
    return {
        "id": {
            "categories": Category.objects.first().pk,
            "meetings": meeting.pk,
            "organizations": organization.pk,
            "petitions": petition.pk,
            "platform-memberships": seat.pk,
            "recommendations": recommendation.pk,
            "regions": Region.objects.first().pk,
            "rejection-reasons": GroundVersion.objects.in_force(timezone.localdate()).first().pk,
            "state-bodies": StateBody.objects.first().pk,
        },
        "slug": platform.slug,
        "petition_pk": petition.pk,
    }


def url_of(path, objects):
    """The path with its parameters filled in with existing objects."""
    collection = path.removeprefix("/api/v1/").split("/")[0]
    return (
        path.replace("{id}", str(objects["id"].get(collection, 0)))
        .replace("{slug}", objects["slug"])
        .replace("{petition_pk}", str(objects["petition_pk"]))
    )


def test_no_answer_holds_personal_data(anyone, api_as, client, everything, organization):
    _role, person = anyone
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    gets = [path for path, operations in paths.items() if "get" in operations]
    people = list(User.objects.all())
    assert Signature.objects.filter(show_name=True).count() == 2
    assert OrganizationMember.objects.filter(organization=organization).count() >= 2

    answered = 0
    for path in gets:
        response = api_as(person).get(url_of(path, everything), {"page_size": 100})
        assert response.status_code in (200, 401, 403, 404), (path, response.status_code)
        assert personal_data_in(response.json(), people) == [], path
        answered += response.status_code == 200
    assert answered >= 20
