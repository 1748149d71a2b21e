"""A signer keeps the receipt shown after signing and checks it on the petition's receipt page.

Walked in Chromium by accessible names; axe-core checks every page.
"""

import re

import pytest
from playwright.sync_api import expect

from petitions.models import Petition
from tests.e2e.test_petition_journey import field, person_page
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.browser


def test_a_signer_checks_the_receipt_is_counted_then_withdrawn(
    browser, live_server, settings, check_accessibility
):
    settings.PETITION_INITIAL_SUPPORT = 3
    petition = make_petition("open")
    signer = UserFactory(iin=True, email="signer@example.kz")

    page = person_page(browser, live_server, signer)
    page.goto(f"{live_server.url}{petition.get_absolute_url()}")
    page.get_by_role("button", name="Sign this petition").click()
    message = page.get_by_text("Your receipt code is")
    expect(message).to_be_visible()
    receipt = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", message.inner_text()).group()
    petition = Petition.objects.get(pk=petition.pk)
    expect(page.get_by_text(petition.log_head)).to_be_visible()
    check_accessibility(page)

    # Anyone holding the receipt may check it; it is typed as one reads it.
    visitor = person_page(browser, live_server)
    visitor.goto(f"{live_server.url}{petition.get_absolute_url()}")
    visitor.get_by_role("link", name="Check a receipt").click()
    check_accessibility(visitor)
    field(visitor, "Receipt code").fill(receipt.lower().replace("-", " "))
    visitor.get_by_role("button", name="Check", exact=True).click()
    expect(visitor.get_by_text("This signature is counted, since")).to_be_visible()
    expect(visitor.get_by_text(signer.first_name)).to_have_count(0)
    check_accessibility(visitor)

    field(visitor, "Receipt code").fill("not a code")
    visitor.get_by_role("button", name="Check", exact=True).click()
    expect(visitor.get_by_text("A receipt code has twelve letters and digits")).to_be_visible()
    check_accessibility(visitor)

    # Withdrawing asks first, on a page of its own.
    page.get_by_role("link", name="Withdraw my signature").click()
    expect(page.get_by_role("heading", name="Withdraw your signature?")).to_be_visible()
    page.get_by_role("button", name="Withdraw my signature").click()
    expect(page.get_by_text("Your signature is withdrawn.")).to_be_visible()
    field(visitor, "Receipt code").fill(receipt)
    visitor.get_by_role("button", name="Check", exact=True).click()
    expect(visitor.get_by_text(re.compile("This signature was withdrawn on"))).to_be_visible()
