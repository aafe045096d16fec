"""An organisation's draft figures: its own current returns against the published peers, every
other organisation as published; its own returns alone before any publication. Checked by hand
on the tiny round of ``tests/cli/bundles.py`` (every acute trust's HR costs £1.0m of £100m
turnover, 1.0 %)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cli.bundles import Y1, Y2, changed_round, round_tables
from corpbench.bench.draft import draft_benchmark, draft_bundle
from corpbench.bench.engine import Benchmark
from corpbench.ingest import read_bundle, validate_bundle
from corpbench.standard.bundle import Bundle
from ingest.bundles import write_folder


def _bundle(tmp_path: Path, name: str, tables: dict[str, list[list[str]]]) -> Bundle:
    report, bundle = validate_bundle(
        read_bundle(write_folder(tmp_path / name, tables), max_file_bytes=10**9)
    )
    assert bundle is not None, report
    return bundle


def _with_cost(tables: dict[str, list[list[str]]], org: str, function: str, pay: str) -> None:
    for row in tables["function_costs"]:
        if row[:3] == [org, Y1, function]:
            row[4] = pay


def _hr_stats(bench: Benchmark) -> dict[str, float]:
    row = bench.stats("org_type", Y1).filter(
        (pl.col("group") == "acute")
        & (pl.col("function") == "hr")
        & (pl.col("kpi") == "pct_turnover")
    )
    return {k: row[k][0] for k in ("n", "median", "max", "mean")}


def _kpi(bench: Benchmark, org: str, function: str, year: str = Y1) -> float:
    row = bench.kpis(year).filter(
        (pl.col("org_code") == org)
        & (pl.col("function") == function)
        & (pl.col("kpi") == "pct_turnover")
    )
    return float(row["value"][0])


def test_own_figures_are_live_and_everyone_elses_as_published(tmp_path: Path) -> None:
    published = Benchmark.from_bundle(_bundle(tmp_path, "pub", round_tables()))
    # live: AC001's HR raised to £1.1m (changed_round) and AC002's HR to £2.0m, not yet published
    live_tables = changed_round()
    _with_cost(live_tables, "AC002", "hr", "1800000")
    live = Benchmark.from_bundle(_bundle(tmp_path, "live", live_tables))
    draft = draft_benchmark(published, live, "AC001")
    assert _kpi(draft, "AC001", "hr") == pytest.approx(1.1)  # (900,000 + 200,000) / £100m
    assert _kpi(draft, "AC002", "hr") == pytest.approx(1.0)  # as published, not live 2.0
    assert _kpi(live, "AC002", "hr") == pytest.approx(2.0)
    # the acute HR peer group: AC001 at 1.1 (draft), the four others at 1.0 as published
    values = [1.1, 1.0, 1.0, 1.0, 1.0]
    stats = _hr_stats(draft)
    assert stats["n"] == 5
    assert stats["median"] == pytest.approx(1.0)
    assert stats["max"] == pytest.approx(1.1)
    assert stats["mean"] == pytest.approx(sum(values) / 5)
    # every other organisation's rows are the published ones, exactly
    for name in ("finance", "function_costs", "indicators", "organisations"):
        others = draft.bundle().table(name).filter(pl.col("org_code") != "AC001")
        assert others.equals(published.bundle().table(name).filter(pl.col("org_code") != "AC001"))
    assert draft.finance.filter(pl.col("org_code") == "AC001")["year"].to_list() == [Y1, Y2]


def test_before_any_publication_the_draft_is_the_organisations_own_returns_only(
    tmp_path: Path,
) -> None:
    live = Benchmark.from_bundle(_bundle(tmp_path, "live", changed_round()))
    draft = draft_benchmark(None, live, "AC001")
    assert draft.organisations["org_code"].to_list() == ["AC001"]
    assert sorted(draft.finance["year"].to_list()) == [Y1, Y2]
    assert _kpi(draft, "AC001", "hr") == pytest.approx(1.1)
    assert _hr_stats(draft)["n"] == 1


def test_a_return_left_out_of_the_publication_is_in_the_draft(tmp_path: Path) -> None:
    live_bundle = _bundle(tmp_path, "live", round_tables())
    # a publication without AC001's 2010/11 return (as an accepted-only one may be)
    published = Bundle(
        **{
            name: live_bundle.table(name).filter(
                ~((pl.col("org_code") == "AC001") & (pl.col("year") == Y2))
            )
            if name != "organisations"
            else live_bundle.organisations
            for name in ("organisations", "finance", "function_costs", "indicators")
        },
        present=live_bundle.present,
    )
    drafted = draft_bundle(published, live_bundle, "AC001")
    assert drafted.finance.filter(pl.col("org_code") == "AC001")["year"].sort().to_list() == [
        Y1,
        Y2,
    ]
    assert drafted.finance.height == published.finance.height + 1
