"""A dialogue platform walked in Chromium: an NGO joins, meets, recommends, and is seen doing so.

Each person uses a browser profile of their own; axe-core checks every page they land on.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from platforms.models import (
    Meeting,
    Organization,
    OrganizationMember,
    PlatformMembership,
    Recommendation,
)
from portal.validators import make_bin
from tests.factories import PASSWORD, UserFactory, state_body
from tests.platforms.factories import PlatformFactory

pytestmark = pytest.mark.browser

BIN = make_bin(2016, 3, serial=4217)
NGO_KK = "«Жас ұрпақ» қоғамдық бірлестігі"
# The site in English shows an NGO without an English name by its Russian one.
NGO_RU = "Общественное объединение «Молодое поколение»"
MEETING = "Заседание о сельской молодёжи"
AGENDA = ["Молодёжные центры в сёлах", "Гранты для сельских молодёжных инициатив"]
RECOMMENDATION = "Открыть молодёжный центр в каждом сельском округе к 2027 году."


def field(page, label):
    """The form control labelled `label` (Django adds a colon after a label)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def heading(page):
    """The page's one top-level heading."""
    return page.get_by_role("heading", level=1)


def expect_message(page, text):
    """The message Django shows after an action, in the live region that announces it."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def section(page, title):
    """The page's region named by its heading `title`."""
    return page.get_by_role("region", name=title, exact=True)


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
        expect(heading(page)).to_have_text("My profile")
    return page


