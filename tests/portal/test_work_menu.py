"""The header's "My work" menu (issue 12, point 6): the moderation queue, the platforms a
person moderates and their state bodies' workspaces, each with what waits there, in one query
for a signed-in person and none for a visitor."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from platforms.models import PlatformMembership, Recommendation
from portal.models import StateBodyOfficial
from qogam.context_processors import work, work_links
from tests.factories import UserFactory, make_petition, state_body
from tests.platforms.factories import (
    PlatformFactory,
    PlatformMembershipFactory,
    ProposalFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

APPLIED = PlatformMembership.Status.APPLIED


def links(user):
    with translation.override("en"):
        return [(str(label), url, waiting) for label, url, waiting in work_links(user)]


def test_a_visitor_has_no_menu_and_it_costs_no_query(django_assert_num_queries, client):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert work(request) == {}
    assert "work-menu" not in client.get(reverse("home")).text


def test_a_citizen_has_no_menu(client, citizen, django_assert_num_queries):
    # the person's roles say they have no work: the menu's own query is not run
    with django_assert_num_queries(1):
        assert links(citizen) == []
    client.force_login(citizen)
    assert "work-menu" not in client.get(reverse("petition_list")).text


@pytest.mark.parametrize("count", [1, 3])
def test_a_moderator_and_official_sees_every_workplace_with_what_waits_in_two_queries(
    petition_moderator, django_assert_num_queries, count
):
    person = petition_moderator
    for _ in range(2):
        make_petition("in_moderation")
    make_petition("under_consideration", addressee="misd")
    make_petition("open")
    platforms = [PlatformFactory(moderators=[person]) for _ in range(count)]
    for platform in platforms:
        PlatformMembershipFactory(platform=platform, status=APPLIED)
        ProposalFactory(platform=platform)
    PlatformMembershipFactory(platform=platforms[0])  # approved: nothing to decide
    misd = state_body("misd")
    StateBodyOfficial.objects.create(body=misd, user=person)
    RecommendationFactory(addressee=misd, status=Recommendation.Status.SENT)
    RecommendationFactory(addressee=misd)  # proposed: not yet the body's to answer

    # the person's roles (which say there is work), then every workplace in one query
    with django_assert_num_queries(2):
        found = links(person)

    assert found[0] == ("Petition moderation queue", reverse("moderation_queue"), 3)
    assert found[1 : 1 + count] == [
        (f"Moderation: {p.name_en}", reverse("platform_workspace", args=[p.slug]), 2)
        for p in sorted(platforms, key=lambda p: p.name_kk)
    ]
    assert found[-1] == (
        f"Workspace: {misd.name_en}",
        reverse("state_body_workspace", args=["misd"]),
        2,
    )
    assert work_links(person).total == 3 + 2 * count + 2


def test_the_header_shows_the_menu_in_the_readers_language(client, petition_moderator):
    make_petition("in_moderation")
    client.force_login(petition_moderator)
    client.cookies["django_language"] = "ru"

    page = client.get(reverse("home")).text

    assert "Моя работа" in page
    assert f'href="{reverse("moderation_queue")}"' in page
    assert '<span class="badge">1<span class="visually-hidden"> ожидает</span>' in page


def test_a_removed_official_and_an_inactive_moderator_lose_their_links(petition_moderator):
    misd = state_body("misd")
    post = StateBodyOfficial.objects.create(body=misd, user=UserFactory())
    post.removed_at = post.appointed_at
    post.save()
    assert links(post.user) == []
    petition_moderator.is_active = False
    petition_moderator.save()
    assert links(petition_moderator) == []
