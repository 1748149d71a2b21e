"""Every list and detail of the API runs a fixed number of queries, for 1 row as for 50
(STYLE §3). Each test names its queries; a failure prints them."""

import itertools

import pytest
from django.utils import timezone

from petitions import services
from petitions.models import (
    Category,
    DailySignatureCount,
    GroundVersion,
    PetitionEvent,
    RegionSignatureCount,
)
from platforms.models import (
    AgendaItem,
    OrganizationMember,
    PlatformMembership,
    RecommendationChange,
)
from portal.models import Region, StateBody
from tests.factories import OrganizationFactory, UserFactory, fake_signatures, make_petition
from tests.platforms.factories import (
    MeetingFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

ROWS = [1, 50]
ALL = {"page_size": 100}
SERIAL = itertools.count()


def unique(prefix):
    """A fresh value for each copy of a unique column."""
    return lambda: f"{prefix}-{next(SERIAL)}"


def clone(instance, count, **changes):
    """`count` copies of a saved row (the original among them), saved in one query."""
    model = type(instance)
    copies = []
    for _ in range(count - 1):
        copy = model.objects.get(pk=instance.pk)
        copy.pk = None
        for name, value in changes.items():
            setattr(copy, name, value() if callable(value) else value)
        copies.append(copy)
    return [instance, *model.objects.bulk_create(copies)]


def check(client, url, queries, rows, django_assert_num_queries, params=ALL):
    with django_assert_num_queries(queries):
        response = client.get(url, params)
    assert response.status_code == 200, response.json()
    if "results" in response.json():
        assert len(response.json()["results"]) == rows
    return response.json()


# Petitions


@pytest.fixture
def petitions(request, citizen):
    """`request.param` open petitions by `citizen`."""
    return clone(make_petition("open", author=citizen), request.param)


@pytest.mark.parametrize("petitions", ROWS, indirect=True)
def test_the_petition_list_runs_one_query(api, petitions, django_assert_num_queries):
    # the page, with addressee, category, region and author joined (no COUNT)
    check(api, "/api/v1/petitions", 1, len(petitions), django_assert_num_queries)


@pytest.mark.parametrize("count", ROWS)
def test_rejected_petitions_add_one_query_for_their_grounds(
    api, citizen, django_assert_num_queries, count
):
    # the page, then the grounds of its rejected petitions with their codes
    clone(make_petition("rejected", author=citizen), count)
    data = check(api, "/api/v1/petitions", 2, count, django_assert_num_queries)
    assert all(row["rejection"]["reason"]["code"] for row in data["results"])
    petition = data["results"][0]["id"]
    check(api, f"/api/v1/petitions/{petition}", 2, None, django_assert_num_queries)


@pytest.mark.parametrize("petitions", ROWS, indirect=True)
def test_the_petition_list_signed_in_runs_three_queries(
    api_as, citizen, petitions, django_assert_num_queries
):
    # the token with its user, the user's groups (is a moderator?), the page
    check(api_as(citizen), "/api/v1/petitions", 3, len(petitions), django_assert_num_queries)
    check(api_as(citizen), "/api/v1/petitions", 3, len(petitions), django_assert_num_queries,
          {**ALL, "mine": "true", "ordering": "ending", "q": "мост"})  # fmt: skip


@pytest.mark.parametrize("petitions", ROWS, indirect=True)
def test_a_petition_runs_one_query(api, petitions, django_assert_num_queries):
    # the petition with its addressee, category, region and author (no rejection: no ground)
    check(api, f"/api/v1/petitions/{petitions[0].pk}", 1, None, django_assert_num_queries)


@pytest.mark.parametrize("count", ROWS)
def test_the_history_runs_two_queries(api, django_assert_num_queries, count):
    petition = make_petition("open")
    PetitionEvent.objects.filter(petition=petition).delete()
    PetitionEvent.objects.bulk_create(
        PetitionEvent(petition=petition, action="opened", to_status="open") for _ in range(count)
    )

    # the petition (may the caller see it?), the page of events
    check(api, f"/api/v1/petitions/{petition.pk}/events", 2, count, django_assert_num_queries)


@pytest.mark.parametrize("count", ROWS)
def test_the_signature_counts_run_three_queries(api, django_assert_num_queries, count):
    petition = make_petition("open")
    DailySignatureCount.objects.filter(petition=petition).delete()
    RegionSignatureCount.objects.filter(petition=petition).delete()
    today = timezone.localdate()
    DailySignatureCount.objects.bulk_create(
        DailySignatureCount(petition=petition, day=today - timezone.timedelta(days=n), count=1)
        for n in range(count)
    )
    for region in Region.objects.all()[:count]:
        RegionSignatureCount.objects.create(petition=petition, region=region, count=1)

    # the petition, the counts by region (regions joined), the counts by day
    data = check(api, f"/api/v1/petitions/{petition.pk}/signatures", 3, None,
                 django_assert_num_queries)  # fmt: skip
    assert len(data["by_day"]) == count


@pytest.mark.parametrize("petitions", ROWS, indirect=True)
def test_my_petitions_runs_three_queries(api_as, citizen, petitions, django_assert_num_queries):
    # the token with its user, the count, the page with its joins
    check(api_as(citizen), "/api/v1/me/petitions", 3, len(petitions), django_assert_num_queries)


@pytest.mark.parametrize("count", ROWS)
def test_my_signatures_runs_three_queries(api_as, citizen, django_assert_num_queries, count):
    petition = make_petition("open")
    for copy in clone(petition, count):
        services.sign_petition(petition=copy, user=citizen)

    # the token with its user, the count, the page with petitions and addressees joined
    check(api_as(citizen), "/api/v1/me/signatures", 3, count, django_assert_num_queries)


# Reference data: the lists hold what the migrations loaded, then 50 more rows


@pytest.mark.parametrize("extra", [0, 50])
@pytest.mark.parametrize(
    "url, model",
    [
        ("/api/v1/regions", Region),
        ("/api/v1/state-bodies", StateBody),
        ("/api/v1/categories", Category),
        ("/api/v1/rejection-reasons", GroundVersion),
    ],
)
def test_reference_lists_run_two_queries_and_details_one(
    api, django_assert_num_queries, url, model, extra
):
    first = model.objects.order_by("pk").first()
    if extra:
        columns = {"code": unique("X")} if model is Region else {}
        columns |= {"slug": unique("extra")} if model in (StateBody, Category) else {}
        clone(first, extra + 1, **columns)
    listed = (
        GroundVersion.objects.in_force(timezone.localdate())
        if model is GroundVersion
        else model.objects.all()
    )
    rows = min(100, listed.count())

    # the count, the page (state bodies: their regions joined)
    check(api, url, 2, rows, django_assert_num_queries)
    # the row
    check(api, f"{url}/{first.pk}", 1, None, django_assert_num_queries)


# Platforms


@pytest.mark.parametrize("count", ROWS)
def test_the_platform_list_runs_two_queries(api, django_assert_num_queries, count):
    for platform in clone(PlatformFactory(), count, slug=unique("p")):
        PlatformMembershipFactory(platform=platform)

    # the count, the page (host joined, seats counted by role)
    check(api, "/api/v1/platforms", 2, count, django_assert_num_queries)
    # the platform
    check(api, f"/api/v1/platforms/{platform.slug}", 1, None, django_assert_num_queries)


@pytest.mark.parametrize("count", ROWS)
def test_the_meetings_run_three_queries_and_five_more_for_a_member(
    api, api_as, django_assert_num_queries, count
):
    platforms = [PlatformFactory() for _ in range(min(count, 5))]
    member = UserFactory()
    for platform in platforms:
        PlatformMembershipFactory(platform=platform, user=member)
    for n in range(count):
        meeting = MeetingFactory(platform=platforms[n % len(platforms)], format="hybrid",
                                 online_link="https://meet.example.kz/x")  # fmt: skip
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=p, title="Пункт") for p in (1, 2)
        )

    # the count, the page (platform joined, registrations counted), the agendas
    check(api, "/api/v1/meetings", 3, count, django_assert_num_queries)
    # + the token with its user, the member's seats and moderated platforms among the page's
    data = check(api_as(member), "/api/v1/meetings", 6, count, django_assert_num_queries)
    assert all(row["online_link"] for row in data["results"])
    # the meeting, its agenda; signed in: + the token, the seats, the moderated platforms
    check(api, f"/api/v1/meetings/{meeting.pk}", 2, None, django_assert_num_queries)
    check(api_as(member), f"/api/v1/meetings/{meeting.pk}", 5, None, django_assert_num_queries)


