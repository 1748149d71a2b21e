"""The Django admin's petition actions go through the same services as the moderation pages."""

import pytest
from django.urls import reverse

from petitions.models import Petition, RejectionReason
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
    reason = RejectionReason.objects.first()

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
