"""A browser that cannot start fails its own tests with one clear sentence and no others."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def test_a_chromium_that_does_not_start_leaves_the_database_tests_passing():
    settings = connection.settings_dict
    # Its own database beside this run's, created and dropped by the inner run.
    database = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}_isolation"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "DATABASE_URL", "PYTEST_CURRENT_TEST", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(DATABASE_URL=database, CHROMIUM="/nonexistent/chromium")
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
            "-o", "addopts=", "--import-mode=importlib", "--create-db",
            # A browser test, then tests on a transactional database, which run after it
            # and which its event loop, left running, used to break.
            "tests/e2e/test_accounts_journey.py::test_wrong_password_and_unverified_email_open_no_session",
            "tests/portal/test_background_tasks.py",
            "tests/platforms/test_concurrent_registration.py",
        ],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert "Chromium did not start from /nonexistent/chromium" in output, output
    assert "1 error" in output, output
    assert "failed" not in output, output
    assert "async context" not in output, output
    assert " passed" in output, output
