"""A state body's public page (design §4.6, §4.7): its scoreboard figures, petitions, answers
and recommendations, linked from the scoreboard, with a button to follow it."""

import pytest
from django.urls import reverse

from petitions import services as petition_services
from portal.models import Follow
from portal.services import appoint_official
from tests.factories import UserFactory, make_petition, state_body
from tests.platforms.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def page_url(slug):
    return reverse("state_body", args=[slug])


def answered(title, admin):
    petition = make_petition("under_consideration", title=title)
    official = UserFactory()
    appoint_official(body=petition.addressee, user=official, actor=admin)
    return petition_services.answer_petition(
        petition=petition, actor=official, response_text="Мост построят в 2027 году."
    )


def test_the_page_shows_the_bodys_figures_petitions_answers_and_recommendations(client, admin):
    answered("Построить мост", admin)
    make_petition("under_consideration", title="Открыть библиотеку")
    make_petition("draft", title="Черновик не виден")
    misd = state_body("misd")
    RecommendationFactory(addressee=state_body("government"), status="sent",
                          text="Принять программу.")  # fmt: skip
    RecommendationFactory(addressee=state_body("government"), status="proposed",
                          text="Ещё не отправлена.")  # fmt: skip
    RecommendationFactory(addressee=misd, status="sent", text="Другому органу.")
    client.cookies["django_language"] = "en"

    response = client.get(page_url("government"))

    assert response.status_code == 200
    text = response.text
    assert "<h1" in text and state_body("government").name_en in text
    assert "Построить мост" in text and "Открыть библиотеку" in text
    assert "Черновик не виден" not in text
    assert "Принять программу." in text
    assert "Ещё не отправлена." not in text and "Другому органу." not in text
    # Petitions received: both were sent; one answered on time.
    assert '<dt>Petitions received</dt><dd class="number">2</dd>' in text
    assert '<dt>Answered on time</dt><dd class="number">1</dd>' in text
    assert '<dt>Recommendations received</dt><dd class="number">1</dd>' in text
    assert reverse("body_answers_feed", args=["government"]) in text
    # A visitor sees no follow button.
    assert 'action="/follow/' not in text


def test_an_unknown_body_is_a_404(client):
    assert client.get(page_url("no-such-body")).status_code == 404


def test_the_scoreboard_links_each_body_to_its_page(client):
    text = client.get(reverse("hearing_state")).text
    assert f'href="{page_url("government")}"' in text
    assert f'href="{page_url("misd")}"' in text


def test_a_signed_in_person_follows_the_body_from_its_page_and_is_led_back(client, citizen):
    body = state_body("government")
    client.force_login(citizen)
    follow_url = reverse("follow", args=["state-body", body.pk])
    assert f'action="{follow_url}"' in client.get(page_url(body.slug)).text

    response = client.post(follow_url, {"action": "follow"})

    assert response.status_code == 302
    assert response["Location"] == page_url(body.slug)
    assert Follow.objects.filter(user=citizen, object_id=body.pk).count() == 1
    assert 'value="unfollow"' in client.get(page_url(body.slug)).text


def test_the_workspace_link_is_shown_only_to_those_who_may_open_it(client, admin, citizen):
    body = state_body("government")
    official = UserFactory()
    appoint_official(body=body, user=official, actor=admin)
    workspace = reverse("state_body_workspace", args=[body.slug])
    client.force_login(citizen)
    assert workspace not in main(client.get(page_url(body.slug)))
    client.force_login(official)
    # The header's menu of work links the official's own workspace on every page; the body's
    # page offers it only on the body's own.
    assert workspace not in main(client.get(page_url("misd")))
    assert workspace in main(client.get(page_url(body.slug)))


def main(response):
    """The page's own content, without the header."""
    text = response.text
    return text[text.index("<main") : text.index("</main>")]


@pytest.mark.parametrize("rows", [1, 6])
def test_the_page_costs_the_same_queries_whatever_the_data(
    client, admin, django_assert_num_queries, rows
):
    for number in range(rows):
        answered(f"Петиция {number}", admin)
        RecommendationFactory(addressee=state_body("government"), status="sent")
    # The body with its region; petition figures (2); recommendation figures; the petitions,
    # the answers and the recommendations (each with what its rows show).
    with django_assert_num_queries(7):
        response = client.get(page_url("government"))
    assert response.status_code == 200


def test_a_petitions_and_a_recommendations_pages_link_their_addressees_page(client):
    petition = make_petition("open")
    recommendation = RecommendationFactory(status="sent")
    assert f'href="{page_url("government")}"' in client.get(petition.get_absolute_url()).text
    recommendation_page = client.get(reverse("recommendation_detail", args=[recommendation.pk]))
    assert f'href="{page_url("misd")}"' in recommendation_page.text
