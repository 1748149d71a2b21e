"""Every platform and NGO page runs a fixed number of queries, however many rows it shows.

STYLE §3: the same count for 1 row and for 50, with a comment naming the queries.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from platforms import services
from platforms.models import AgendaItem, OrganizationMember, PlatformMembership
from tests.factories import OrganizationFactory, OrganizationMemberFactory, UserFactory, state_body
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    PlatformMembership.Role.NGO_REPRESENTATIVE,
    PlatformMembership.Role.EXPERT,
    PlatformMembership.Role.ACTIVIST,
    PlatformMembership.Role.STATE_OFFICIAL,
]


def seat(platform, user, role, **fields):
    """A seat, approved unless `fields` say otherwise; an NGO representative's for a fresh NGO."""
    if role == PlatformMembership.Role.NGO_REPRESENTATIVE and "organization" not in fields:
        fields["organization"] = OrganizationFactory()
    return PlatformMembershipFactory(platform=platform, user=user, role=role, **fields)


def recommendations(platform, moderator, count, *, meeting=None):
    """`count` recommendations recorded and moved on three steps each, through the services."""
    made = []
    for n in range(count):
        recommendation = services.record_recommendation(
            platform=platform, moderator=moderator, text=f"Ұсыным № {n}: ауыл жастарына орталық.",
            addressee=state_body("misd" if n % 2 else "government"), meeting=meeting,
            due_date=timezone.localdate() + timedelta(days=30 - n),
            answered_on=timezone.localdate() - timedelta(days=10),
        )  # fmt: skip
        steps = [("sent", ""), ("accepted", "Қабылданды."), ("in_progress", "Жұмыс жүріп жатыр.")]
        for days_ago, (status, answer) in zip((8, 6, 4), steps, strict=True):
            recommendation = services.change_recommendation_status(
                recommendation=recommendation, moderator=moderator, to_status=status,
                answer=answer, answered_on=timezone.localdate() - timedelta(days=days_ago),
            )  # fmt: skip
        made.append(recommendation)
    return made


# The platform list


@pytest.mark.parametrize("count", [1, 50])
def test_the_platform_list_runs_two_queries(client, django_assert_num_queries, count):
    official, expert = UserFactory(), UserFactory()
    for platform in PlatformFactory.create_batch(count):
        seat(platform, official, PlatformMembership.Role.STATE_OFFICIAL)
        seat(platform, expert, PlatformMembership.Role.EXPERT)

    # the paginator's count, the page of platforms (host joined, seats counted by side)
    with django_assert_num_queries(2):
        response = client.get(reverse("platform_list"))

    assert response.status_code == 200
    assert response.text.count('<th scope="row">') == min(count, 30)
    assert [p.composition.total for p in response.context["page"].object_list][:1] == [2]


# A platform's page


@pytest.fixture
def busy_platform(request, platform_moderator, ngo_member, organization):
    """A platform with `count` seats, meetings (both upcoming and past) and recommendations.

    ngo_member holds one of the seats on `organization`'s behalf and is named.
    """
    count = request.param
    platform = PlatformFactory(moderators=[platform_moderator])
    seat(platform, ngo_member, PlatformMembership.Role.NGO_REPRESENTATIVE,
         organization=organization, show_name=True)  # fmt: skip
    for n, user in enumerate(UserFactory.create_batch(count - 1), 1):
        seat(platform, user, ROLES[n % len(ROLES)], show_name=bool(n % 2))
    now = timezone.now()
    for n in range(count):
        starts_at = now + timedelta(days=n + 1) if n % 2 == 0 else now - timedelta(days=n)
        meeting = MeetingFactory(platform=platform, starts_at=starts_at, capacity=100)
        MeetingRegistrationFactory(meeting=meeting, user=ngo_member)
    recommendations(platform, platform_moderator, count)
    return platform


@pytest.mark.parametrize("busy_platform", [1, 50], indirect=True)
def test_a_platforms_page_runs_seven_queries_for_a_visitor(
    client, busy_platform, django_assert_num_queries
):
    count = busy_platform.memberships.count()

    # the platform with its host, the approved seats (people and NGOs joined), the spans of
    # every seat held (the composition over time), the seats given below the two-thirds
    # goal, the upcoming meetings and the past ones (registrations counted), the latest
    # recommendations (joined)
    with django_assert_num_queries(7):
        response = client.get(busy_platform.get_absolute_url())

    assert response.status_code == 200
    assert response.context["composition"]["seats"].total == count
    assert len(response.context["recommendations"]) == min(count, 20)
    # Twenty at most of each: upcoming meetings, past meetings, recommendations.
    upcoming, past = (count + 1) // 2, count // 2
    rows = min(upcoming, 20) + min(past, 20) + min(count, 20)
    assert response.text.count('<p class="list-title">') == rows


