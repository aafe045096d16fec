"""The board scorecard (programme methods §4): every figure against values worked by hand on the
round of :mod:`bench.scorecard_tables`, undefined figures without a row, the proportion parts,
and the peer statistics and ranks (1 = best) against an independent computation in this file."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from bench.scorecard_tables import AC1_VALUES, BUNDLE, OTHER_VALUES, quartet
from bench.tables import Y1, costs, finance, organisations
from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import peer_groups
from corpbench.bench.scorecard import (
    FIGURE_CODES,
    FIGURES_BY_CODE,
    PROPORTION_FIGURES,
    SCORECARD_COLUMNS,
    engine_scorecard,
    figure_parts,
    figure_values,
    proportion_parts,
    scorecard,
    trade_offs,
)
from corpbench.standard.bundle import Bundle

#: The machine codes other parts of the project rely on (the contract), in reading order.
CONTRACT = (
    "hr_cost_per_employee",
    "recruitment_cost_per_recruit",
    "agency_pct_pay",
    "sickness_pct_pay",
    "cost_per_invoice_paid",
    "cost_per_invoice_raised",
    "pct_invoices_paid_30_days",
    "payroll_cost_per_payslip",
    "payroll_error_rate",
    "cost_per_helpdesk_call",
    "imt_cost_per_workstation",
    "procurement_pct_non_pay",
    "cost_per_order",
    "pct_orders_electronic",
    "estates_cost_per_m2",
)


def _values() -> dict[tuple[str, str], float]:
    frame = figure_values(BUNDLE)
    assert frame.filter(pl.col("year") != Y1).is_empty()
    return {(r["org_code"], r["figure"]): r["value"] for r in frame.iter_rows(named=True)}


def test_the_codes_directions_and_kinds_are_the_contract() -> None:
    assert FIGURE_CODES == CONTRACT
    higher = {c for c in CONTRACT if FIGURES_BY_CODE[c].better == "higher"}
    assert higher == {"pct_invoices_paid_30_days", "pct_orders_electronic"}
    quality = {c for c in CONTRACT if FIGURES_BY_CODE[c].kind == "quality"}
    assert quality == {
        "agency_pct_pay",
        "sickness_pct_pay",
        "pct_invoices_paid_30_days",
        "payroll_error_rate",
        "pct_orders_electronic",
    }


def test_each_formula_is_written_from_its_parts_as_programme_methods_writes_it() -> None:
    # programme methods §4's words for one figure of each shape: a fallback indicator, a
    # process's cost, a percentage of a finance column, a percentage of two indicators
    expected = {
        "hr_cost_per_employee": "cost(hr) / employees_served (else finance.employees)",
        "recruitment_cost_per_recruit": "cost(hr, recruitment) / recruits",
        "procurement_pct_non_pay": "100 × cost(procurement) / non_pay",
        "payroll_error_rate": "100 × payslips_in_error / payslips",
    }
    assert {c: FIGURES_BY_CODE[c].formula for c in expected} == expected


def test_every_figure_equals_its_hand_computed_value() -> None:
    values = _values()
    assert {f: values[("AC1", f)] for f in CONTRACT} == AC1_VALUES


def test_missing_or_zero_denominators_and_non_respondents_have_no_row() -> None:
    values = _values()
    others = {k: v for k, v in values.items() if k[0] != "AC1"}
    # exactly the hand-worked rows: AC2's zero invoices and orders, absent payslips and
    # recruitment process, AC3's invoices under hr and zero pay, NR1 (no return) have none
    assert others == OTHER_VALUES
    assert not any(math.isnan(v) or v == 0 for v in values.values())


def test_rows_carry_their_function_and_are_sorted() -> None:
    frame = figure_values(BUNDLE)
    assert frame.columns == ["org_code", "year", "function", "figure", "value"]
    assert frame.equals(frame.sort("org_code", "year", "figure"))
    functions = {(r["figure"], r["function"]) for r in frame.iter_rows(named=True)}
    assert ("cost_per_invoice_paid", "finance") in functions
    assert ("agency_pct_pay", "hr") in functions
    assert figure_values(BUNDLE, year="2010/11").is_empty()


def test_proportion_parts_are_the_counts_of_each_proportion() -> None:
    parts = proportion_parts(BUNDLE, "pct_invoices_paid_30_days")
    assert parts.columns == ["org_code", "year", "numerator", "denominator"]
    assert parts.rows() == [("AC1", Y1, 4500.0, 5000.0)]
    electronic = proportion_parts(BUNDLE, "pct_orders_electronic")
    assert electronic.rows() == [("AC1", Y1, 2400.0, 3000.0), ("AC3", Y1, 900.0, 1000.0)]
    assert proportion_parts(BUNDLE, "payroll_error_rate").rows() == [("AC1", Y1, 120.0, 24000.0)]
    assert set(PROPORTION_FIGURES) == {
        "pct_invoices_paid_30_days",
        "payroll_error_rate",
        "pct_orders_electronic",
    }


def test_parts_use_the_headcount_when_employees_served_is_absent() -> None:
    parts = figure_parts(BUNDLE, "hr_cost_per_employee")
    assert parts.rows() == [
        ("AC1", Y1, 10_000.0, 200.0),
        ("AC2", Y1, 9_000.0, 300.0),
        ("AC3", Y1, 8_000.0, 100.0),
        ("CM1", Y1, 5_000.0, 50.0),
    ]


def test_unknown_or_non_proportion_figures_are_refused() -> None:
    with pytest.raises(ValueError, match="not a proportion figure"):
        proportion_parts(BUNDLE, "cost_per_order")
    with pytest.raises(ValueError, match="Unknown scorecard figure 'nope'"):
        figure_parts(BUNDLE, "nope")


def test_an_empty_bundle_has_no_figures() -> None:
    assert figure_values(Bundle()).is_empty()
    assert scorecard(Bundle(), peer_groups(BUNDLE.organisations)).is_empty()


def _quantile7(values: list[float], p: float) -> float:
    """Independent: NumPy's default (linear, Hyndman–Fan 7) percentile."""
    return float(np.percentile(np.array(values), 100 * p))


