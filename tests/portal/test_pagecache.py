"""Public pages kept for visitors who are not signed in, and what makes them stale."""

import re
import time

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from petitions import services
from petitions.models import Petition
from platforms import services as platform_services
from portal import pagecache
from tests.factories import UserFactory, make_petition
from tests.platforms.factories import PlatformFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WAITING = re.compile(r'class="badge">(\d+)<')


@pytest.fixture(autouse=True)
def page_cache(settings, local_cache):
    """The page cache as in production (tests run with it off), in process memory."""
    settings.PAGE_CACHE_SECONDS = 5
    pagecache.SITUATIONS.clear()
    yield
    pagecache.SITUATIONS.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the version bumps) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def petition(committed):
    with committed():
        return make_petition("open")


def detail(petition):
    return reverse("petition_detail", args=[petition.pk])


def test_a_visitor_gets_the_second_view_from_the_cache_without_the_database(
    client, petition, django_assert_num_queries
):
    first = client.get(detail(petition))
    with django_assert_num_queries(0):
        second = client.get(detail(petition))
    assert second.status_code == 200
    assert TOKEN.sub("", first.text) == TOKEN.sub("", second.text)
    assert petition.title in second.text


@pytest.mark.parametrize(
    "name", ["home", "petition_list", "platform_list", "organization_list", "recommendation_list"]
)
def test_every_public_list_is_cached_for_visitors(client, name, django_assert_num_queries):
    assert client.get(reverse(name)).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(reverse(name)).status_code == 200


def test_hiding_a_petition_takes_it_off_the_visitors_pages_at_once(
    client, petition, committed, petition_moderator
):
    assert client.get(detail(petition)).status_code == 200
    assert petition.title in client.get(reverse("petition_list")).text

    with committed():
        services.hide_petition(petition=petition, moderator=petition_moderator, reason="Спам.")

    assert client.get(detail(petition)).status_code == 404
    assert petition.title not in client.get(reverse("petition_list")).text


def test_a_change_through_the_orm_or_the_admin_shows_at_once(client, petition, committed):
    client.get(detail(petition))
    with committed():
        petition.title = "Жаңа тақырып: саябақ"
        petition.save(update_fields=["title"])
    assert "Жаңа тақырып: саябақ" in client.get(detail(petition)).text


def test_a_signature_count_may_lag_for_visitors_but_not_for_the_signer(
    client, petition, committed, monkeypatch
):
    shown = client.get(detail(petition)).context["petition"].signature_count
    signer = UserFactory(iin=True)
    with committed():
        services.sign_petition(petition=petition, user=signer)

    # The visitor's page is the kept one, at most PAGE_CACHE_SECONDS old ...
    assert client.get(detail(petition)).context is None
    # ... the signer, signed in, sees their signature counted at once ...
    client.force_login(signer)
    assert client.get(detail(petition)).context["petition"].signature_count == shown + 1
    client.logout()
    # ... and once the kept page expires, visitors see it too.
    cache.clear()
    assert client.get(detail(petition)).context["petition"].signature_count == shown + 1


def test_the_kept_page_expires_after_page_cache_seconds(client, petition, settings):
    with time_machine.travel(time.time(), tick=False) as traveller:
        client.get(detail(petition))
        assert client.get(detail(petition)).context is None
        traveller.shift(settings.PAGE_CACHE_SECONDS + 1)
        assert client.get(detail(petition)).context is not None


def test_signing_does_not_make_the_pages_stale(petition, committed):
    before = pagecache.versions("petitions")
    with committed():
        services.sign_petition(petition=petition, user=UserFactory(iin=True))
    assert pagecache.versions("petitions") == before


def test_a_threshold_crossed_makes_the_pages_stale(committed, settings):
    settings.PETITION_INITIAL_SUPPORT = 2
    with committed():
        gathering = make_petition("gathering_support")
    before = pagecache.versions("petitions")
    with committed():
        for _ in range(2):
            services.sign_petition(petition=gathering, user=UserFactory(iin=True))
    gathering.refresh_from_db()
    assert gathering.status == Petition.Status.OPEN
    assert pagecache.versions("petitions") != before


def test_a_platform_change_leaves_petition_pages_cached(client, petition, committed):
    before = pagecache.versions("petitions")
    with committed():
        platform = PlatformFactory()
    assert pagecache.versions("petitions") == before
    assert platform.name in client.get(reverse("platform_list")).text


