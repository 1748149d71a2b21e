"""Every change goes through a service, and each service is its own transaction: it opens
`atomic(durable=True)` at its outer edge, so no caller can wrap it in a larger transaction
that would hold back, or roll back after the fact, the event and emails it promised."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from petitions import services
from tests.factories import make_petition

ROOT = Path(__file__).resolve().parent.parent
SERVICES = sorted(ROOT.glob("*/services.py"))


def atomic_calls(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "atomic"
        ):
            yield node


def test_the_apps_and_the_core_have_services():
    assert {path.parent.name for path in SERVICES} >= {"portal", "petitions", "platforms"}


@pytest.mark.parametrize("path", SERVICES, ids=lambda path: path.parent.name)
def test_every_transaction_a_service_opens_is_durable(path):
    calls = list(atomic_calls(path))
    shallow = [
        f"{path.parent.name}/services.py:{call.lineno}"
        for call in calls
        if not any(
            keyword.arg == "durable"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value is True
            for keyword in call.keywords
        )
    ]

    assert calls
    assert not shallow, shallow


@pytest.mark.django_db
def test_a_service_refuses_to_run_inside_a_callers_transaction():
    petition = make_petition("draft")

    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.submit_petition(petition=petition, actor=petition.author)

    petition.refresh_from_db()
    assert petition.status == "draft"
