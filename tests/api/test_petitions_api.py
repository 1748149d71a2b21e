"""The petitions API: who sees which petitions, filing, submitting and moderating (design §6)."""

import base64
import json

import pytest
from django.utils import timezone

from petitions.models import Category, GroundVersion, Petition, PetitionEvent
from portal.models import StateBody
from tests.api.conftest import personal_data_in
from tests.factories import UserFactory, make_petition, region

pytestmark = pytest.mark.django_db

Status = Petition.Status
LISTED = ["open", "under_consideration", "answered", "closed", "rejected", "lapsed", "withdrawn"]
UNLISTED = ["draft", "in_moderation", "gathering_support", "hidden"]


def all_pages(client, url, **params):
    """Every row of a cursor- or number-paged list, following `next`."""
    rows, response = [], client.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        rows += response.json()["results"]
        if not response.json()["next"]:
            return rows
        response = client.get(response.json()["next"])


@pytest.fixture
def every_state(citizen):
    """One petition in each state, all written by `citizen`."""
    # First those whose clocks are run forward: running them moves every petition due by then.
    order = ["closed", "lapsed", *(s for s in LISTED + UNLISTED if s not in ("closed", "lapsed"))]
    return {status: make_petition(status, author=citizen) for status in order}


def test_the_public_list_holds_listed_petitions_only(anyone, api_as, every_state):
    _role, person = anyone

    rows = all_pages(api_as(person), "/api/v1/petitions")

    assert sorted(row["status"] for row in rows) == sorted(LISTED)


def test_the_author_lists_all_of_their_own_with_mine(api_as, citizen, every_state):
    make_petition("open")  # someone else's

    rows = all_pages(api_as(citizen), "/api/v1/petitions", mine="true")

    assert sorted(row["status"] for row in rows) == sorted(LISTED + UNLISTED)


