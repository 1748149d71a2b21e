"""A state body's workspace (design §1, §4.5): its officials, or petition moderators on its
behalf, answer, schedule the public discussion, post the media statement and the signed
answer; each step goes through its service and rule, and the page says who took it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from petitions import services
from petitions.models import Petition, PetitionEvent
from portal.services import appoint_official
from tests.factories import UserFactory, make_petition, state_body

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile("answer.pdf", content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def official(admin):
    """An official of the Government, the addressee of make_petition's petitions."""
    person = UserFactory(first_name="Ерлан", last_name="Жумабаев", preferred_language="ru")
    appoint_official(body=state_body("government"), user=person, actor=admin)
    return person


@pytest.fixture
def other_official(admin):
    """An official of another state body."""
    person = UserFactory()
    body = state_body("government").__class__.objects.exclude(slug="government").first()
    appoint_official(body=body, user=person, actor=admin)
    return person


def take(step, petition, user):
    """Take one of the addressee's steps through its service."""
    if step == "answer":
        return services.answer_petition(petition=petition, actor=user, response_text="Ответ.")
    if step == "discussion":
        return services.schedule_discussion(
            petition=petition, actor=user, date=timezone.localdate() + timedelta(days=7),
            place="Акимат, зал 3",
        )  # fmt: skip
    if step == "media":
        return services.post_media_statement(
            petition=petition, actor=user, url="https://gov.kz/statement"
        )
    return services.attach_signed_answer(petition=petition, actor=user, upload=pdf())


# Each step, and the state in which it is taken.
STEPS = {
    "answer": "under_consideration",
    "discussion": "under_consideration",
    "media": "under_consideration",
    "signed-answer": "answered",
}
MAY_ACT = {"official", "petition_moderator", "admin"}
ROLES = ["visitor", "citizen", "ngo_member", "platform_moderator", "petition_moderator", "admin",
         "official", "other_official"]  # fmt: skip


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_takes_each_step_of_the_addressee_only_as_the_rules_say(request, role, step):
    user = request.getfixturevalue(role)
    petition = make_petition(STEPS[step])
    events = PetitionEvent.objects.filter(petition=petition).count()
    if role in MAY_ACT:
        take(step, petition, user)
        assert PetitionEvent.objects.filter(petition=petition).count() == events + 1
        expected = "official" if role == "official" else "moderator"
        assert PetitionEvent.objects.filter(petition=petition).last().acting_as == expected
    else:
        with pytest.raises(services.PetitionError) as refusal:
            take(step, petition, user)
        assert refusal.value.code == "forbidden"
        assert PetitionEvent.objects.filter(petition=petition).count() == events


@pytest.mark.parametrize("status", ["open", "closed"])
def test_no_step_is_taken_on_a_petition_the_body_does_not_consider(official, status):
    petition = make_petition(status)
    for step in ("answer", "discussion", "media"):
        with pytest.raises(services.PetitionError):
            take(step, petition, official)


def test_the_petitions_page_says_the_bodys_official_answered(client, official):
    petition = make_petition("under_consideration")
    services.answer_petition(petition=petition, actor=official, response_text="Мост построим.")
    page = client.get(petition.get_absolute_url(), HTTP_COOKIE="django_language=en")
    text = page.content.decode()
    assert "Мост построим." in text
    assert "by Ерлан Жумабаев, official of" in text


def test_the_petitions_page_says_a_moderator_acted_on_the_bodys_behalf(client, petition_moderator):
    petition = make_petition("under_consideration")
    services.post_media_statement(petition=petition, actor=petition_moderator,
                                  url="https://gov.kz/statement")  # fmt: skip
    services.answer_petition(petition=petition, actor=petition_moderator, response_text="Да.")
    client.cookies["django_language"] = "en"
    text = client.get(petition.get_absolute_url()).content.decode()
    assert "by a petition moderator on behalf of Government" in text
    assert "https://gov.kz/statement" in text


def test_the_discussion_is_scheduled_in_advance_and_the_author_and_asking_signers_are_told(
    official, django_capture_on_commit_callbacks
):
    petition = make_petition("under_consideration")
    petition.author.preferred_language = "en"
    petition.author.save()
    asking, silent = UserFactory(iin=True, preferred_language="ru"), UserFactory(iin=True)
    services.sign_petition(petition=petition, user=asking, notify_on_answer=True)
    services.sign_petition(petition=petition, user=silent)
    mail.outbox.clear()
    day = timezone.localdate() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_discussion(petition=petition, actor=official, date=day,
                                     online_link="https://meet.gov.kz/p1")  # fmt: skip
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {petition.author.email, asking.email}
    assert by_address[petition.author.email].subject.startswith("Public discussion of the petition")
    assert by_address[asking.email].subject.startswith("Общественное обсуждение петиции")
    assert "https://meet.gov.kz/p1" in by_address[asking.email].body
    assert day.strftime("%d.%m.%Y") in by_address[asking.email].body


def test_a_discussion_in_the_past_or_without_place_and_link_is_refused(official):
    petition = make_petition("under_consideration")
    with pytest.raises(services.PetitionError) as past:
        services.schedule_discussion(
            petition=petition, actor=official, date=timezone.localdate() - timedelta(days=1),
            place="Зал",
        )  # fmt: skip
    with pytest.raises(services.PetitionError) as nowhere:
        services.schedule_discussion(petition=petition, actor=official,
                                     date=timezone.localdate() + timedelta(days=3))  # fmt: skip
    assert past.value.code == nowhere.value.code == "invalid"
    assert Petition.objects.get(pk=petition.pk).discussion_date is None


