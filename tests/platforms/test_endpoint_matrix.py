"""Who may take each step through the API and the pages: every role × every write endpoint.

The API answers as the rules say (platforms/rules.py, tested role by role in
test_permissions.py): 2xx when the step is taken, 403 when the person's role does not allow
it, 409 when it does but the object's state does not, 401 for a visitor. The pages take the
step (a redirect, and the step's event is written), hide what the person may not do (404), or
refuse with a message and change nothing. Whether a step was taken is read from its event:
every service writes one.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from platforms.models import OrganizationEvent, PlatformEvent, PlatformMembership
from portal.rules import refusal
from portal.validators import make_bin
from tests.factories import region, state_body
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "citizen",
    "ngo_member",
    "ngo_representative",
    "other_ngos_representative",
    "platform_moderator",
    "other_platforms_moderator",
    "petition_moderator",
    "admin",
]
SIGNED_IN = frozenset(ROLES) - {"visitor"}
MINISTRY = frozenset({"platform_moderator", "other_platforms_moderator", "petition_moderator"})
MODERATORS = frozenset({"platform_moderator", "admin"})
# ngo_member holds an approved seat on the platform, on the NGO's behalf.
SEATED = frozenset({"ngo_member"})


def soon():
    return timezone.now() + timedelta(days=3)


class World:
    """The platform moderated by platform_moderator with ngo_member seated, its meetings."""

    def __init__(self, cast, organization):
        self.organization = organization
        self.platform = PlatformFactory(moderators=[cast["platform_moderator"]])
        PlatformMembershipFactory(
            platform=self.platform, user=cast["ngo_member"], organization=organization,
            role=PlatformMembership.Role.NGO_REPRESENTATIVE,
        )  # fmt: skip
        self.upcoming = MeetingFactory(platform=self.platform, starts_at=soon())
        self.booked = MeetingFactory(platform=self.platform, starts_at=soon())
        MeetingRegistrationFactory(meeting=self.booked, user=cast["ngo_member"])
        self.past = MeetingFactory(
            platform=self.platform, starts_at=timezone.now() - timedelta(hours=2)
        )


# Each step: its permission and object, its API call and page call (method, address, data),
# the roles that take it, those whom its state refuses (409), and whether its page hides it.
# fmt: off
STEPS = {
    "apply": {
        "permission": "apply_to_platform", "obj": lambda w: w.platform,
        "api": lambda w: ("post", f"/api/v1/platforms/{w.platform.slug}/apply", {"role": "expert"}),
        "page": lambda w: ("post", reverse("platform_apply", args=[w.platform.slug]),
                        {"role": "expert", "motivation": "Опыт в теме."}),
        "takes": SIGNED_IN - SEATED, "not_now": SEATED, "hidden": False,
    },
    "propose": {
        "permission": "submit_proposal", "obj": lambda w: w.platform,
        "api": lambda w: ("post", f"/api/v1/platforms/{w.platform.slug}/proposals",
                       {"title": "Детские площадки", "text": "Обсудить."}),
        "page": lambda w: ("post", reverse("platform_propose", args=[w.platform.slug]),
                        {"title": "Детские площадки", "text": "Обсудить."}),
        "takes": SEATED, "not_now": frozenset(), "hidden": True,
    },
    "schedule_meeting": {
        "permission": "schedule_meeting", "obj": lambda w: w.platform,
        "api": lambda w: ("post", f"/api/v1/platforms/{w.platform.slug}/meetings",
                       {"title": "Заседание", "starts_at": soon().isoformat(),
                        "format": "online", "online_link": "https://meet.kz/7"}),
        "page": lambda w: ("post", reverse("meeting_create", args=[w.platform.slug]),
                        {"title": "Заседание", "starts_at": soon().strftime("%Y-%m-%dT%H:%M"),
                         "format": "online", "online_link": "https://meet.kz/7", "place": "",
                         "capacity": "", "agenda": "Отчёт"}),
        "takes": MODERATORS, "not_now": frozenset(), "hidden": True,
    },
    "record_recommendation": {
        "permission": "record_recommendation", "obj": lambda w: w.platform,
        "api": lambda w: ("post", f"/api/v1/platforms/{w.platform.slug}/recommendations",
                       {"text": "Открыть центр.", "addressee": state_body("misd").pk}),
        "page": None,
        "takes": MODERATORS, "not_now": frozenset(), "hidden": True,
    },
    "register_for_meeting": {
        "permission": "register_for_meeting", "obj": lambda w: w.upcoming,
        "api": lambda w: ("post", f"/api/v1/meetings/{w.upcoming.pk}/register", {}),
        "page": lambda w: ("post", reverse("meeting_register", args=[w.upcoming.pk]), {}),
        "takes": SEATED, "not_now": frozenset(), "hidden": False,
    },
    "register_for_a_past_meeting": {
        "permission": "register_for_meeting", "obj": lambda w: w.past,
        "api": lambda w: ("post", f"/api/v1/meetings/{w.past.pk}/register", {}),
        "page": lambda w: ("post", reverse("meeting_register", args=[w.past.pk]), {}),
        "takes": frozenset(), "not_now": SEATED, "hidden": False,
    },
    "cancel_registration": {
        "permission": "cancel_registration", "obj": lambda w: w.booked,
        "api": lambda w: ("delete", f"/api/v1/meetings/{w.booked.pk}/register", {}),
        "page": lambda w: ("post", reverse("meeting_cancel", args=[w.booked.pk]), {}),
        "takes": SEATED, "not_now": SIGNED_IN - SEATED, "hidden": False,
    },
    "publish_minutes": {
        "permission": "publish_minutes", "obj": lambda w: w.past,
        "api": lambda w: ("post", f"/api/v1/meetings/{w.past.pk}/minutes", {"minutes": "Решили."}),
        "page": lambda w: ("post", reverse("meeting_minutes", args=[w.past.pk]),
                        {"minutes": "Решили."}),
        "takes": MODERATORS, "not_now": frozenset(), "hidden": True,
    },
    "publish_minutes_before_the_meeting": {
        "permission": "publish_minutes", "obj": lambda w: w.upcoming,
        "api": lambda w: ("post", f"/api/v1/meetings/{w.upcoming.pk}/minutes",
                       {"minutes": "Решили."}),
        "page": lambda w: ("post", reverse("meeting_minutes", args=[w.upcoming.pk]),
                        {"minutes": "Решили."}),
        "takes": frozenset(), "not_now": MODERATORS, "hidden": True,
    },
    "register_organization": {
        "permission": "register_organization", "obj": lambda w: None,
        "api": lambda w: ("post", "/api/v1/organizations",
                       {"name_kk": "«Жасыл ел»", "name_ru": "«Жасыл ел»",
                        "bin": make_bin(2021, 4, serial=7301), "legal_form": "public_association",
                        "region": region("KZ-75").pk, "spheres": ["ecology"]}),
        "page": None,
        "takes": SIGNED_IN, "not_now": frozenset(), "hidden": False,
    },
    "join_organization": {
        "permission": "join_organization", "obj": lambda w: w.organization,
        "api": lambda w: ("post", f"/api/v1/organizations/{w.organization.pk}/join", {}),
        "page": lambda w: ("post", reverse("organization_join", args=[w.organization.pk]), {}),
        "takes": SIGNED_IN - {"ngo_member", "ngo_representative"},
        "not_now": frozenset({"ngo_member", "ngo_representative"}), "hidden": False,
    },
    "verify_organization": {
        "permission": "verify_organization", "obj": lambda w: w.organization,
        "api": lambda w: ("post", f"/api/v1/organizations/{w.organization.pk}/verify", {}),
        "page": lambda w: ("post", reverse("organization_verify", args=[w.organization.pk]), {}),
        "takes": MINISTRY | {"admin"}, "not_now": frozenset(), "hidden": True,
    },
}
# fmt: on


def events():
    return PlatformEvent.objects.count() + OrganizationEvent.objects.count()


@pytest.fixture
def world(request, organization):
    cast = {role: request.getfixturevalue(role) for role in ROLES}
    return cast, World(cast, organization)


def api_client(user):
    client = APIClient()
    if user.is_authenticated:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", STEPS)
def test_the_api_answers_each_role_as_the_rules_say(world, step, role):
    cast, w = world
    spec, user = STEPS[step], cast[role]
    method, address, data = spec["api"](w)
    expected = (
        401 if role == "visitor"
        else 200 if role in spec["takes"]
        else 409 if role in spec["not_now"]
        else 403
    )  # fmt: skip
    # The table and the rules agree: the API is checked against what the rules decide.
    code = refusal(user, f"platforms.{spec['permission']}", spec["obj"](w))
    assert {None: 200, "conflict": 409, "forbidden": 403}[code] == (
        403 if expected == 401 else expected
    )
    before = events()

    response = getattr(api_client(user), method)(address, data, format="json")

    status = 200 if 200 <= response.status_code < 300 else response.status_code
    assert status == expected, response.content
    assert events() == before + (1 if expected == 200 else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", [name for name, spec in STEPS.items() if spec["page"]])
def test_the_pages_take_hide_or_refuse_each_step_as_the_rules_say(client, world, step, role):
    cast, w = world
    spec, user = STEPS[step], cast[role]
    method, address, data = spec["page"](w)
    if user.is_authenticated:
        client.force_login(user)
    before = events()

    response = getattr(client, method)(address, data)

    if role == "visitor":
        assert (response.status_code, response.url.split("?")[0]) == (302, reverse("account_login"))
    elif role in spec["takes"]:
        assert response.status_code == 302
    elif spec["hidden"] and role not in spec["not_now"]:
        assert response.status_code == 404
    else:
        # Refused with a message: back to the object's page, or its form shown again.
        assert response.status_code in (200, 302)
    assert events() == before + (1 if role in spec["takes"] else 0)
