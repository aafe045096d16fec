"""total_savings: an organisation's total saving is the sum of its function savings, or its
saving on ``all`` under a threshold method (data standard §2); by hand, and the same total in
the national summary, an organisation's position and a footprint."""

from __future__ import annotations

import polars as pl
import pytest

from bench.tables import Y1, Y2, Round
from corpbench.bench import (
    Benchmark,
    counted_savings,
    parse_method,
    total_savings,
)

IQM = parse_method("iqm")
HACKETT = parse_method("external:hackett_median")
CEILING = parse_method("threshold:6")


def _savings(rows: list[tuple[str, str, str, float]]) -> pl.DataFrame:
    """A savings table from (org_code, year, function, saving) rows."""
    return pl.DataFrame(
        rows,
        schema={
            "org_code": pl.String,
            "year": pl.String,
            "function": pl.String,
            "saving": pl.Float64,
        },
        orient="row",
    )


SAVINGS = _savings(
    [
        ("A", Y1, "finance", 100.0),
        ("A", Y1, "hr", 20.0),
        ("A", Y1, "all", 50.0),  # a saving on the whole that is not the sum of the functions
        ("B", Y1, "all", 7.0),  # B has a saving on all only (e.g. no group for its functions)
        ("A", Y2, "finance", 1.5),
    ]
)


def _totals(frame: pl.DataFrame, keys: tuple[str, ...]) -> dict[tuple[object, ...], float]:
    return {tuple(r[k] for k in keys): r["saving"] for r in frame.iter_rows(named=True)}


def test_peer_and_external_methods_sum_the_function_savings_not_the_all_saving() -> None:
    for method in (IQM, HACKETT):
        got = _totals(total_savings(SAVINGS, method), ("org_code", "year"))
        # A: 100 + 20 (not 50); B has no function saving, so no total at all
        assert got == {("A", Y1): 120.0, ("A", Y2): 1.5}


def test_a_threshold_method_takes_the_saving_on_all() -> None:
    got = _totals(total_savings(SAVINGS, CEILING), ("org_code", "year"))
    assert got == {("A", Y1): 50.0, ("B", Y1): 7.0}


def test_counted_rows_are_the_functions_or_all() -> None:
    assert counted_savings(SAVINGS, IQM)["function"].to_list() == ["finance", "hr", "finance"]
    assert counted_savings(SAVINGS, CEILING)["function"].to_list() == ["all", "all"]


def test_a_coarser_key_sums_the_organisations_totals() -> None:
    typed = SAVINGS.with_columns(pl.lit("acute").alias("org_type"))
    by_type = _totals(total_savings(typed, IQM, by=("org_type", "year")), ("org_type", "year"))
    assert by_type == {("acute", Y1): 120.0, ("acute", Y2): 1.5}
    by_type = _totals(total_savings(typed, CEILING, by=("org_type", "year")), ("org_type", "year"))
    assert by_type == {("acute", Y1): 57.0}


def test_the_total_does_not_depend_on_the_row_order() -> None:
    values = [0.1, 1e16, 0.2, -1e16, 0.3]  # a sum that depends on its order in floating point
    rows = [("A", Y1, f"f{i}", v) for i, v in enumerate(values)]
    forward = total_savings(_savings(rows), IQM)["saving"][0]
    backward = total_savings(_savings(rows[::-1]), IQM)["saving"][0]
    assert forward == backward


def test_every_door_shows_the_same_total_on_the_hand_made_round() -> None:
    """iqm on the round of bench/tables.py: finance's IQM is 2.5% (1, 2, 3, 10 trimmed), HR's
    0.75% (0.5 and 1). A2 saves 0 on finance (2%) and 10,000 − 7,500 = 2,500 on HR (1%); A3
    15,000 − 12,500 = 2,500 on finance (3%); A4 100,000 − 25,000 = 75,000 (10%); A1 nothing:
    acute 80,000. Under threshold:2 the all savings: A1 0 (1.75%), A2 10,000 (3%), A3 5,000
    (3%), A4 80,000 (10%): acute 95,000."""
    engine = Benchmark(Round.organisations, Round.finance, Round.function_costs)
    for spelling, a2, acute in (("iqm", 2_500.0, 80_000.0), ("threshold:2", 10_000.0, 95_000.0)):
        method = engine.method(spelling)
        totals = _totals(total_savings(engine.savings(method), method), ("org_code", "year"))
        assert totals[("A2", Y1)] == pytest.approx(a2)
        position = engine.org_position("A2", Y1, [method])
        assert position.filter(pl.col("function") == "all")[method.column_name][0] == (
            pytest.approx(a2)
        )
        summary = engine.summary(method, Y1).filter(pl.col("org_type") == "acute")
        assert summary["saving"][0] == pytest.approx(acute)
