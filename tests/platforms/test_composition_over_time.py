"""A platform's composition over time (design §4.7), from its seats' spans, on its page as a
chart legible on a phone; and the moderators' page and API endpoint that seat state officials
through the two-thirds rule, refused at the line until a reason is recorded."""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from platforms import services
from platforms.models import PlatformEvent, PlatformMembership, composition_history
from portal.models import StateBody
from portal.services import appoint_official
from tests.factories import UserFactory, state_body
from tests.platforms.factories import (
    PlatformFactory,
    PlatformMembershipFactory,
    platform_at_four_of_five,
)

pytestmark = pytest.mark.django_db

Role = PlatformMembership.Role
REASON = "Положение о совете требует трёх представителей госорганов."


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(day, hour=12):
    return timezone.make_aware(datetime(2026, 3, day, hour))


# The history itself


def test_the_history_counts_each_day_on_which_the_composition_changed():
    spans = [
        (Role.EXPERT, at(1), None),
        (Role.ACTIVIST, at(1, 15), None),
        (Role.STATE_OFFICIAL, at(3), at(9)),
        (Role.EXPERT, at(5), None),
        (Role.STATE_OFFICIAL, at(9, 16), None),
    ]
    history = composition_history(spans, points=10)

    assert [day.day for day, _seats in history] == [1, 3, 5, 9]
    assert [seats.total for _day, seats in history] == [2, 3, 4, 4]
    assert [seats.percent for _day, seats in history] == [100, 67, 75, 75]
    # The 9th: one official left and another came.
    assert history[-1][1].by_role[Role.STATE_OFFICIAL] == 1


def test_the_history_keeps_the_latest_days():
    spans = [(Role.EXPERT, at(day), None) for day in range(1, 16)]
    history = composition_history(spans, points=10)
    assert [day.day for day, _seats in history] == list(range(6, 16))
    assert history[-1][1].total == 15


def test_leaving_and_being_seated_through_the_services_mark_the_seats_span(
    platform_moderator, citizen
):
    platform = PlatformFactory(moderators=[platform_moderator])
    membership = services.apply_to_platform(platform=platform, user=citizen, role=Role.EXPERT)
    assert membership.seated_at is None
    services.decide_platform_membership(
        membership=membership, moderator=platform_moderator, approve=True
    )
    membership.refresh_from_db()
    assert membership.seated_at is not None and membership.left_at is None
    services.leave_platform(membership=membership, user=citizen)
    membership.refresh_from_db()
    assert membership.left_at >= membership.seated_at
    official = services.appoint_state_official(
        platform=platform, moderator=platform_moderator, user=UserFactory(), override_reason=REASON
    )
    assert official.seated_at is not None
    # The expert came and went the same day: only the official holds a seat at its end.
    ((_day, seats),) = platform.composition_over_time()
    assert seats.by_role == {**dict.fromkeys(Role.values, 0), Role.STATE_OFFICIAL: 1}


# The platform's page


def test_the_platforms_page_draws_the_composition_over_time_with_civil_societys_share(
    english_client,
):
    platform = PlatformFactory()
    for role, day in [(Role.EXPERT, 1), (Role.ACTIVIST, 1), (Role.STATE_OFFICIAL, 4)]:
        PlatformMembershipFactory(platform=platform, role=role, seated_at=at(day))
    text = english_client.get(platform.get_absolute_url()).text

    assert "Composition over time" in text
    chart = re.search(r"<svg[^>]*>.*?Seats by role over time.*?</svg>", text, re.S).group(0)
    # Civil society's share above each day: all of 2, then 2 of 3.
    assert ">100%</text>" in chart and ">67%</text>" in chart
    assert ">1.03.26</text>" in chart and ">4.03.26</text>" in chart
    # Drawn 360 wide, so a 375 px phone shows it at nearly full size: its text stays >= 12px.
    assert 'viewBox="0 0 360 ' in chart
    assert 'font-size="14"' in chart
    # The table under it says the same in words.
    assert "expert 1; public activist 1; state official 1; 67%" in text


# The moderators' page that seats officials


@pytest.fixture
def platform(platform_moderator):
    return platform_at_four_of_five(platform_moderator)


@pytest.fixture
def officials(admin):
    """Three officials of the platform's host (the Ministry) and one of another body."""
    people = UserFactory.create_batch(3, preferred_language="en")
    for person in people:
        appoint_official(body=state_body("misd"), user=person, actor=admin)
    elsewhere = UserFactory(last_name="Аппаратов")
    appoint_official(body=state_body("government"), user=elsewhere, actor=admin)
    return [*people, elsewhere]


def officials_url(platform):
    return reverse("platform_officials", args=[platform.slug])