def test_mine_needs_a_signed_in_caller(api, every_state):
    response = api.get("/api/v1/petitions", {"mine": "true"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("status", ["draft", "in_moderation", "hidden"])
def test_an_unpublished_petition_is_not_found_by_others(anyone, api_as, status):
    role, person = anyone
    petition = make_petition(status)

    response = api_as(person).get(f"/api/v1/petitions/{petition.pk}")

    # Only petition moderators (and the administrator) may open it; to others it does not exist.
    expected = 200 if role in ("petition_moderator", "admin") else 404
    assert response.status_code == expected


def test_a_petition_gathering_support_opens_by_its_link_but_is_not_listed(api):
    petition = make_petition("gathering_support")

    assert api.get(f"/api/v1/petitions/{petition.pk}").status_code == 200
    assert api.get("/api/v1/petitions").json()["results"] == []


def test_a_petition_shows_public_fields_and_the_authors_public_name_only(api, citizen):
    petition = make_petition("answered", author=citizen)

    data = api.get(f"/api/v1/petitions/{petition.pk}").json()

    assert data["title"] == petition.title
    assert data["author"] == {"name": citizen.public_name}
    assert data["addressee"]["id"] == petition.addressee_id
    assert data["threshold"] == petition.threshold
    assert data["signature_count"] == petition.signature_count
    assert data["response"]["text"] == "Мост будет построен в 2027 году."
    assert data["rejection"] is None
    assert data["url"].endswith(f"/petitions/{petition.pk}/")
    assert personal_data_in(data, [citizen]) == []


def test_a_rejected_petition_says_why(api):
    petition = make_petition("rejected")

    data = api.get(f"/api/v1/petitions/{petition.pk}").json()

    assert data["rejection"]["explanation"] == "Не по адресу."
    assert data["rejection"]["reason"]["legal_basis"] == petition.rejection_reason.legal_basis
    assert data["response"] is None


def test_filters_and_search_narrow_the_list(api):
    make_petition("closed")  # first: closing it runs the clock past the others' deadlines
    bridge = make_petition("open", title="Построить пешеходный мост через Есиль")
    park = make_petition("open", title="Сохранить городской парк у набережной")
    Petition.objects.filter(pk=park.pk).update(region=region("KZ-75"))

    def ids(**params):
        return {row["id"] for row in all_pages(api, "/api/v1/petitions", **params)}

    assert ids(status="open") == {bridge.pk, park.pk}
    assert ids(q="парк") == {park.pk}
    assert ids(region=region("KZ-75").pk) == {park.pk}
    assert ids(addressee=bridge.addressee_id, status="open") == {bridge.pk, park.pk}
    assert ids(category=Category.objects.get(slug="transport").pk, status="closed") != set()


def test_a_bad_filter_value_is_a_400_with_the_fields_message(api):
    response = api.get("/api/v1/petitions", {"status": "nonsense", "region": "999999"})

    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"status", "region"}
    assert body["detail"].startswith(("status: ", "region: "))


def test_orderings_sort_by_signatures_newest_and_ending(api):
    few, many = make_petition("open"), make_petition("open")
    Petition.objects.filter(pk=many.pk).update(signature_count=40)
    Petition.objects.filter(pk=few.pk).update(deadline=few.deadline.replace(year=2020))

    def order(**params):
        return [row["id"] for row in all_pages(api, "/api/v1/petitions", **params)]

    assert order() == [many.pk, few.pk]
    assert order(ordering="newest") == [many.pk, few.pk]
    assert order(ordering="ending") == [few.pk, many.pk]


@pytest.mark.parametrize("ordering", ["signatures", "newest", "ending"])
def test_cursor_pages_walk_every_row_once_both_ways(api, ordering):
    petitions = [make_petition("open") for _ in range(7)]
    # Ties on the count, the date and the deadline: the primary key breaks them.
    Petition.objects.filter(pk__in=[p.pk for p in petitions[:4]]).update(signature_count=3)

    forward = all_pages(api, "/api/v1/petitions", ordering=ordering, page_size=2)
    assert sorted(row["id"] for row in forward) == sorted(p.pk for p in petitions)

    # Back from the last page, by the `previous` links.
    last = api.get("/api/v1/petitions", {"ordering": ordering, "page_size": 2})
    while last.json()["next"]:
        last = api.get(last.json()["next"])
    backward, page = list(last.json()["results"]), last
    while page.json()["previous"]:
        page = api.get(page.json()["previous"])
        backward = page.json()["results"] + backward
    assert [row["id"] for row in backward] == [row["id"] for row in forward]


def test_a_tampered_cursor_is_refused_as_a_bad_parameter(api):
    make_petition("open")

    wrong_value = base64.urlsafe_b64encode(
        json.dumps({"v": ["x", 1], "o": "-signature_count,-pk", "b": 0}).encode()
    ).decode()
    for cursor in ["nonsense", base64.urlsafe_b64encode(b'{"v": [1]}').decode(), wrong_value]:
        response = api.get("/api/v1/petitions", {"cursor": cursor}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400, cursor
        assert response.json()["code"] == "invalid_cursor"
        assert response.json()["errors"] == {"cursor": ["Invalid cursor"]}


# Filing


def petition_input(**changes):
    return {
        "title": "Открыть библиотеку в микрорайоне Нурсат",
        "demand": "Открыть публичную библиотеку в микрорайоне Нурсат.",
        "text": "В микрорайоне живут сорок тысяч человек, а ближайшая библиотека далеко. " * 2,
        "addressee": StateBody.objects.get(slug="government").pk,
        "category": Category.objects.get(slug="transport").pk,
        **changes,
    }


def test_a_citizen_files_a_draft_and_submits_it(api_as, citizen):
    client = api_as(citizen)

    created = client.post("/api/v1/petitions", petition_input())
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "draft"
    pk = created.json()["id"]

    submitted = client.post(f"/api/v1/petitions/{pk}/submit")

    assert submitted.status_code == 200
    assert submitted.json()["status"] == "in_moderation"
    assert Petition.objects.get(pk=pk).status == Status.IN_MODERATION


def test_the_author_edits_and_deletes_a_draft(api_as, citizen):
    petition = make_petition("draft", author=citizen)
    client = api_as(citizen)

    edited = client.patch(f"/api/v1/petitions/{petition.pk}", {"title": "Новый заголовок петиции"})
    assert edited.status_code == 200
    assert edited.json()["title"] == "Новый заголовок петиции"

    assert client.delete(f"/api/v1/petitions/{petition.pk}").status_code == 204
    assert not Petition.objects.filter(pk=petition.pk).exists()


def test_filing_needs_sign_in_and_a_verified_email(api, api_as):
    assert api.post("/api/v1/petitions", petition_input()).status_code == 401

    response = api_as(UserFactory(verified=False)).post("/api/v1/petitions", petition_input())

    assert response.status_code == 403
    assert not Petition.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "Коротко"}, "title"),
        ({"title": "<script>alert(1)</script> заголовок"}, "title"),
        ({"addressee": 999999}, "addressee"),
        ({"category": "transport"}, "category"),
        ({"text": "x" * 10001}, "text"),
    ],
)
def test_bad_input_is_a_400_and_nothing_is_stored(api_as, citizen, changes, field):
    response = api_as(citizen).post("/api/v1/petitions", petition_input(**changes))

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Petition.objects.exists()


