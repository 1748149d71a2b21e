"""Following a petition, platform, recommendation or state body: the emails in each follower's
language, and the one-click unfollow link in each of them (design §4.6)."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from petitions import services as petition_services
from platforms import services as platform_services
from portal import services
from portal.models import Follow
from tests.factories import UserFactory, make_petition, state_body
from tests.platforms.factories import PlatformFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

UNFOLLOW = re.compile(r"https?://[^\s]+/unfollow/[^\s/]+/")
NEWS = {"kk": "Сіз бақылайтын жаңалық", "ru": "Новости того, за чем вы следите",
        "en": "News of what you follow"}  # fmt: skip


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def follow_url(kind, target):
    return reverse("follow", args=[kind, target.pk])


# Following


def test_a_citizen_follows_a_petition_and_its_addressee_from_the_petition_page(client, citizen):
    petition = make_petition("open")
    client.force_login(citizen)

    page = client.get(petition.get_absolute_url()).text
    assert f'action="{follow_url("petition", petition)}"' in page
    assert f'action="{follow_url("state-body", petition.addressee)}"' in page

    response = client.post(follow_url("petition", petition), {"action": "follow"})
    assert response.status_code == 302
    assert response["Location"] == petition.get_absolute_url()
    client.post(follow_url("state-body", petition.addressee), {"action": "follow"})
    # Following twice is harmless.
    client.post(follow_url("petition", petition), {"action": "follow"})
    assert Follow.objects.filter(user=citizen).count() == 2
    assert 'value="unfollow"' in client.get(petition.get_absolute_url()).text

    client.post(follow_url("petition", petition), {"action": "unfollow"})
    assert Follow.objects.filter(user=citizen).count() == 1


def test_a_visitor_is_sent_to_sign_in_and_sees_no_follow_button(client):
    petition = make_petition("open")

    response = client.post(follow_url("petition", petition), {"action": "follow"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Follow.objects.count() == 0
    assert 'class="follow-form"' not in client.get(petition.get_absolute_url()).text


def test_what_a_person_may_not_see_or_no_kind_at_all_is_not_found(client, citizen):
    draft = make_petition("draft")
    client.force_login(citizen)

    assert client.post(follow_url("petition", draft)).status_code == 404
    assert client.post(reverse("follow", args=["user", citizen.pk])).status_code == 404
    assert client.post(reverse("follow", args=["petition", 10**9])).status_code == 404
    assert client.get(follow_url("petition", draft)).status_code == 405
    assert Follow.objects.count() == 0


def test_a_foreign_next_address_is_not_followed(client, citizen):
    platform = PlatformFactory()
    client.force_login(citizen)

    response = client.post(
        follow_url("platform", platform), {"action": "follow", "next": "https://evil.example/"}
    )

    assert response["Location"] == platform.get_absolute_url()


def test_the_database_keeps_one_follow_per_person_and_thing(citizen):
    petition = make_petition("open")
    services.follow(user=citizen, target=petition)

    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(
            user=citizen, content_type=ContentType.objects.get_for_model(petition),
            object_id=petition.pk,
        )  # fmt: skip


# The emails


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_petitions_followers_are_emailed_in_their_language_when_it_is_answered(
    language, mailoutbox, django_capture_on_commit_callbacks, petition_moderator
):
    petition = make_petition("under_consideration", moderator=petition_moderator)
    follower = UserFactory(preferred_language=language)
    services.follow(user=follower, target=petition)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        petition_services.record_response(
            petition=petition, moderator=petition_moderator, response_text="Мост построят.",
            discussion_date=timezone.localdate() + timedelta(days=10),
        )  # fmt: skip

    (email,) = [email for email in mailoutbox if email.to == [follower.email]]
    assert email.subject.startswith(NEWS[language])
    assert petition.title in email.body
    assert petition.get_absolute_url() in email.body
    assert UNFOLLOW.search(email.body)


def test_a_bodys_followers_hear_of_its_answer_and_the_discussion_date(
    mailoutbox, django_capture_on_commit_callbacks, petition_moderator
):
    petition = make_petition("under_consideration", moderator=petition_moderator)
    follower = UserFactory(preferred_language="en")
    services.follow(user=follower, target=petition.addressee)

    with django_capture_on_commit_callbacks(execute=True):
        petition_services.record_response(
            petition=petition, moderator=petition_moderator, response_text="Ответ.",
            discussion_date=timezone.localdate() + timedelta(days=10),
        )  # fmt: skip

    (email,) = [email for email in mailoutbox if email.to == [follower.email]]
    assert f"It answered the petition «{petition.title}»." in email.body
    assert "The public discussion is on" in email.body


def test_the_person_who_takes_the_step_is_not_told_of_it(
    mailoutbox, django_capture_on_commit_callbacks, petition_moderator
):
    petition = make_petition("in_moderation", moderator=petition_moderator)
    services.follow(user=petition_moderator, target=petition)

    with django_capture_on_commit_callbacks(execute=True):
        petition_services.publish_petition(petition=petition, moderator=petition_moderator)

    assert [email for email in mailoutbox if email.to == [petition_moderator.email]] == []


def test_a_platforms_followers_hear_of_a_scheduled_meeting(
    mailoutbox, django_capture_on_commit_callbacks, platform_moderator
):
    platform = PlatformFactory(moderators=[platform_moderator])
    follower = UserFactory(preferred_language="ru")
    services.follow(user=follower, target=platform)

    with django_capture_on_commit_callbacks(execute=True):
        platform_services.schedule_meeting(
            platform=platform, moderator=platform_moderator, title="Заседание о молодёжи",
            starts_at=timezone.now() + timedelta(days=5), format="offline", place="Астана",
        )  # fmt: skip

    (email,) = [email for email in mailoutbox if email.to == [follower.email]]
    assert "Назначено заседание: Заседание о молодёжи" in email.body


def test_a_recommendations_and_its_addressees_followers_hear_of_its_new_status(
    mailoutbox, django_capture_on_commit_callbacks, platform_moderator
):
    platform = PlatformFactory(moderators=[platform_moderator])
    recommendation = RecommendationFactory(platform=platform, status="sent")
    of_it, of_body = UserFactory(preferred_language="en"), UserFactory(preferred_language="kk")
    services.follow(user=of_it, target=recommendation)
    services.follow(user=of_body, target=state_body("misd"))

    with django_capture_on_commit_callbacks(execute=True):
        platform_services.change_recommendation_status(
            recommendation=recommendation, moderator=platform_moderator, to_status="accepted",
            answer="Министерство принимает.", answered_on=timezone.localdate(),
        )  # fmt: skip

    (email,) = [email for email in mailoutbox if email.to == [of_it.email]]
    assert "The recommendation's status is now: accepted." in email.body
    assert "Министерство принимает." in email.body
    (email,) = [email for email in mailoutbox if email.to == [of_body.email]]
    assert email.subject.startswith(NEWS["kk"])


# Unfollowing from the email


def _followers_email(mailoutbox, django_capture_on_commit_callbacks, platform_moderator):
    """A follower of a platform, and the email that tells them of its new meeting."""
    platform = PlatformFactory(moderators=[platform_moderator])
    follower = UserFactory(preferred_language="en")
    services.follow(user=follower, target=platform)
    with django_capture_on_commit_callbacks(execute=True):
        platform_services.schedule_meeting(
            platform=platform, moderator=platform_moderator, title="Заседание",
            starts_at=timezone.now() + timedelta(days=5), format="online",
            online_link="https://meet.example.kz/room",
        )  # fmt: skip
    (email,) = [email for email in mailoutbox if email.to == [follower.email]]
    return follower, email


def test_the_emails_link_asks_first_and_its_one_button_unfollows_without_signing_in(
    mailoutbox, django_capture_on_commit_callbacks, platform_moderator
):
    from django.test import Client

    follower, email = _followers_email(
        mailoutbox, django_capture_on_commit_callbacks, platform_moderator
    )
    link = UNFOLLOW.search(email.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    # A real browser's CSRF checks: the page's form carries its token, without a session.
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"

    # Opening the link (or a mail scanner following it) changes nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert "Stop following it?" in page.text
    assert f'<form method="post" action="{path}">' in page.text
    assert Follow.objects.filter(user=follower).count() == 1

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(path, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "You no longer follow it" in response.text
    assert Follow.objects.filter(user=follower).count() == 0
    # Twice, or a link tampered with, says so plainly.
    again = client.get(path)
    assert again.status_code == 400
    assert "This link does not work" in again.text
    assert client.get(reverse("unfollow", args=["forged:token"])).status_code == 400


def test_the_confirmation_button_is_refused_without_its_csrf_token(
    mailoutbox, django_capture_on_commit_callbacks, platform_moderator
):
    from django.test import Client

    follower, email = _followers_email(
        mailoutbox, django_capture_on_commit_callbacks, platform_moderator
    )
    path = "/" + UNFOLLOW.search(email.body).group(0).split("://", 1)[1].split("/", 1)[1]
    assert Client(enforce_csrf_checks=True).post(path).status_code == 403
    assert Follow.objects.filter(user=follower).count() == 1


def test_follow_emails_carry_rfc_8058_one_click_headers_and_a_mail_program_unfollows(
    mailoutbox, django_capture_on_commit_callbacks, platform_moderator, settings
):
    from django.test import Client

    follower, email = _followers_email(
        mailoutbox, django_capture_on_commit_callbacks, platform_moderator
    )
    message = email.message()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message["List-Unsubscribe"]
    assert header.startswith(f"<{settings.SITE_URL}/unfollow/") and header.endswith("/one-click>")
    path = "/" + header[1:-1].split("://", 1)[1].split("/", 1)[1]

    # A mail program: no session, no CSRF cookie, RFC 8058's body.
    program = Client(enforce_csrf_checks=True)
    # A GET (an older program opening it) only leads to the confirmation page.
    opened = program.get(path)
    assert opened.status_code == 302
    assert opened["Location"] == path.removesuffix("one-click")
    assert Follow.objects.filter(user=follower).count() == 1

    response = program.post(path, "List-Unsubscribe=One-Click",
                            content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert response.status_code == 200
    assert Follow.objects.filter(user=follower).count() == 0
    again = program.post(path, "List-Unsubscribe=One-Click",
                         content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert again.status_code == 400
    forged = reverse("unfollow_one_click", args=["forged:token"])
    assert program.post(forged).status_code == 400


def test_a_meeting_scheduled_for_many_followers_reads_them_in_one_query(
    django_capture_on_commit_callbacks, platform_moderator, mailoutbox
):
    platform = PlatformFactory(moderators=[platform_moderator])
    for _ in range(5):
        services.follow(user=UserFactory(), target=platform)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        platform_services.schedule_meeting(
            platform=platform, moderator=platform_moderator, title="Заседание",
            starts_at=timezone.now() + timedelta(days=5), format="online",
            online_link="https://meet.example.kz/room",
        )  # fmt: skip

    # The members' emails are queued already; the followers' callback reads them in one query
    # (each email then records its idempotency key, portal_sentemail, as it is sent).
    followers_callback = callbacks[-1]
    with CaptureQueriesContext(connection) as queries:
        followers_callback()
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    assert len(reads) == 1
    assert "portal_follow" in reads[0]
    assert len(mailoutbox) == 5
