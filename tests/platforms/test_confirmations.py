"""Leaving a platform, refusing a request and removing a member are asked about first
(issue 12, point 5): a GET opens a page that says what will happen; only its POST acts."""

import pytest
from django.urls import reverse

from platforms.models import OrganizationMember, PlatformMembership
from tests.factories import OrganizationMemberFactory
from tests.petitions.test_confirmations import confirm_form
from tests.platforms.factories import PlatformFactory, PlatformMembershipFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_leaving_a_platform_asks_first_and_leaves_only_on_the_confirmation(english_client,
                                                                           ngo_member):  # fmt: skip
    platform = PlatformFactory()
    seat = PlatformMembershipFactory(platform=platform, user=ngo_member)
    english_client.force_login(ngo_member)
    url = reverse("platform_leave", args=[platform.slug])

    assert f'href="{url}"' in english_client.get(platform.get_absolute_url()).text
    asked = english_client.get(url)

    form = confirm_form(asked)
    assert "<h1>Leave the platform?</h1>" in asked.text
    assert "apply anew" in asked.text
    assert ">Leave the platform</button>" in form
    seat.refresh_from_db()
    assert seat.status == PlatformMembership.Status.APPROVED

    english_client.post(url)
    seat.refresh_from_db()
    assert seat.status == PlatformMembership.Status.LEFT


def test_withdrawing_an_application_asks_in_its_own_words(english_client, citizen):
    platform = PlatformFactory()
    PlatformMembershipFactory(
        platform=platform, user=citizen, status=PlatformMembership.Status.APPLIED
    )
    english_client.force_login(citizen)

    asked = english_client.get(reverse("platform_leave", args=[platform.slug]))

    assert "<h1>Withdraw your application?</h1>" in asked.text
    assert ">Withdraw my application</button>" in confirm_form(asked)


def test_someone_without_a_seat_is_not_asked(client, citizen):
    platform = PlatformFactory()
    client.force_login(citizen)

    response = client.get(reverse("platform_leave", args=[platform.slug]))

    assert response.status_code == 302
    assert response["Location"] == platform.get_absolute_url()


@pytest.mark.parametrize(
    ("action", "status", "question", "after"),
    [
        ("remove", "approved", "Remove this member?", OrganizationMember.Status.REMOVED),
        ("refuse", "pending", "Refuse this request?", OrganizationMember.Status.REMOVED),
    ],
)
def test_a_representative_is_asked_before_removing_or_refusing(
    english_client, organization, ngo_representative, action, status, question, after
):
    membership = OrganizationMemberFactory(organization=organization, status=status)
    english_client.force_login(ngo_representative)
    url = reverse("organization_member_action", args=[organization.pk, membership.pk, action])

    workspace = english_client.get(reverse("organization_workspace", args=[organization.pk]))
    assert f'href="{url}"' in workspace.text
    asked = english_client.get(url)

    confirm_form(asked)
    assert f"<h1>{question}</h1>" in asked.text
    assert membership.user.full_name in asked.text
    membership.refresh_from_db()
    assert membership.status == status

    english_client.post(url)
    membership.refresh_from_db()
    assert membership.status == after


def test_approving_has_no_confirm_page_and_strangers_see_nothing(client, organization, citizen,
                                                                ngo_representative):  # fmt: skip
    membership = OrganizationMemberFactory(organization=organization, status="pending")
    approve = reverse("organization_member_action",
                      args=[organization.pk, membership.pk, "approve"])  # fmt: skip
    remove = reverse("organization_member_action", args=[organization.pk, membership.pk, "remove"])

    client.force_login(citizen)
    assert client.get(remove).status_code == 404
    client.force_login(ngo_representative)
    assert client.get(approve).status_code == 405


def decline_target(kind, platform):
    """An application or a proposal waiting on `platform`, and its decline page's address."""
    if kind == "application":
        target = PlatformMembershipFactory(
            platform=platform, status=PlatformMembership.Status.APPLIED
        )
        return target, reverse("application_decide", args=[platform.slug, target.pk, "decline"])
    target = ProposalFactory(platform=platform)
    return target, reverse("proposal_decide", args=[platform.slug, target.pk, "decline"])


QUESTIONS = {
    "application": {"kk": "Бұл өтінімді қабылдамау керек пе?", "ru": "Отклонить эту заявку?",
                    "en": "Decline this application?"},
    "proposal": {"kk": "Бұл ұсынысты қабылдамау керек пе?", "ru": "Отклонить это предложение?",
                 "en": "Decline this proposal?"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("kind", ["application", "proposal"])
def test_declining_asks_for_the_reason_on_a_page_of_its_own_first(client, platform_moderator,
                                                                   kind, language):  # fmt: skip
    from django.conf import settings

    platform = PlatformFactory(moderators=[platform_moderator])
    target, url = decline_target(kind, platform)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(platform_moderator)

    workspace = client.get(reverse("platform_workspace", args=[platform.slug]))
    assert f'href="{url}"' in workspace.text
    asked = client.get(url)

    form = confirm_form(asked)
    assert f"<h1>{QUESTIONS[kind][language]}</h1>" in asked.text
    assert 'name="reason"' in form
    target.refresh_from_db()
    assert target.status in ("applied", "submitted")

    client.post(url, {"reason": "Не по теме площадки."})
    target.refresh_from_db()
    assert target.status == "declined"
    assert target.decision_reason == "Не по теме площадки."


@pytest.mark.parametrize("kind", ["application", "proposal"])
def test_declining_without_a_reason_asks_again_and_changes_nothing(
    english_client, platform_moderator, kind
):
    platform = PlatformFactory(moderators=[platform_moderator])
    target, url = decline_target(kind, platform)
    english_client.force_login(platform_moderator)

    response = english_client.post(url, {"reason": "  "})

    form = confirm_form(response)
    assert "Give the reason for declining." in form
    target.refresh_from_db()
    assert target.status in ("applied", "submitted")


def test_approving_or_putting_on_an_agenda_has_no_confirm_page(client, platform_moderator):
    platform = PlatformFactory(moderators=[platform_moderator])
    application = PlatformMembershipFactory(
        platform=platform, status=PlatformMembership.Status.APPLIED
    )
    proposal = ProposalFactory(platform=platform)
    client.force_login(platform_moderator)

    approve = reverse("application_decide", args=[platform.slug, application.pk, "approve"])
    agenda = reverse("proposal_decide", args=[platform.slug, proposal.pk, "agenda"])
    assert client.get(approve).status_code == 405
    assert client.get(agenda).status_code == 405


def test_a_stranger_gets_no_decline_page(client, citizen, platform_moderator):
    platform = PlatformFactory(moderators=[platform_moderator])
    for kind in ("application", "proposal"):
        _target, url = decline_target(kind, platform)
        client.force_login(citizen)
        assert client.get(url).status_code in (403, 404)
