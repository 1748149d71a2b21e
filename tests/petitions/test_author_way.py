"""An author's way through (issue 12, point 4): the petition's steps with their dates and legal
deadlines, a preview before saving, character limits from the model, sharing while the
petition gathers its first supporters, the embeddable count, the "live" email, and the offer
to sign one's own petition."""

import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from petitions import law, services, timeline
from petitions.forms import PetitionForm
from petitions.models import Petition
from portal.models import StateBody
from tests.factories import UserFactory, make_petition
from tests.petitions.test_bad_input import filing

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]


def page_text(response):
    """The page's visible words, tags dropped and spaces collapsed."""
    assert response.status_code == 200, response.status_code
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def read_as(client, language, user=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def day(value):
    return value.strftime("%d.%m.%Y").lstrip("0")


# The step indicator


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", ["current", "ahead", "ahead", "ahead", "ahead", "ahead"]),
        ("in_moderation", ["done", "current", "ahead", "ahead", "ahead", "ahead"]),
        ("gathering_support", ["done", "done", "current", "ahead", "ahead", "ahead"]),
        ("open", ["done", "done", "done", "current", "ahead", "ahead"]),
        ("under_consideration", ["done", "done", "done", "done", "current", "ahead"]),
        ("answered", ["done"] * 6),
        ("rejected", ["done", "done", "ended"]),
        ("lapsed", ["done", "done", "done", "ended"]),
        ("withdrawn", ["done", "done", "done", "done", "ended"]),
        ("closed", ["done", "done", "done", "done", "ended"]),
        ("hidden", ["done", "done", "done", "ended"]),
    ],
)
def test_each_state_stands_at_its_step_of_the_track_or_leaves_it_by_its_exit(status, expected):
    petition = make_petition(status)

    steps = timeline.steps(petition)

    assert [step.state for step in steps] == expected
    # Every step reached carries its day; none ahead does.
    for step in steps:
        assert (step.reached is not None) == (step.state != "ahead" and step.status != "hidden")
    if expected[-1] == "ended":
        assert steps[-1].status == status


def test_a_petition_in_moderation_shows_its_author_the_decision_date_not_an_empty_box(client):
    author = UserFactory(iin=True)
    petition = make_petition("in_moderation", author=author)
    expected = law.moderation_deadline(timezone.localdate())
    assert petition.moderation_deadline == expected

    text = page_text(read_as(client, "en", author).get(petition.get_absolute_url()))

    assert (
        f"What happens next: The moderators decide by {day(expected)} (20 working days from "
        "the submission)" in text
    )
    assert "Actions" not in text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ["Петицияның жолы", "Әрі қарай не болады:", "жұмыс күні"]),
        ("ru", ["Путь петиции", "Что будет дальше:", "рабочих дней"]),
        ("en", ["The petition's way", "What happens next:", "working days"]),
    ],
)
def test_the_steps_and_the_next_step_read_in_the_readers_language(client, language, words):
    author = UserFactory(iin=True)
    petition = make_petition("in_moderation", author=author)

    text = page_text(read_as(client, language, author).get(petition.get_absolute_url()))

    for word in words:
        assert word in text
    assert day(petition.moderation_deadline) in text


def test_a_draft_says_by_when_the_moderators_would_decide_if_it_were_sent_today(client):
    author = UserFactory(iin=True)
    petition = make_petition("draft", author=author)
    today = timezone.localdate()

    text = page_text(read_as(client, "en", author).get(petition.get_absolute_url()))

    assert "submitted today, the decision is due by " + day(law.moderation_deadline(today)) in text
    assert "Actions" in text  # edit, submit and delete are there


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        ("gathering_support", "supporters by {support_deadline} (10 working days from "
                              "publication), the petition is listed publicly and collects "
                              "signatures for 6 calendar months"),
        ("open", "collects signatures until {deadline} (6 calendar months from its opening). "
                 "With 50,000 signatures it goes to"),
        ("under_consideration", "answer by {consideration_deadline} (40 working days from "
                                "reaching the threshold)"),
        ("answered", "Nothing more: the state body's response is published on this page."),
        ("rejected", "Nothing more: a rejected petition is not considered."),
        ("lapsed", "did not gather its first supporters in time"),
        ("withdrawn", "the author withdrew the petition"),
        ("closed", "the collection ended below the threshold"),
    ],
)  # fmt: skip
def test_every_public_state_says_what_happens_next_with_its_own_dates(
    english_client, status, sentence
):
    petition = make_petition(status)
    dates = {
        name: day(getattr(petition, name)) if getattr(petition, name) else ""
        for name in ("support_deadline", "deadline", "consideration_deadline")
    }

    text = page_text(english_client.get(petition.get_absolute_url()))

    assert sentence.format(**dates) in text


def test_a_local_body_gets_its_own_consideration_clock(english_client):
    body = StateBody.objects.exclude(level="central").order_by("pk").first()
    petition = make_petition("under_consideration", addressee=body.slug)

    text = page_text(english_client.get(petition.get_absolute_url()))

    assert (
        f"answer by {day(petition.consideration_deadline)} (20 working days from reaching" in text
    )