def test_a_meeting_scheduled_shows_on_the_platform_page_at_once(
    client, committed, platform_moderator
):
    from datetime import timedelta

    from django.utils import timezone

    with committed():
        platform = PlatformFactory(moderators=[platform_moderator])
    page = reverse("platform_detail", args=[platform.slug])
    client.get(page)
    with committed():
        platform_services.schedule_meeting(
            platform=platform, moderator=platform_moderator, title="Жиналыс: жол қауіпсіздігі",
            starts_at=timezone.now() + timedelta(days=7), format="offline", place="Астана",
        )  # fmt: skip
    assert "Жиналыс: жол қауіпсіздігі" in client.get(page).text


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(petition):
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(detail(petition))
    page_two = second.get(detail(petition))
    assert page_two.context is None  # from the cache
    token_one = TOKEN.search(page_one.text).group(1)
    token_two = TOKEN.search(page_two.text).group(1)
    assert token_one != token_two
    assert "csrftoken" in page_two.cookies
    # The kept page's language form works for the second visitor with their own token.
    response = second.post(
        reverse("set_language"), {"language": "ru", "next": "/", "csrfmiddlewaretoken": token_two}
    )
    assert response.status_code == 302
    # The first visitor's token is not the second visitor's.
    third = Client(enforce_csrf_checks=True)
    third.get(detail(petition))
    refused = third.post(
        reverse("set_language"), {"language": "ru", "next": "/", "csrfmiddlewaretoken": "x" * 64}
    )
    assert refused.status_code == 403


def test_languages_are_kept_apart(client, petition):
    kazakh = client.get(reverse("petition_list"))
    client.cookies["django_language"] = "ru"
    russian = client.get(reverse("petition_list"))
    assert russian.context is not None  # not the Kazakh page from the cache
    assert '<html lang="ru">' in russian.text
    assert '<html lang="kk">' in kazakh.text


def test_the_apis_answers_are_kept_apart_by_the_language_it_negotiated(client, petition):
    url = "/api/v1/petitions"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    default = client.get(url)
    english_again = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB, kk;q=0.5")

    names = [answer.json()["results"][0]["addressee"]["name"] for answer in
              (english, russian, default, english_again)]  # fmt: skip
    languages = [answer["Content-Language"] for answer in
                 (english, russian, default, english_again)]  # fmt: skip
    assert languages == ["en", "ru", "kk", "en"]
    assert names[0] == names[3] != names[1] != names[2] != names[0]


@pytest.mark.parametrize(
    "request_kind", ["session", "messages", "credentials", "post", "not found"]
)
def test_what_is_never_served_from_the_cache(client, petition, request_kind):
    client.get(detail(petition))  # now kept
    path, extra = detail(petition), {}
    if request_kind == "session":
        client.cookies["sessionid"] = "anything"
    elif request_kind == "messages":
        client.cookies["messages"] = "anything"
    elif request_kind == "credentials":
        extra["HTTP_AUTHORIZATION"] = "Token abc"
    elif request_kind == "not found":
        path = reverse("petition_detail", args=[petition.pk + 1000])
        client.get(path)
    response = client.post(path, **extra) if request_kind == "post" else client.get(path, **extra)
    assert response.status_code == 405 or response.context is not None


def test_a_cache_that_cannot_be_reached_does_not_stop_a_change(
    petition, committed, monkeypatch, petition_moderator
):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    from django.core.cache.backends.locmem import LocMemCache

    monkeypatch.setattr(LocMemCache, "incr", broken)
    monkeypatch.setattr(LocMemCache, "set", broken)
    with committed():
        services.hide_petition(petition=petition, moderator=petition_moderator, reason="Спам.")
    petition.refresh_from_db()
    assert petition.status == Petition.Status.HIDDEN


def test_signatures_and_users_are_not_what_versions_pages():
    from petitions.models import DailySignatureCount, RegionSignatureCount, Signature
    from platforms.models import Meeting
    from portal.models import Region, StateBody, User

    assert pagecache.part_of(Signature) == ()
    assert pagecache.part_of(DailySignatureCount) == ()
    assert pagecache.part_of(RegionSignatureCount) == ()
    assert pagecache.part_of(User) == ()
    assert pagecache.part_of(Petition) == ("petitions",)
    assert pagecache.part_of(Meeting) == ("platforms",)
    assert pagecache.part_of(Region) == pagecache.part_of(StateBody) == pagecache.PARTS


def test_the_public_api_is_cached_for_callers_without_credentials(
    client, petition, committed, petition_moderator, django_assert_num_queries
):
    detail_url, list_url = f"/api/v1/petitions/{petition.pk}", "/api/v1/petitions"
    assert client.get(detail_url).json()["title"] == petition.title
    assert client.get(list_url).status_code == 200
    with django_assert_num_queries(0):
        cached = client.get(detail_url)
        assert client.get(list_url).json()["results"][0]["id"] == petition.pk
    assert cached.json()["title"] == petition.title
    assert cached["Content-Type"] == "application/json"

    with committed():
        services.hide_petition(petition=petition, moderator=petition_moderator, reason="Спам.")
    assert client.get(detail_url).status_code == 404
    assert client.get(list_url).json()["results"] == []


