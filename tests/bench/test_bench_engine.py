"""Benchmark: the engine the command line calls, over the hand-made round."""

from __future__ import annotations

import re

import polars as pl
import pytest

from bench.tables import Y1, Y2, Round
from corpbench.bench import (
    KPI_COLUMNS,
    SAVINGS_COLUMNS,
    STATS_COLUMNS,
    SUMMARY_COLUMNS,
    Benchmark,
    Method,
)
from corpbench.standard.bundle import Bundle, empty_table


@pytest.fixture
def bench() -> Benchmark:
    return Benchmark(Round.organisations, Round.finance, Round.function_costs, Round.indicators)


def test_from_bundle_equals_the_constructor(bench: Benchmark) -> None:
    bundle = Bundle.from_tables(
        organisations=Round.organisations,
        finance=Round.finance,
        function_costs=Round.function_costs,
    )
    other = Benchmark.from_bundle(bundle)
    assert other.kpis().equals(bench.kpis())
    assert other.summary("iqm").equals(bench.summary("iqm"))


def test_years_come_from_finance(bench: Benchmark) -> None:
    assert bench.years() == [Y1, Y2]


def test_year_filter_keeps_that_years_rows(bench: Benchmark) -> None:
    assert bench.kpis(Y2).height == 0
    assert bench.kpis(Y1).equals(bench.kpis())
    assert bench.stats(year=Y2).height == 0
    assert bench.summary("iqm", Y2)["year"].unique().to_list() == [Y2]
    assert bench.summary("iqm", Y1).height == 4


def test_savings_accept_spellings_and_methods_and_are_cached(bench: Benchmark) -> None:
    first = bench.savings("iqm")
    assert bench.savings(Method("iqm")) is first
    row = first.filter((pl.col("org_code") == "A4") & (pl.col("function") == "finance")).row(0)
    assert row[3:] == (10.0, 2.5, pytest.approx(75_000.0))
    assert bench.stats() is bench.stats("org_type")


def test_summary_under_iqm(bench: Benchmark) -> None:
    national = bench.summary("iqm", Y1).filter(pl.col("org_type") == "all").row(0)
    assert national[2:] == (
        7,
        5,
        pytest.approx(5 / 7),
        210_000.0,
        255_000.0,
        pytest.approx(80_000.0),
        pytest.approx(100_000.0),
    )


def test_stats_by_region_type(bench: Benchmark) -> None:
    stats = bench.stats("region_type").filter(
        (pl.col("function") == "finance") & (pl.col("kpi") == "pct_turnover")
    )
    # London|acute: A1 1, A2 2; North|acute: A3 3, A4 10; London|community: C1 3
    assert stats.select("group", "n", "mean").rows() == [
        ("London|acute", 2, 1.5),
        ("London|community", 1, 3.0),
        ("North|acute", 2, 6.5),
    ]


def test_named_peer_lists_and_extra_external_tables() -> None:
    bench = Benchmark(
        Round.organisations,
        Round.finance,
        Round.function_costs,
        peer_lists={"mine": ["A1", "A4"]},
        extra_tables={"board": {"estates": 0.1}},
    )
    stats = bench.stats("peers:mine").filter(
        (pl.col("function") == "finance") & (pl.col("kpi") == "pct_turnover")
    )
    assert stats.select("group", "n", "median").rows() == [("mine", 2, 5.5)]
    assert bench.savings("external:board").select("org_code", "function", "saving").rows() == [
        ("A1", "estates", pytest.approx(3000.0))  # 5,000 − 0.1% × 2m
    ]


def test_org_report_defaults_to_the_latest_year_responded(bench: Benchmark) -> None:
    report = bench.org_position("A2", methods=["iqm", "threshold:2"])
    assert report["function"].to_list() == ["finance", "hr", "all"]
    assert report["saving_iqm"].to_list() == [0.0, pytest.approx(2500.0), pytest.approx(2500.0)]


def test_org_report_errors_are_sentences(bench: Benchmark) -> None:
    with pytest.raises(ValueError, match=re.escape("Organisation ZZ1 is not in the register.")):
        bench.org_position("ZZ1")
    with pytest.raises(
        ValueError, match=re.escape("Organisation A5 has not returned any cost data.")
    ):
        bench.org_position("A5")
    with pytest.raises(
        ValueError, match=re.escape("Organisation A1 has no cost data for 2010/11.")
    ):
        bench.org_position("A1", Y2)
    with pytest.raises(ValueError, match="Unknown savings method"):
        bench.savings("average")
    with pytest.raises(ValueError, match="Unknown grouping"):
        bench.stats("county")


def test_group_of(bench: Benchmark) -> None:
    assert bench.group_of("A1") == "acute"
    assert bench.group_of("A3", "footprint") is None


def test_figures_do_not_depend_on_the_order_of_the_rows(bench: Benchmark) -> None:
    shuffled = Benchmark(
        Round.organisations.reverse(),
        Round.finance.sample(fraction=1.0, shuffle=True, seed=7),
        Round.function_costs.sample(fraction=1.0, shuffle=True, seed=7),
    )
    assert shuffled.totals().equals(bench.totals())
    assert shuffled.kpis().equals(bench.kpis())
    assert shuffled.stats("region").equals(bench.stats("region"))
    for method in ("iqm", "external:hackett_median", "threshold:7"):
        assert shuffled.savings(method).equals(bench.savings(method))
        assert shuffled.summary(method).equals(bench.summary(method))


def test_summary_is_cached_per_method_and_grouping(bench: Benchmark) -> None:
    assert bench.summary("iqm") is bench.summary(Method("iqm"))
    assert bench.summary("iqm", grouping="region") is not bench.summary("iqm")


def test_an_empty_round_gives_empty_tables_with_the_machine_columns() -> None:
    empty = Benchmark(
        empty_table("organisations"), empty_table("finance"), empty_table("function_costs")
    )
    assert empty.years() == []
    assert empty.kpis().columns == list(KPI_COLUMNS)
    assert empty.stats().columns == list(STATS_COLUMNS)
    assert empty.savings("q1").columns == list(SAVINGS_COLUMNS)
    assert empty.summary("threshold:6").columns == list(SUMMARY_COLUMNS)
    assert sum(t.height for t in (empty.kpis(), empty.stats(), empty.summary("iqm"))) == 0
