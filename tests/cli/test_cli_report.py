"""``corpbench report --org CODE [--year Y] [--method M] [--out FILE.csv|.xlsx]`` and
``corpbench summary [--method M]``: reports for people, on the tiny round of ``cli/bundles.py``.
The files written hold the engine's figures unrounded."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from cli.bundles import NAMES, Y1, Y2
from cli.conftest import Cli, no_exception, rich_tables
from corpbench.bench.engine import Benchmark
from corpbench.bench.methods import DEFAULT_REPORT_METHODS
from corpbench.store import Store


def engine_report(cli: Cli, org: str, year: str | None, methods: tuple[str, ...]) -> pl.DataFrame:
    with Store.open(cli.db_url) as store:
        engine = Benchmark.from_bundle(store.current(), peer_lists=store.peer_lists())
    return engine.org_position(org, year, methods)


def same(cell: object, expected: object, rel: float = 0.0) -> bool:
    """A written cell equals the engine's value (text from CSV is parsed): exactly, or for
    floats within ``rel`` (a workbook keeps 16 significant digits, Excel shows 15)."""
    if expected is None:
        return cell in (None, "")
    if isinstance(cell, str) and not isinstance(expected, str):
        cell = float(cell) if isinstance(expected, float) else int(cell)
    if isinstance(expected, float):
        if not isinstance(cell, int | float) or isinstance(cell, bool):
            return False
        return math.isclose(float(cell), expected, rel_tol=rel, abs_tol=0.0) or (
            float(cell) == expected
        )
    return cell == expected


def _report_tables(text: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The report's two tables: where the organisation stands, and its savings by method."""
    position, savings = rich_tables(text)
    return position, savings


def test_report_prints_the_organisation_name_and_a_row_per_function(round_cli: Cli) -> None:
    result = round_cli.ok("report", "--org", "AC005")
    # people read words: the grouping and the functions by their titles
    assert f"{NAMES['AC005']} (AC005) — {Y1}, peers by organisation type" in result.stdout
    position, savings = _report_tables(result.stdout)
    assert [r["function"] for r in position] == ["Finance", "HR", "Whole organisation"]
    assert [r["function"] for r in savings] == ["Finance", "HR", "Whole organisation"]
    finance = position[0]
    # cost £3,000,000 = 3.00% of £100m turnover, 5.00% of £60m pay, £100,000 per FTE (30 FTE);
    # the most expensive of 5 acute trusts; saving to the peer IQM of 1.40%: £1,600,000
    assert finance == {
        "function": "Finance",
        "cost £k": "3,000",
        "% turnover": "3.00",
        "% pay": "5.00",
        "£ per FTE": "100,000",
        "rank": "5/5",
        "peer IQM %": "1.40",
        "peer median %": "1.40",
        "top quartile %": "1.20",
    }
    assert {k: savings[0][k] for k in ("IQM", "top quartile", "7% ceiling")} == {
        "IQM": "1,600",
        "top quartile": "1,800",
        "7% ceiling": "0",
    }
    # the total is the sum of the function savings (hr is at the peer figure: no saving)
    assert savings[2]["IQM"] == "1,600"
    # the threshold saving of all: 4,000,000 - 3% x 100m
    # (the function rows under a threshold: finance 3.0% and hr 1.0% are not above 3%)
    out = round_cli.ok("report", "--org", "AC005", "--method", "threshold:3").stdout
    assert [r["3% ceiling"] for r in _report_tables(out)[1]] == ["0", "0", "1,000"]
    # Carter's ceilings on the whole organisation: 4.00% of turnover
    assert "Whole organisation: 4.00% of turnover, within Carter's ceilings" in out


def test_report_year_defaults_to_the_latest_and_can_be_chosen(round_cli: Cli) -> None:
    latest = round_cli.ok("report", "--org", "AC001").stdout
    assert f"(AC001) — {Y2}" in latest
    assert [r["function"] for r in _report_tables(latest)[0]] == ["Finance", "Whole organisation"]
    first = round_cli.ok("report", "--org", "AC001", "--year", Y1).stdout
    assert f"(AC001) — {Y1}" in first
    assert [r["function"] for r in _report_tables(first)[0]] == [
        "Finance",
        "HR",
        "Whole organisation",
    ]


def test_report_method_chooses_the_saving_columns(round_cli: Cli) -> None:
    out = round_cli.ok("report", "--org", "AC004", "--method", "iqm", "--method", "median").stdout
    assert list(_report_tables(out)[1][0]) == ["function", "IQM", "median"]