def test_an_api_caller_with_a_token_is_never_served_the_visitors_answer(
    client, petition, committed
):
    from portal.services import issue_api_token

    url = f"/api/v1/petitions/{petition.pk}"
    shown = client.get(url).json()["signature_count"]
    signer = UserFactory(iin=True)
    with committed():
        services.sign_petition(petition=petition, user=signer)
    token = issue_api_token(user=signer)

    assert client.get(url).json()["signature_count"] == shown  # the visitors' kept answer
    live = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
    assert live.json()["signature_count"] == shown + 1


def test_signed_in_people_get_the_lists_shared_part_from_the_cache(
    client, petition, committed, django_assert_num_queries
):
    client.force_login(UserFactory())
    client.get(reverse("petition_list"))
    # The person with their roles, in one query (no work: no menu of work to read); the
    # session comes from the cache, and the rest of the page is the shell kept for everyone.
    with django_assert_num_queries(1):
        kept = client.get(reverse("petition_list"))
    assert petition.title in kept.text
    with committed():
        petition.title = "Жаңа тақырып: көпір"
        petition.save(update_fields=["title"])
    assert "Жаңа тақырып: көпір" in client.get(reverse("petition_list")).text


def test_the_kept_history_of_a_moderator_is_not_shown_to_others(
    client, petition, committed, petition_moderator
):
    from petitions.models import PetitionEvent

    with committed():
        PetitionEvent.objects.create(
            petition=petition, action="note", from_status="open", to_status="open",
            note="Ішкі ескерту модераторларға", public=False,
        )  # fmt: skip
    client.force_login(petition_moderator)
    assert "Ішкі ескерту модераторларға" in client.get(detail(petition)).text
    client.force_login(UserFactory())
    assert "Ішкі ескерту модераторларға" not in client.get(detail(petition)).text
    client.logout()
    assert "Ішкі ескерту модераторларға" not in client.get(detail(petition)).text


def test_a_signed_in_signer_sees_their_signature_and_the_count_at_once(client, petition, committed):
    signer = UserFactory(iin=True)
    client.force_login(signer)
    before = client.get(detail(petition))
    with committed():
        services.sign_petition(petition=petition, user=signer)
    after = client.get(detail(petition))
    assert after.context["petition"].signature_count == (
        before.context["petition"].signature_count + 1
    )
    assert after.context["signature"] is not None


def test_an_unknown_part_in_a_template_is_an_error():
    from django.template import Context, Template, TemplateSyntaxError

    source = '{% load cached_parts %}{% cached_part "petition" "x" 1 %}x{% endcached_part %}'
    with pytest.raises(TemplateSyntaxError, match="Unknown part"):
        Template(source).render(Context({}))


# Signed-in people: the shared shell with their own parts


CHART_ID = re.compile(r"chart-[0-9a-f]{8}")


def drawn(response):
    """The templates drawn for the answer (a shell's are its personal parts' alone)."""
    return {template.name for template in response.templates}


def same_page(html):
    """A page with what differs at every drawing (tokens, charts' element ids) taken out."""
    return CHART_ID.sub("chart", TOKEN.sub("", html))


def test_a_signed_in_reader_gets_the_shell_with_their_own_parts_in_two_queries(
    english_client, petition, citizen, settings, django_assert_num_queries
):
    english_client.force_login(citizen)
    english_client.get(detail(petition))  # the shell is drawn and kept
    pagecache.SITUATIONS.clear()  # the personal parts drawn, not copied (see below)
    # the person with their roles, then their signature and follows
    with django_assert_num_queries(2):
        kept = english_client.get(detail(petition))
    # No template drawn but the personal parts' own (the sign form's fields are kept).
    assert {name for name in drawn(kept) if not name.startswith("django/forms/")} - {
        "portal/form_fields.html"
    } == {
        "portal/account_nav.html", "portal/messages.html", "petitions/sign_box.html",
        "petitions/follow_buttons.html", "portal/follow_button.html",
    }  # fmt: skip
    assert "Sign this petition" in kept.text and "Sign out" in kept.text
    assert "<!--personal:" not in kept.text
    settings.PAGE_CACHE_SECONDS = 0
    live = english_client.get(detail(petition))
    assert live.context is not None
    assert same_page(kept.text) == same_page(live.text)


