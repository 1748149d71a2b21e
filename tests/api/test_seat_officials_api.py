"""Seating state officials on a platform through the API (design §4.7, §6): the platform's
moderators only, through the two-thirds rule: 409 at the line until a reason is given, which
is published; 400 for anyone not appointed to a state body."""

import pytest

from platforms import services
from platforms.models import PlatformEvent, PlatformMembership
from portal.services import appoint_official
from tests.factories import UserFactory, state_body
from tests.platforms.factories import platform_at_four_of_five

pytestmark = pytest.mark.django_db

Role = PlatformMembership.Role
REASON = "Положение о совете требует трёх представителей госорганов."


@pytest.fixture
def platform(platform_moderator):
    return platform_at_four_of_five(platform_moderator)


@pytest.fixture
def officials(admin):
    """Two officials of the platform's host (the Ministry)."""
    people = UserFactory.create_batch(2)
    for person in people:
        appoint_official(body=state_body("misd"), user=person, actor=admin)
    return people


def appoint(api_as, caller, platform, **data):
    return api_as(caller).post(f"/api/v1/platforms/{platform.slug}/officials", data,
                               format="json")  # fmt: skip


def test_the_api_seats_an_official_refuses_at_the_line_and_takes_the_reason(
    api_as, platform, platform_moderator, officials
):
    first = appoint(api_as, platform_moderator, platform, user=officials[0].pk)
    assert first.status_code == 201
    assert first.json()["role"] == "state_official" and first.json()["status"] == "approved"

    refused = appoint(api_as, platform_moderator, platform, user=officials[1].pk)
    assert refused.status_code == 409
    assert refused.json()["code"] == "conflict"
    assert "үштен екіден аз" in refused.json()["detail"]
    assert not platform.memberships.filter(user=officials[1]).exists()

    seated = appoint(api_as, platform_moderator, platform, user=officials[1].pk,
                     override_reason=REASON)  # fmt: skip
    assert seated.status_code == 201
    assert PlatformEvent.objects.get(platform=platform, action="two_thirds_overridden").note == (
        REASON
    )


@pytest.mark.parametrize("role", ["visitor", "citizen", "ngo_member", "petition_moderator",
                                  "platform_moderator", "admin", "moderator_of_it"])  # fmt: skip
def test_each_role_seats_officials_through_the_api_only_as_the_rules_say(
    api_as, request, role, platform, platform_moderator, officials
):
    user = {"visitor": None, "moderator_of_it": platform_moderator}.get(role)
    if role not in ("visitor", "moderator_of_it"):
        user = request.getfixturevalue(role)
        if role == "platform_moderator":
            # Ministry staff who moderate other platforms, not this one.
            user = UserFactory(groups=["platform_moderators"])
    response = appoint(api_as, user, platform, user=officials[0].pk)
    if role in ("admin", "moderator_of_it"):
        assert response.status_code == 201
    else:
        assert response.status_code == (401 if role == "visitor" else 403)
        assert not platform.memberships.filter(user=officials[0]).exists()


def test_the_api_refuses_an_archived_platform_and_a_person_who_is_no_official(
    api_as, platform, platform_moderator, officials
):
    nobody = UserFactory()
    response = appoint(api_as, platform_moderator, platform, user=nobody.pk)
    assert response.status_code == 400
    assert "user" in response.json()["errors"]
    bad_reason = appoint(api_as, platform_moderator, platform, user=officials[0].pk,
                         override_reason="<script>")  # fmt: skip
    assert bad_reason.status_code == 400
    services.archive_platform(platform=platform, moderator=platform_moderator)
    archived = appoint(api_as, platform_moderator, platform, user=officials[0].pk)
    assert archived.status_code == 409
    assert not platform.memberships.filter(user__in=[nobody, officials[0]]).exists()
