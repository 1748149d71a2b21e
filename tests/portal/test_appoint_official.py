"""Officials are appointed to a state body through one service: the admin and the API call it,
and every appointment and removal leaves an event (design §1, state official)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from portal import services
from portal.models import OFFICIAL_APPOINTED, OFFICIAL_REMOVED, StateBodyEvent, StateBodyOfficial
from tests.factories import UserFactory, state_body

pytestmark = pytest.mark.django_db

# Administrators and ministry staff appoint (both moderators of the cast are ministry staff).
MAY_APPOINT = {"platform_moderator", "petition_moderator", "admin"}


def test_each_role_appoints_an_official_only_as_the_rules_say(anyone):
    role, user = anyone
    body, person = state_body("government"), UserFactory()
    if role in MAY_APPOINT:
        services.appoint_official(body=body, user=person, actor=user)
        assert body.officials.current().filter(user=person).exists()
    else:
        with pytest.raises(services.OfficialError) as refusal:
            services.appoint_official(body=body, user=person, actor=user)
        assert refusal.value.code == "forbidden"
        assert not StateBodyOfficial.objects.exists()
        assert not StateBodyEvent.objects.exists()


def test_an_appointment_and_a_removal_each_leave_an_event_and_the_row_stays(admin):
    body, person = state_body("government"), UserFactory()
    services.appoint_official(body=body, user=person, actor=admin)
    services.remove_official(body=body, user=person, actor=admin)
    events = list(StateBodyEvent.objects.values_list("action", "actor", "subject"))
    assert events == [(OFFICIAL_APPOINTED, admin.pk, person.pk),
                      (OFFICIAL_REMOVED, admin.pk, person.pk)]  # fmt: skip
    assert not body.officials.current().exists()
    assert body.officials.get().removed_at is not None


def test_a_person_is_appointed_to_a_body_once_at_a_time_and_may_be_appointed_again(admin):
    body, person = state_body("government"), UserFactory()
    services.appoint_official(body=body, user=person, actor=admin)
    with pytest.raises(services.OfficialError) as refusal:
        services.appoint_official(body=body, user=person, actor=admin)
    assert refusal.value.code == "conflict"
    services.remove_official(body=body, user=person, actor=admin)
    services.appoint_official(body=body, user=person, actor=admin)
    assert body.officials.count() == 2 and body.officials.current().count() == 1


def test_the_database_refuses_a_second_current_appointment_of_the_same_person(admin):
    body, person = state_body("government"), UserFactory()
    StateBodyOfficial.objects.create(body=body, user=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        StateBodyOfficial.objects.create(body=body, user=person)


def test_removing_someone_who_is_not_an_official_is_refused(admin):
    with pytest.raises(services.OfficialError) as refusal:
        services.remove_official(body=state_body("government"), user=UserFactory(), actor=admin)
    assert refusal.value.code == "conflict"
    assert not StateBodyEvent.objects.exists()


# The API


def test_ministry_staff_appoint_list_and_remove_officials_through_the_api(
    client, petition_moderator
):
    body, person = state_body("government"), UserFactory(first_name="Асель", last_name="Нурова")
    client.force_login(petition_moderator)
    url = f"/api/v1/state-bodies/{body.pk}/officials"
    created = client.post(url, {"user": person.pk}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["name"] == "Асель Нурова"
    assert client.post(url, {"user": person.pk}, content_type="application/json").status_code == 409
    listed = client.get(url).json()
    assert [official["user"] for official in listed] == [person.pk]
    # No email or other personal data beyond the official's name.
    assert set(listed[0]) == {"user", "name", "appointed_at"}
    assert client.delete(f"{url}/{person.pk}").status_code == 204
    assert client.delete(f"{url}/{person.pk}").status_code == 409
    assert list(StateBodyEvent.objects.values_list("action", flat=True)) == [
        OFFICIAL_APPOINTED, OFFICIAL_REMOVED,
    ]  # fmt: skip


def test_a_citizen_may_not_appoint_and_a_visitor_must_sign_in(client, citizen):
    body = state_body("government")
    url = f"/api/v1/state-bodies/{body.pk}/officials"
    assert (
        client.post(url, {"user": citizen.pk}, content_type="application/json").status_code == 401
    )
    client.force_login(citizen)
    assert (
        client.post(url, {"user": citizen.pk}, content_type="application/json").status_code == 403
    )
    assert client.get(url).status_code == 403
    assert not StateBodyOfficial.objects.exists()


def test_an_unknown_account_is_a_clear_bad_request(client, admin):
    client.force_login(admin)
    body = state_body("government")
    answer = client.post(f"/api/v1/state-bodies/{body.pk}/officials", {"user": 999999},
                         content_type="application/json")  # fmt: skip
    assert answer.status_code == 400
    assert "user" in answer.json()["errors"]


# The admin


def test_the_admin_appoints_through_the_service_and_its_action_removes(admin_client_en, admin):
    body, person = state_body("government"), UserFactory()
    answer = admin_client_en.post(
        reverse("admin:portal_statebodyofficial_add"), {"body": body.pk, "user": person.pk}
    )
    assert answer.status_code == 302, answer.content
    official = StateBodyOfficial.objects.get()
    assert StateBodyEvent.objects.get().action == OFFICIAL_APPOINTED
    admin_client_en.post(
        reverse("admin:portal_statebodyofficial_changelist"),
        {"action": "remove_officials", "_selected_action": [official.pk]},
    )
    official.refresh_from_db()
    assert official.removed_at is not None
    assert StateBodyEvent.objects.filter(action=OFFICIAL_REMOVED, actor=admin).exists()