def test_someone_elses_draft_cannot_be_submitted_or_edited(api_as, citizen):
    petition = make_petition("draft")
    client = api_as(citizen)

    assert client.post(f"/api/v1/petitions/{petition.pk}/submit").status_code == 404
    assert client.patch(f"/api/v1/petitions/{petition.pk}", {"title": "x" * 20}).status_code == 404


def test_an_open_petition_cannot_be_edited_by_its_author(api_as, citizen):
    petition = make_petition("open", author=citizen)

    response = api_as(citizen).patch(f"/api/v1/petitions/{petition.pk}", {"title": "x" * 20})

    # Its author, but no longer a draft: not now, a conflict.
    assert response.status_code == 409
    assert Petition.objects.get(pk=petition.pk).title == petition.title


# Moderation


def test_a_moderator_publishes_a_petition(api_as, petition_moderator):
    petition = make_petition("in_moderation")

    response = api_as(petition_moderator).post(f"/api/v1/petitions/{petition.pk}/publish")

    assert response.status_code == 200
    assert response.json()["status"] == "gathering_support"
    assert response.json()["threshold"] == 50_000


@pytest.mark.parametrize(
    "action, body, status",
    [
        ("return", {"note": "Уточните адресата."}, "draft"),
        ("reject", {"explanation": "Вопрос вне компетенции."}, "rejected"),
        ("hide", {"reason": "Дубль."}, "hidden"),
    ],
)
def test_a_moderator_returns_rejects_and_hides(api_as, petition_moderator, action, body, status):
    petition = make_petition("in_moderation")
    if action == "reject":
        body["reason"] = GroundVersion.objects.in_force(petition.submitted_day).first().pk

    response = api_as(petition_moderator).post(f"/api/v1/petitions/{petition.pk}/{action}", body)

    assert response.status_code == 200, response.json()
    assert Petition.objects.get(pk=petition.pk).status == status


def test_a_moderator_restores_and_records_a_response(api_as, petition_moderator):
    hidden = make_petition("hidden")
    considered = make_petition("under_consideration")
    client = api_as(petition_moderator)

    restored = client.post(f"/api/v1/petitions/{hidden.pk}/restore")
    answered = client.post(
        f"/api/v1/petitions/{considered.pk}/respond",
        {"response_text": "Будет сделано.", "discussion_date": "2026-12-01",
         "media_statement_url": "https://example.kz/statement"},
    )  # fmt: skip

    assert restored.json()["status"] == "gathering_support"
    assert answered.status_code == 200, answered.json()
    assert answered.json()["response"]["text"] == "Будет сделано."


@pytest.mark.parametrize("action", ["publish", "return", "reject", "hide", "restore", "respond"])
def test_moderation_is_refused_to_everyone_else(anyone, api_as, action):
    role, person = anyone
    petition = make_petition("open")

    response = api_as(person).post(f"/api/v1/petitions/{petition.pk}/{action}", {})

    if role == "visitor":
        assert response.status_code == 401
    elif role in ("petition_moderator", "admin"):
        # Moderators may, but not in this state (hide needs a reason: a 400).
        assert response.status_code == (400 if action == "hide" else 409)
    else:
        assert response.status_code == 403
    assert Petition.objects.get(pk=petition.pk).status == Status.OPEN


