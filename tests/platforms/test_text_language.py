"""A platform's own texts are kept once per language; when the reader's is missing and another
is shown instead, that text says its language (`lang`), so a screen reader reads it aright.
A text a person writes keeps the language it was written in, and says it likewise."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from platforms.models import (
    AgendaItem,
    Meeting,
    Organization,
    PlatformMembership,
    Proposal,
    Recommendation,
)
from portal.services import appoint_official
from portal.validators import make_bin
from tests.factories import OrganizationFactory, UserFactory, region, state_body
from tests.platforms.factories import (
    MeetingFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    ProposalFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).text


def lang_of(html, element_id):
    return re.search(rf'id="{element_id}" lang="(\w+)"', html).group(1)


def test_a_name_shown_in_another_language_says_which(client):
    platform = PlatformFactory(
        name_en="", description_kk="Жастар саясаты туралы.", description_ru=""
    )

    english = page(client, platform.get_absolute_url(), "en")
    kazakh = page(client, platform.get_absolute_url(), "kk")

    # No English name: the Russian one is shown, marked Russian; the Kazakh page has its own.
    assert lang_of(english, "platform-title") == "ru"
    assert lang_of(kazakh, "platform-title") == "kk"
    # Only a Kazakh description: it is Kazakh on every page.
    assert '<div class="prose" lang="kk">' in english


def test_the_list_marks_each_name_with_its_language(client):
    platform = PlatformFactory(name_en="")

    english = page(client, "/platforms/", "en")

    assert f'href="{platform.get_absolute_url()}" lang="ru"' in english


# Texts people write (issue 12): a recommendation, a meeting's title, agenda and minutes, an
# NGO's description and a proposal each keep the language they were written in, and every page
# that shows them says it on the element that holds them. The pages here are Kazakh; the texts
# are not.


def says(html, language, text):
    """Whether `text` stands at the start of an element marked `lang="language"`."""
    return re.search(rf'lang="{language}">(<p>)?{re.escape(text)}', html) is not None


@pytest.fixture
def official(admin):
    """An official of the Ministry, the recommendation's addressee, for its workspace."""
    person = UserFactory()
    appoint_official(body=state_body("misd"), user=person, actor=admin)
    return person


def test_a_recommendation_says_its_language_on_every_page_that_shows_it(client, official):
    platform = PlatformFactory()
    meeting = MeetingFactory(platform=platform, title="Очередное заседание", language="ru")
    text = "Открыть молодёжные центры в сёлах."
    recommendation = RecommendationFactory(
        platform=platform, meeting=meeting, text=text, language="ru", status="sent"
    )

    pages = {
        "its page": reverse("recommendation_detail", args=[recommendation.pk]),
        "the tracker": reverse("recommendation_list"),
        "the platform's page": platform.get_absolute_url(),
        "the addressee's page": reverse("state_body", args=["misd"]),
    }
    client.force_login(official)
    workspace = page(client, reverse("state_body_workspace", args=["misd"]), "kk")

    for name, url in pages.items():
        assert says(page(client, url, "kk"), "ru", text), name
    assert says(page(client, pages["its page"], "kk"), "ru", "Очередное заседание")
    assert says(workspace, "ru", text)
    # The answer button names it to a screen reader, in its language.
    assert f'<span class="visually-hidden">: <span lang="ru">{text}</span></span>' in workspace


def test_a_meeting_says_its_language_on_its_title_agenda_and_minutes(client, platform_moderator):
    platform = PlatformFactory(moderators=[platform_moderator])
    held = MeetingFactory(
        platform=platform, title="Очередное заседание", language="ru",
        starts_at=timezone.now() - timedelta(days=3), minutes="Заседание состоялось.",
        minutes_published_at=timezone.now(),
    )  # fmt: skip
    AgendaItem.objects.create(meeting=held, position=1, title="Открытие")
    # An item that came from a member's proposal is in the proposal's language.
    proposal = ProposalFactory(platform=platform, title="Youth centres", language="en")
    AgendaItem.objects.create(meeting=held, position=2, title="Youth centres", proposal=proposal)
    upcoming = MeetingFactory(platform=platform, title="Next meeting", language="en")

    meeting_page = page(client, held.get_absolute_url(), "kk")
    platform_page = page(client, platform.get_absolute_url(), "kk")
    client.force_login(platform_moderator)
    workspace = page(client, reverse("platform_workspace", args=[platform.slug]), "kk")

    assert lang_of(meeting_page, "meeting-title") == "ru"
    assert says(meeting_page, "ru", "Открытие")
    assert says(meeting_page, "en", "Youth centres")
    assert says(meeting_page, "ru", "Заседание состоялось.")
    assert says(platform_page, "ru", "Очередное заседание")
    assert says(platform_page, "en", "Next meeting")
    assert f'<option value="{upcoming.pk}" lang="en">' in workspace


def test_an_ngos_description_says_its_language_in_the_directory_and_on_its_page(client):
    organization = OrganizationFactory(description="Youth participation.", language="en")

    assert says(page(client, organization.get_absolute_url(), "kk"), "en", "Youth participation.")
    assert says(page(client, reverse("organization_list"), "kk"), "en", "Youth participation.")