# The signed answer


def test_the_signed_answer_is_kept_in_the_storage_and_served_as_a_pdf(client, official):
    petition = make_petition("answered")
    services.attach_signed_answer(petition=petition, actor=official, upload=pdf())
    petition.refresh_from_db()
    assert petition.signed_answer.name.startswith("petitions/answers/")
    assert petition.signed_answer.storage.exists(petition.signed_answer.name)
    answer = client.get(reverse("petition_signed_answer", args=[petition.pk]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert b"".join(answer.streaming_content) == PDF


def test_a_new_signed_answer_replaces_the_old_file(official, django_capture_on_commit_callbacks):
    petition = make_petition("answered")
    services.attach_signed_answer(petition=petition, actor=official, upload=pdf())
    first = Petition.objects.get(pk=petition.pk).signed_answer
    with django_capture_on_commit_callbacks(execute=True):
        services.attach_signed_answer(petition=petition, actor=official, upload=pdf(PDF + b"%"))
    assert not first.storage.exists(first.name)


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(pdf(b"<html><script>alert(1)</script>"), id="html-named-pdf"),
        pytest.param(pdf(content_type="text/html"), id="wrong-content-type"),
        pytest.param(pdf(b""), id="empty"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_stored(official, upload):
    petition = make_petition("answered")
    with pytest.raises(services.PetitionError) as refusal:
        services.attach_signed_answer(petition=petition, actor=official, upload=upload)
    assert refusal.value.code == "invalid"
    assert not Petition.objects.get(pk=petition.pk).signed_answer


def test_a_file_over_the_size_limit_is_refused(settings, official):
    settings.PETITION_SIGNED_ANSWER_MAX_BYTES = 100
    petition = make_petition("answered")
    with pytest.raises(services.PetitionError) as refusal:
        services.attach_signed_answer(petition=petition, actor=official, upload=pdf(PDF * 10))
    assert refusal.value.code == "invalid"


def test_a_petition_without_a_signed_answer_has_no_file_to_serve(client):
    petition = make_petition("answered")
    assert client.get(reverse("petition_signed_answer", args=[petition.pk])).status_code == 404


# The workspace page


def workspace_url(slug="government"):
    return reverse("state_body_workspace", args=[slug])


def test_the_workspace_lists_the_bodys_petitions_with_their_clocks(client, official):
    petition = make_petition("under_consideration")
    client.force_login(official)
    client.cookies["django_language"] = "en"
    text = client.get(workspace_url()).content.decode()
    assert petition.title in text
    assert "working days left" in text
    assert "Publish the response" in text


@pytest.mark.parametrize("role", ["citizen", "platform_moderator", "other_official"])
def test_the_workspace_is_closed_to_those_who_do_not_act_for_the_body(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(workspace_url()).status_code == 403


def test_a_visitor_is_asked_to_sign_in_for_the_workspace(client):
    answer = client.get(workspace_url())
    assert answer.status_code == 302 and "login" in answer["Location"]


def test_the_official_answers_from_the_workspace_and_returns_to_it(client, official):
    petition = make_petition("under_consideration")
    client.force_login(official)
    answer = client.post(
        reverse("petition_workspace_step", args=[petition.pk, "answer"]),
        {f"p{petition.pk}-answer-response_text": "Ответ ведомства."},
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{workspace_url()}#petition-{petition.pk}"
    petition.refresh_from_db()
    assert petition.status == "answered" and petition.response_text == "Ответ ведомства."


def test_a_bad_file_from_the_workspace_gets_a_clear_message_and_no_500(client, official):
    petition = make_petition("answered")
    client.force_login(official)
    client.cookies["django_language"] = "en"
    answer = client.post(
        reverse("petition_workspace_step", args=[petition.pk, "signed-answer"]),
        {f"p{petition.pk}-signed-answer-upload": pdf(b"MZ\x90\x00")},
        follow=True,
    )
    assert answer.status_code == 200
    assert "Attach the signed answer as a PDF file." in answer.content.decode()
    assert not Petition.objects.get(pk=petition.pk).signed_answer


def test_another_bodys_official_cannot_post_a_step(client, other_official):
    petition = make_petition("under_consideration")
    client.force_login(other_official)
    answer = client.post(
        reverse("petition_workspace_step", args=[petition.pk, "media"]),
        {f"p{petition.pk}-media-url": "https://example.kz/x"},
    )
    assert answer.status_code == 403
    assert not Petition.objects.get(pk=petition.pk).media_statement_url


def test_the_workspace_costs_the_same_queries_for_one_petition_and_for_five(client, official):
    make_petition("under_consideration")
    client.force_login(official)
    client.get(workspace_url())
    with CaptureQueriesContext(connection) as one:
        client.get(workspace_url())
    for _ in range(4):
        make_petition("under_consideration")
    with CaptureQueriesContext(connection) as five:
        client.get(workspace_url())
    assert len(five) == len(one), [query["sql"] for query in five.captured_queries]