@pytest.mark.parametrize("busy_platform", [1, 50], indirect=True)
def test_a_platforms_page_runs_thirteen_queries_for_its_member(
    client, busy_platform, ngo_member, django_assert_num_queries
):
    client.force_login(ngo_member)

    # session, the user with their roles (no work: no menu of work to read), the platform
    # with its host, the member's own seat (NGO joined), the member check, the approved seats,
    # the spans of every seat held, the moderator check, the seats given below the two-thirds
    # goal, the upcoming meetings, the past meetings, the latest recommendations, whether the
    # member follows the platform
    with django_assert_num_queries(13):
        response = client.get(busy_platform.get_absolute_url())

    assert response.status_code == 200
    assert response.context["proposal_form"] is not None
    assert response.context["own_seat"].user == ngo_member


# The NGO directory and an NGO's profile


@pytest.mark.parametrize("count", [1, 50])
def test_the_ngo_directory_runs_three_queries_with_members_counted(
    client, django_assert_num_queries, count
):
    first, second = UserFactory(), UserFactory()
    for organization in OrganizationFactory.create_batch(count, description="Жастармен жұмыс."):
        OrganizationMemberFactory(organization=organization, user=first)
        OrganizationMemberFactory(organization=organization, user=second,
                                  status=OrganizationMember.Status.PENDING)  # fmt: skip

    # the paginator's count, the page of NGOs (region joined, approved members counted), the
    # regions of the filter
    with django_assert_num_queries(3):
        response = client.get(reverse("organization_list"))

    assert response.status_code == 200
    page = response.context["page"].object_list
    assert len(page) == min(count, 30)
    assert {organization.member_count for organization in page} == {1}