def post_id(person):
    return person.official_posts.get().pk


def test_the_page_offers_the_officials_of_state_bodies_the_host_first(
    english_client, platform, platform_moderator, officials
):
    english_client.force_login(platform_moderator)
    text = english_client.get(officials_url(platform)).text
    options = re.findall(r'<option value="(\d+)"', text)
    assert len(options) == 4
    assert options[-1] == str(post_id(officials[-1]))
    assert "Why seat them below the two-thirds goal" not in text


def test_an_official_is_seated_from_the_page_while_two_thirds_hold(
    english_client, platform, platform_moderator, officials
):
    english_client.force_login(platform_moderator)
    response = english_client.post(officials_url(platform), {"official": post_id(officials[0])},
                                   follow=True)  # fmt: skip
    assert f"{officials[0].full_name} is seated on the platform." in response.text
    assert platform.memberships.filter(user=officials[0], role=Role.STATE_OFFICIAL).exists()


def test_the_seat_past_the_line_is_refused_plainly_and_the_reason_form_offered(
    english_client, platform, platform_moderator, officials
):
    services.appoint_state_official(platform=platform, moderator=platform_moderator,
                                    user=officials[0])  # fmt: skip
    english_client.force_login(platform_moderator)

    refused = english_client.post(officials_url(platform), {"official": post_id(officials[1])})

    assert refused.status_code == 200
    alert = re.search(r'<div class="form-errors" role="alert"[^>]*>(.*?)</div>', refused.text,
                      re.S).group(1)  # fmt: skip
    assert "Not seated." in alert and "4 of 7 seats, below two thirds" in alert
    assert "Why seat them below the two-thirds goal" in refused.text
    assert "Seat them all the same and publish the reason" in refused.text
    # The same person stays chosen.
    assert f'<option value="{post_id(officials[1])}" selected>' in refused.text
    assert not platform.memberships.filter(user=officials[1]).exists()

    seated = english_client.post(
        officials_url(platform),
        {"official": post_id(officials[1]), "override_reason": REASON},
        follow=True,
    )
    assert f"{officials[1].full_name} is seated on the platform." in seated.text
    event = PlatformEvent.objects.get(platform=platform, action="two_thirds_overridden")
    assert event.note == REASON
    assert REASON in english_client.get(platform.get_absolute_url()).text


def test_markup_in_the_reason_is_refused_and_nothing_stored(
    english_client, platform, platform_moderator, officials
):
    english_client.force_login(platform_moderator)
    response = english_client.post(
        officials_url(platform),
        {"official": post_id(officials[1]), "override_reason": "<b>потому что</b>"},
    )
    assert "Use plain text, without &lt; or &gt;." in response.text
    assert not platform.memberships.filter(user=officials[1]).exists()


@pytest.mark.parametrize("role", ["visitor", "citizen", "petition_moderator", "platform_moderator"])
def test_only_the_platforms_moderators_open_the_page(client, request, platform, role):
    """platform_moderator here moderates other platforms, not this one."""
    other = PlatformFactory(moderators=[UserFactory()])
    if role != "visitor":
        client.force_login(request.getfixturevalue(role))
    response = client.get(officials_url(other))
    assert response.status_code == (302 if role == "visitor" else 404)
    assert client.post(officials_url(other), {"official": 1}).status_code in (302, 404)


def test_the_page_costs_the_same_queries_whatever_the_officials(
    client, platform, platform_moderator, officials, admin, django_assert_num_queries
):
    client.force_login(platform_moderator)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(officials_url(platform)).status_code == 200
        return len(queries)

    before = count()
    for _ in range(5):
        person = UserFactory()
        appoint_official(body=StateBody.objects.get(slug="akimat-62"), user=person, actor=admin)
        services.appoint_state_official(platform=platform, moderator=platform_moderator,
                                        user=UserFactory(), override_reason=REASON)  # fmt: skip
    # session, user, the platform, the moderator check (twice: a page and its forms), the
    # decision check, the composition, the seated officials, the choices
    assert count() == before
    with django_assert_num_queries(before):
        client.get(officials_url(platform))


def test_the_composition_over_time_follows_the_seats_given(platform, platform_moderator):
    today = timezone.localdate()
    PlatformMembership.objects.filter(platform=platform).update(
        seated_at=timezone.now() - timedelta(days=3)
    )
    services.appoint_state_official(platform=platform, moderator=platform_moderator,
                                    user=UserFactory())  # fmt: skip
    (earlier, seats_then), (now, seats_now) = platform.composition_over_time()
    assert earlier == today - timedelta(days=3) and now == today
    assert (seats_then.total, seats_then.percent) == (5, 80)
    assert (seats_now.total, seats_now.percent) == (6, 67)
