"""Phones, keyboards and the staff's admin (issue 12, points 6 and 7), in Chromium.

On a 375 px phone: chart text of 12 px at least, wide tables as cards that do not overflow,
the petition list's filters folded. By keyboard: the first Tab reaches "Skip to main content"
and Enter moves the focus to the main content. The Django admin: every list fits a 1280 px
screen, and axe-core finds nothing on its pages.
"""

import pytest
from django.contrib.admin import site
from django.urls import reverse
from playwright.sync_api import expect

from petitions import services as petition_services
from platforms.models import PlatformMembership
from tests.factories import PASSWORD, UserFactory, make_petition
from tests.platforms.factories import PlatformFactory, PlatformMembershipFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
WIDE = {"width": 1280, "height": 900}

# The rendered size of each chart's text, in CSS pixels: its font size times the scale of
# the SVG's user units on the screen.
CHART_TEXT_SIZES = """() => Array.from(document.querySelectorAll('svg.chart text')).map(text =>
    parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""

# Tables wider than their own box (they would scroll sideways, hiding columns).
OVERFLOWING_TABLES = """() => Array.from(document.querySelectorAll('table')).filter(table =>
    table.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5
    || table.scrollWidth > table.clientWidth + 1).map(table => table.className)"""


def phone_page(browser, live_server):
    context = browser.new_context(locale="en-US", viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    return context.new_page()


# The elements that reach past the screen's right edge, for a failure's message.
WIDEST = """width => Array.from(document.querySelectorAll('body *'))
    .filter(element => element.getBoundingClientRect().right > width + 1).slice(0, 8)
    .map(element => element.tagName + '.' + element.className)"""


def fits(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url}: {scroll_width}px, {page.evaluate(WIDEST, width)}"


def test_on_a_phone_charts_are_legible_and_tables_read_as_cards(
    browser, live_server, check_accessibility
):
    petition = make_petition("open")
    for _ in range(3):
        petition_services.sign_petition(petition=petition, user=UserFactory(iin=True))
    platform = PlatformFactory()
    for _ in range(3):
        PlatformMembershipFactory(platform=platform)
    PlatformMembershipFactory(platform=platform, role=PlatformMembership.Role.STATE_OFFICIAL)
    page = phone_page(browser, live_server)

    for url in (petition.get_absolute_url(), reverse("hearing_state")):
        page.goto(live_server.url + url)
        sizes = page.evaluate(CHART_TEXT_SIZES)
        assert sizes, f"no chart on {url}"
        assert min(sizes) >= 12, f"{url}: chart text of {min(sizes):.1f}px"
        assert page.evaluate(OVERFLOWING_TABLES) == []
        fits(page, PHONE["width"])
        check_accessibility(page)

    page.goto(live_server.url + reverse("platform_list"))
    assert page.evaluate(OVERFLOWING_TABLES) == []
    fits(page, PHONE["width"])
    share = page.locator("table.platform-table td[data-label='Civil-society share']").first
    expect(share).to_be_visible()
    expect(share).to_contain_text("%")
    box = share.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    check_accessibility(page)


def test_the_petition_lists_filters_fold_on_a_phone_and_stay_open_on_a_desktop(
    browser, live_server, check_accessibility
):
    make_petition("open")
    page = phone_page(browser, live_server)
    page.goto(live_server.url + reverse("petition_list"))
    search = page.get_by_role("search", name="Search and filter petitions")
    expect(search).to_be_hidden()
    fits(page, PHONE["width"])
    page.get_by_text("Search and filter petitions", exact=True).click()
    expect(search).to_be_visible()
    check_accessibility(page)

    page.set_viewport_size(WIDE)
    page.goto(live_server.url + reverse("petition_list"))
    expect(page.get_by_role("search", name="Search and filter petitions")).to_be_visible()


def test_the_first_tab_reaches_the_skip_link_and_enter_moves_to_the_main_content(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for url in (reverse("home"), reverse("petition_list"), reverse("account_login")):
        page.goto(live_server.url + url)
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "Skip to main content", url
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", url


def admin_pages():
    """Each model's list in the admin, as (label, url)."""
    for model in site._registry:
        info = model._meta.app_label, model._meta.model_name
        yield model._meta.label, reverse("admin:{}_{}_changelist".format(*info))


def test_every_admin_list_fits_1280_pixels_and_axe_finds_nothing(
    browser, live_server, check_accessibility
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    # The longest title there may be, addressed to a body with a long name.
    title = ("Қала көшелерін жарықтандыру, жаяу жүргіншілер өткелдерін салу және аялдамаларды "
             "жөндеу туралы талап — облыстың барлық аудандарында")[:150]  # fmt: skip
    petition = make_petition("open", title=title, addressee="akimat-62")
    PlatformMembershipFactory(platform=PlatformFactory(moderators=[admin]))
    context = browser.new_context(locale="en-US", viewport=WIDE)
    context.add_cookies([{"name": "django_language", "value": "kk", "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill(admin.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_have_text("Qogam әкімшілігі")
    check_accessibility(page)

    too_wide = []
    for label, url in admin_pages():
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDE["width"]:
            too_wide.append(f"{label}: {width}px")
        check_accessibility(page)
    assert too_wide == []

    page.goto(live_server.url + reverse("admin:petitions_petition_change", args=[petition.pk]))
    fits(page, WIDE["width"])
    check_accessibility(page)
    # The widest list, in the other languages too.
    for language in ("ru", "en"):
        context.add_cookies([{"name": "django_language", "value": language,
                              "url": live_server.url}])  # fmt: skip
        page.goto(live_server.url + reverse("admin:petitions_petition_changelist"))
        fits(page, WIDE["width"])
