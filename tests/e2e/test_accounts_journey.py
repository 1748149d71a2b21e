"""Accounts, walked in Chromium as a person would: languages, sign-up, sign-in, sign-out.

Every page the person lands on is checked with axe-core against WCAG 2.2 AA. Controls are
found by their roles, accessible names and labels. Text is asserted only where it is fixed
(the English source strings and allauth's English wording); in Kazakh and Russian the tests
assert `<html lang>` and the switcher's `aria-current`, as translations are still being written.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from portal.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

# The language switcher's buttons, each named in its own language.
LANGUAGE_BUTTONS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
HOME_HEADING_IN_ENGLISH = "Where civil society and the state hear each other"
PHONE = {"width": 375, "height": 800}
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^/\s]+/")


def field(page, label):
    """The form control labelled `label` (Django adds a colon after a label)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def heading(page):
    """The page's one top-level heading."""
    return page.get_by_role("heading", level=1)


def language_button(page, language):
    """The language switcher's button for `language` ("kk", "ru" or "en")."""
    return page.get_by_role("button", name=LANGUAGE_BUTTONS[language], exact=True)


def expect_language(page, language):
    """The page is in `language`, and the switcher marks that language as the current one."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(language_button(page, language)).to_have_attribute("aria-current", "true")
    for other in LANGUAGE_BUTTONS.keys() - {language}:
        expect(language_button(page, other)).not_to_have_attribute("aria-current", "true")


def switch_language(page, language):
    """Press the switcher's button for `language` and see the page come back in it."""
    language_button(page, language).click()
    expect_language(page, language)


def sign_up(page, *, email, first_name, last_name, region, password):
    """Fill in and send the sign-up form, keeping the language it suggests."""
    field(page, "Email").fill(email)
    field(page, "First name").fill(first_name)
    field(page, "Last name").fill(last_name)
    field(page, "Region").select_option(label=region)
    field(page, "Password").fill(password)
    field(page, "Password (again)").fill(password)
    page.get_by_role("button", name="Sign Up", exact=True).click()


def open_sign_in(page):
    """Follow the header's "Sign in" link."""
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(heading(page)).to_have_text("Sign In")


def sign_in(page, *, email, password):
    """Fill in and send the sign-in form."""
    field(page, "Email").fill(email)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()


def expect_signed_out(page):
    """The header offers "Sign in" and "Sign up", and no "Sign out"."""
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Sign up", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def expect_fits_a_phone_with_navigation_and_languages(page):
    """Nothing scrolls sideways, and the header still shows the navigation and the switcher."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{page.url} is {scroll_width}px wide"
    header = page.get_by_role("banner")
    expect(header.get_by_role("navigation")).to_be_visible()
    expect(header.get_by_role("group")).to_be_visible()
    for language in LANGUAGE_BUTTONS:
        expect(language_button(page, language)).to_be_visible()


def signed_in_user_ids():
    """The accounts that some session in the database is signed in as."""
    return {
        user_id
        for session in Session.objects.all()
        if (user_id := session.get_decoded().get("_auth_user_id"))
    }


def test_home_page_opens_in_kazakh_and_switches_to_russian_english_and_back(
    page, live_server, check_accessibility
):
    page.goto(live_server.url)
    expect_language(page, "kk")
    check_accessibility(page)

    switch_language(page, "ru")
    check_accessibility(page)

    switch_language(page, "en")
    # English is the source language: its heading is fixed text.
    expect(heading(page)).to_have_text(HOME_HEADING_IN_ENGLISH)
    check_accessibility(page)

    switch_language(page, "kk")
    check_accessibility(page)


def test_person_signs_up_in_english_confirms_the_email_signs_in_and_signs_out(
    page, live_server, mailoutbox, check_accessibility
):
    email = "dana.nurlanova@example.kz"
    page.goto(live_server.url)
    check_accessibility(page)
    switch_language(page, "en")
    check_accessibility(page)

    page.get_by_role("link", name="Sign up", exact=True).click()
    expect(heading(page)).to_have_text("Sign Up")
    expect(field(page, "Language of emails and pages")).to_have_value("en")
    check_accessibility(page)
    sign_up(
        page,
        email=email,
        first_name="Dana",
        last_name="Nurlanova",
        region="Astana",
        password=PASSWORD,
    )
    expect(heading(page)).to_have_text("Verify Your Email Address")
    expect_signed_out(page)
    check_accessibility(page)
    person = User.objects.get(email=email)
    assert (person.first_name, person.last_name) == ("Dana", "Nurlanova")
    assert (person.region.code, person.preferred_language) == ("KZ-71", "en")

    assert [message.to for message in mailoutbox] == [[email]]
    page.goto(CONFIRMATION_LINK.search(mailoutbox[0].body).group())
    expect(heading(page)).to_have_text("Confirm Email Address")
    check_accessibility(page)
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"You have confirmed {email}.")
    check_accessibility(page)
    assert person.emailaddress_set.get(email=email).verified

    open_sign_in(page)
    check_accessibility(page)
    sign_in(page, email=email, password=PASSWORD)
    expect(heading(page)).to_have_text("My profile")
    expect(page.get_by_text(email, exact=True)).to_be_visible()
    check_accessibility(page)
    assert signed_in_user_ids() == {str(person.pk)}

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(heading(page)).to_have_text(HOME_HEADING_IN_ENGLISH)
    expect_signed_out(page)
    check_accessibility(page)
    assert signed_in_user_ids() == set()


def test_wrong_password_and_unverified_email_open_no_session(
    page, live_server, mailoutbox, check_accessibility
):
    citizen = UserFactory(email="citizen@example.kz")
    newcomer = UserFactory(email="newcomer@example.kz", verified=False)
    page.goto(live_server.url)
    switch_language(page, "en")
    check_accessibility(page)

    open_sign_in(page)
    check_accessibility(page)
    sign_in(page, email=citizen.email, password="not-the-password-at-all")
    expect(page.get_by_role("alert")).to_have_text(
        "The email address and/or password you specified are not correct."
    )
    expect(heading(page)).to_have_text("Sign In")
    expect_signed_out(page)
    check_accessibility(page)
    assert signed_in_user_ids() == set()

    sign_in(page, email=newcomer.email, password=PASSWORD)
    expect(heading(page)).to_have_text("Verify Your Email Address")
    expect_signed_out(page)
    check_accessibility(page)
    assert [message.to for message in mailoutbox] == [[newcomer.email]]
    assert signed_in_user_ids() == set()


def test_phone_width_pages_do_not_scroll_sideways_and_keep_navigation_and_languages(
    page, live_server, check_accessibility
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url)
    for language in ("kk", "ru", "en"):
        switch_language(page, language)
        for path in ("/", "/accounts/signup/", "/accounts/login/"):
            page.goto(live_server.url + path)
            expect_fits_a_phone_with_navigation_and_languages(page)
            check_accessibility(page)


def test_a_missing_page_speaks_the_readers_language_and_leads_to_a_search(
    page, live_server, check_accessibility
):
    page.goto(f"{live_server.url}/no-such-page/")
    expect_language(page, "kk")
    expect(heading(page)).to_have_text("Бет табылмады")
    check_accessibility(page)

    switch_language(page, "en")
    expect(heading(page)).to_have_text("Page not found")
    check_accessibility(page)
    page.get_by_role("searchbox", name="Search petitions").fill("water")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/petitions/\?q=water$"))
    expect(heading(page)).to_have_text("Petitions")

    page.go_back()
    page.get_by_role("link", name="Go to the home page").click()
    expect(heading(page)).to_have_text(HOME_HEADING_IN_ENGLISH)