def test_readers_in_the_same_situation_get_parts_drawn_once_each_with_their_own_token(
    english_client, petition, committed
):
    first, second, signer = (UserFactory(iin=True) for _n in range(3))
    with committed():
        services.sign_petition(petition=petition, user=signer)
    pages = {}
    for reader in (first, second, signer):
        english_client.force_login(reader)
        english_client.get(detail(petition))
        pages[reader] = english_client.get(detail(petition))
    # Neither the sign box nor the header was drawn for the second reader: only the messages.
    assert drawn(pages[second]) == {"portal/messages.html"}
    assert same_page(pages[second].text) == same_page(pages[first].text)
    assert "Sign this petition" in pages[second].text
    tokens = {reader: set(TOKEN.findall(page.text)) for reader, page in pages.items()}
    assert len(tokens[second]) == 1 and tokens[first] != tokens[second]
    # The signer is in a situation of their own, drawn for them.
    assert "You signed this petition on" in pages[signer].text
    assert "You signed this petition on" not in pages[second].text


def test_the_shells_form_tokens_are_the_readers_own_and_work(client, petition, citizen):
    client.force_login(citizen)
    client.get(detail(petition))
    page = client.get(detail(petition))
    tokens = set(TOKEN.findall(page.text))
    assert tokens and "petitions/petition_detail.html" not in drawn(page)
    client.handler.enforce_csrf_checks = True
    signed = client.post(
        reverse("petition_sign", args=[petition.pk]),
        {"csrfmiddlewaretoken": tokens.pop(), "show_name": ""},
    )
    assert signed.status_code == 302
    assert petition.signatures.filter(user=citizen, status="valid").exists()


def test_a_follow_and_its_message_show_on_the_kept_page_at_once(english_client, petition, citizen):
    english_client.force_login(citizen)
    english_client.get(detail(petition))
    english_client.post(reverse("follow", args=["petition", petition.pk]))
    page = english_client.get(detail(petition))
    assert "petitions/petition_detail.html" not in drawn(page)
    assert "You follow it now" in page.text
    assert "Stop following this petition" in page.text
    assert "You follow it now" not in english_client.get(detail(petition)).text


@pytest.mark.parametrize("who", ["author", "moderator"])
def test_an_author_and_a_moderator_get_their_live_page(
    english_client, committed, petition_moderator, who
):
    author = UserFactory(iin=True)
    with committed():
        petition = make_petition("open", author=author)
    english_client.get(detail(petition))  # a visitor's page is kept
    english_client.force_login(author if who == "author" else petition_moderator)
    english_client.get(detail(petition))
    page = english_client.get(detail(petition))
    assert "petitions/petition_detail.html" in drawn(page)
    if who == "author":
        assert reverse("petition_action", args=[petition.pk, "withdraw"]) in page.text
    else:
        assert reverse("petition_moderate", args=[petition.pk, "hide"]) in page.text


def test_an_authors_draft_is_drawn_live_for_them_and_hidden_from_others(english_client, committed):
    author = UserFactory(iin=True)
    with committed():
        draft = make_petition("draft", author=author)
    english_client.force_login(author)
    assert english_client.get(detail(draft)).status_code == 200
    english_client.force_login(UserFactory(iin=True))
    assert english_client.get(detail(draft)).status_code == 404


def test_a_moderators_header_shows_their_work_on_a_kept_page(
    english_client, petition, petition_moderator
):
    english_client.force_login(UserFactory())
    english_client.get(reverse("petition_list"))  # the shell is kept
    english_client.force_login(petition_moderator)
    page = english_client.get(reverse("petition_list"))
    assert drawn(page) == {"portal/account_nav.html", "portal/messages.html"}
    assert "Petition moderation queue" in page.text


def test_while_one_request_draws_an_expired_page_the_others_get_the_kept_one(
    client, petition, settings, monkeypatch, django_assert_num_queries
):
    client.get(detail(petition))  # kept
    with time_machine.travel(time.time() + settings.PAGE_CACHE_SECONDS + 1, tick=False):
        # Another request holds the right to draw it: this one is served the kept page.
        monkeypatch.setattr(pagecache, "_take_drawing", lambda key: False)
        with django_assert_num_queries(0):
            assert client.get(detail(petition)).status_code == 200
        monkeypatch.undo()
        # Nobody draws it: this request does, and keeps the new page.
        drawn = client.get(detail(petition))
        assert drawn.context is not None
        with django_assert_num_queries(0):
            assert client.get(detail(petition)).context is None


