"""One front door for what people write (issue 13): each limit and validator lives on the model's
field; the pages' forms and the API's serializers take theirs from it, so the two agree."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from platforms.api import serializers
from platforms.forms import (
    ApplicationForm,
    AppointOfficialForm,
    MeetingForm,
    MinutesForm,
    OrganizationForm,
    ProposalForm,
    ReasonForm,
    RecommendationForm,
    RecommendationStatusForm,
)
from platforms.models import (
    AgendaItem,
    Meeting,
    Organization,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
    RecommendationChange,
)
from tests.platforms.factories import PlatformFactory

pytestmark = pytest.mark.django_db

# (the form, the API's serializer, their field, the model's field it is kept in)
LIMITS = [
    (OrganizationForm, serializers.OrganizationWriteSerializer, "name_kk", Organization, "name_kk"),
    (OrganizationForm, serializers.OrganizationWriteSerializer, "name_en", Organization, "name_en"),
    (OrganizationForm, serializers.OrganizationWriteSerializer, "website", Organization, "website"),
    (OrganizationForm, serializers.OrganizationWriteSerializer, "description", Organization,
     "description"),
    (ApplicationForm, serializers.ApplicationSerializer, "motivation", PlatformMembership,
     "motivation"),
    (ReasonForm, serializers.DecisionSerializer, "reason", PlatformMembership, "decision_reason"),
    (ReasonForm, serializers.DeclineProposalSerializer, "reason", Proposal, "decision_reason"),
    # A reason to seat an official below two thirds is kept as the event's note.
    (AppointOfficialForm, serializers.AppointmentSerializer, "override_reason", PlatformEvent,
     "note"),
    (ProposalForm, serializers.ProposalWriteSerializer, "title", Proposal, "title"),
    (ProposalForm, serializers.ProposalWriteSerializer, "text", Proposal, "text"),
    (MeetingForm, serializers.MeetingWriteSerializer, "title", Meeting, "title"),
    (MeetingForm, serializers.MeetingWriteSerializer, "place", Meeting, "place"),
    (MeetingForm, serializers.MeetingWriteSerializer, "online_link", Meeting, "online_link"),
    (MinutesForm, serializers.MinutesSerializer, "minutes", Meeting, "minutes"),
    (RecommendationForm, serializers.RecommendationWriteSerializer, "text", Recommendation,
     "text"),
    (RecommendationStatusForm, serializers.RecommendationStatusSerializer, "answer",
     RecommendationChange, "answer"),
    (RecommendationStatusForm, serializers.RecommendationAnswerSerializer, "answer",
     RecommendationChange, "answer"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("form", "serializer", "field", "model", "model_field"),
    LIMITS,
    ids=[f"{serializer.__name__} {field}" for _f, serializer, field, _m, _mf in LIMITS],
)
def test_the_form_and_the_api_take_each_limit_from_the_models_field(
    form, serializer, field, model, model_field
):
    limit = model._meta.get_field(model_field).max_length

    assert form.base_fields[field].max_length == limit
    assert serializer().fields[field].max_length == limit


@translation.override("en")
def test_a_meetings_seats_are_bounded_alike_on_the_page_and_in_the_api():
    seats = serializers.MeetingWriteSerializer().fields["capacity"]

    assert (seats.min_value, seats.max_value) == (1, 100000)
    assert MeetingForm(data={"capacity": "0"}).errors["capacity"] == [
        "Ensure this value is greater than or equal to 1."
    ]
    assert MeetingForm(data={"capacity": "100001"}).errors["capacity"] == [
        "Ensure this value is less than or equal to 100000."
    ]


@pytest.fixture
def moderated(platform_moderator):
    """A platform moderated by platform_moderator, and the API as that moderator."""
    platform = PlatformFactory(moderators=[platform_moderator])
    api = APIClient()
    api.force_authenticate(platform_moderator)
    return platform, api


def meeting(**changes):
    """A meeting as the API takes it, with `changes`."""
    starts_at = (timezone.now() + timedelta(days=5)).isoformat()
    return {"title": "Кезекті отырыс", "starts_at": starts_at, "format": "offline",
            "place": "Астана", "agenda": ["Ашылу"], **changes}  # fmt: skip


PLAIN_TEXT = "Use plain text, without < or >."
TOO_LONG = "Ensure this field has no more than 300 characters."


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": "Отырыс <b>"}, {"title": [PLAIN_TEXT]}),
        ({"place": "<script>Астана</script>"}, {"place": [PLAIN_TEXT]}),
        ({"agenda": ["Ашылу", "<i>Жабылу</i>"]}, {"agenda": [PLAIN_TEXT]}),
        ({"agenda": ["Ж" * 301]}, {"agenda": [TOO_LONG]}),
        ({"agenda": ["Ж"] * 51}, {"agenda": ["Ensure this field has no more than 50 elements."]}),
    ],
    ids=["markup in the title", "markup in the place", "markup in an item", "a long item",
         "too many items"],
)  # fmt: skip
def test_the_api_refuses_a_meeting_the_page_refuses(moderated, changes, errors):
    platform, api = moderated
    url = f"/api/v1/platforms/{platform.slug}/meetings"

    response = api.post(url, meeting(**changes), format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Meeting.objects.filter(platform=platform).exists()


def test_an_agenda_item_as_long_as_the_model_keeps_is_taken_by_the_page_and_the_api(
    client, moderated, platform_moderator
):
    platform, api = moderated
    item = "Ж" * AgendaItem._meta.get_field("title").max_length
    client.force_login(platform_moderator)
    starts_at = timezone.localtime(timezone.now() + timedelta(days=5))

    page = client.post(reverse("meeting_create", args=[platform.slug]), {
        **meeting(agenda=item), "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
    })  # fmt: skip
    answer = api.post(f"/api/v1/platforms/{platform.slug}/meetings", meeting(agenda=[item]),
                      format="json")  # fmt: skip

    assert page.status_code == 302
    assert answer.status_code == 201
    assert list(AgendaItem.objects.filter(meeting__platform=platform).values_list(
        "title", flat=True)) == [item, item]  # fmt: skip