@pytest.fixture
def seated_organization(request, organization, ngo_representative):
    """`organization` with `count` approved seats, two to a platform, and one declined."""
    count = request.param
    holders = UserFactory.create_batch(2)
    platforms = PlatformFactory.create_batch((count + 1) // 2)
    for n in range(count):
        seat(platforms[n // 2], holders[n % 2], PlatformMembership.Role.NGO_REPRESENTATIVE,
             organization=organization)  # fmt: skip
    seat(PlatformFactory(), holders[0], PlatformMembership.Role.NGO_REPRESENTATIVE,
         organization=organization, status=PlatformMembership.Status.DECLINED)  # fmt: skip
    return organization


@pytest.mark.parametrize("seated_organization", [1, 50], indirect=True)
def test_an_ngos_profile_runs_two_queries_for_a_visitor(
    client, seated_organization, django_assert_num_queries
):
    platforms = len({seat.platform_id for seat in seated_organization.platform_memberships.all()})

    # the NGO (region joined, approved members counted), its approved seats (platforms joined)
    with django_assert_num_queries(2):
        response = client.get(seated_organization.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["platforms"]) == platforms - 1  # all but the declined one


@pytest.mark.parametrize("seated_organization", [1, 50], indirect=True)
def test_an_ngos_profile_runs_six_queries_for_its_representative(
    client, seated_organization, ngo_representative, django_assert_num_queries
):
    client.force_login(ngo_representative)

    # session, the user with their roles (no work: no menu of work to read), the NGO (region
    # joined, members counted), its approved seats (platforms joined), the representative's
    # own membership, their roles in the NGO
    with django_assert_num_queries(6):
        response = client.get(seated_organization.get_absolute_url())

    assert response.status_code == 200
    assert response.context["can_edit"] is True
    assert response.context["own_membership"].role == OrganizationMember.Role.REPRESENTATIVE


# The recommendation tracker


@pytest.mark.parametrize("count", [1, 50])
def test_the_recommendation_tracker_runs_six_queries(
    client, platform_moderator, django_assert_num_queries, count
):
    first, second = PlatformFactory.create_batch(2, moderators=[platform_moderator])
    meeting = MeetingFactory(platform=first, starts_at=timezone.now() - timedelta(days=20))
    recommendations(first, platform_moderator, (count + 1) // 2, meeting=meeting)
    recommendations(second, platform_moderator, count // 2)

    # the four figures, the paginator's count, the page (platform, meeting and addressee
    # joined), the page's histories, the choices of the platform and addressee filters
    with django_assert_num_queries(6):
        response = client.get(reverse("recommendation_list"))

    assert response.status_code == 200
    assert response.context["figures"]["total"] == count
    assert response.text.count('class="recommendation-row"') == min(count, 30)
    # Each row shows its four steps: proposed, sent, accepted, in progress.
    assert response.text.count("<time datetime=") == 4 * min(count, 30)


# A meeting's page


@pytest.fixture
def full_meeting(request, platform_moderator):
    """A meeting with `count` agenda items, each from a member's proposal (whose language it
    says), and `count` registered members."""
    count, when = request.param
    platform = PlatformFactory(moderators=[platform_moderator])
    starts_at = timezone.now() + (timedelta(days=3) if when == "upcoming" else -timedelta(days=3))
    meeting = MeetingFactory(platform=platform, starts_at=starts_at, capacity=200)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            title=f"Күн тәртібінің {n}-тармағы",
            proposal=ProposalFactory(platform=platform),
        )
        for n in range(1, count + 1)
    )
    for n, user in enumerate(UserFactory.create_batch(count)):
        seat(platform, user, PlatformMembership.Role.EXPERT)
        MeetingRegistrationFactory(meeting=meeting, user=user, attended=n % 2 == 0)
    return meeting


@pytest.mark.parametrize("full_meeting", [(1, "upcoming"), (50, "upcoming")], indirect=True)
def test_a_meeting_page_runs_three_queries_for_a_visitor(
    client, full_meeting, django_assert_num_queries
):
    count = full_meeting.agenda_items.count()

    # the meeting with its platform and host, the registrations counted, the agenda (with its
    # items' proposals)
    with django_assert_num_queries(3):
        response = client.get(full_meeting.get_absolute_url())

    assert response.status_code == 200
    assert response.text.count("-тармағы</span>") == count
    assert response.context["registered"] == count


@pytest.mark.parametrize("full_meeting", [(1, "upcoming"), (50, "upcoming")], indirect=True)
def test_a_meeting_page_runs_eight_queries_for_a_registered_member(
    client, full_meeting, django_assert_num_queries
):
    member = full_meeting.registrations.first()
    client.force_login(member)

    # session, the user with their roles (no work: no menu of work to read), the meeting
    # with its platform and host, the registrations counted, the member's own registration,
    # the member check, the moderator check, the agenda
    with django_assert_num_queries(8):
        response = client.get(full_meeting.get_absolute_url())

    assert response.status_code == 200
    assert response.context["own_registration"] is not None
    assert response.context["can_see_link"] is True


@pytest.mark.parametrize("full_meeting", [(1, "past"), (50, "past")], indirect=True)
def test_a_past_meeting_page_runs_ten_queries_for_its_moderator(
    client, full_meeting, platform_moderator, django_assert_num_queries
):
    count = full_meeting.agenda_items.count()
    client.force_login(platform_moderator)

    # session, the user with their roles (which say there is work), the meeting with its
    # platform and host, the registrations counted, the moderator's own registration, the
    # moderator check, the registered people for the minutes form, the member check, the
    # agenda, the header's menu of work
    with django_assert_num_queries(10):
        response = client.get(full_meeting.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["minutes_form"].fields["attended"].choices) == count
    assert response.text.count('name="attended"') == count


# The moderators' and the representatives' workspaces


@pytest.mark.parametrize("count", [1, 50])
def test_the_platform_workspace_runs_eight_queries_for_its_moderator(
    client, platform_moderator, django_assert_num_queries, count
):
    platform = PlatformFactory(moderators=[platform_moderator])
    author = UserFactory()
    for n, user in enumerate(UserFactory.create_batch(count)):
        seat(platform, user, ROLES[n % 3], status=PlatformMembership.Status.APPLIED,
             motivation="Жастар саясатында он жыл тәжірибем бар.")  # fmt: skip
        ProposalFactory(platform=platform, author=author)
        meeting = MeetingFactory(platform=platform, capacity=10)
        MeetingRegistrationFactory(meeting=meeting, user=author)
    client.force_login(platform_moderator)

    # session, the user with their roles (which say there is work), the platform with its
    # host, the moderator check, the upcoming meetings (registrations counted), the
    # applications (people and NGOs joined), the proposals (authors joined), the header's
    # menu of work
    with django_assert_num_queries(8):
        response = client.get(reverse("platform_workspace", args=[platform.slug]))

    assert response.status_code == 200
    # Each decline is a link to the page that asks for the reason first.
    assert response.text.count("/decline/") == 2 * count
    assert len(response.context["upcoming_meetings"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_the_ngo_workspace_runs_seven_queries_for_its_representative(
    client, organization, ngo_representative, django_assert_num_queries, count
):
    platform = PlatformFactory()
    for user in UserFactory.create_batch(count):
        OrganizationMemberFactory(organization=organization, user=user,
                                  status=OrganizationMember.Status.PENDING)  # fmt: skip
    for member in UserFactory.create_batch(count):
        OrganizationMemberFactory(organization=organization, user=member)
        seat(platform, member, PlatformMembership.Role.NGO_REPRESENTATIVE,
             organization=organization, status=PlatformMembership.Status.APPLIED)  # fmt: skip
    client.force_login(ngo_representative)

    # session, the user with their roles (no work: no menu of work to read), the NGO with its
    # region, the representative's roles in it, the memberships (people joined), the seats
    # (platforms and people joined), the regions of the form
    with django_assert_num_queries(7):
        response = client.get(reverse("organization_workspace", args=[organization.pk]))

    assert response.status_code == 200
    assert len(response.context["pending"]) == count
    assert len(response.context["members"]) == count + 1  # and the representative
    assert response.text.count("/approve/") == count
