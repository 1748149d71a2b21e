"""The addressee answers a recommendation from its workspace: its officials, or the platform's
moderators for it (design §1, §3)."""

from datetime import date

import pytest
from django.urls import reverse

from platforms import services
from platforms.models import Recommendation
from portal.models import StateBody
from portal.services import appoint_official
from tests.factories import UserFactory, state_body
from tests.platforms.factories import PlatformFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(platform_moderator):
    """A recommendation to the Government that the platform's moderator has sent."""
    platform = PlatformFactory()
    platform.moderators.add(platform_moderator)
    recommendation = services.record_recommendation(
        platform=platform, moderator=platform_moderator, text="Открыть молодёжный центр.",
        addressee=state_body("government"), answered_on=date(2026, 1, 10),
    )  # fmt: skip
    return services.change_recommendation_status(
        recommendation=recommendation, moderator=platform_moderator, to_status="sent",
        answer="", answered_on=date(2026, 1, 12),
    )  # fmt: skip


@pytest.fixture
def official(admin):
    person = UserFactory(first_name="Ерлан", last_name="Жумабаев")
    appoint_official(body=state_body("government"), user=person, actor=admin)
    return person


@pytest.fixture
def other_official(admin):
    person = UserFactory()
    appoint_official(body=StateBody.objects.exclude(slug="government").first(), user=person,
                     actor=admin)  # fmt: skip
    return person


MAY_ANSWER = {"official", "platform_moderator", "admin"}


ROLES = ["citizen", "ngo_member", "petition_moderator", "platform_moderator", "admin",
         "official", "other_official"]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_each_role_answers_a_sent_recommendation_only_as_the_rules_say(
    request, role, recommendation
):
    user = request.getfixturevalue(role)
    answer = {"to_status": "accepted", "answer": "Принято.", "answered_on": date(2026, 2, 1)}
    if role in MAY_ANSWER:
        services.answer_recommendation(recommendation=recommendation, actor=user, **answer)
        recommendation.refresh_from_db()
        assert recommendation.status == "accepted"
        assert recommendation.changes.last().actor == user
    else:
        with pytest.raises(services.PlatformError):
            services.answer_recommendation(recommendation=recommendation, actor=user, **answer)
        assert Recommendation.objects.get(pk=recommendation.pk).status == "sent"


def test_an_unsent_recommendation_is_not_the_bodys_to_answer(official, platform_moderator):
    platform = PlatformFactory()
    proposed = services.record_recommendation(
        platform=platform, moderator=UserFactory(is_superuser=True), text="Текст.",
        addressee=state_body("government"),
    )  # fmt: skip
    with pytest.raises(services.PlatformError):
        services.answer_recommendation(
            recommendation=proposed, actor=official, to_status="sent", answer="",
            answered_on=date.today(),
        )  # fmt: skip


def test_the_official_answers_from_the_workspace_and_sees_the_recommendation_there(
    client, official, recommendation
):
    client.force_login(official)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("state_body_workspace", args=["government"])).content.decode()
    assert "Открыть молодёжный центр." in page and "Record the answer" in page
    prefix = f"r{recommendation.pk}"
    answer = client.post(
        reverse("recommendation_answer", args=[recommendation.pk]),
        {f"{prefix}-to_status": "partially_accepted", f"{prefix}-answer": "Частично.",
         f"{prefix}-answered_on": "2026-02-01"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"#recommendation-{recommendation.pk}")
    recommendation.refresh_from_db()
    assert recommendation.status == "partially_accepted"


def test_an_answer_without_text_from_the_workspace_gets_a_clear_message(
    client, official, recommendation
):
    client.force_login(official)
    client.cookies["django_language"] = "en"
    prefix = f"r{recommendation.pk}"
    page = client.post(
        reverse("recommendation_answer", args=[recommendation.pk]),
        {f"{prefix}-to_status": "declined", f"{prefix}-answer": "",
         f"{prefix}-answered_on": "2026-02-01"}, follow=True,
    )  # fmt: skip
    assert page.status_code == 200
    assert "Enter the answer." in page.content.decode()
    assert Recommendation.objects.get(pk=recommendation.pk).status == "sent"


def test_a_declined_recommendation_takes_no_further_answer(official, recommendation):
    services.answer_recommendation(recommendation=recommendation, actor=official,
                                   to_status="declined", answer="Нет.",
                                   answered_on=date(2026, 2, 1))  # fmt: skip
    with pytest.raises(services.PlatformError) as refusal:
        services.answer_recommendation(recommendation=recommendation, actor=official,
                                       to_status="in_progress", answer="Всё же да.",
                                       answered_on=date(2026, 2, 2))  # fmt: skip
    # The official may answer, but not a declined recommendation: not now, a conflict.
    assert refusal.value.code == "conflict"
    assert Recommendation.objects.get(pk=recommendation.pk).status == "declined"