def writing(w):
    """Each form that takes a text's language: who fills it, where, a filling, what it makes."""
    later = timezone.localtime(timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    return {
        "schedule a meeting": (w.moderator, reverse("meeting_create", args=[w.platform.slug]), {
            "title": "Кезекті отырыс", "starts_at": later, "format": "online",
            "online_link": "https://meet.qogam.kz/1", "agenda": "Ашылу",
        }, Meeting.objects.filter(platform=w.platform)),
        "record a recommendation": (w.moderator, reverse("recommendation_create",
                                                         args=[w.platform.slug]), {
            "text": "Жастар орталықтарын қаржыландыру.", "addressee": state_body("misd").pk,
        }, Recommendation.objects.filter(platform=w.platform)),
        "register an NGO": (w.citizen, reverse("organization_create"), {
            "name_kk": "«Болашақ» бірлестігі", "name_ru": "Объединение «Болашак»",
            "bin": make_bin(2019, 4, serial=4242), "legal_form": "public_association",
            "region": region("KZ-71").pk, "description": "Жастармен жұмыс.",
        }, Organization.objects.filter(bin=make_bin(2019, 4, serial=4242))),
        "make a proposal": (w.member, reverse("platform_propose", args=[w.platform.slug]), {
            "title": "Ауыл жастары", "text": "Әр ауылда орталық ашу.",
        }, Proposal.objects.filter(platform=w.platform)),
    }  # fmt: skip


@pytest.fixture
def writers(platform_moderator, citizen, ngo_member, organization):
    """The people who write: each reads the portal in Russian."""
    platform = PlatformFactory(moderators=[platform_moderator])
    PlatformMembershipFactory(platform=platform, user=ngo_member, organization=organization,
                              role=PlatformMembership.Role.NGO_REPRESENTATIVE)  # fmt: skip
    for person in (platform_moderator, citizen, ngo_member):
        person.preferred_language = "ru"
        person.save(update_fields=["preferred_language"])
    return SimpleNamespace(platform=platform, moderator=platform_moderator, citizen=citizen,
                           member=ngo_member)  # fmt: skip


WRITING = ["schedule a meeting", "record a recommendation", "register an NGO", "make a proposal"]


@pytest.mark.parametrize("form", WRITING)
@pytest.mark.parametrize("chosen", ["en", ""], ids=["chosen", "left out"])
def test_a_form_offers_the_writers_language_and_keeps_the_one_chosen(client, writers, form, chosen):
    person, url, data, made = writing(writers)[form]
    client.force_login(person)
    shown = page(client, url if form != "make a proposal" else writers.platform.get_absolute_url(),
                 "kk")  # fmt: skip

    response = client.post(url, {**data, "language": chosen})

    assert '<option value="ru" selected>' in shown
    assert response.status_code == 302
    assert made.get().language == (chosen or "ru")


def test_an_ngos_profile_changes_its_descriptions_language_or_keeps_it(client, ngo_representative):
    organization = ngo_representative.organizations.get()
    url = reverse("organization_workspace", args=[organization.pk])
    client.force_login(ngo_representative)
    profile = {"name_kk": organization.name_kk, "name_ru": organization.name_ru,
               "legal_form": organization.legal_form, "region": organization.region_id,
               "description": "Ашық деректер."}  # fmt: skip

    client.post(url, {**profile, "language": "ru"})
    changed = Organization.objects.get(pk=organization.pk).language
    client.post(url, profile)

    assert changed == "ru"
    assert Organization.objects.get(pk=organization.pk).language == "ru"


def test_the_api_takes_each_texts_language_and_answers_it(writers):
    api = APIClient()
    slug = writers.platform.slug
    starts_at = (timezone.now() + timedelta(days=5)).isoformat()
    writes = [
        (writers.moderator, f"/api/v1/platforms/{slug}/meetings", "/api/v1/meetings/{}",
         {"title": "Отырыс", "starts_at": starts_at, "format": "online",
          "online_link": "https://meet.qogam.kz/2"}),
        (writers.moderator, f"/api/v1/platforms/{slug}/recommendations",
         "/api/v1/recommendations/{}", {"text": "Ұсыныс.", "addressee": state_body("misd").pk}),
        (writers.citizen, "/api/v1/organizations", "/api/v1/organizations/{}",
         {"name_kk": "«Жол» бірлестігі", "name_ru": "Объединение «Жол»",
          "bin": make_bin(2020, 5, serial=77), "legal_form": "foundation",
          "region": region("KZ-71").pk}),
        (writers.member, f"/api/v1/platforms/{slug}/proposals", None,
         {"title": "Орталықтар", "text": "Әр ауылда."}),
    ]  # fmt: skip

    for person, url, read, data in writes:
        api.force_authenticate(person)
        chosen = api.post(url, {**data, "language": "en"}, format="json")
        if "bin" in data:
            data = {**data, "bin": make_bin(2020, 6, serial=78)}
        left_out = api.post(url, data, format="json")

        assert (chosen.status_code, left_out.status_code) == (201, 201), url
        assert (chosen.json()["language"], left_out.json()["language"]) == ("en", "ru"), url
        if read:
            assert api.get(read.format(chosen.json()["id"])).json()["language"] == "en", url