def test_an_ngo_joins_a_platform_which_meets_and_recommends_in_public_view(
    browser, live_server, check_accessibility
):
    citizen = UserFactory(
        iin=True, email="citizen@example.kz", first_name="Айгерим", last_name="Сапарова"
    )
    moderator = UserFactory(email="moderator@example.kz")
    platform = PlatformFactory(moderators=[moderator])
    starts_at = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0)
    starts_at += timedelta(days=14)
    due_date = timezone.localdate() + timedelta(days=90)

    # The citizen registers an NGO from their profile and so becomes its representative.
    citizen_page = person_page(browser, live_server, citizen)
    check_accessibility(citizen_page)
    citizen_page.get_by_role("link", name="Register an NGO").click()
    expect(heading(citizen_page)).to_have_text("Register an NGO")
    check_accessibility(citizen_page)
    field(citizen_page, "Name in Kazakh").fill(NGO_KK)
    field(citizen_page, "Name in Russian").fill(NGO_RU)
    field(citizen_page, "BIN (business identification number)").fill(BIN)
    field(citizen_page, "Legal form").select_option(label="public association")
    field(citizen_page, "Region").select_option(label="Astana")
    citizen_page.get_by_role("group", name="Spheres of work").get_by_label("youth").check()
    field(citizen_page, "What the organisation does").fill(
        "Помогаем сельской молодёжи открывать клубы и находить работу."
    )
    citizen_page.get_by_role("button", name="Register the organisation").click()
    expect_message(
        citizen_page, "The organisation is registered. Ministry staff will check its BIN."
    )
    expect(heading(citizen_page)).to_have_text(f"Workspace: {NGO_RU}")
    check_accessibility(citizen_page)
    ngo = Organization.objects.get(bin=BIN)
    assert (ngo.name_kk, ngo.name_ru, ngo.legal_form) == (NGO_KK, NGO_RU, "public_association")
    assert (ngo.region.code, ngo.spheres, ngo.verified) == ("KZ-71", ["youth"], False)
    representative = ngo.memberships.get()
    assert (representative.user, representative.role, representative.status) == (
        citizen,
        OrganizationMember.Role.REPRESENTATIVE,
        OrganizationMember.Status.APPROVED,
    )

    # They find the platform in the list and apply for a seat on the NGO's behalf.
    citizen_page.get_by_role("link", name="Platforms", exact=True).click()
    check_accessibility(citizen_page)
    citizen_page.get_by_role("link", name=platform.name_en).click()
    expect(heading(citizen_page)).to_have_text(platform.name_en)
    check_accessibility(citizen_page)
    field(citizen_page, "I take part as").select_option(label="NGO representative")
    field(citizen_page, "On behalf of the NGO").select_option(label=NGO_RU)
    field(citizen_page, "Why you want to take part").fill(
        "Мы пять лет работаем с сельской молодёжью и знаем её нужды."
    )
    field(citizen_page, "Show my name on the platform's page").check()
    citizen_page.get_by_role("button", name="Send my application").click()
    expect_message(citizen_page, "Your application is sent to the moderators.")
    expect(
        citizen_page.get_by_text("Your application is waiting for the moderators' decision.")
    ).to_be_visible()
    check_accessibility(citizen_page)
    seat = PlatformMembership.objects.get(platform=platform, user=citizen)
    assert (seat.organization, seat.role) == (ngo, PlatformMembership.Role.NGO_REPRESENTATIVE)
    assert (seat.status, seat.show_name) == (PlatformMembership.Status.APPLIED, True)

    # The moderator opens the workspace from their profile and approves the application.
    moderation = person_page(browser, live_server, moderator)
    moderation.get_by_role("link", name=platform.name_en).click()
    expect(heading(moderation)).to_have_text(f"Workspace: {platform.name_en}")
    check_accessibility(moderation)
    applications = section(moderation, "Applications")
    expect(applications.get_by_role("link", name=NGO_RU)).to_be_visible()
    applications.get_by_role("button", name=f"Approve {citizen.full_name}").click()
    expect_message(moderation, "The application is approved.")
    expect(section(moderation, "Applications")).to_contain_text("No application is waiting.")
    check_accessibility(moderation)
    seat.refresh_from_db()
    assert (seat.status, seat.decided_by) == (PlatformMembership.Status.APPROVED, moderator)

    # They schedule a meeting in person, with seats and a two-item agenda.
    moderation.get_by_role("link", name="Schedule a meeting").click()
    expect(heading(moderation)).to_have_text("Schedule a meeting")
    check_accessibility(moderation)
    field(moderation, "Title").fill(MEETING)
    field(moderation, "Starts at").fill(starts_at.strftime("%Y-%m-%dT%H:%M"))
    field(moderation, "Format").select_option(label="in person")
    field(moderation, "Place").fill("Астана, Дом министерств, зал 3")
    field(moderation, "Seats").fill("40")
    field(moderation, "Agenda").fill("\n".join(AGENDA))
    moderation.get_by_role("button", name="Schedule the meeting").click()
    expect_message(moderation, "The meeting is scheduled; the members are told.")
    expect(heading(moderation)).to_have_text(MEETING)
    expect(section(moderation, "Agenda").get_by_role("listitem")).to_have_text(AGENDA)
    check_accessibility(moderation)
    meeting = Meeting.objects.get(platform=platform)
    assert (meeting.title, meeting.starts_at, meeting.format) == (MEETING, starts_at, "offline")
    assert (meeting.place, meeting.capacity) == ("Астана, Дом министерств, зал 3", 40)
    assert [(item.position, item.title) for item in meeting.agenda_items.all()] == [
        (1, AGENDA[0]),
        (2, AGENDA[1]),
    ]

    # Back through the platform's page to the workspace, they record a recommendation.
    moderation.get_by_role("link", name=platform.name_en).click()
    check_accessibility(moderation)
    moderation.get_by_role("link", name="Open the moderators' workspace").click()
    expect(
        section(moderation, "Upcoming meetings").get_by_role("link", name=MEETING)
    ).to_be_visible()
    check_accessibility(moderation)
    moderation.get_by_role("link", name="Record a recommendation").click()
    expect(heading(moderation)).to_have_text("Record a recommendation")
    check_accessibility(moderation)
    field(moderation, "Recommendation").fill(RECOMMENDATION)
    field(moderation, "Addressee").select_option(label="Ministry of Education")
    field(moderation, "Meeting").select_option(label=MEETING)
    field(moderation, "Due date").fill(due_date.isoformat())
    moderation.get_by_role("button", name="Record the recommendation").click()
    expect_message(moderation, "The recommendation is recorded.")
    recommendation = Recommendation.objects.get(platform=platform)
    expect(heading(moderation)).to_have_text(f"Recommendation No. {recommendation.pk}")
    check_accessibility(moderation)
    assert recommendation.text == RECOMMENDATION
    assert (recommendation.addressee, recommendation.meeting) == (state_body("education"), meeting)
    assert (recommendation.status, recommendation.due_date) == ("proposed", due_date)
    assert list(recommendation.changes.values_list("to_status", flat=True)) == ["proposed"]

    # A visitor finds the recommendation in the tracker by its platform, and opens it.
    visitor = person_page(browser, live_server)
    visitor.goto(f"{live_server.url}/")
    check_accessibility(visitor)
    visitor.get_by_role("link", name="Recommendations", exact=True).click()
    expect(heading(visitor)).to_have_text("Recommendation tracker")
    check_accessibility(visitor)
    field(visitor, "Platform or council").select_option(label=platform.name_en)
    visitor.get_by_role("button", name="Show").click()
    expect(visitor.get_by_role("heading", name=RECOMMENDATION)).to_be_visible()
    check_accessibility(visitor)
    visitor.get_by_role("link", name=RECOMMENDATION).click()
    expect(heading(visitor)).to_have_text(f"Recommendation No. {recommendation.pk}")
    expect(visitor.get_by_text(RECOMMENDATION)).to_be_visible()
    expect(
        visitor.get_by_role("definition").filter(has_text="Ministry of Education")
    ).to_be_visible()
    check_accessibility(visitor)

    # The platform's page shows the NGO among its members, the meeting ahead, and the chart.
    visitor.get_by_role("link", name=platform.name_en).click()
    expect(heading(visitor)).to_have_text(platform.name_en)
    check_accessibility(visitor)
    expect(section(visitor, "Members").get_by_role("link", name=NGO_RU)).to_be_visible()
    expect(section(visitor, "Members")).to_contain_text(citizen.full_name)
    # The one list of meetings is the upcoming one: none has been held yet.
    expect(section(visitor, "Meetings")).to_contain_text("No meeting yet.")
    upcoming = section(visitor, "Meetings").get_by_role("list")
    expect(upcoming.get_by_role("link", name=MEETING)).to_be_visible()
    expect(upcoming).to_contain_text("0 of 40 seats taken")
    composition = section(visitor, "Composition")
    expect(composition).to_contain_text(
        "Civil society holds 1 of 1 seats (100%): the two-thirds goal is met."
    )
    expect(composition.get_by_role("img", name="Seats by role", exact=False).first).to_be_visible()
    # The chart's figure is named by its caption, the sentence that says what the bar shows.
    summary = (
        "Seats by role: NGO representative 1 (100%); expert 0 (0%); public activist 0 (0%); "
        "state official 0 (0%); 1 in all. Goal: two thirds (67%)."
    )
    expect(composition.get_by_role("figure", name=summary, exact=True)).to_be_visible()


def test_a_member_is_asked_before_leaving_a_platform(browser, live_server, check_accessibility):
    from tests.platforms.factories import PlatformMembershipFactory

    member = UserFactory(iin=True, email="leaver@example.kz")
    platform = PlatformFactory()
    seat = PlatformMembershipFactory(platform=platform, user=member)
    page = person_page(browser, live_server, member)
    page.goto(f"{live_server.url}{platform.get_absolute_url()}")

    page.get_by_role("link", name="Leave the platform").click()
    expect(heading(page)).to_have_text("Leave the platform?")
    check_accessibility(page)
    seat.refresh_from_db()
    assert seat.status == PlatformMembership.Status.APPROVED
    page.get_by_role("button", name="Leave the platform").click()
    expect_message(page, "You have left the platform.")
    seat.refresh_from_db()
    assert seat.status == PlatformMembership.Status.LEFT
