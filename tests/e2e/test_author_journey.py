"""An author's way in Chromium: the counters under the fields, a preview before saving, the
petition's steps, and its link copied to share once it is published (issue 12, point 4)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from petitions import services
from petitions.models import Petition
from portal.rules import PETITION_MODERATORS
from tests.e2e.test_petition_journey import field, person_page
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

TITLE = "Открыть читальный зал в каждом селе района"


def test_an_author_counts_previews_saves_and_copies_the_link(
    browser, live_server, check_accessibility
):
    author = UserFactory(iin=True, email="writer@example.kz")
    moderator = UserFactory(email="moderator@example.kz", groups=[PETITION_MODERATORS])
    page = person_page(browser, live_server, author)
    page.goto(f"{live_server.url}/petitions/new/")

    # The counter follows what is typed, against the model's limit.
    expect(page.get_by_text("0 of 150 characters")).to_be_visible()
    field(page, "Title").fill(TITLE)
    expect(page.get_by_text(f"{len(TITLE)} of 150 characters")).to_be_visible()
    expect(page.get_by_text("0 of 2000 characters")).to_be_visible()
    field(page, "What you ask of the state body").fill(
        "Открыть в каждом селе района читальный зал при школе."
    )
    field(page, "Why: the situation and your arguments").fill(
        "В сёлах нет библиотек, и детям негде читать после уроков. " * 2
    )
    field(page, "Addressee").select_option(label="Ministry of Justice")
    field(page, "Category").select_option(label="Law and order")
    check_accessibility(page)

    # The preview shows the petition as its page will, and saves nothing.
    page.get_by_role("button", name="Preview").click()
    expect(
        page.get_by_role("heading", name="Preview: your petition as its page will show it")
    ).to_be_visible()
    expect(page.locator(".preview-petition-title")).to_have_text(TITLE)
    assert not Petition.objects.filter(title=TITLE).exists()
    expect(field(page, "Title")).to_have_value(TITLE)
    expect(page.get_by_text(f"{len(TITLE)} of 150 characters")).to_be_visible()
    check_accessibility(page)

    # Saved, the draft's page says what happens next.
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(re.compile("submitted today, the decision is due by"))).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.get_by_text(re.compile(r"The moderators decide by \d"))).to_be_visible()
    petition = Petition.objects.get(title=TITLE)
    services.publish_petition(petition=petition, moderator=moderator)

    # Published, the link is there to copy and share.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.reload()
    url = f"{settings.SITE_URL}{petition.get_absolute_url()}"
    expect(page.get_by_label("The petition's link")).to_have_value(url)
    expect(page.get_by_role("link", name=re.compile("Share on Telegram"))).to_be_visible()
    expect(page.get_by_role("img", name="QR code of the petition's link")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Copy the link").click()
    expect(page.get_by_text("The link is copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    # The author is offered their own signature.
    expect(
        page.get_by_text(re.compile("You wrote this petition, and you may sign it"))
    ).to_be_visible()


def test_without_javascript_the_link_shows_and_no_copy_button_does(browser, live_server):
    from tests.factories import make_petition

    petition = make_petition("gathering_support")
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()

    page.goto(f"{live_server.url}{petition.get_absolute_url()}")

    expect(page.get_by_label("The petition's link")).to_have_value(
        f"{settings.SITE_URL}{petition.get_absolute_url()}"
    )
    expect(page.get_by_role("button", name="Copy the link")).to_have_count(0)
    context.close()