def test_a_request_that_waited_in_vain_for_a_page_draws_it_itself(client, petition, monkeypatch):
    monkeypatch.setattr(pagecache, "WAIT_STEPS", 2)
    monkeypatch.setattr(pagecache, "_take_drawing", lambda key: False)
    page = client.get(detail(petition))
    assert page.status_code == 200 and petition.title in page.text


def test_the_moderation_queue_is_kept_for_moderators_and_a_submission_shows_at_once(
    client, committed, petition_moderator, django_assert_num_queries
):
    with committed():
        waiting = make_petition("in_moderation", title="Жолаушылар көпірін жөндеу керек")
    client.force_login(petition_moderator)
    client.get(reverse("moderation_queue"))
    # the moderator with their roles: the header's menu of work, the filters, the count and
    # the rows are kept
    with django_assert_num_queries(1):
        kept = client.get(reverse("moderation_queue"))
    assert drawn(kept) == {"portal/account_nav.html", "portal/messages.html"}
    assert waiting.title in kept.text
    with committed():
        newer = make_petition("in_moderation", title="Аулаға балалар алаңын салу керек")
    page = client.get(reverse("moderation_queue")).text
    assert newer.title in page
    # the header's count of what waits, kept with the page, is as new
    assert WAITING.search(kept.text).group(1) == "1" and WAITING.search(page).group(1) == "2"


def test_a_page_kept_in_an_earlier_shape_is_drawn_anew(client, petition):
    client.get(detail(petition))
    for key in list(cache._cache):  # the local memory cache of the tests
        name = key.split(":", 2)[-1]
        if name.startswith("pagecache:page:"):
            cache.set(name, (b"old", {}), 60)
    page = client.get(detail(petition))
    assert page.status_code == 200 and petition.title in page.text


def workspace(platform):
    return reverse("platform_workspace", args=[platform.slug])


@pytest.fixture
def moderated(committed, platform_moderator):
    """A platform with two moderators and an application waiting."""
    from tests.platforms.factories import PlatformMembershipFactory

    with committed():
        platform = PlatformFactory(moderators=[platform_moderator, UserFactory()])
        PlatformMembershipFactory(
            platform=platform, status="applied", seated_at=None,
            user=UserFactory(first_name="Дана", last_name="Ахметова"),
        )  # fmt: skip
    return platform


def test_a_platforms_moderators_share_its_workspace_each_with_their_own_header(
    english_client, moderated, platform_moderator, settings, django_assert_num_queries
):
    other = moderated.moderators.exclude(pk=platform_moderator.pk).get()
    english_client.force_login(other)
    english_client.get(workspace(moderated))  # drawn by the first moderator, and kept
    english_client.force_login(platform_moderator)
    first = english_client.get(workspace(moderated))
    assert drawn(first) == {"portal/account_nav.html", "portal/messages.html"}
    # the moderator with their roles, whether they moderate the platform (their menu of work
    # is kept since their first page, as pages are)
    with django_assert_num_queries(2):
        kept = english_client.get(workspace(moderated))
    assert "Дана Ахметова" in kept.text
    assert f"Moderation: {moderated.name_en}" in kept.text
    settings.PAGE_CACHE_SECONDS = 0
    live = english_client.get(workspace(moderated))
    assert same_page(kept.text) == same_page(live.text)


@pytest.mark.parametrize("who", ["citizen", "petition_moderator"])
def test_a_kept_workspace_is_not_shown_to_someone_who_does_not_moderate_it(
    client, moderated, platform_moderator, request, who
):
    client.force_login(platform_moderator)
    client.get(workspace(moderated))
    client.force_login(request.getfixturevalue(who))
    page = client.get(workspace(moderated))
    assert page.status_code == 404 and "Дана Ахметова" not in page.text


def test_a_decision_from_a_kept_workspace_works_and_shows_at_once(
    english_client, moderated, platform_moderator, committed
):
    other = moderated.moderators.exclude(pk=platform_moderator.pk).get()
    english_client.force_login(other)
    english_client.get(workspace(moderated))
    english_client.force_login(platform_moderator)
    page = english_client.get(workspace(moderated))
    assert "platforms/platform_workspace.html" not in drawn(page)
    application = moderated.memberships.get(status="applied")
    english_client.handler.enforce_csrf_checks = True
    with committed():
        answer = english_client.post(
            reverse("application_decide", args=[moderated.slug, application.pk, "approve"]),
            {"csrfmiddlewaretoken": TOKEN.findall(page.text)[-1]},
        )
    assert answer.status_code == 302
    approved = english_client.get(answer.url)
    application.refresh_from_db()
    assert application.status == "approved"
    assert "No application is waiting." in approved.text
    assert "The application is approved." in approved.text  # in a hole of the new shell
