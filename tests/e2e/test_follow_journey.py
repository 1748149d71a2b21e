"""Following walked in Chromium: a citizen follows a petition and its addressee from the
petition's page, then stops following the petition; axe-core checks each page."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Follow
from tests.factories import PASSWORD, UserFactory, make_petition

pytestmark = pytest.mark.browser


def test_a_citizen_follows_a_petition_and_its_addressee_then_stops(
    browser, live_server, check_accessibility
):
    petition = make_petition("open", title="Петиция о велодорожках")
    citizen = UserFactory(iin=True, email="follower@example.kz")
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email:?$")).fill(citizen.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")

    page.goto(live_server.url + petition.get_absolute_url())
    page.get_by_role("button", name="Follow this petition").click()
    expect(page.get_by_role("status").filter(has_text="You follow it now")).to_be_visible()
    expect(page.get_by_role("button", name="Stop following this petition")).to_be_visible()
    check_accessibility(page)

    body = petition.addressee.name_en or petition.addressee.name_ru
    page.get_by_role("button", name=f"Follow {body}").click()
    expect(page.get_by_role("button", name=f"Stop following {body}")).to_be_visible()
    assert Follow.objects.filter(user=citizen).count() == 2

    page.get_by_role("button", name="Stop following this petition").click()
    expect(page.get_by_role("status").filter(has_text="You no longer follow it")).to_be_visible()
    expect(page.get_by_role("button", name="Follow this petition")).to_be_visible()
    assert Follow.objects.filter(user=citizen).count() == 1
    check_accessibility(page)
    context.close()
