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


def rounds(*ratios, rps=1000):
    return [
        {**figures(rps * ratio), "baseline_rps": rps, "ratio": ratio} for ratio in ratios
    ]  # fmt: skip


def test_a_scenarios_rounds_read_as_their_median_with_the_lowest_highest_and_spread():
    summary = run.summarise(rounds(0.5, 0.4, 0.6))
    assert summary["ratio"] == 0.5 and summary["rps"] == 500
    assert (summary["ratio_min"], summary["ratio_max"]) == (0.4, 0.6)
    assert summary["ratio_spread"] == pytest.approx(0.4)
    assert summary["errors"] == 0 and len(summary["rounds"]) == 3


@pytest.mark.parametrize(
    "values,expected",
    [
        ([0.40, 0.36, 0.90], True),  # every round meets it, however far apart
        ([0.20, 0.34, 0.10], False),  # no round meets it
        ([0.36, 0.34, 0.37], True),  # on both sides but close: the median decides
        ([0.34, 0.33, 0.36], False),
        ([0.26, 0.73, 0.50], None),  # on both sides and far apart: cannot judge
    ],
)
def test_a_goal_is_met_missed_or_cannot_be_judged_from_its_rounds(values, expected):
    assert run.verdict(values, 0.35) is expected


def test_an_at_most_goal_reads_the_other_way():
    assert run.verdict([1.1, 1.0, 1.15], 1.2, at_most=True) is True
    assert run.verdict([2.48, 1.18, 1.5], 1.2, at_most=True) is None


def test_rounds_too_far_apart_read_cannot_judge_in_the_results():
    values = report(0.3, 400, 420)
    hot = values["scenarios"][1]
    hot.update(run.summarise(rounds(0.26, 0.73, 0.5)))
    rows = run.goals(values)
    judged = next(row for row in rows if row["goal"].startswith("Hot: at least 35%"))
    assert judged["met"] is None
    assert judged["value"] == "50% (26%–73%, spread 94%)"
    table = run.markdown({**values, "goals": rows})
    assert "| cannot judge |" in table and "94% (too wide)" in table


def test_the_hot_page_is_compared_with_the_new_one_round_by_round():
    values = report(0.3, 400, 420)
    hot, new = values["scenarios"][1], values["scenarios"][2]
    hot.update(run.summarise(rounds(0.40, 0.30, 0.40)))
    new.update(run.summarise(rounds(0.42, 0.42, 0.42)))
    row = next(row for row in run.goals(values) if "within 1.2x" in row["goal"])
    # 1.05x, 1.4x, 1.05x: one round over, but the median under and the spread too wide.
    assert row["value"].startswith("1.05x (1.05x–1.40x") and row["met"] is None


@pytest.mark.parametrize(
    "kind,ratio,met",
    [
        ("detail_live", 0.31, True),
        ("detail_live", 0.29, False),
        ("list_live", 0.34, False),
        ("list_live", 0.36, True),
        ("workspace_live", 0.26, True),
        ("workspace_live", 0.24, False),
    ],
)
def test_the_signed_in_pages_have_goals_of_their_own(kind, ratio, met):
    values = report(0.3, 400, 420)
    values["scenarios"].append({
        **figures(ratio * 1000), "key": kind, "label": "Signed in", "kind": kind,
        "baseline": "one_query", **run.summarise(rounds(ratio, ratio, ratio)),
    })  # fmt: skip
    row = next(row for row in run.goals(values) if row["goal"].startswith("Signed in"))
    assert row["met"] is met


def test_the_output_folder_is_made_before_the_run(tmp_path, monkeypatch):
    folder = tmp_path / "new" / "results"
    monkeypatch.setattr("sys.argv", ["run.py", "--output", str(folder)])
    monkeypatch.setattr(run.shutil, "which", lambda name: None)  # stops right after
    with pytest.raises(SystemExit):
        run.main()
    assert folder.is_dir()
