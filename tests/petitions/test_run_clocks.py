"""The legal clocks escalate (design §4.6): `manage.py run_clocks` warns before a clock ends,
tells everyone concerned when it is missed and sends each state body a daily digest, each
email once, in its recipient's language, however often it runs."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from petitions import services
from petitions.models import ClockNotice, Petition
from portal.services import appoint_official
from portal.workdays import working_days_between
from tests.factories import UserFactory, make_petition, state_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(admin):
    person = UserFactory(preferred_language="ru")
    appoint_official(body=state_body("government"), user=person, actor=admin)
    return person


@pytest.fixture
def moderator(db):
    from portal.rules import PETITION_MODERATORS

    return UserFactory(groups=[PETITION_MODERATORS], preferred_language="en")


def run(today, django_capture_on_commit_callbacks):
    """Run the command as of `today`, its emails sent as the task queue would send them."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_clocks", today=today, stdout=io.StringIO())


def sent(subject_start=""):
    return sorted(m.to[0] for m in mail.outbox if m.subject.startswith(subject_start))


def test_a_consideration_clock_near_its_end_warns_the_officials_and_moderators_once(
    settings, official, moderator, django_capture_on_commit_callbacks
):
    settings.PETITION_CLOCK_WARNING_WORKING_DAYS = 3
    petition = make_petition("under_consideration")
    today = petition.consideration_deadline - timedelta(days=1)
    mail.outbox.clear()
    run(today, django_capture_on_commit_callbacks)
    run(today, django_capture_on_commit_callbacks)
    warnings = [m for m in mail.outbox if "срок на исходе" in m.subject.lower()
                or "deadline is near" in m.subject]  # fmt: skip
    assert sorted(m.to[0] for m in warnings) == sorted([official.email, moderator.email])
    by_address = {m.to[0]: m for m in warnings}
    assert by_address[official.email].subject.startswith("Установленный законом срок на исходе")
    assert by_address[moderator.email].subject.startswith("A legal deadline is near")
    assert ClockNotice.objects.filter(kind="warning", petition=petition).count() == 1


def test_a_clock_far_from_its_end_warns_nobody(
    settings, official, moderator, django_capture_on_commit_callbacks
):
    settings.PETITION_CLOCK_WARNING_WORKING_DAYS = 3
    petition = make_petition("under_consideration")
    mail.outbox.clear()
    run(petition.threshold_reached_at.date(), django_capture_on_commit_callbacks)
    assert sent("A legal deadline") == []
    assert not ClockNotice.objects.filter(kind__in=["warning", "missed"]).exists()


def test_a_missed_clock_tells_officials_moderators_the_author_and_asking_signers_once(
    official, moderator, django_capture_on_commit_callbacks
):
    petition = make_petition("under_consideration")
    petition.author.preferred_language = "en"
    petition.author.save()
    asking, silent = UserFactory(iin=True, preferred_language="en"), UserFactory(iin=True)
    services.sign_petition(petition=petition, user=asking, notify_on_answer=True)
    services.sign_petition(petition=petition, user=silent)
    day_after = petition.consideration_deadline + timedelta(days=1)
    mail.outbox.clear()
    run(day_after, django_capture_on_commit_callbacks)
    first = list(mail.outbox)
    run(day_after, django_capture_on_commit_callbacks)
    run(day_after + timedelta(days=1), django_capture_on_commit_callbacks)
    subjects = ("A legal deadline was missed", "Установленный законом срок пропущен")
    missed = [m.to[0] for m in mail.outbox if m.subject.startswith(subjects)]
    assert sorted(missed) == sorted([official.email, moderator.email, petition.author.email,
                                     asking.email])  # fmt: skip
    assert silent.email not in [m.to[0] for m in mail.outbox]
    assert len(first) >= 4
    assert Petition.objects.get(pk=petition.pk).overdue


def test_a_missed_moderation_clock_tells_the_moderators_and_the_author_not_the_body(
    official, moderator, django_capture_on_commit_callbacks
):
    petition = make_petition("in_moderation")
    mail.outbox.clear()
    run(petition.moderation_deadline + timedelta(days=1), django_capture_on_commit_callbacks)
    recipients = {m.to[0] for m in mail.outbox}
    assert moderator.email in recipients and petition.author.email in recipients
    assert official.email not in recipients


