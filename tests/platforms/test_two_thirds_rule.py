"""The two-thirds rule (design §3, §4.7): civil society keeps at least two thirds of a
platform's seats; an official seated below that line needs a reason, published on its page."""

import pytest
from django.urls import reverse
from django.utils import translation

from platforms import services
from platforms.models import PlatformEvent, PlatformMembership
from tests.factories import UserFactory
from tests.platforms.factories import platform_at_four_of_five

pytestmark = pytest.mark.django_db

Role = PlatformMembership.Role
REASON = "Положение о совете требует трёх представителей госорганов."


@pytest.fixture
def platform(platform_moderator):
    return platform_at_four_of_five(platform_moderator)


def seats(platform, role=Role.STATE_OFFICIAL):
    return PlatformMembership.objects.filter(platform=platform, role=role, status="approved")


def test_an_official_seated_at_exactly_two_thirds_needs_no_reason(platform, platform_moderator):
    services.appoint_state_official(
        platform=platform, moderator=platform_moderator, user=UserFactory()
    )

    # 4 of 6: two thirds exactly.
    assert seats(platform).count() == 2
    assert not PlatformEvent.objects.filter(platform=platform, action="two_thirds_overridden")


def test_the_seat_past_the_line_is_refused_and_nothing_stored(platform, platform_moderator):
    services.appoint_state_official(
        platform=platform, moderator=platform_moderator, user=UserFactory()
    )
    events = PlatformEvent.objects.filter(platform=platform).count()

    with pytest.raises(services.PlatformError) as refusal, translation.override("en"):
        services.appoint_state_official(
            platform=platform, moderator=platform_moderator, user=UserFactory()
        )

    assert refusal.value.code == "conflict"
    assert "4 of 7 seats, below two thirds" in str(refusal.value.message)
    assert seats(platform).count() == 2
    assert PlatformEvent.objects.filter(platform=platform).count() == events


def test_a_recorded_reason_seats_the_official_and_is_published(
    english_client, platform, platform_moderator
):
    services.appoint_state_official(
        platform=platform, moderator=platform_moderator, user=UserFactory()
    )
    third = UserFactory(first_name="Ерлан", last_name="Сапаров")

    services.appoint_state_official(
        platform=platform, moderator=platform_moderator, user=third, override_reason=REASON
    )

    assert seats(platform).filter(user=third).exists()
    override = PlatformEvent.objects.get(platform=platform, action="two_thirds_overridden")
    assert (override.actor, override.subject, override.note) == (
        platform_moderator, third.full_name, REASON,
    )  # fmt: skip
    page = english_client.get(reverse("platform_detail", args=[platform.slug]))
    assert "Seats given below the two-thirds goal" in page.text
    assert f"{third.full_name}. {REASON}" in page.text


def test_a_blank_reason_is_no_reason(platform, platform_moderator):
    services.appoint_state_official(
        platform=platform, moderator=platform_moderator, user=UserFactory()
    )

    with pytest.raises(services.PlatformError):
        services.appoint_state_official(
            platform=platform, moderator=platform_moderator, user=UserFactory(),
            override_reason="   ",
        )  # fmt: skip


def test_civil_society_seats_are_never_held_back(platform, platform_moderator, citizen):
    # Approving an expert only raises civil society's share.
    membership = services.apply_to_platform(platform=platform, user=citizen, role=Role.EXPERT)

    services.decide_platform_membership(
        membership=membership, moderator=platform_moderator, approve=True
    )

    assert seats(platform, Role.EXPERT).filter(user=citizen).exists()
