"""The Hearing State scoreboard read on a phone: found from the menu, sorted, charts in view.

Walked in Chromium by accessible names; axe-core checks every page.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petitions.models import Petition
from portal.models import StateBody
from tests.factories import make_petition

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def test_a_visitor_on_a_phone_sorts_the_state_bodies_by_overdue_petitions(
    browser, live_server, check_accessibility
):
    late_body = StateBody.objects.filter(level=StateBody.Level.REGIONAL).order_by("pk").first()
    overdue = make_petition("under_consideration", addressee=late_body.slug)
    Petition.objects.filter(pk=overdue.pk).update(
        consideration_deadline=timezone.localdate() - timedelta(days=3)
    )
    make_petition("answered")
    context = browser.new_context(locale="en-US", viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()

    page.goto(live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Hearing State").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hearing State scoreboard")
    check_accessibility(page)

    # The charts are drawn to fit a phone: none is wider than the screen.
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(2)
    for index in range(2):
        assert charts.nth(index).bounding_box()["width"] <= PHONE["width"]

    bodies = page.get_by_role("table", name="Petitions and recommendations by state body")
    bodies.get_by_role("link", name="Overdue now").click()
    bodies = page.get_by_role("table", name="Petitions and recommendations by state body")
    header = bodies.get_by_role("columnheader", name="Overdue now")
    expect(header).to_have_attribute("aria-sort", "descending")
    first = bodies.locator("tbody tr").first
    expect(first.get_by_role("rowheader")).to_contain_text(late_body.name_en or late_body.name_ru)
    expect(first.locator("td").nth(3)).to_have_text("1")
    check_accessibility(page)

    # A second click turns the order round: the body with the overdue petition goes down.
    bodies.get_by_role("link", name="Overdue now").click()
    bodies = page.get_by_role("table", name="Petitions and recommendations by state body")
    expect(bodies.get_by_role("columnheader", name="Overdue now")).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(bodies.locator("tbody tr").first.locator("td").nth(3)).to_have_text("0")
    context.close()