def test_each_body_with_petitions_waiting_gets_one_digest_a_day(
    official, django_capture_on_commit_callbacks
):
    first, second = make_petition("under_consideration"), make_petition("under_consideration")
    today = first.threshold_reached_at.date()
    mail.outbox.clear()
    run(today, django_capture_on_commit_callbacks)
    run(today, django_capture_on_commit_callbacks)
    digests = [m for m in mail.outbox if m.to == [official.email]
               and m.subject.startswith("Ждёт ответа органа")]  # fmt: skip
    assert len(digests) == 1
    assert first.get_absolute_url() in digests[0].body
    assert second.get_absolute_url() in digests[0].body
    run(today + timedelta(days=1), django_capture_on_commit_callbacks)
    assert ClockNotice.objects.filter(kind="digest").count() == 2


def test_a_body_without_officials_or_waiting_petitions_gets_no_digest(
    django_capture_on_commit_callbacks,
):
    make_petition("under_consideration")
    run(None, django_capture_on_commit_callbacks)
    assert not ClockNotice.objects.filter(kind="digest").exists()


def test_the_petitions_page_shows_how_many_working_days_the_answer_is_overdue(client):
    petition = make_petition("under_consideration")
    today = timezone.localdate()
    deadline = today - timedelta(days=21)
    Petition.objects.filter(pk=petition.pk).update(consideration_deadline=deadline)
    late = working_days_between(deadline, today)
    assert late > 1
    client.cookies["django_language"] = "en"
    text = client.get(petition.get_absolute_url()).content.decode()
    assert f"overdue by {late} working days" in text


def test_the_former_command_name_still_runs_the_clocks(django_capture_on_commit_callbacks):
    petition = make_petition("gathering_support")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_petitions", today=petition.support_deadline + timedelta(days=1),
                     stdout=io.StringIO())  # fmt: skip
    assert Petition.objects.get(pk=petition.pk).status == "lapsed"


def test_the_digest_also_lists_the_recommendations_waiting_for_the_bodys_answer(
    admin, django_capture_on_commit_callbacks
):
    from tests.platforms.factories import RecommendationFactory

    misd = state_body("misd")
    person = UserFactory(preferred_language="en")
    appoint_official(body=misd, user=person, actor=admin)
    today = timezone.localdate()
    overdue = RecommendationFactory(addressee=misd, status="accepted", text="Open youth centres.",
                                    due_date=today - timedelta(days=3))  # fmt: skip
    waiting = RecommendationFactory(addressee=misd, status="sent", text="Publish the budget.",
                                    due_date=today + timedelta(days=30))  # fmt: skip
    # Not the body's to answer yet, or already answered for good.
    RecommendationFactory(addressee=misd, status="proposed", text="Still a draft.")
    RecommendationFactory(addressee=misd, status="implemented", text="Done already.")
    mail.outbox.clear()

    run(today, django_capture_on_commit_callbacks)
    run(today, django_capture_on_commit_callbacks)

    (digest,) = [m for m in mail.outbox if m.to == [person.email]]
    assert digest.subject == f"Waiting for the answer of {misd.name_en}"
    assert "These recommendations wait for the answer of" in digest.body
    assert f"«Open youth centres.» ({overdue.platform.name_en}): overdue since " in digest.body
    assert f"«Publish the budget.» ({waiting.platform.name_en}): due by " in digest.body
    assert f"/recommendations/{overdue.pk}/" in digest.body
    assert "Still a draft." not in digest.body and "Done already." not in digest.body
    # No petition waits: the petitions' part is left out.
    assert "These petitions wait" not in digest.body


def test_a_body_whose_recommendations_are_all_answered_gets_no_digest(
    admin, django_capture_on_commit_callbacks
):
    from tests.platforms.factories import RecommendationFactory

    misd = state_body("misd")
    appoint_official(body=misd, user=UserFactory(), actor=admin)
    RecommendationFactory(addressee=misd, status="declined")
    run(timezone.localdate(), django_capture_on_commit_callbacks)
    assert not ClockNotice.objects.filter(kind="digest").exists()
