"""function_totals and respondents: cost, fte and shared summed over processes, plus ``all``."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tables import Y1, Y2, Round, assert_bit_identical, costs
from corpbench.bench import TOTALS_COLUMNS, function_totals, respondents
from corpbench.bench.totals import in_key_order, interleave_levels, totals_by_level
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


def reference_totals(function_costs: pl.DataFrame) -> pl.DataFrame:
    """function_totals as first written (before the run sums): the rows sorted by key, grouped
    by the key strings and summed by polars, the `all` rows placed by a sort. The figures of
    the faster version are pinned to it bit for bit."""
    keys = ["org_code", "year", "function"]
    sums = [
        pl.col("cost").sum(),
        pl.col("fte").sum(),
        pl.col("shared").sum(),
        pl.col("_shared_n").sum(),
    ]
    rows = function_costs.select(
        *keys,
        "process",
        (pl.col("pay_cost") + pl.col("non_pay_cost")).alias("cost"),
        pl.col("fte"),
        pl.col("shared_cost").alias("shared"),
        pl.col("shared_cost").is_not_null().cast(pl.Int64).alias("_shared_n"),
    )
    rows = rows.sort([*keys, "process"]).drop("process")
    per_function = rows.group_by(keys, maintain_order=True).agg(sums).with_row_index("_position")
    per_org = per_function.group_by(["org_code", "year"], maintain_order=True).agg(
        *sums,
        (pl.col("_position").first() + (pl.col("function") < "all").sum() - pl.lit(0.5)).alias(
            "_position"
        ),
        pl.lit("all", dtype=pl.String).alias("function"),
    )
    columns = [*keys, "cost", "fte", "shared", "_shared_n", "_position"]
    return (
        pl.concat(
            [
                per_function.select(columns).with_columns(pl.col("_position").cast(pl.Float64)),
                per_org.select(columns).with_columns(pl.col("_position").cast(pl.Float64)),
            ]
        )
        .sort("_position")
        .with_columns(
            pl.col("cost", "fte").cast(pl.Float64),
            pl.when(pl.col("_shared_n") > 0)
            .then(pl.col("shared"))
            .otherwise(None)
            .cast(pl.Float64)
            .alias("shared"),
        )
        .select(TOTALS_COLUMNS)
    )


#: Amounts where the order and method of summation show in the last bits, and -0.0.
AMOUNTS = [0.0, -0.0, 0.1, 0.3, 1.0, 3.3, 1234.56, 1e6, 2.5e8, 1e16, 1e-3]

cost_lines = st.lists(
    st.tuples(
        st.sampled_from(["B2", "A1", "C3", None]),
        st.sampled_from([Y1, Y2, None]),
        st.sampled_from(["hr", "imt", "al", "all_in", "Zeta", None]),
        st.sampled_from([None, "", "p", "q", "r", "s"]),
        st.sampled_from(AMOUNTS),
        st.sampled_from(AMOUNTS),
        st.one_of(st.none(), st.sampled_from(AMOUNTS)),
        st.one_of(st.none(), st.sampled_from(AMOUNTS)),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(cost_lines, st.integers(0, 3), st.booleans())
def test_totals_are_the_reference_totals_bit_for_bit(
    lines: list[
        tuple[
            str | None, str | None, str | None, str | None, float, float, float | None, float | None
        ]
    ],
    seed: int,
    presort: bool,
) -> None:
    table = costs(
        [
            {
                "org_code": o,
                "year": y,
                "function": f,
                "process": p,
                "pay_cost": pay,
                "non_pay_cost": non_pay,
                "fte": fte,
                "shared_cost": shared,
            }
            for o, y, f, p, pay, non_pay, fte, shared in lines
        ]
    )
    keys = ["org_code", "year", "function", "process"]
    table = table.sort(keys) if presort else table.sample(fraction=1.0, shuffle=True, seed=seed)
    totals = function_totals(table)
    assert_bit_identical(totals, reference_totals(table))
    per_function, per_org = totals_by_level(table, shared=False)
    assert_bit_identical(
        interleave_levels(
            per_function.with_columns(pl.lit(None, pl.Float64).alias("shared")),
            per_org.with_columns(pl.lit(None, pl.Float64).alias("shared")),
        ).drop("shared"),
        totals.drop("shared"),
    )


def test_many_processes_in_one_function_sum_like_the_reference() -> None:
    # a long run of values where the order and the method of summation matter
    table = costs(
        [
            {"org_code": "A1", "function": "hr", "process": f"p{i:04d}", "pay_cost": v}
            for i, v in enumerate([1e16, 0.3, 0.7, 1e-3, 1.0] * 100)
        ]
        + [{"org_code": "A1", "function": "imt", "pay_cost": 0.1}]
    )
    assert_bit_identical(function_totals(table), reference_totals(table))
    shuffled = table.sample(fraction=1.0, shuffle=True, seed=3)
    assert_bit_identical(function_totals(shuffled), reference_totals(table))
