"""A petition's life walked in Chromium: filed, published, supported, found, a signature withdrawn.

Each person uses a browser profile of their own; axe-core checks every page they land on.
"""

import re

import pytest
from playwright.sync_api import expect

from petitions.models import Petition, Signature
from portal.rules import PETITION_MODERATORS
from tests.factories import PASSWORD, UserFactory, region

pytestmark = pytest.mark.browser

TITLE = "Открыть бесплатную юридическую консультацию в каждом районе"


def field(page, label):
    """The form control labelled `label` (Django adds a colon after a label)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def person_page(browser, live_server, user=None):
    """A new browser profile in English, signed in as `user` when one is given."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    if user is not None:
        page.goto(f"{live_server.url}/accounts/login/")
        field(page, "Email").fill(user.email)
        field(page, "Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    return page


def test_a_petition_is_filed_published_supported_found_and_a_signature_withdrawn(
    browser, live_server, settings, check_accessibility
):
    settings.PETITION_INITIAL_SUPPORT = 2
    author = UserFactory(iin=True, email="author@example.kz")
    moderator = UserFactory(email="moderator@example.kz", groups=[PETITION_MODERATORS])
    supporters = [
        UserFactory(iin=True, email=f"supporter{n}@example.kz", region=region(code))
        for n, code in enumerate(("KZ-75", "KZ-79"))
    ]

    # The author files the petition and submits it.
    page = person_page(browser, live_server, author)
    page.get_by_role("link", name="Petitions", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name="Start a petition").click()
    check_accessibility(page)
    field(page, "Title").fill(TITLE)
    field(page, "What you ask of the state body").fill(
        "Открыть в каждом районе бесплатную юридическую консультацию для граждан."
    )
    field(page, "Why: the situation and your arguments").fill(
        "Многие люди не могут оплатить юриста и теряют дела из-за незнания своих прав. " * 2
    )
    field(page, "Addressee").select_option(label="Ministry of Justice")
    field(page, "Category").select_option(label="Law and order")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_accessibility(page)
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.get_by_text("Your petition is sent to the moderators.")).to_be_visible()
    petition = Petition.objects.get(title=TITLE)
    assert petition.status == "in_moderation"

    # The moderator finds it in the queue and publishes it.
    moderation = person_page(browser, live_server, moderator)
    moderation.goto(f"{live_server.url}/moderation/petitions/")
    check_accessibility(moderation)
    moderation.get_by_role("link", name=TITLE).click()
    moderation.get_by_role("link", name="Publish").click()
    check_accessibility(moderation)
    moderation.get_by_role("button", name="Publish").click()
    expect(moderation.get_by_text("The petition is published.")).to_be_visible()

    # Supporters sign by its link; the second signature opens it to everyone.
    for supporter in supporters:
        signer = person_page(browser, live_server, supporter)
        signer.goto(f"{live_server.url}{petition.get_absolute_url()}")
        check_accessibility(signer)
        signer.get_by_label(re.compile("Show my first name")).check()
        signer.get_by_role("button", name="Sign this petition").click()
        expect(signer.get_by_text("Thank you: your signature is counted.")).to_be_visible()
        check_accessibility(signer)
    petition.refresh_from_db()
    assert petition.status == "open"
    assert petition.signature_count == 2

    # A visitor finds it by search and by filter.
    visitor = person_page(browser, live_server)
    visitor.goto(f"{live_server.url}/petitions/")
    field(visitor, "Search").fill("юридическую консультацию")
    visitor.get_by_role("button", name="Show").click()
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    check_accessibility(visitor)
    visitor.goto(f"{live_server.url}/petitions/")
    field(visitor, "Category").select_option(label="Health")
    visitor.get_by_role("button", name="Show").click()
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)
    field(visitor, "Category").select_option(label="Law and order")
    visitor.get_by_role("button", name="Show").click()
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_text(re.compile(r"^\s*2\s+of 50,000 signatures needed"))).to_be_visible()
    check_accessibility(visitor)

    # The last supporter changes their mind and withdraws, after a page that asks first.
    signer.get_by_role("link", name="Withdraw my signature").click()
    expect(signer.get_by_role("heading", name="Withdraw your signature?")).to_be_visible()
    check_accessibility(signer)
    assert Signature.objects.filter(petition=petition, status="valid").count() == 2
    signer.get_by_role("button", name="Withdraw my signature").click()
    expect(signer.get_by_text("Your signature is withdrawn.")).to_be_visible()
    check_accessibility(signer)
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert Signature.objects.filter(petition=petition, status="valid").count() == 1


def test_an_author_is_asked_before_a_draft_is_deleted_and_may_go_back(
    browser, live_server, check_accessibility
):
    from tests.factories import make_petition

    author = UserFactory(iin=True, email="drafter@example.kz")
    draft = make_petition("draft", author=author, title="Черновик о детских площадках")
    page = person_page(browser, live_server, author)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")

    # Going back from the question leaves the draft as it was.
    page.get_by_role("link", name="Delete the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the draft?")
    expect(page.get_by_text("this cannot be undone")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(draft.title)
    assert Petition.objects.filter(pk=draft.pk).exists()

    page.get_by_role("link", name="Delete the draft").click()
    page.get_by_role("button", name="Delete the draft").click()
    expect(page.get_by_text("The draft is deleted.")).to_be_visible()
    assert not Petition.objects.filter(pk=draft.pk).exists()