def test_a_moderation_step_without_its_required_input_is_a_400(api_as, petition_moderator):
    petition = make_petition("in_moderation")

    response = api_as(petition_moderator).post(f"/api/v1/petitions/{petition.pk}/return", {})

    assert response.status_code == 400
    assert "note" in response.json()["errors"]


# History


def test_the_history_shows_public_steps_to_the_public_and_all_to_moderators(
    api, api_as, petition_moderator
):
    petition = make_petition("open")
    everything = PetitionEvent.objects.filter(petition=petition).count()
    public = PetitionEvent.objects.filter(petition=petition, public=True).count()

    seen = all_pages(api, f"/api/v1/petitions/{petition.pk}/events")
    seen_by_moderator = all_pages(api_as(petition_moderator),
                                  f"/api/v1/petitions/{petition.pk}/events")  # fmt: skip

    assert len(seen) == public < everything
    assert all(row["public"] and row["note"] is None for row in seen)
    assert len(seen_by_moderator) == everything
    assert [row["action"] for row in seen_by_moderator][:2] == ["created", "submitted"]


def test_the_history_of_an_unpublished_petition_is_not_found(api):
    petition = make_petition("in_moderation")

    assert api.get(f"/api/v1/petitions/{petition.pk}/events").status_code == 404


# The caller's own


def test_my_petitions_lists_the_callers_own_in_every_state(api, api_as, citizen):
    mine = [make_petition(status, author=citizen) for status in ("draft", "open", "hidden")]
    make_petition("open")

    response = api_as(citizen).get("/api/v1/me/petitions")

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {p.pk for p in mine}
    assert api.get("/api/v1/me/petitions").status_code == 401


def test_reference_lists_of_categories_and_rejection_reasons(api):
    categories = api.get("/api/v1/categories").json()
    reasons = api.get("/api/v1/rejection-reasons").json()

    assert categories["count"] == Category.objects.count() > 0
    in_force = GroundVersion.objects.in_force(timezone.localdate())
    assert reasons["count"] == in_force.count() > 0
    assert {"id", "code", "title", "legal_basis", "effective_from", "effective_until"} <= set(
        reasons["results"][0]
    )


def test_the_moderation_queue_lists_waiting_petitions_oldest_first(anyone, api_as):
    role, person = anyone
    first, second = make_petition("in_moderation"), make_petition("in_moderation")
    considered = make_petition("under_consideration")
    make_petition("open")

    response = api_as(person).get("/api/v1/petitions/moderation-queue")

    if role in ("petition_moderator", "admin"):
        assert response.status_code == 200
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == [first.pk, second.pk, considered.pk]
        waiting = api_as(person).get("/api/v1/petitions/moderation-queue",
                                     {"status": "under_consideration"})  # fmt: skip
        assert [row["id"] for row in waiting.json()["results"]] == [considered.pk]
    else:
        assert response.status_code == (401 if role == "visitor" else 403)


def test_the_list_filters_by_publication_date(api):
    petition = make_petition("open")
    day = petition.published_at.date()

    def ids(**params):
        return {row["id"] for row in all_pages(api, "/api/v1/petitions", **params)}

    assert ids(published_after=day.isoformat()) == {petition.pk}
    assert ids(published_before=(day.replace(year=day.year - 1)).isoformat()) == set()


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/api/v1/petitions", "status"),
        ("/api/v1/petitions", "region"),
        ("/api/v1/petitions", "q"),
        ("/api/v1/petitions", "ordering"),
        ("/api/v1/platforms", "status"),
        ("/api/v1/organizations", "region"),
        ("/api/v1/state-bodies", "kind"),
    ],
)
@pytest.mark.parametrize("language, words", [("en", "value"), ("ru", "значение"), ("kk", "мән")])
def test_an_empty_filter_value_is_a_400_in_the_callers_language(
    client, url, parameter, language, words
):
    response = client.get(f"{url}?{parameter}=", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "blank"
    assert list(body["errors"]) == [parameter]
    assert words in body["detail"]
    assert client.get(f"{url}?{parameter}=%20").status_code == 400
