"""``--group similar`` end to end on the tiny round of ``cli/bundles.py``: the five acute trusts
have equal turnover (£100m) and total FTE (2,000), so every distance between them is 0 but 1
to AC001 (teaching); their finance costs are 1.0, 1.2, 1.4, 1.6 and 3.0 % of turnover."""

from __future__ import annotations

import pytest

from cli.bundles import Y1
from cli.conftest import Cli, rich_tables
from cli.test_cli_export import as_dicts, one

FINANCE_PCT = {"AC001": 1.0, "AC002": 1.2, "AC003": 1.4, "AC004": 1.6, "AC005": 3.0}


def test_export_stats_similar_gives_each_organisation_its_k_nearest(
    round_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORPBENCH_SIMILAR_K", "2")
    rows = as_dicts(round_cli.csv("export", "stats", "--group", "similar", "--year", Y1))
    # AC005 with AC002 and AC003 (distance 0, first codes): 1.2, 1.4, 3.0
    ac005 = one(rows, group="similar:AC005", function="finance", kpi="pct_turnover")
    assert (ac005["n"], float(ac005["median"]), float(ac005["min"]), float(ac005["max"])) == (
        "3",
        1.4,
        1.2,
        3.0,
    )
    # AC001, teaching, at distance 1 from all: AC002 and AC003
    ac001 = one(rows, group="similar:AC001", function="finance", kpi="pct_turnover")
    assert float(ac001["median"]) == pytest.approx(1.2)
    # the two mental-health trusts are each other's only peers
    assert one(rows, group="similar:MH001", function="finance", kpi="pct_turnover")["n"] == "2"
    assert not [r for r in rows if r["group"] == "similar:CM001"]  # never responded


@pytest.mark.parametrize(
    ("k", "target"),
    [
        ("2", (1.2 + 1.4 + 3.0) / 3),  # AC005, AC002, AC003: n < 4, the mean
        ("10", (1.2 + 1.4 + 1.6) / 3),  # all five acute trusts: one removed from each end
    ],
)
def test_export_savings_similar_measures_each_organisation_against_its_own_group(
    round_cli: Cli, monkeypatch: pytest.MonkeyPatch, k: str, target: float
) -> None:
    monkeypatch.setenv("CORPBENCH_SIMILAR_K", k)
    rows = as_dicts(
        round_cli.csv("export", "savings", "--method", "iqm", "--group", "similar", "--year", Y1)
    )
    ac005 = one(rows, org_code="AC005", function="finance")
    assert float(ac005["target"]) == pytest.approx(target)
    assert float(ac005["saving"]) == pytest.approx(3_000_000 - target * 1_000_000)


def test_report_accepts_group_similar(round_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORPBENCH_SIMILAR_K", "2")
    report = round_cli.ok("report", "--org", "AC005", "--year", Y1, "--group", "similar").stdout
    assert "peers by similar organisations" in report
    position, savings = rich_tables(report)
    assert (position[0]["rank"], position[0]["peer median %"]) == ("3/3", "1.40")
    assert savings[0]["IQM"] == "1,133"  # £3.0m - 1.8667 % of £100m, in £k


def test_export_savings_similar_median_by_organisation(
    round_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORPBENCH_SIMILAR_K", "2")
    rows = as_dicts(
        round_cli.csv("export", "savings", "--method", "median", "--group", "similar", "--year", Y1)
    )
    finance = {r["org_code"]: float(r["saving"]) for r in rows if r["function"] == "finance"}
    # medians: AC001's group (AC001-AC003) 1.2; AC002's, AC003's, AC004's (AC002-AC004) and
    # AC005's (AC002, AC003, AC005) 1.4: AC004 saves 0.2m, AC005 1.6m
    assert {c: finance[c] for c in FINANCE_PCT if c in finance and finance[c] > 0} == {
        "AC004": pytest.approx(200_000),
        "AC005": pytest.approx(1_600_000),
    }


def test_a_k_below_one_is_refused(round_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORPBENCH_SIMILAR_K", "0")
    result = round_cli("export", "stats", "--group", "similar")
    assert result.exit_code != 0