# Preview and counters


def petition_data(**changes):
    return filing(**{"title": "Открыть читальный зал в каждом селе района", **changes})


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Алдын ала қарау: петицияңыз өз бетінде осылай көрінеді"),
        ("ru", "Предпросмотр: так петиция будет выглядеть на своей странице"),
        ("en", "Preview: your petition as its page will show it"),
    ],
)
def test_the_preview_shows_the_petition_as_it_will_read_and_saves_nothing(client, language,
                                                                          heading):  # fmt: skip
    author = UserFactory(iin=True, first_name="Айгерим", last_name="Сапарова")

    response = read_as(client, language, author).post(
        reverse("petition_create"), {**petition_data(), "preview": "1"}
    )

    text = page_text(response)
    assert heading in text
    assert "Открыть читальный зал в каждом селе района" in text
    assert "Айгерим С." in text
    # The form is still there, filled in, to change or to save.
    assert 'value="Открыть читальный зал в каждом селе района"' in response.text
    assert not Petition.objects.filter(author=author).exists()


def test_the_preview_of_an_edited_draft_changes_nothing_until_it_is_saved(english_client):
    author = UserFactory(iin=True)
    draft = make_petition("draft", author=author)
    english_client.force_login(author)
    url = reverse("petition_edit", args=[draft.pk])

    response = english_client.post(url, {**petition_data(), "preview": "1"})

    assert "Preview: your petition as its page will show it" in page_text(response)
    draft.refresh_from_db()
    assert draft.title == "Построить пешеходный мост через реку Есиль"
    english_client.post(url, petition_data())
    draft.refresh_from_db()
    assert draft.title == "Открыть читальный зал в каждом селе района"


def test_a_preview_of_bad_input_shows_the_errors_and_no_preview(english_client):
    author = UserFactory(iin=True)
    english_client.force_login(author)

    response = english_client.post(
        reverse("petition_create"), {**petition_data(title="Короткий"), "preview": "1"}
    )

    text = page_text(response)
    assert "Preview: your petition" not in text
    assert "Ensure this value has at least 10 characters" in text
    assert not Petition.objects.exists()


def test_the_forms_limits_are_the_models_and_the_page_offers_counters(english_client):
    form = PetitionForm()
    for name in ("title", "demand", "text"):
        limit = Petition._meta.get_field(name).max_length
        assert form.fields[name].max_length == limit
        assert f'maxlength="{limit}"' in str(form[name])
    english_client.force_login(UserFactory(iin=True))

    response = english_client.get(reverse("petition_create"))

    assert 'data-counter-text="{count} of {max} characters"' in response.text
    assert "js/counters" in response.text


# Sharing


def test_a_petition_gathering_support_offers_its_link_qr_code_and_messengers(english_client):
    author = UserFactory(iin=True)
    petition = make_petition("gathering_support", author=author)
    english_client.force_login(author)
    url = f"{settings.SITE_URL}{petition.get_absolute_url()}"

    response = english_client.get(petition.get_absolute_url())

    page = response.text
    assert "Share this petition" in page_text(response)
    assert f'id="share-url" value="{url}" readonly' in page
    # The copy button waits for the script; without it the link is there to select.
    assert re.search(r'<button type="button"[^>]*data-copy="share-url"[^>]*hidden>', page)
    assert "https://t.me/share/url?url=" + url.replace(":", "%3A").replace("/", "%2F") in page
    assert "https://wa.me/?text=" in page
    qr = re.search(r'<svg role="img"[^>]*class="qr-code".*?</svg>', page, re.S)
    assert qr, page
    assert "<title>QR code of the petition" in qr.group(0)
    embed = reverse("petition_embed", args=[petition.pk])
    assert html.escape(f'<iframe src="{settings.SITE_URL}{embed}?lang=en"') in page


@pytest.mark.parametrize("status", ["draft", "in_moderation", "rejected", "closed"])
def test_a_petition_that_collects_nothing_offers_no_share_panel(english_client, status):
    author = UserFactory(iin=True)
    petition = make_petition(status, author=author)
    english_client.force_login(author)

    response = english_client.get(petition.get_absolute_url())

    assert "Share this petition" not in page_text(response)


def test_the_qr_code_holds_the_petitions_link():
    from petitions.sharing import petition_url, qr_svg

    petition = make_petition("gathering_support")

    svg = qr_svg(petition, "QR")

    # segno draws the same code for the same link: compare with a fresh one.
    import segno

    expected = segno.make_qr(petition_url(petition), error="m").svg_inline(
        scale=4, border=2, title="QR", svgclass="qr-code"
    )
    assert svg == expected.replace("<svg ", '<svg role="img" ', 1)


# The embeddable count


