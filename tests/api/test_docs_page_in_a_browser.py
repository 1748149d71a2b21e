"""The API docs page in Chromium: Swagger UI loads the schema and shows every operation with
no Content-Security-Policy violation and no script error (design §6: served offline)."""

import json
import subprocess
import sys

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Run in a process of its own: Playwright's event loop would keep Django's ORM from this thread.
BROWSE = """
import json, sys
from playwright.sync_api import sync_playwright

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
    )
    page = browser.new_page()
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sys.argv[1])
    page.wait_for_selector(".opblock-summary", timeout=30000)
    print(json.dumps({
        "operations": page.locator(".opblock-summary").count(),
        "violations": page.evaluate("window.violations"),
        "errors": errors,
    }))
    browser.close()
"""


@pytest.fixture(scope="module", autouse=True)
def _put_back(migrations_data_put_back):
    """Put the data migrations' rows back after this file's test (the live server flushes)."""


def test_the_docs_page_shows_every_operation_without_a_csp_violation(live_server, client):
    operations = sum(
        len(methods) for methods in
        client.get("/api/schema/", {"format": "json"}).json()["paths"].values()
    )  # fmt: skip

    run = subprocess.run(
        [sys.executable, "-c", BROWSE, f"{live_server.url}/api/docs/"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["violations"] == []
    assert seen["errors"] == []
    assert seen["operations"] == operations
