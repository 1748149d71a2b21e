"""A petition to a district body, walked in Chromium: the addressee is picked from its oblast's
group among hundreds of bodies, and the page says the threshold stands in for an unknown
population."""

import pytest
from playwright.sync_api import expect

from petitions import services
from petitions.models import Petition
from portal.rules import PETITION_MODERATORS
from tests.e2e.test_petition_journey import field, person_page
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

TITLE = "Отремонтировать дорогу к районной больнице в Акколе"


def test_a_citizen_picks_a_district_akimat_from_its_oblasts_group(
    browser, live_server, check_accessibility
):
    author = UserFactory(iin=True, email="akkol@example.kz")
    page = person_page(browser, live_server, author)

    page.goto(f"{live_server.url}/petitions/new/")
    check_accessibility(page)
    akmola = page.locator('select[name="addressee"] optgroup[label="Akmola Region"]')
    expect(akmola.locator("option").first).to_have_text("Akimat of Akmola Region")
    expect(akmola.locator("option", has_text="Akimat of Akkol District")).to_have_count(1)
    field(page, "Title").fill(TITLE)
    field(page, "What you ask of the state body").fill(
        "Отремонтировать дорогу от трассы до районной больницы до начала зимы."
    )
    field(page, "Why: the situation and your arguments").fill(
        "Скорая помощь теряет на разбитой дороге до двадцати минут, а зимой она непроезжая. " * 2
    )
    field(page, "Addressee").select_option(label="Akimat of Akkol District")
    field(page, "Category").select_option(label="Transport and roads")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    petition = Petition.objects.get(title=TITLE)
    assert petition.addressee.slug == "akimat-11-akkol-district"
    services.submit_petition(petition=petition, actor=author)
    services.publish_petition(
        petition=petition, moderator=UserFactory(groups=[PETITION_MODERATORS])
    )
    page.reload()
    expect(page.get_by_text("of 2,500 signatures needed")).to_be_visible()
    expect(page.get_by_text("serves is not on record")).to_be_visible()
    check_accessibility(page)
