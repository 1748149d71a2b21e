"""The benchmark's own pieces: the one-query baseline view and the reading of the goals."""

import pytest

from bench import run
from tests.factories import make_petition


@pytest.mark.django_db
def test_the_baseline_view_runs_one_query_and_is_not_in_the_portals_urls(
    client, settings, django_assert_num_queries
):
    petition = make_petition("open")
    assert client.get("/one-query").status_code == 404  # not a portal address
    settings.ROOT_URLCONF = "bench.baseline"
    with django_assert_num_queries(1):
        response = client.get(f"/one-query?id={petition.pk}")
    assert response.status_code == 200
    assert petition.title in response.text


def figures(rps, errors=0):
    return {"rps": rps, "p50_ms": 1.0, "p99_ms": 2.0, "errors": errors, "connections": 64}


def report(list_ratio, detail_hot, detail_new, many_errors=0, sign_ratio=0.5, exact=True):
    one = figures(1000)
    scenarios = [
        {**figures(list_ratio * 1000), "key": "list", "label": "List", "kind": "list",
         "ratio": list_ratio, "baseline": "one_query"},
        {**figures(detail_hot), "key": "detail_hot", "label": "Hot", "kind": "detail",
         "ratio": detail_hot / 1000, "baseline": "one_query"},
        {**figures(detail_new), "key": "detail_new", "label": "New", "kind": "detail",
         "ratio": detail_new / 1000, "baseline": "one_query"},
        {**figures(900, many_errors), "key": "list_many", "label": "Many", "kind": "list",
         "ratio": 0.9, "baseline": "one_query_many"},
    ]  # fmt: skip
    return {
        "scenarios": scenarios,
        "baselines": {"one_query": one, "one_query_many": one},
        "settings": {"many_connections": 256, "duration_s": 15},
        "signing": {
            "raw": figures(500),
            "api": {**figures(500 * sign_ratio), "label": "Signing", "ratio": sign_ratio},
            "counts": {"exact": exact},
        },
        "machine": {"cores": 2, "cpu": "x", "memory_gib": 24, "python": "3.11"},
        "postgresql": "15",
        "sizes": {
            "petitions": 1,
            "signatures": 1,
            "signers": 1,
            "organizations": 1,
            "platforms": 1,
        },  # fmt: skip
        "date": "2026-11-26",
    }


def test_every_goal_met_reads_yes():
    rows = run.goals(report(0.3, 400, 420))
    assert rows and all(row["met"] for row in rows)


@pytest.mark.parametrize(
    "arguments,failing",
    [
        ({"list_ratio": 0.2}, "List: at least 25%"),
        ({"detail_hot": 330, "detail_new": 360}, "Hot: at least 35%"),
        ({"detail_hot": 380, "detail_new": 500}, "within 1.2x"),
        ({"many_errors": 3}, "No errors at 256"),
        ({"sign_ratio": 0.1}, "Signing at least 20%"),
        ({"exact": False}, "Counts exact"),
    ],
)
def test_a_goal_missed_reads_no(arguments, failing):
    values = {"list_ratio": 0.3, "detail_hot": 400, "detail_new": 420, **arguments}
    rows = run.goals(report(**values))
    missed = [row["goal"] for row in rows if not row["met"]]
    assert len(missed) == 1 and failing in missed[0]
    table = run.markdown({**report(**values), "goals": rows})
    assert "| NO |" in table