def test_peer_statistics_and_ranks_with_groups_of_one_to_three_and_ties() -> None:
    card = scorecard(BUNDLE, peer_groups(BUNDLE.organisations))
    assert card.columns == list(SCORECARD_COLUMNS)
    rows = {(r["org_code"], r["figure"]): r for r in card.iter_rows(named=True)}
    # the hand values, grouped by type (A* acute, CM1 community), as the peer groups
    every = {**{("AC1", f): v for f, v in AC1_VALUES.items()}, **OTHER_VALUES}
    assert {k: r["value"] for k, r in rows.items()} == every
    for (code, figure), value in every.items():
        row = rows[(code, figure)]
        peers = [v for (c, f), v in every.items() if f == figure and c[0] == code[0]]
        assert row["group"] == ("acute" if code[0] == "A" else "community")
        assert row["n"] == len(peers)
        assert row["median"] == pytest.approx(_quantile7(peers, 0.5), rel=1e-15)
        assert row["q1"] == pytest.approx(_quantile7(peers, 0.25), rel=1e-15)
        assert row["q3"] == pytest.approx(_quantile7(peers, 0.75), rel=1e-15)
        assert row["mean"] == pytest.approx(sum(peers) / len(peers), rel=1e-15)
        assert (row["min"], row["max"]) == (min(peers), max(peers))
        higher = FIGURES_BY_CODE[figure].better == "higher"
        assert row["better"] == ("higher" if higher else "lower")
        better = [p for p in peers if (p > value if higher else p < value)]
        assert row["rank"] == 1 + len(better)
    # by hand: ties share the best place; higher is better for % orders electronic
    rank = {k: r["rank"] for k, r in rows.items()}
    assert [rank[(c, "estates_cost_per_m2")] for c in ("AC1", "AC2", "AC3")] == [1, 3, 1]
    assert [rank[(c, "imt_cost_per_workstation")] for c in ("AC1", "AC2", "AC3")] == [2, 2, 1]
    assert [rank[(c, "pct_orders_electronic")] for c in ("AC1", "AC3")] == [2, 1]
    assert [rank[(c, "hr_cost_per_employee")] for c in ("AC1", "AC2", "AC3")] == [2, 1, 3]
    assert rows[("CM1", "hr_cost_per_employee")]["n"] == 1
    assert rank[("CM1", "hr_cost_per_employee")] == 1
    # acute hr: 30, 50, 80 -> q1 = 40, median 50, q3 = 65
    hr = rows[("AC2", "hr_cost_per_employee")]
    assert (hr["q1"], hr["median"], hr["q3"]) == (40.0, 50.0, 65.0)