@pytest.mark.parametrize("count", ROWS)
def test_the_recommendations_run_three_queries(api, django_assert_num_queries, count):
    platform = PlatformFactory()
    for recommendation in clone(RecommendationFactory(platform=platform), count):
        RecommendationChange.objects.bulk_create(
            RecommendationChange(
                recommendation=recommendation, to_status=status, answered_on=timezone.localdate()
            )
            for status in ("proposed", "sent")
        )

    # the count, the page (platform, meeting and addressee joined), the histories
    check(api, "/api/v1/recommendations", 3, count, django_assert_num_queries)
    # the recommendation with its joins, its history
    check(api, f"/api/v1/recommendations/{recommendation.pk}", 2, None,
          django_assert_num_queries)  # fmt: skip


@pytest.mark.parametrize("count", ROWS)
def test_the_ngo_directory_runs_two_queries(api, django_assert_num_queries, count):
    organizations = OrganizationFactory.create_batch(count)
    for organization in organizations:
        OrganizationMember.objects.create(organization=organization, user=UserFactory())

    # the count, the page (region joined, approved members counted)
    check(api, "/api/v1/organizations", 2, count, django_assert_num_queries)
    # the organisation
    check(api, f"/api/v1/organizations/{organizations[0].pk}", 1, None, django_assert_num_queries)


