"""Declining an application or a proposal in Chromium: a page asks for the reason first, and
going back from it changes nothing (issue 12, point 5)."""

import re

import pytest
from playwright.sync_api import expect

from platforms.models import PlatformMembership, Proposal
from portal.rules import PLATFORM_MODERATORS
from tests.e2e.test_petition_journey import field, person_page
from tests.factories import UserFactory
from tests.platforms.factories import PlatformFactory, PlatformMembershipFactory, ProposalFactory

pytestmark = pytest.mark.browser


def test_a_moderator_declines_an_application_and_a_proposal_after_a_page_that_asks(
    browser, live_server, check_accessibility
):
    moderator = UserFactory(email="platforms@example.kz", groups=[PLATFORM_MODERATORS])
    platform = PlatformFactory(moderators=[moderator])
    applicant = UserFactory(first_name="Дана", last_name="Ахметова")
    application = PlatformMembershipFactory(
        platform=platform, user=applicant, status=PlatformMembership.Status.APPLIED
    )
    proposal = ProposalFactory(platform=platform, title="Центр для молодёжи в каждом ауле")
    page = person_page(browser, live_server, moderator)
    workspace = f"{live_server.url}/platforms/{platform.slug}/workspace/"
    page.goto(workspace)

    # Going back from the question leaves the application waiting.
    page.get_by_role("link", name=re.compile(r"^Decline Дана Ахметова")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline this application?")
    check_accessibility(page)
    page.get_by_role("link", name="Cancel").click()
    application.refresh_from_db()
    assert application.status == PlatformMembership.Status.APPLIED

    # Without a reason it asks again; with one, it declines.
    page.get_by_role("link", name=re.compile(r"^Decline Дана Ахметова")).click()
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_text("Give the reason for declining.")).to_be_visible()
    check_accessibility(page)
    field(page, "Reason for declining").fill("Площадка набрана полностью.")
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_text("The application is declined.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == PlatformMembership.Status.DECLINED

    page.get_by_role("link", name=re.compile(r"^Decline\s*: Центр для молодёжи")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline this proposal?")
    field(page, "Reason for declining").fill("Уже в плане работы.")
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_text("The proposal is declined.")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