def test_an_organisation_outside_every_group_has_no_scorecard_row() -> None:
    groups = pl.DataFrame({"org_code": ["AC1", "AC3"], "group": ["g", "g"]})
    card = scorecard(BUNDLE, groups)
    assert set(card["org_code"]) == {"AC1", "AC3"}
    # the statistics count only the group's members: AC2's 30 is not among them
    hr = card.filter(pl.col("figure") == "hr_cost_per_employee")
    assert hr["n"].to_list() == [2, 2]
    assert hr["median"].to_list() == [65.0, 65.0]


def test_every_figure_has_a_title_for_people() -> None:
    from corpbench.standard.labels import scorecard_figure_label

    titles = [scorecard_figure_label(c) for c in CONTRACT]
    assert all(t != c for t, c in zip(titles, CONTRACT, strict=True))
    assert len(set(titles)) == len(CONTRACT)


def test_standing_places_each_figure_in_a_quarter_by_its_better_direction() -> None:
    bundle = quartet()
    card = scorecard(bundle, peer_groups(bundle.organisations))
    standing = {(r["org_code"], r["figure"]): r["standing"] for r in card.iter_rows(named=True)}
    # HR cost 100, 200, 300, 400: q1 175, q3 325 -> best, middle, middle, worst
    assert [standing[(c, "hr_cost_per_employee")] for c in ("P1", "P2", "P3", "P4")] == [
        "best_quarter",
        "middle",
        "middle",
        "worst_quarter",
    ]
    # agency 4, 3, 2, 1 %: lower is better -> P1 worst, P4 best
    assert standing[("P1", "agency_pct_pay")] == "worst_quarter"
    assert standing[("P4", "agency_pct_pay")] == "best_quarter"
    # electronic 50 … 80 %: higher is better -> P4 best, P1 worst
    assert standing[("P4", "pct_orders_electronic")] == "best_quarter"
    assert standing[("P1", "pct_orders_electronic")] == "worst_quarter"
    # a low HR cost bought with high agency spend: P1's HR, and nothing else
    assert trade_offs(card).rows() == [("P1", Y1, "hr")]


def test_standing_is_left_out_below_four_peers() -> None:
    card = scorecard(BUNDLE, peer_groups(BUNDLE.organisations))
    assert card["standing"].is_null().all()
    assert trade_offs(card).is_empty()


def test_my_peers_needs_five_other_peers_with_the_figure() -> None:
    # Q0 and six peers; HR cost per employee for all seven, agency cost for Q0 and four peers
    codes = [f"Q{i}" for i in range(7)]
    orgs = organisations([{"org_code": c, "org_type": "acute"} for c in codes])
    fin = finance([{"org_code": c, "turnover": 1e6, "total_pay": 1000.0} for c in codes])
    fc = costs(
        [
            {"org_code": c, "function": "hr", "pay_cost": 100.0 * (i + 1)}
            for i, c in enumerate(codes)
        ]
    )
    rows = [(c, Y1, "hr", "employees_served", 1.0) for c in codes]
    rows += [(c, Y1, "hr", "agency_cost", 10.0 * (i + 1)) for i, c in enumerate(codes[:5])]
    ind = pl.DataFrame(
        rows, schema=["org_code", "year", "function", "indicator", "value"], orient="row"
    )
    bench = Benchmark(orgs, fin, fc, ind).with_my_peers("near", "Q0", codes[1:])
    card = engine_scorecard(bench, "mypeers:near")
    own = card.filter(pl.col("org_code") == "Q0")
    # HR: six other peers have it -> figures; agency: only four others -> none, as if unreported
    assert own["figure"].to_list() == ["hr_cost_per_employee"]
    assert own.row(0, named=True)["n"] == 7
    assert own.row(0, named=True)["rank"] == 1
    assert card.filter(pl.col("figure") == "agency_pct_pay").is_empty()
    # under org_type the same benchmark has agency figures for the five that reported it
    assert engine_scorecard(bench).filter(pl.col("figure") == "agency_pct_pay").height == 5


def test_parts_of_one_year_and_from_given_totals_are_the_same() -> None:
    from corpbench.bench.totals import function_totals

    totals = function_totals(BUNDLE.function_costs)
    whole = proportion_parts(BUNDLE, "pct_orders_electronic")
    assert proportion_parts(BUNDLE, "pct_orders_electronic", year=Y1, totals=totals).equals(whole)
    assert proportion_parts(BUNDLE, "pct_orders_electronic", year="2010/11").is_empty()
