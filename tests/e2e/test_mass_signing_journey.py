"""A moderator on a phone spots a burst of signatures from fresh accounts on one network and
invalidates that group with a reason.

Walked in Chromium by accessible names; axe-core checks every page.
"""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petitions import mass_signing, services
from petitions.models import Petition, Signature
from portal.rules import PETITION_MODERATORS
from tests.e2e.test_petition_journey import field, person_page
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def test_a_moderator_on_a_phone_invalidates_a_burst_from_one_network(
    browser, live_server, check_accessibility
):
    petition = make_petition("gathering_support")
    steady = UserFactory(iin=True, date_joined=timezone.now() - timedelta(days=90))
    digest = mass_signing.network_digest(petition.pk, "192.0.2.4")
    services.sign_petition(petition=petition, user=steady, network_digest=digest)
    opened = timezone.now() - timedelta(minutes=30)
    for n in range(5):
        bot = UserFactory(iin=True, email=f"bot{n}@burst.test", date_joined=opened)
        services.sign_petition(
            petition=petition, user=bot,
            network_digest=mass_signing.network_digest(petition.pk, f"203.0.113.{n}"),
        )  # fmt: skip
    moderator = UserFactory(email="moderator@example.kz", groups=[PETITION_MODERATORS])

    page = person_page(browser, live_server, moderator)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/petitions/{petition.pk}/moderate/invalidate/")
    expect(page.get_by_role("heading", name="Signals of mass signing")).to_be_visible()
    chart = page.get_by_role("img", name="Valid signatures per hour")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.environ["SCREENSHOTS"] + "/signals-phone.png", full_page=True)
    check_accessibility(page)

    networks = page.get_by_role("table").filter(has_text="Network")
    networks.get_by_role("link", name="Select for invalidation").click()
    expect(page.get_by_text("5 valid signatures of the group «network")).to_be_visible()
    bots = Signature.objects.filter(petition=petition).exclude(user=steady).order_by("pk")
    expect(field(page, "Signature numbers")).to_have_value(
        " ".join(str(signature.pk) for signature in bots)
    )
    check_accessibility(page)
    field(page, "Reason").fill("Five fresh accounts from one network within a minute.")
    page.get_by_role("button", name="Invalidate signatures").click()

    expect(page.get_by_text("The signatures are invalidated.")).to_be_visible()
    assert Petition.objects.get(pk=petition.pk).signature_count == 1
    assert set(bots.values_list("status", flat=True)) == {"invalidated"}
