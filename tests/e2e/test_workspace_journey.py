"""A state body's workspace walked in Chromium: an official schedules the public discussion,
answers, attaches the signed answer, and the petition's page says who did it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petitions.models import Petition
from portal.services import appoint_official
from tests.e2e.test_petition_journey import person_page
from tests.factories import UserFactory, make_petition, state_body

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_an_official_answers_a_petition_from_the_bodys_workspace(
    browser, live_server, settings, tmp_path, check_accessibility
):
    settings.MEDIA_ROOT = tmp_path / "media"
    petition = make_petition("under_consideration")
    admin = UserFactory(is_staff=True, is_superuser=True)
    official = UserFactory(email="official@example.kz", first_name="Ерлан",
                           last_name="Жумабаев")  # fmt: skip
    appoint_official(body=state_body("government"), user=official, actor=admin)

    page = person_page(browser, live_server, official)
    page.get_by_role("link", name=re.compile("^Workspace: Government")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Workspace: Government"))
    expect(page.get_by_text("working days left")).to_be_visible()
    check_accessibility(page)

    day = timezone.localdate() + timedelta(days=10)
    item = page.locator(f"#petition-{petition.pk}")
    item.get_by_label("Date of the public discussion").fill(day.isoformat())
    item.get_by_label("Online link of the public discussion").fill("https://meet.gov.kz/p")
    item.get_by_role("button", name=re.compile("^Schedule the public discussion")).click()
    expect(page.get_by_text("The public discussion is scheduled")).to_be_visible()
    check_accessibility(page)

    item = page.locator(f"#petition-{petition.pk}")
    item.get_by_label("The state body's response").fill("Мост будет построен в 2027 году.")
    item.get_by_role("button", name=re.compile("^Publish the response")).click()
    expect(page.get_by_text("The response is published.")).to_be_visible()

    pdf = tmp_path / "answer.pdf"
    pdf.write_bytes(PDF)
    item = page.locator(f"#petition-{petition.pk}")
    item.get_by_label("Signed answer (PDF)").set_input_files(str(pdf))
    item.get_by_role("button", name=re.compile("^Attach the signed answer")).click()
    expect(page.get_by_text("The signed answer is attached.")).to_be_visible()

    page.get_by_role("link", name=petition.title).first.click()
    response = page.get_by_role("region", name=re.compile("^Response of"))
    expect(response).to_contain_text("Мост будет построен в 2027 году.")
    expect(response).to_contain_text("by Ерлан Жумабаев, official of Government")
    expect(response.get_by_role("link", name="Download the signed answer (PDF)")).to_be_visible()
    check_accessibility(page)
    assert Petition.objects.get(pk=petition.pk).status == "answered"