@pytest.mark.parametrize("count", ROWS)
def test_seats_and_applications_run_three_queries(
    api_as, platform_moderator, django_assert_num_queries, count
):
    platform = PlatformFactory(moderators=[platform_moderator])
    PlatformMembership.objects.bulk_create(
        PlatformMembership(platform=platform, user=UserFactory(), role="expert")
        for _ in range(count)
    )
    me = PlatformMembership.objects.filter(platform=platform).first().user
    OrganizationMember.objects.bulk_create(
        OrganizationMember(organization=OrganizationFactory(), user=me) for _ in range(count)
    )

    # the token with its user, the count, the page (platform, organisation and person joined)
    check(api_as(platform_moderator), "/api/v1/platform-memberships", 3, count,
          django_assert_num_queries)  # fmt: skip
    check(api_as(me), "/api/v1/me/memberships", 3, 1, django_assert_num_queries)
    check(api_as(me), "/api/v1/me/organizations", 3, count, django_assert_num_queries)
    # the token with its user, the seat with its joins
    seat = PlatformMembership.objects.filter(platform=platform).first()
    check(api_as(platform_moderator), f"/api/v1/platform-memberships/{seat.pk}", 2, None,
          django_assert_num_queries)  # fmt: skip


@pytest.mark.parametrize("count", ROWS)
def test_the_moderation_queue_runs_three_queries(
    api_as, petition_moderator, django_assert_num_queries, count
):
    clone(make_petition("in_moderation"), count)

    # the token with its user, the moderator's groups, the page with its joins
    check(api_as(petition_moderator), "/api/v1/petitions/moderation-queue", 3, count,
          django_assert_num_queries)  # fmt: skip


@pytest.mark.parametrize("count", ROWS)
def test_an_ngos_member_list_runs_a_fixed_number_of_queries(
    api_as, ngo_representative, organization, django_assert_num_queries, count
):
    OrganizationMember.objects.bulk_create(
        OrganizationMember(organization=organization, user=UserFactory()) for _ in range(count - 1)
    )

    # the token with its user, the NGO, the representative's roles, the count, the page
    check(api_as(ngo_representative), f"/api/v1/organizations/{organization.pk}/members",
          QUERIES["members"], count, django_assert_num_queries)  # fmt: skip


@pytest.mark.parametrize("count", ROWS)
def test_a_platforms_proposal_list_runs_a_fixed_number_of_queries(
    api_as, platform_moderator, django_assert_num_queries, count
):
    from platforms.models import Proposal

    platform = PlatformFactory(moderators=[platform_moderator])
    author = UserFactory()
    Proposal.objects.bulk_create(
        Proposal(platform=platform, author=author, title=f"Ұсыныс {n}", text="Мәтін")
        for n in range(count)
    )

    # the token with its user, the platform, the moderator check, the count, the page
    check(api_as(platform_moderator), f"/api/v1/platforms/{platform.slug}/proposals",
          QUERIES["proposals"], count, django_assert_num_queries)  # fmt: skip


@pytest.mark.parametrize("count", ROWS)
def test_the_signature_list_runs_a_fixed_number_of_queries(
    api_as, petition_moderator, django_assert_num_queries, count
):
    petition = make_petition("gathering_support")
    services.import_signatures(petition=petition, signatures=fake_signatures(count))

    # the token with its user, the moderator's groups, the petition, the page
    check(api_as(petition_moderator), f"/api/v1/petitions/{petition.pk}/signature-list",
          QUERIES["signatures"], count, django_assert_num_queries)  # fmt: skip


QUERIES = {"members": 5, "proposals": 5, "signatures": 4}
