"""function_totals and respondents: cost, fte and shared summed over processes, plus ``all``."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tables import Y1, Y2, Round, costs
from corpbench.bench import TOTALS_COLUMNS, function_totals, respondents
from corpbench.bench.totals import in_key_order
from corpbench.standard.bundle import empty_table


def test_totals_sum_processes_and_add_all_rows_sorted_by_key() -> None:
    totals = function_totals(Round.function_costs)
    assert totals.columns == list(TOTALS_COLUMNS)
    a1 = totals.filter(pl.col("org_code") == "A1")
    # all < estates < finance < hr in a plain string sort
    assert a1.rows() == [
        ("A1", Y1, "all", 35000.0, pytest.approx(0.75), 1000.0),
        ("A1", Y1, "estates", 5000.0, 0.0, None),
        ("A1", Y1, "finance", 20000.0, pytest.approx(0.5), 1000.0),
        ("A1", Y1, "hr", 10000.0, 0.25, None),
    ]
    assert totals.select("org_code", "function").rows() == [
        ("A1", "all"),
        ("A1", "estates"),
        ("A1", "finance"),
        ("A1", "hr"),
        ("A2", "all"),
        ("A2", "finance"),
        ("A2", "hr"),
        ("A3", "all"),
        ("A3", "finance"),
        ("A4", "all"),
        ("A4", "finance"),
        ("C1", "all"),
        ("C1", "finance"),
    ]


def test_shared_is_null_only_when_every_row_is_null() -> None:
    totals = function_totals(Round.function_costs)
    shared = {(o, f): s for o, _y, f, _c, _fte, s in totals.rows()}
    assert shared[("A2", "hr")] == 0.0  # a zero shared cost is not missing
    assert shared[("A2", "all")] == 5000.0
    assert shared[("A3", "finance")] is None
    assert shared[("A3", "all")] is None
    assert shared[("A1", "finance")] == 1000.0  # one null process row adds nothing


def test_totals_keep_years_apart() -> None:
    table = costs(
        [
            {"org_code": "X1", "function": "hr", "pay_cost": 1.0, "non_pay_cost": 2.0},
            {"org_code": "X1", "year": Y2, "function": "hr", "pay_cost": 10.0, "fte": 3.0},
        ]
    )
    assert function_totals(table).select("year", "function", "cost", "fte").rows() == [
        (Y1, "all", 3.0, 1.0),
        (Y1, "hr", 3.0, 1.0),
        (Y2, "all", 10.0, 3.0),
        (Y2, "hr", 10.0, 3.0),
    ]


def test_empty_function_costs_give_empty_totals_with_the_columns() -> None:
    totals = function_totals(empty_table("function_costs"))
    assert totals.columns == list(TOTALS_COLUMNS)
    assert totals.height == 0


def test_respondents_are_orgs_with_a_cost_row_that_year() -> None:
    assert respondents(Round.function_costs).rows() == [
        ("A1", Y1),
        ("A2", Y1),
        ("A3", Y1),
        ("A4", Y1),
        ("C1", Y1),
    ]


def test_all_sorts_among_functions_in_plain_string_order() -> None:
    table = costs(
        [
            {"org_code": "X1", "function": name, "pay_cost": 1.0}
            for name in ("hr", "admin", "alm", "all_in", "Zeta", "al")
        ]
        + [{"org_code": "X0", "function": "legal", "pay_cost": 2.0}]
    )
    keys = function_totals(table).select("org_code", "function").rows()
    assert keys == [
        ("X0", "all"),
        ("X0", "legal"),
        ("X1", "Zeta"),
        ("X1", "admin"),
        ("X1", "al"),
        ("X1", "all"),
        ("X1", "all_in"),
        ("X1", "alm"),
        ("X1", "hr"),
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["B2", "A1", "C3"]),
            st.sampled_from([Y1, Y2]),
            st.text(alphabet="ahlmz_", min_size=1, max_size=4).filter(lambda f: f != "all"),
            st.one_of(st.none(), st.sampled_from(["p", "q", "r"])),
            st.floats(min_value=0, max_value=1e6),
        ),
        min_size=1,
        max_size=30,
        unique_by=lambda r: r[:4],
    )
)
def test_totals_are_sorted_and_sum_every_row(
    rows: list[tuple[str, str, str, str | None, float]],
) -> None:
    table = costs(
        [
            {"org_code": o, "year": y, "function": f, "process": p, "pay_cost": c}
            for o, y, f, p, c in rows
        ]
    )
    totals = function_totals(table)
    assert totals.rows() == totals.sort("org_code", "year", "function").rows()
    for o, y, f, cost in totals.select("org_code", "year", "function", "cost").rows():
        lines = [c for ro, ry, rf, _p, c in rows if (ro, ry) == (o, y) and f in (rf, "all")]
        assert cost == pytest.approx(sum(lines))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["B2", "A1"]),
            st.sampled_from([Y1, Y2]),
            st.sampled_from(["hr", "imt"]),
            st.one_of(st.none(), st.sampled_from(["", "p", "q"])),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_in_key_order_agrees_with_sorting(
    rows: list[tuple[str, str, str, str | None]], presort: bool
) -> None:
    keys = ["org_code", "year", "function", "process"]
    df = pl.DataFrame(rows, schema=dict.fromkeys(keys, pl.String), orient="row")
    if presort:
        df = df.sort(keys)
    assert in_key_order(df, keys) == (df.rows() == df.sort(keys).rows())


def test_totals_are_bit_identical_whatever_the_row_order() -> None:
    # summed in a different order these give different floats: (1e16 + 1) - 1e16 == 0
    values = [1e16, 1.0, -1e16, 1.0, 3.3, 0.1]
    table = costs(
        [
            {"org_code": "A1", "function": "hr", "process": p, "pay_cost": v}
            for p, v in zip("abcdef", values, strict=True)
        ]
    )
    expected = function_totals(table).rows()
    for seed in range(8):
        shuffled = table.sample(fraction=1.0, shuffle=True, seed=seed)
        assert function_totals(shuffled).rows() == expected
