"""Seating state officials walked in Chromium: a platform's moderator seats one while two
thirds hold, is refused the next at the line, gives the reason and sees it published; and a
follower stops following from an email's link with its one button. axe-core checks each page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal.models import Follow
from portal.services import appoint_official, follow, unfollow_token
from tests.factories import PASSWORD, UserFactory, state_body
from tests.platforms.factories import platform_at_four_of_five

pytestmark = pytest.mark.browser

REASON = "The council's statute requires three state bodies."


def signed_in(browser, live_server, user):
    context = browser.new_context(locale="en-US", viewport={"width": 375, "height": 800})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email:?$")).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    return context, page


def test_a_moderator_seats_officials_and_overrides_the_two_thirds_line_with_a_reason(
    browser, live_server, check_accessibility, platform_moderator, admin
):
    platform = platform_at_four_of_five(platform_moderator)
    first, second = UserFactory(last_name="Первый"), UserFactory(last_name="Второй")
    for person in (first, second):
        appoint_official(body=state_body("misd"), user=person, actor=admin)
    context, page = signed_in(browser, live_server, platform_moderator)

    page.goto(live_server.url + reverse("platform_workspace", args=[platform.slug]))
    page.get_by_role("link", name="Seat state officials").click()
    page.get_by_label("State official:").select_option(value=str(first.official_posts.get().pk))
    page.get_by_role("button", name="Seat the official").click()
    expect(page.get_by_role("status").filter(has_text="is seated on the platform")).to_be_visible()

    page.get_by_label("State official:").select_option(value=str(second.official_posts.get().pk))
    page.get_by_role("button", name="Seat the official").click()
    refusal = page.get_by_role("alert").filter(has_text="Not seated.")
    expect(refusal).to_contain_text("4 of 7 seats, below two thirds")
    check_accessibility(page)

    page.get_by_label("Why seat them below the two-thirds goal").fill(REASON)
    page.get_by_role("button", name="Seat them all the same and publish the reason").click()
    expect(page.get_by_role("status").filter(has_text="is seated on the platform")).to_be_visible()
    expect(page.get_by_role("list").filter(has_text=second.full_name)).to_be_visible()

    page.goto(live_server.url + platform.get_absolute_url())
    expect(page.get_by_text(REASON)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Seats by role over time"))).to_be_visible()
    check_accessibility(page)
    context.close()


def test_a_follower_stops_following_from_the_emails_link_with_one_button(
    browser, live_server, check_accessibility
):
    body = state_body("government")
    follower = UserFactory()
    token = unfollow_token(follow(user=follower, target=body))
    context = browser.new_context(locale="en-US", viewport={"width": 375, "height": 800})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()

    page.goto(live_server.url + reverse("unfollow", args=[token]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop following it?")
    check_accessibility(page)
    assert Follow.objects.filter(user=follower).exists()
    page.get_by_role("button", name="Stop following").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You no longer follow it")
    assert not Follow.objects.filter(user=follower).exists()
    context.close()
