"""The Django admin's petition actions go through the same services as the moderation pages."""

import pytest
from django.urls import reverse

from petitions.models import GroundVersion, Petition
from tests.factories import make_petition

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:petitions_petition_changelist")


def run_action(client, action, petition, **data):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [petition.pk], **data}, follow=True
    )


def test_an_administrator_publishes_from_the_admin(admin_client_en, petition_moderator):
    petition = make_petition("in_moderation", moderator=petition_moderator)

    run_action(admin_client_en, "publish", petition)

    petition.refresh_from_db()
    assert petition.status == Petition.Status.GATHERING_SUPPORT
    assert petition.events.filter(action="published").count() == 1


def test_rejecting_from_the_admin_asks_for_a_reason_first(admin_client_en):
    petition = make_petition("in_moderation")
    reason = GroundVersion.objects.in_force(petition.submitted_day).first()

    asked = run_action(admin_client_en, "reject", petition)
    petition.refresh_from_db()
    assert petition.status == Petition.Status.IN_MODERATION
    assert "Explanation for the author" in asked.text

    run_action(
        admin_client_en,
        "reject",
        petition,
        apply="1",
        reason=reason.pk,
        explanation="Не по адресу.",
    )

    petition.refresh_from_db()
    assert petition.status == Petition.Status.REJECTED
    assert petition.rejection_reason == reason


def test_returning_and_hiding_from_the_admin_record_the_note(admin_client_en):
    returned = make_petition("in_moderation")
    hidden = make_petition("open")

    run_action(
        admin_client_en, "return_for_changes", returned, apply="1", note="Уточните адресата."
    )
    run_action(admin_client_en, "hide", hidden, apply="1", reason="Дубликат.")

    returned.refresh_from_db()
    hidden.refresh_from_db()
    assert returned.status == Petition.Status.DRAFT
    assert returned.events.get(action="returned").note == "Уточните адресата."
    assert hidden.status == Petition.Status.HIDDEN
    assert hidden.hidden_reason == "Дубликат."


def test_an_action_the_state_does_not_allow_is_refused_with_a_message(admin_client_en):
    petition = make_petition("draft")

    response = run_action(admin_client_en, "publish", petition)

    petition.refresh_from_db()
    assert petition.status == Petition.Status.DRAFT
    assert "0 petitions changed." in response.text


def test_the_admin_cannot_edit_a_petitions_state_directly(admin_client_en):
    petition = make_petition("open")

    response = admin_client_en.get(reverse("admin:petitions_petition_change", args=[petition.pk]))

    assert 'name="status"' not in response.text


def test_a_draft_is_deleted_from_the_admin_through_the_service(admin_client_en):
    draft = make_petition("draft")

    response = admin_client_en.post(
        reverse("admin:petitions_petition_delete", args=[draft.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Petition.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("status", ["in_moderation", "open", "answered", "hidden"])
def test_a_petition_past_draft_cannot_be_deleted_from_the_admin(admin_client_en, status):
    petition = make_petition(status)

    response = admin_client_en.post(
        reverse("admin:petitions_petition_delete", args=[petition.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Petition.objects.filter(pk=petition.pk).exists()


def test_the_admin_offers_no_bulk_delete_and_deletes_only_the_selected_drafts(admin_client_en):
    draft = make_petition("draft")
    signed = make_petition("open")

    changelist = admin_client_en.get(CHANGELIST)
    response = admin_client_en.post(
        CHANGELIST,
        {"action": "delete_drafts", "_selected_action": [draft.pk, signed.pk]},
        follow=True,
    )

    assert 'value="delete_selected"' not in changelist.text
    assert 'value="delete_drafts"' in changelist.text
    assert list(Petition.objects.filter(pk__in=[draft.pk, signed.pk])) == [signed]
    assert "1 petitions changed." in response.text


def test_a_petitions_history_cannot_be_edited_or_deleted_in_the_admin(admin_client_en):
    petition = make_petition("open")

    page = admin_client_en.get(reverse("admin:petitions_petition_change", args=[petition.pk]))

    assert page.status_code == 200
    assert 'name="events-0-action"' not in page.text
    assert 'name="events-0-DELETE"' not in page.text
    assert 'name="events-TOTAL_FORMS"' not in page.text or petition.events.count() > 0


def test_staff_publish_from_the_admin_only_as_petition_moderators(client, petition_moderator):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    clerk = UserFactory(is_staff=True)
    for person in (clerk, petition_moderator):
        person.is_staff = True
        person.save(update_fields=["is_staff"])
        person.user_permissions.set(Permission.objects.filter(content_type__app_label="petitions"))
    first, second = make_petition("in_moderation"), make_petition("in_moderation")

    client.force_login(clerk)
    run_action(client, "publish", first)
    client.force_login(petition_moderator)
    run_action(client, "publish", second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        Petition.Status.IN_MODERATION,
        Petition.Status.GATHERING_SUPPORT,
    )