def test_the_embedded_count_may_be_framed_anywhere_is_cacheable_and_names_no_one(
    client, django_assert_num_queries
):
    author = UserFactory(iin=True, first_name="Айгерим", last_name="Сапарова")
    petition = make_petition("open", author=author)
    url = reverse("petition_embed", args=[petition.pk])

    # the petition
    with django_assert_num_queries(1):
        response = client.get(url, {"lang": "en"})

    text = page_text(response)
    assert f"{petition.signature_count} of 50,000 signatures needed" in text
    assert "Sign on Qogam" in text
    assert "Айгерим" not in text and author.email not in response.text
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Content-Language"] == "en"
    assert not response.cookies
    # Every other page still refuses to be framed.
    page = client.get(petition.get_absolute_url())
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("kk", "Qogam-да қол қою"), ("ru", "Подписать на Qogam"), ("en", "Sign on Qogam")],
)
def test_the_embedded_count_speaks_the_language_the_snippet_asks_for(client, language, words):
    petition = make_petition("gathering_support")

    response = client.get(reverse("petition_embed", args=[petition.pk]), {"lang": language})

    assert words in page_text(response)
    assert f'<html lang="{language}">' in response.text


@pytest.mark.parametrize(
    ("language", "label"),
    [("kk", "50 қол"), ("ru", "50 подписей"), ("en", "50 signatures")],
)
def test_the_badge_is_an_svg_of_the_count(client, django_assert_num_queries, language, label):
    petition = make_petition("open")
    assert petition.signature_count == 50
    url = reverse("petition_badge", args=[petition.pk])

    # the petition
    with django_assert_num_queries(1):
        response = client.get(url, {"lang": language})

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert f"<title>Qogam: {label}</title>" in response.content.decode()


@pytest.mark.parametrize("status", ["draft", "in_moderation", "hidden"])
@pytest.mark.parametrize("name", ["petition_embed", "petition_badge"])
def test_an_unpublished_petition_has_no_embedded_count_even_for_its_author(client, status,
                                                                           name):  # fmt: skip
    author = UserFactory(iin=True)
    petition = make_petition(status, author=author)
    client.force_login(author)

    assert client.get(reverse(name, args=[petition.pk])).status_code == 404


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("kk", "Белгісіз тіл: мыналардың бірін қолданыңыз: kk, ru, en."),
        ("ru", "Неизвестный язык: используйте один из кодов kk, ru, en."),
        ("en", "Unknown language: use one of kk, ru, en."),
    ],
)
def test_an_unknown_language_for_the_embedded_count_is_a_clear_400(client, language, message):
    petition = make_petition("open")

    response = read_as(client, language).get(
        reverse("petition_embed", args=[petition.pk]), {"lang": "xx"}
    )

    assert response.status_code == 400
    assert response.content.decode() == message


# The "live" email


LIVE = {
    "kk": ("Петицияңыз іске қосылды", "Сәлеметсіз бе, Айгерим!", "Telegram-да бөлісу",
           "10 жұмыс күні"),
    "ru": ("Ваша петиция запущена", "Здравствуйте, Айгерим!", "Поделиться в Telegram",
           "10 рабочих дней"),
    "en": ("Your petition is live", "Hello, Айгерим!", "Share on Telegram", "10 working days"),
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_publishing_emails_the_author_that_the_petition_is_live_with_its_link(
    language, petition_moderator, django_capture_on_commit_callbacks
):
    author = UserFactory(iin=True, first_name="Айгерим", preferred_language=language)
    petition = make_petition("in_moderation", author=author)
    mail.outbox.clear()
    subject, greeting, telegram, days = LIVE[language]

    # The moderator reads another language than the author.
    with (
        translation.override("kk" if language != "kk" else "ru"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.publish_petition(petition=petition, moderator=petition_moderator)

    [message] = [m for m in mail.outbox if m.to == [author.email]]
    petition.refresh_from_db()
    url = f"{settings.SITE_URL}{petition.get_absolute_url()}"
    assert message.subject == f"{subject}: {petition.title}"
    for text in (greeting, url, f"{telegram}: https://t.me/share/url?", days,
                 day(petition.support_deadline)):  # fmt: skip
        assert text in message.body
    [(page, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    page = html.unescape(page)
    assert f'<html lang="{language}">' in page
    assert f'href="{url}"' in page
    assert greeting in page


# Signing one's own petition


def test_the_author_is_offered_to_sign_their_own_petition_once_it_is_published(english_client):
    author = UserFactory(iin=True)
    petition = make_petition("gathering_support", author=author)
    english_client.force_login(author)

    text = page_text(english_client.get(petition.get_absolute_url()))

    assert "You wrote this petition, and you may sign it too" in text
    assert "Sign this petition" in text
    english_client.post(reverse("petition_sign", args=[petition.pk]), {})
    petition.refresh_from_db()
    assert petition.signature_count == 1
    text = page_text(english_client.get(petition.get_absolute_url()))
    assert "You wrote this petition" not in text
    assert f"You signed this petition on {day(timezone.localdate())}." in text


def test_the_offer_is_for_the_author_alone(english_client, citizen):
    petition = make_petition("gathering_support")
    english_client.force_login(citizen)

    text = page_text(english_client.get(petition.get_absolute_url()))

    assert "You wrote this petition" not in text
    assert "Sign this petition" in text
