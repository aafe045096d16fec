"""compute_savings under every method on the hand-made round (figures in bench/tables.py).

pct_turnover of the acute group in 2009/10: finance A1 1, A2 2, A3 3, A4 10 (iqm 2.5, median
2.5, q1 1.75); hr A1 0.5, A2 1 (iqm 0.75, q1 0.625); estates A1 0.25 (a group of 1); all A1
1.75, A2 3, A3 3, A4 10 (a tie: iqm 3, median 3, q1 2.6875). C1 is alone among community.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tables import Y1, Round, costs, finance, organisations
from corpbench.bench import (
    SAVINGS_COLUMNS,
    Method,
    compute_kpis,
    compute_savings,
    function_totals,
    parse_method,
    peer_groups,
    peer_stats,
)
from corpbench.bench.savings import saving_expr


def _savings(method: str, grouping: str = "org_type", tables: type[Round] = Round) -> pl.DataFrame:
    totals = function_totals(tables.function_costs)
    kpis = compute_kpis(tables.finance, tables.function_costs, totals=totals)
    groups = peer_groups(tables.organisations, grouping)
    stats = peer_stats(kpis, groups)
    return compute_savings(kpis, totals, tables.finance, groups, stats, parse_method(method))


def _by_key(table: pl.DataFrame) -> dict[tuple[str, str], tuple[float, float, float]]:
    assert table.columns == list(SAVINGS_COLUMNS)
    assert set(table["year"]) <= {Y1}
    return {(o, f): (k, t, s) for o, _y, f, k, t, s in table.rows()}


def test_iqm_savings_move_orgs_above_the_interquartile_mean_down_to_it() -> None:
    got = _by_key(_savings("iqm"))
    assert got == {
        ("A1", "all"): (1.75, 3.0, 0.0),
        ("A1", "estates"): (0.25, 0.25, 0.0),  # group of 1: its own value
        ("A1", "finance"): (1.0, 2.5, 0.0),
        ("A1", "hr"): (0.5, 0.75, 0.0),
        ("A2", "all"): (3.0, 3.0, 0.0),  # equal to the target: nothing
        ("A2", "finance"): (2.0, 2.5, 0.0),
        ("A2", "hr"): (1.0, 0.75, pytest.approx(2500.0)),  # 10,000 − 0.75% × 1m
        ("A3", "all"): (3.0, 3.0, 0.0),
        ("A3", "finance"): (3.0, 2.5, pytest.approx(2500.0)),  # 15,000 − 2.5% × 500k
        ("A4", "all"): (10.0, 3.0, pytest.approx(70_000.0)),
        ("A4", "finance"): (10.0, 2.5, pytest.approx(75_000.0)),
        ("C1", "all"): (3.0, 3.0, 0.0),
        ("C1", "finance"): (3.0, 3.0, 0.0),
    }


def test_median_targets_are_the_peer_medians() -> None:
    got = _by_key(_savings("median"))
    targets = {key: target for key, (_k, target, _s) in got.items()}
    assert targets[("A3", "finance")] == 2.5
    assert targets[("A2", "hr")] == 0.75
    assert targets[("A4", "all")] == 3.0
    assert got[("A4", "finance")][2] == pytest.approx(75_000.0)


def test_q1_savings_move_orgs_down_to_the_top_quartile() -> None:
    got = {key: (t, s) for key, (_k, t, s) in _by_key(_savings("q1")).items()}
    assert got == {
        ("A1", "all"): (2.6875, 0.0),
        ("A1", "estates"): (0.25, 0.0),
        ("A1", "finance"): (1.75, 0.0),
        ("A1", "hr"): (0.625, 0.0),
        ("A2", "all"): (2.6875, pytest.approx(3125.0)),
        ("A2", "finance"): (1.75, pytest.approx(2500.0)),
        ("A2", "hr"): (0.625, pytest.approx(3750.0)),
        ("A3", "all"): (2.6875, pytest.approx(1562.5)),
        ("A3", "finance"): (1.75, pytest.approx(6250.0)),
        ("A4", "all"): (2.6875, pytest.approx(73_125.0)),
        ("A4", "finance"): (1.75, pytest.approx(82_500.0)),
        ("C1", "all"): (3.0, 0.0),
        ("C1", "finance"): (3.0, 0.0),
    }


def test_external_method_covers_only_the_table_functions_and_never_all() -> None:
    got = {key: (t, s) for key, (_k, t, s) in _by_key(_savings("external:hackett_median")).items()}
    assert got == {
        ("A1", "finance"): (1.157, 0.0),
        ("A1", "hr"): (0.777, 0.0),
        ("A2", "finance"): (1.157, pytest.approx(8430.0)),
        ("A2", "hr"): (0.777, pytest.approx(2230.0)),
        ("A3", "finance"): (1.157, pytest.approx(9215.0)),
        ("A4", "finance"): (1.157, pytest.approx(88_430.0)),
        ("C1", "finance"): (1.157, pytest.approx(18_430.0)),
    }
    best = _by_key(_savings("external:hackett_best_in_class"))
    assert best[("A1", "finance")][1:] == (0.609, pytest.approx(7820.0))
    assert best[("A1", "hr")][1:] == (0.477, pytest.approx(460.0))


def test_threshold_applies_to_every_function_and_all() -> None:
    got = {key: (t, s) for key, (_k, t, s) in _by_key(_savings("threshold:2")).items()}
    assert got == {
        ("A1", "all"): (2.0, 0.0),
        ("A1", "estates"): (2.0, 0.0),
        ("A1", "finance"): (2.0, 0.0),
        ("A1", "hr"): (2.0, 0.0),
        ("A2", "all"): (2.0, pytest.approx(10_000.0)),
        ("A2", "finance"): (2.0, 0.0),
        ("A2", "hr"): (2.0, 0.0),
        ("A3", "all"): (2.0, pytest.approx(5000.0)),
        ("A3", "finance"): (2.0, pytest.approx(5000.0)),
        ("A4", "all"): (2.0, pytest.approx(80_000.0)),
        ("A4", "finance"): (2.0, pytest.approx(80_000.0)),
        ("C1", "all"): (2.0, pytest.approx(10_000.0)),
        ("C1", "finance"): (2.0, pytest.approx(10_000.0)),
    }


def test_orgs_outside_every_group_get_no_peer_savings_but_keep_threshold_ones() -> None:
    # footprint: A3 has none; F1 = A1, A2, C1 (finance 1, 2, 3 → iqm 2), F2 = A4 alone
    got = _by_key(_savings("iqm", "footprint"))
    assert {o for o, _f in got} == {"A1", "A2", "A4", "C1"}
    assert got[("C1", "finance")] == (3.0, 2.0, pytest.approx(10_000.0))
    assert got[("A2", "finance")] == (2.0, 2.0, 0.0)
    assert got[("A4", "finance")] == (10.0, 10.0, 0.0)
    assert ("A3", "all") in _by_key(_savings("threshold:6", "footprint"))


def test_peer_methods_need_groups_and_stats() -> None:
    totals = function_totals(Round.function_costs)
    kpis = compute_kpis(Round.finance, Round.function_costs, totals=totals)
    with pytest.raises(ValueError, match="needs peer groups"):
        compute_savings(kpis, totals, Round.finance, None, None, Method("iqm"))
    threshold = compute_savings(
        kpis, totals, Round.finance, None, None, Method("threshold", percent=6.0)
    )
    assert threshold.height == 13


def test_rows_are_sorted_by_org_year_function() -> None:
    table = _savings("iqm")
    keys = table.select("org_code", "year", "function").rows()
    assert keys == sorted(keys)


money = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["acute", "community"]),
            st.floats(min_value=1.0, max_value=1e9),
            st.lists(
                st.tuples(st.sampled_from(["finance", "hr", "imt"]), money, money),
                min_size=1,
                max_size=4,
            ),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(
        ["iqm", "median", "q1", "external:hackett_median", "threshold:6", "threshold:0.5"]
    ),
)
def test_saving_is_never_negative_and_zero_at_or_below_target(
    orgs: list[tuple[str, float, list[tuple[str, float, float]]]], method: str
) -> None:
    class Tables(Round):
        pass

    Tables.organisations = organisations(
        [{"org_code": f"O{i}", "org_type": t} for i, (t, _turnover, _lines) in enumerate(orgs)]
    )
    Tables.finance = finance(
        [{"org_code": f"O{i}", "turnover": turnover} for i, (_t, turnover, _l) in enumerate(orgs)]
    )
    Tables.function_costs = costs(
        [
            {
                "org_code": f"O{i}",
                "function": f,
                "process": f"p{j}",
                "pay_cost": pay,
                "non_pay_cost": non_pay,
            }
            for i, (_t, _turnover, lines) in enumerate(orgs)
            for j, (f, pay, non_pay) in enumerate(lines)
        ]
    )
    table = _savings(method, tables=Tables)
    totals = function_totals(Tables.function_costs)
    joined = table.join(totals, on=["org_code", "year", "function"]).join(
        Tables.finance, on=["org_code", "year"]
    )
    assert joined.height == table.height > 0
    for kpi_value, target, saving, cost, turnover in joined.select(
        "kpi_value", "target", "saving", "cost", "turnover"
    ).rows():
        assert saving >= 0.0
        if kpi_value <= target:
            assert saving == 0.0
        else:
            assert saving == pytest.approx(
                max(0.0, cost - target / 100 * turnover), rel=1e-9, abs=1e-6
            )


def test_rounding_noise_above_the_target_is_no_saving() -> None:
    # target 10% of 1bn = 100m exactly; a cost 1e-5 above it is float noise (≤ 1e-12 × cost),
    # a cost 1e-3 above it is kept
    table = pl.DataFrame(
        {
            "cost": [1e8 + 1e-5, 1e8 + 1e-3, 1e8 - 1.0],
            "turnover": [1e9] * 3,
            "kpi_value": [10.0 + 1e-14, 10.0 + 1e-12, 10.0 + 1e-14],  # the last one "above"
            "target": [10.0] * 3,
        }
    )
    savings = table.select(
        saving_expr(pl.col("cost"), pl.col("turnover"), pl.col("kpi_value"), pl.col("target"))
    ).to_series()
    assert savings.to_list() == [0.0, pytest.approx(1e-3, rel=1e-4), 0.0]
