import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    """Run manage.py in a fresh process with the given environment (no pytest loaded)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "PYTEST_CURRENT_TEST")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-production-like-secret-key-with-plenty-of-entropy-0123456789abcdef",
        ALLOWED_HOSTS="qogam.kz",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_open_a_pooled_postgresql_connection():
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection; connection.ensure_connection(); "
        "print(connection.pool is not None)",
        DEBUG="0",
        SECRET_KEY="a-production-like-secret-key-with-plenty-of-entropy-0123456789abcdef",
        ALLOWED_HOSTS="qogam.kz",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True")


def test_a_missing_secret_key_stops_production_with_a_clear_message():
    result = run_manage("check", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_malformed_boolean_setting_is_an_error_not_a_guess():
    result = run_manage("check", DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_the_demo_refuses_to_load_when_debug_is_off():
    result = run_manage("seed_demo", DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="qogam.kz")

    assert result.returncode != 0
    assert "--allow-production" in result.stderr


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("home"))

    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_health_check_answers_plain_http_while_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("healthz_ready")).status_code == 200
    assert client.get(reverse("healthz_live")).status_code == 200
    assert client.get(reverse("home")).status_code == 301


def test_email_file_path_sends_every_email_to_files_there(tmp_path):
    result = run_manage(
        "sendtestemail", "someone@example.org",
        DEBUG="1", EMAIL_FILE_PATH=str(tmp_path), DATABASE_URL="sqlite:///:memory:",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    written = [path.read_text() for path in tmp_path.iterdir()]
    assert len(written) == 1
    assert "To: someone@example.org" in written[0]
