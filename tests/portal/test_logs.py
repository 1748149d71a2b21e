"""One JSON line per request and per error, in UTC, without personal data."""

import io
import json
import logging
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from portal import logs
from tests.factories import UserFactory
from tests.servers import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def log_lines():
    """The lines the portal's console handler would write, as parsed JSON."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.config.DictConfigurator({}).configure_formatter(logs.formatter()))
    logging.getLogger().addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


@pytest.mark.django_db
def test_a_request_is_one_json_line_with_route_status_duration_and_account(client, log_lines):
    citizen = UserFactory(iin=True, email="aigerim@example.org")
    client.force_login(citizen)

    client.get(reverse("petition_detail", args=[987654]) + "?q=aigerim@example.org")

    lines = [line for line in log_lines() if line["event"].startswith("request_")]
    assert len(lines) == 1
    line = lines[0]
    assert line["event"] == "request_finished"
    assert line["code"] == 404
    assert line["request"] == "GET /petitions/<int:pk>/"
    assert line["user_id"] == citizen.pk
    assert line["duration_ms"] >= 0
    assert len(line["request_id"]) == 36
    assert line["timestamp"].endswith("Z")
    text = json.dumps(lines)
    assert "aigerim" not in text and "example.org" not in text and "ip" not in line


@pytest.mark.django_db
def test_an_error_is_one_json_line_with_its_traceback(client, log_lines, monkeypatch):
    from portal import views

    client.force_login(UserFactory(iin=True))
    client.raise_request_exception = False
    # The profile page breaks: its API key lookup is gone.
    monkeypatch.setattr(views, "Token", None)

    assert client.get(reverse("profile")).status_code == 500

    lines = [line for line in log_lines() if line["event"].startswith("request_")]
    assert [line["event"] for line in lines] == ["request_failed"]
    assert lines[0]["request"] == "GET /profile/"
    assert "AttributeError" in lines[0]["exception"]
    assert lines[0]["level"] == "error"


def test_gunicorn_and_the_portal_write_json_lines_in_one_shape():
    port = free_port()
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("PYTEST_CURRENT_TEST", "DATABASE_URL")}  # fmt: skip
    environment.update(DEBUG="1", DATABASE_URL="sqlite:///:memory:")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "qogam.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for_port(port, seconds=60)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=10).read()  # noqa: S310
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[1]

    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert all(line["timestamp"].endswith("Z") and "level" in line for line in lines)
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    request = [line for line in lines if line["event"] == "request_finished"]
    assert [(line["request"], line["code"]) for line in request] == [("GET /healthz/live", 200)]
