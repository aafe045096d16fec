"""benchmark_api_rows: the JSON of GET /api/v1/organisations/{code}/benchmark gives the same
numbers as ``corpbench export savings``, ``export stats`` and ``export kpis``.

Checked through the real command line on the hand-made round of views/rounds.py (loaded into a
SQLite store, the API computed from the store as the web app will) and, on the demo round,
against the CLI's export functions on the same engine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from corpbench.bench.engine import Benchmark
from corpbench.cli import app
from corpbench.cli.common import load_engine
from corpbench.cli.export import _figures
from corpbench.demo import generate
from corpbench.documents.bundle_csv import write_bundle_csv
from corpbench.documents.machine_csv import write_machine_csv
from corpbench.standard import KPIS
from corpbench.store import Store
from corpbench.views import benchmark_api_rows
from views.rounds import Y1, Y2, bundle, engine

METHODS = ["iqm", "median", "q1", "external:hackett_median", "threshold:6"]


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _num(text: str) -> float | int:
    return int(text) if text.isdigit() else float(text)


def _check(
    rows: list[dict[str, Any]],
    code: str,
    year: str,
    group: str | None,
    kpis: list[dict[str, str]],
    stats: list[dict[str, str]],
    savings: list[dict[str, str]],
) -> None:
    """Every number of ``rows`` equals the export rows (exactly: same text when written)."""
    assert rows, code
    for row in rows:
        f = row["function"]
        own = {
            r["kpi"]: _num(r["value"])
            for r in kpis
            if (r["org_code"], r["year"], r["function"]) == (code, year, f)
        }
        assert row["kpis"] == {k: own.get(k) for k in KPIS}, (code, f)
        peer = [
            r
            for r in stats
            if (r["group"], r["year"], r["function"], r["kpi"]) == (group, year, f, "pct_turnover")
        ]
        if peer:
            expected = {k: _num(peer[0][k]) for k in ("n", "iqm", "median", "q1")}
        else:
            expected = {"n": 0, "iqm": None, "median": None, "q1": None}
        assert row["peer"] == expected, (code, f)
        saving = [
            r for r in savings if (r["org_code"], r["year"], r["function"]) == (code, year, f)
        ]
        if saving:
            assert (row["target"], row["saving"]) == (
                _num(saving[0]["target"]),
                _num(saving[0]["saving"]),
            ), (code, f)
            assert row["kpis"]["pct_turnover"] == _num(saving[0]["kpi_value"])
        else:
            assert (row["target"], row["saving"]) == (None, None), (code, f)
    # JSON-ready, and the numbers survive JSON unchanged
    assert json.loads(json.dumps(rows)) == rows


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[CliRunner, str]:
    tmp = tmp_path_factory.mktemp("api")
    folder = tmp / "round"
    write_bundle_csv(bundle(), folder)
    url = f"sqlite:///{tmp / 'store.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["load", str(folder), "--by", "test"], env={"CORPBENCH_DB": url})
    assert result.exit_code == 0, result.stdout + result.stderr
    return runner, url


def _export(runner: CliRunner, url: str, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["export", *args], env={"CORPBENCH_DB": url})
    assert result.exit_code == 0, result.stderr
    return _csv(result.stdout)


@pytest.mark.parametrize("grouping", ["org_type", "footprint", "region"])
def test_api_rows_equal_the_cli_exports(loaded: tuple[CliRunner, str], grouping: str) -> None:
    runner, url = loaded
    store = Store.open(url)
    try:
        eng = load_engine(store)
    finally:
        store.close()
    kpis = _export(runner, url, "kpis")
    stats = _export(runner, url, "stats", "--group", grouping)
    for method in METHODS:
        savings = _export(runner, url, "savings", "--method", method, "--group", grouping)
        for code, year in [
            ("AC001", Y1),
            ("AC001", Y2),
            ("AC002", Y1),
            ("AC003", Y1),
            ("AC004", Y1),
            ("MH001", Y1),
        ]:
            rows = benchmark_api_rows(eng, code, year, method, grouping)
            _check(rows, code, year, eng.group_of(code, grouping), kpis, stats, savings)


def test_api_rows_by_hand() -> None:
    rows = benchmark_api_rows(engine(), "AC004", Y1, "iqm")
    assert [r["function"] for r in rows] == ["finance", "all"]
    fin = rows[0]
    assert fin["cost"] == 1_600_000.0
    assert fin["kpis"]["pct_turnover"] == 2.0
    assert fin["kpis"]["cost_per_fte"] is None  # fte 0: undefined is null, not 0
    assert fin["kpis"]["pct_running_costs"] is None
    assert fin["peer"] == {"n": 4, "iqm": 1.25, "median": 1.25, "q1": pytest.approx(0.95)}
    assert (fin["target"], fin["saving"]) == (1.25, pytest.approx(600_000.0))
    assert rows[1]["saving"] == pytest.approx(200_000.0)  # the saving computed on all
    # an organisation in no group: peer n 0 and nulls; a peer method has no target
    no_group = benchmark_api_rows(engine(), "AC003", Y1, "median", "footprint")
    assert no_group[0]["peer"] == {"n": 0, "iqm": None, "median": None, "q1": None}
    assert (no_group[0]["target"], no_group[0]["saving"]) == (None, None)
    # an external table without the function: no target
    assert benchmark_api_rows(engine(), "AC004", Y1, "external:hackett_median")[1]["target"] is None


def test_api_rows_errors() -> None:
    with pytest.raises(ValueError, match="not in the register"):
        benchmark_api_rows(engine(), "NOPE", Y1)
    with pytest.raises(ValueError, match="Unknown savings method"):
        benchmark_api_rows(engine(), "AC001", Y1, "average")


def _machine(frame: Any) -> list[dict[str, str]]:
    out = io.StringIO()
    write_machine_csv(frame, out)
    return _csv(out.getvalue())


def test_api_rows_equal_the_exports_on_the_demo_round() -> None:
    eng = Benchmark.from_bundle(generate())
    year = eng.years()[0]
    kpis = _machine(_figures(eng, "kpis", year=year))
    stats = _machine(_figures(eng, "stats", group="org_type", year=year))
    codes = (
        eng.totals(year)
        .select("org_code")
        .unique()
        .join(eng.organisations, on="org_code")
        .group_by("org_type")
        .agg(pl.col("org_code").min())  # the first code of each type
        .sort("org_type")
    )
    sample = codes["org_code"].to_list()
    assert len(sample) >= 5
    for method in ["iqm", "q1", "external:hackett_best_in_class", "threshold:7"]:
        savings = _machine(_figures(eng, "savings", method=method, group="org_type", year=year))
        for code in sample:
            rows = benchmark_api_rows(eng, code, year, method)
            _check(rows, code, year, eng.group_of(code), kpis, stats, savings)


def test_written_round_reads_back(tmp_path: Path) -> None:
    # the CSV folder of the round is what the fixture loads (guards the fixture itself)
    paths = write_bundle_csv(bundle(), tmp_path)
    assert {p.name for p in paths} >= {"organisations.csv", "finance.csv", "function_costs.csv"}


def test_the_example_in_docs_views_md_is_true() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "views.md").read_text()
    example = json.loads(doc.split("```json\n", 1)[1].split("```", 1)[0])
    # the round's AC004 finance row (views/rounds.py)
    actual = benchmark_api_rows(engine(), "AC004", Y1, "iqm")[0]
    assert actual == {
        k: (
            {kk: pytest.approx(vv) if vv is not None else None for kk, vv in v.items()}
            if isinstance(v, dict)
            else pytest.approx(v)
            if isinstance(v, float)
            else v
        )
        for k, v in example.items()
    }