def test_report_out_csv_holds_the_engines_figures(round_cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    result = round_cli.ok("report", "--org", "AC004", "--out", target)
    assert result.stdout.strip() == f"Wrote {target}."
    expected = engine_report(round_cli, "AC004", None, DEFAULT_REPORT_METHODS)
    with target.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == expected.columns
    assert len(rows) - 1 == expected.height == 3
    for written, row in zip(rows[1:], expected.iter_rows(), strict=True):
        assert all(same(c, e) for c, e in zip(written, row, strict=True)), (written, row)
    # and the engine's figure is the hand-computed one: 1.6m - 1.4m
    saving = dict(zip(rows[0], rows[1], strict=True))["saving_iqm"]
    assert float(saving) == pytest.approx(200_000, rel=1e-12)


def test_report_out_xlsx_holds_the_engines_figures(round_cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    round_cli.ok("report", "--org", "MH002", "--year", Y1, "--out", target)
    expected = engine_report(round_cli, "MH002", Y1, DEFAULT_REPORT_METHODS)
    wb = openpyxl.load_workbook(target, read_only=True)
    ws = wb["report"]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    # people read it: columns and functions by their titles, the figures as the engine's
    header_at = next(i for i, r in enumerate(values) if r and r[0] == "Function")
    header = values[header_at]
    assert header[:3] == ["Function", "Cost (£)", "Cost as % of turnover"]
    assert "Saving (£), IQM" in header
    assert "Saving (£), 7% ceiling" in header
    assert len(header) == expected.width
    body = [r for r in values[header_at + 1 :] if any(v is not None for v in r)]
    assert len(body) == expected.height == 2  # finance and all
    assert [r[0] for r in body] == ["Finance", "Whole organisation"]
    for written, row in zip(body, expected.iter_rows(), strict=True):
        bad = [(c, e) for c, e in zip(written[1:], row[1:], strict=True) if not same(c, e, 1e-15)]
        assert bad == [], (written, row)
    finance = dict(zip(header, body[0], strict=True))
    # MH002 against the mental-health pair (IQM = mean = 0.9625): 900,000 - 0.9625% x 80m
    assert finance["Saving (£), IQM"] == pytest.approx(130_000, rel=1e-12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--org", "ZZ999"],
            "Error: Organisation ZZ999 is not in the register.",
        ),
        (  # in the register, never responded
            ["--org", "CM001"],
            "Error: Organisation CM001 has not returned any cost data.",
        ),
        (
            ["--org", "AC003", "--year", Y2],
            f"Error: Organisation AC003 has no cost data for {Y2}.",
        ),
    ],
)
def test_report_for_an_organisation_without_that_return_is_exit_1_with_a_clear_sentence(
    round_cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    result = round_cli("report", *args, "--out", tmp_path / "r.csv")
    no_exception(result)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message + "\n"
    assert not (tmp_path / "r.csv").exists()


def test_summary_shows_the_national_totals_of_each_year(round_cli: Cli) -> None:
    out = round_cli.ok("summary", "--method", "iqm").stdout
    assert f"National summary {Y1} — savings method IQM" in out
    assert f"National summary {Y2} — savings method IQM" in out
    # per year: the table by organisation type, then the one by function
    first, by_function, second, _ = rich_tables(out)
    all1 = next(r for r in first if r["organisation type"] == "All types")
    assert (all1["eligible"], all1["responded"], all1["rate"]) == ("8", "7", "88%")
    assert (all1["spend £m"], all1["spend at 100% £m"], all1["saving £m"]) == (
        "14.5",
        "14.5",
        "1.9",  # acute 1.8m + mental health 0.13m
    )
    all2 = next(r for r in second if r["organisation type"] == "All types")
    # 2 of 5 acute trusts: 2,640,000 scaled by 5/2
    assert (all2["responded"], all2["rate"], all2["spend £m"], all2["spend at 100% £m"]) == (
        "2",
        "25%",
        "2.6",
        "6.6",
    )
    community = next(r for r in first if r["organisation type"] == "Community provider")
    assert (community["responded"], community["spend £m"], community["spend at 100% £m"]) == (
        "0",
        "0.0",
        "",
    )
    # by function: finance 9.5m (acute 8.2m, mental health 1.3m, of which 200,000 shared)
    finance = next(r for r in by_function if r["function"] == "Finance")
    assert (finance["spend £m"], finance["shared £m"], finance["saving £m"]) == (
        "9.5",
        "0.2",
        "1.9",
    )


def test_summary_with_a_threshold_method_uses_the_saving_on_all(round_cli: Cli) -> None:
    out = round_cli.ok("summary", "--method", "threshold:2.5").stdout
    assert f"National summary {Y1} — savings method 2.5% ceiling" in out
    acute = next(r for r in rich_tables(out)[0] if r["organisation type"] == "Acute trust")
    # all costs 2.0, 2.2, 2.4, 2.6, 4.0 % of 100m: savings 0.1m + 1.5m
    assert acute["saving £m"] == "1.6"


def test_summary_of_an_empty_store_is_exit_1_with_one_sentence(cli: Cli) -> None:
    result = cli("summary")
    no_exception(result)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the store holds no returns yet; try `corpbench demo --load`.\n"
    )
