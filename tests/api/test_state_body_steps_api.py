"""A state body's steps through the API (design §4.5, §6): answering, scheduling the public
discussion, the media statement, the signed PDF and the answers to recommendations go through
the same services and rules as the workspace: 401 without credentials, 403 for the wrong
role, 409 in the wrong state, 400 for bad input; tested role × action."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from petitions.models import Petition, PetitionEvent
from platforms.models import Recommendation, RecommendationChange
from portal.services import appoint_official
from tests.factories import UserFactory, make_petition, state_body
from tests.platforms.factories import PlatformFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def official(admin):
    """An official of the Government (make_petition's addressee) and of the Ministry (the
    factories' recommendations' addressee)."""
    person = UserFactory()
    appoint_official(body=state_body("government"), user=person, actor=admin)
    appoint_official(body=state_body("misd"), user=person, actor=admin)
    return person


@pytest.fixture
def other_official(admin):
    person = UserFactory()
    appoint_official(body=state_body("akimat-62"), user=person, actor=admin)
    return person


def day(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


# step: (path, the petition's state for it, valid input, bad input, multipart)
STEPS = {
    "answer": ("answer", "under_consideration", lambda: {"response_text": "Мост построим."},
               lambda: {"response_text": ""}, False),
    "discussion": ("discussion", "under_consideration",
                   lambda: {"date": day(7), "place": "Акимат, зал 3"},
                   lambda: {"date": day(-1), "place": "Акимат"}, False),
    "media": ("media-statement", "under_consideration",
              lambda: {"url": "https://gov.kz/statement"}, lambda: {"url": "not a link"}, False),
    "signed-answer": ("signed-answer", "answered",
                      lambda: {"upload": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
                      lambda: {"upload": SimpleUploadedFile("a.pdf", b"<html>", "text/html")},
                      True),
}  # fmt: skip
# A state in which no step of the addressee may be taken.
WRONG_STATE = {"answer": "open", "discussion": "closed", "media": "open",
               "signed-answer": "under_consideration"}  # fmt: skip
MAY_ACT = {"official", "petition_moderator", "admin"}
ROLES = ["visitor", "citizen", "ngo_member", "platform_moderator", "petition_moderator", "admin",
         "official", "other_official"]  # fmt: skip


def post(client, petition, step, data):
    path, _state, _good, _bad, multipart = STEPS[step]
    url = f"/api/v1/petitions/{petition.pk}/{path}"
    if multipart:
        return client.post(url, data, format="multipart")
    return client.post(url, data, format="json")


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_takes_each_petition_step_only_as_the_rules_say(request, api_as, role, step):
    user = None if role == "visitor" else request.getfixturevalue(role)
    petition = make_petition(STEPS[step][1])
    events = PetitionEvent.objects.filter(petition=petition).count()

    response = post(api_as(user), petition, step, STEPS[step][2]())

    if role in MAY_ACT:
        assert response.status_code == 200, response.json()
        assert PetitionEvent.objects.filter(petition=petition).count() == events + 1
        assert response.json()["id"] == petition.pk
    else:
        assert response.status_code == (401 if role == "visitor" else 403)
        assert PetitionEvent.objects.filter(petition=petition).count() == events


@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_step_in_the_wrong_state_is_a_conflict_and_changes_nothing(api_as, official, step):
    petition = make_petition(WRONG_STATE[step])
    before = Petition.objects.values().get(pk=petition.pk)
    response = post(api_as(official), petition, step, STEPS[step][2]())
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Petition.objects.values().get(pk=petition.pk) == before


@pytest.mark.parametrize("step", sorted(STEPS))
def test_bad_input_is_a_400_in_the_callers_language_and_stores_nothing(api_as, official, step):
    petition = make_petition(STEPS[step][1])
    before = Petition.objects.values().get(pk=petition.pk)
    client = api_as(official)
    client.credentials(HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"],
                       HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    response = post(client, petition, step, STEPS[step][3]())
    assert response.status_code == 400
    assert response.json()["detail"]
    assert response["Content-Language"] == "ru"
    assert Petition.objects.values().get(pk=petition.pk) == before


def test_the_api_answer_is_published_and_says_the_official_gave_it(api_as, official):
    petition = make_petition("under_consideration")
    response = post(api_as(official), petition, "answer", {"response_text": "Мост построим."})
    assert response.status_code == 200
    petition.refresh_from_db()
    assert petition.status == "answered"
    assert petition.response_text == "Мост построим."
    assert petition.events.get(action="answered").acting_as == "official"


def test_the_signed_answer_is_kept_as_a_pdf(api_as, official):
    petition = make_petition("answered")
    response = post(api_as(official), petition, "signed-answer", STEPS["signed-answer"][2]())
    assert response.status_code == 200
    petition.refresh_from_db()
    with petition.signed_answer.open("rb") as stored:
        assert stored.read() == PDF


def test_a_petition_the_caller_may_not_see_is_a_404(api_as, official):
    draft = make_petition("draft")
    assert post(api_as(official), draft, "answer", {"response_text": "Да."}).status_code == 404


# Recommendations

ANSWER_ROLES = {"official", "platform_moderator_of_it", "admin"}


@pytest.fixture
def platform_moderator_of_it(platform_moderator):
    return platform_moderator


@pytest.mark.parametrize(
    "role",
    [*ROLES, "platform_moderator_of_it"],
)
def test_each_role_answers_a_recommendation_only_as_the_rules_say(
    request, api_as, platform_moderator, role
):
    user = None if role == "visitor" else request.getfixturevalue(role)
    platform = PlatformFactory(moderators=[platform_moderator] if role.endswith("_of_it") else [])
    recommendation = RecommendationFactory(platform=platform, status="sent")
    response = api_as(user).post(
        f"/api/v1/recommendations/{recommendation.pk}/answer",
        {"to_status": "accepted", "answer": "Принимаем.", "answered_on": day(0)},
        format="json",
    )
    recommendation.refresh_from_db()
    if role in ANSWER_ROLES:
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "accepted"
        assert recommendation.status == "accepted"
        assert RecommendationChange.objects.get(recommendation=recommendation).actor == user
    else:
        assert response.status_code == (401 if role == "visitor" else 403)
        assert recommendation.status == "sent"


@pytest.mark.parametrize("status", ["proposed", "implemented", "declined"])
def test_a_recommendation_not_waiting_for_an_answer_is_a_conflict(api_as, official, status):
    recommendation = RecommendationFactory(status=status)
    response = api_as(official).post(
        f"/api/v1/recommendations/{recommendation.pk}/answer",
        {"to_status": "accepted", "answer": "Принимаем.", "answered_on": day(0)},
        format="json",
    )
    assert response.status_code == 409
    assert Recommendation.objects.get(pk=recommendation.pk).status == status


def test_a_status_that_cannot_follow_is_a_conflict(api_as, official):
    recommendation = RecommendationFactory(status="sent")
    response = api_as(official).post(
        f"/api/v1/recommendations/{recommendation.pk}/answer",
        {"to_status": "implemented", "answer": "Готово.", "answered_on": day(0)},
        format="json",
    )
    assert response.status_code == 409
    assert Recommendation.objects.get(pk=recommendation.pk).status == "sent"


@pytest.mark.parametrize(
    "data",
    [
        {"to_status": "accepted", "answer": "", "answered_on": day(0)},
        {"to_status": "sent", "answer": "Назад.", "answered_on": day(0)},
        {"to_status": "accepted", "answer": "Да.", "answered_on": "вчера"},
        {"to_status": "accepted", "answer": "Да."},
    ],
)
def test_bad_input_to_a_recommendations_answer_is_a_400(api_as, official, data):
    recommendation = RecommendationFactory(status="sent")
    response = api_as(official).post(
        f"/api/v1/recommendations/{recommendation.pk}/answer", data, format="json"
    )
    assert response.status_code == 400
    assert not RecommendationChange.objects.filter(recommendation=recommendation).exists()
