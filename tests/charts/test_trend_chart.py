"""The trend chart of a footprint or the nation: one series per function and round (so no line
joins two rounds), a rule where the round changes, and the figures in its description."""

from __future__ import annotations

from typing import Any

import polars as pl

from bench.test_bench_trends import ROUNDS, round_tables
from corpbench.bench.engine import Benchmark
from corpbench.charts import inline_values, scope_trend_chart, to_spec, to_svg
from corpbench.views import trend_view


def _bench() -> Benchmark:
    return Benchmark(*round_tables())


def _spec() -> dict[str, Any]:
    view = trend_view(_bench(), ROUNDS)
    return to_spec(scope_trend_chart(view.table, view.breaks, "England"))


def test_each_function_is_a_series_per_round_and_the_break_is_a_rule() -> None:
    spec = _spec()
    lines, rule, note = inline_values(spec)
    finance = sorted((v["year"], v["series"]) for v in lines if v["function"] == "Finance")
    assert finance == [
        ("2009/10", "finance|0"),
        ("2010/11", "finance|0"),
        ("2016/17", "finance|1"),
    ]
    assert [v["year"] for v in rule] == ["2016/17"]
    assert note == rule
    assert spec["layer"][0]["encoding"]["detail"]["field"] == "series"
    # HR is not in the 2016/17 round: no point there
    assert [v["year"] for v in lines if v["function"] == "HR"] == ["2009/10"]


def test_the_description_states_the_break_and_the_latest_figures() -> None:
    description = _spec()["description"]
    assert "The round changes from 2016/17, where the lines break." in description
    assert "Finance: 1.07% in 2016/17" in description  # £4.5m of £420m
    svg = to_svg(scope_trend_chart(*_view_tables(), "England"))
    assert svg.lstrip().startswith("<svg")
    assert "New round from 2016/17" in svg


def _view_tables() -> tuple[pl.DataFrame, pl.DataFrame]:
    view = trend_view(_bench(), ROUNDS)
    return view.table, view.breaks
