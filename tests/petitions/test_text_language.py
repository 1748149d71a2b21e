"""A petition's and a proposal's text carry the language they are written in (issue 12,
point 7): stored at filing (the author's language unless they choose), editable, and given
as `lang` on every element that shows the text, whatever the reader's language."""

import re

import pytest
from django.urls import reverse

from petitions import services
from petitions.models import Petition
from platforms import services as platform_services
from tests.factories import UserFactory, make_petition
from tests.petitions.test_bad_input import NEW, filing
from tests.platforms.factories import PlatformFactory, PlatformMembershipFactory

pytestmark = pytest.mark.django_db


def test_a_petition_is_written_in_its_authors_language_unless_they_choose(client):
    author = UserFactory(iin=True, preferred_language="ru")
    client.force_login(author)

    form = client.get(NEW).text
    client.post(NEW, filing())
    client.post(NEW, filing(title="Осветить дорогу в аул Жанатурмыс", language="kk"))

    assert re.search(r'<option value="ru" selected>', form)
    assert sorted(Petition.objects.values_list("language", flat=True)) == ["kk", "ru"]


def test_the_author_corrects_the_language_of_a_draft_and_a_bad_one_is_refused(client):
    author = UserFactory(iin=True, preferred_language="kk")
    petition = make_petition(author=author)
    client.force_login(author)
    edit = reverse("petition_edit", args=[petition.pk])

    client.post(edit, filing(language="en"))
    refused = client.post(edit, filing(language="de"))

    petition.refresh_from_db()
    assert petition.language == "en"
    assert refused.status_code == 200 and refused.context["form"].errors["language"]


def test_the_text_is_marked_with_its_language_in_every_reader_language(client):
    petition = make_petition("open", title="Построить пешеходный мост через реку Есиль")
    Petition.objects.filter(pk=petition.pk).update(language="ru")
    for reader in ("kk", "ru", "en"):
        client.cookies["django_language"] = reader
        page = client.get(petition.get_absolute_url()).text
        listed = client.get(reverse("petition_list")).text
        assert '<h1 id="petition-title" lang="ru">' in page
        assert page.count('class="prose" lang="ru"') == 2  # the demand and the text
        assert f'href="{petition.get_absolute_url()}" lang="ru"' in listed


def test_a_proposal_is_stored_and_shown_in_its_language(client):
    moderator = UserFactory()
    platform = PlatformFactory(moderators=[moderator])
    member = PlatformMembershipFactory(platform=platform, user__preferred_language="ru").user
    platform_services.submit_proposal(platform=platform, user=member, title="Идея", text="Текст.")
    platform_services.submit_proposal(
        platform=platform, user=member, title="Ой", text="Мәтін.", language="kk"
    )
    client.force_login(moderator)

    workspace = client.get(reverse("platform_workspace", args=[platform.slug])).text

    assert '<h3 class="list-title" lang="ru">Идея</h3>' in workspace
    assert '<h3 class="list-title" lang="kk">Ой</h3>' in workspace


def test_the_service_keeps_the_language_given(citizen):
    petition = make_petition(author=citizen)
    services.update_petition(petition=petition, editor=citizen, language="en")
    services.update_petition(petition=petition, editor=citizen, language="")
    petition.refresh_from_db()
    assert petition.language == "en"
