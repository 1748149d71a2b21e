"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.db import connection, connections
from playwright.sync_api import sync_playwright

# Debian's Chromium, or the one CHROMIUM names (the Makefile passes its own setting through).
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}

# WCAG 2.2 level AA, and the levels below it, as axe-core tags its rules.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}


@contextmanager
def orm_beside_playwright():
    """Let this thread use the ORM while Playwright's event loop runs in it."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Playwright's sync API runs an asyncio loop in this thread, and Django refuses ORM calls there.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        # Not left set for other tests: their subprocesses would inherit it (check --deploy warns).
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A browser test may use the ORM from its fixtures' setup to the flush at its end."""
    if item.get_closest_marker("browser") is None:
        return (yield)
    with orm_beside_playwright():
        return (yield)


@pytest.fixture(scope="session")
def database_restored_after_browser_tests(django_db_setup, django_db_blocker):
    """After the browser session, put back the rows that the data migrations loaded.

    Serialized rollback refills the database before each browser test, but the last test's
    flush leaves it empty, and with --reuse-db the next run would find no regions, categories,
    role groups or permissions.
    """
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(scope="module")
def browser(database_restored_after_browser_tests):
    """One headless Chromium per test module, stopped after it.

    While Playwright runs, its event loop marks this thread as async and Django refuses the
    ORM here; stopping it with the module lets later transactional tests run as usual.
    """
    # The snapshot of the test database that Django took for serialized rollback.
    snapshot = connection._test_serialized_contents
    playwright = sync_playwright().start()
    # With an event loop running in this thread, Django keeps connections per async context,
    # so the tests get a new connection object: it needs the snapshot for serialized rollback.
    connection._test_serialized_contents = snapshot
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
    except Exception as error:
        # Stop the event loop before failing: left running, it would make every later test
        # that touches the database fail with "You cannot call this from an async context".
        stop_playwright(playwright)
        pytest.fail(
            f"Chromium did not start from {CHROMIUM} ({str(error).splitlines()[0]}); "
            "install it (Debian: apt-get install chromium) or set CHROMIUM to its path.",
            pytrace=False,
        )
    yield chromium
    chromium.close()
    stop_playwright(playwright)


def stop_playwright(playwright):
    """Close this thread's connections made under Playwright's loop, then stop the loop."""
    with orm_beside_playwright():
        connections.close_all()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh browser profile (no cookies) in English-speaking Chrome on a desktop screen."""
    context = browser.new_context(locale="en-US", viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def fresh_site(django_db_serialized_rollback, live_server):
    """Every browser test starts with the data migrations' rows and without rate limits.

    The live server implies a transactional database, flushed after each test: serialized
    rollback puts the data migrations' rows back, but the flush leaves the cache table,
    where rate limits live, as it was.
    """
    cache.clear()


def format_violations(violations):
    """One readable paragraph per axe-core violation: rule, impact, elements, help."""
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2.2 AA):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = ", ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(page):
    """Run axe-core on the page as it is now and fail on any WCAG 2.2 AA violation."""
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{page.url}\n{format_violations(violations)}"


@pytest.fixture
def check_accessibility():
    """`check_accessibility(page)`: axe-core on the current page, WCAG 2.2 AA, no violation."""
    return assert_accessible
