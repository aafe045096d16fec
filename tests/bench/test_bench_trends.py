"""Trends of a footprint and the nation across rounds (:mod:`corpbench.bench.trends`), against
figures worked by hand.

Register: A1, A2 in footprint F, B1 in footprint G. Years 2009/10 and 2010/11 are QIPP's
(the default round), 2016/17 is the hand-written round ``nhsi-test`` (bench/trend_rounds.py).

=====  =========  ==============================  ===========================================
year   org        turnover                        costs
=====  =========  ==============================  ===========================================
09/10  A1         £100m                           finance £1.0m, hr £0.5m
09/10  A2         £200m                           finance £3.0m, imt £2.0m
09/10  B1         £50m                            finance £0.5m
10/11  A1         £110m                           finance £1.1m
10/11  A2         £0 (no % of turnover)           finance £2.0m
16/17  A1         £120m                           finance £1.2m, imt £0.6m, corporate_legal
                                                  £0.3m, hr £0.4m (hr: not in the round)
16/17  A2         £300m                           finance £3.3m
=====  =========  ==============================  ===========================================

Nation, finance: 09/10 3 organisations, £4.5m of £350m = 1.2857…%; 10/11 2 organisations,
£3.1m, but only A1 has a turnover: £1.1m of £110m = 1.0%; 16/17 £4.5m of £420m = 1.0714…%,
after the break. IM&T 09/10 £2.0m of £200m = 1.0%, 16/17 £0.6m of £120m = 0.5%. HR only in
09/10 (£0.5m of £100m = 0.5%): the 2016/17 round has no HR. Corporate legal only in 16/17
(0.25%). ``all`` (every function returned): 09/10 £7.0m of £350m = 2.0%; 16/17 £2.5m + £3.3m
= £5.8m of £420m.
Footprint F (A1, A2), finance 09/10: £4.0m of £300m = 1.333…%.
"""

from __future__ import annotations

import polars as pl
import pytest

from bench.tables import Y1, Y2, costs, finance, organisations
from bench.trend_rounds import Y3, nhsi_test
from corpbench.bench.totals import function_totals
from corpbench.bench.trends import BREAK_COLUMNS, TREND_COLUMNS, round_breaks, scope_trend
from corpbench.standard.rounds import default_round

QIPP = default_round()
ROUNDS = {Y1: QIPP, Y2: QIPP, Y3: nhsi_test()}


def round_tables() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The register, finance and function_costs tables of the module docstring."""
    orgs = organisations(
        [
            {"org_code": "A1", "org_type": "acute", "footprint": "F"},
            {"org_code": "A2", "org_type": "acute", "footprint": "F"},
            {"org_code": "B1", "org_type": "acute", "footprint": "G"},
        ]
    )
    fin = finance(
        [
            {"org_code": "A1", "turnover": 100e6},
            {"org_code": "A2", "turnover": 200e6},
            {"org_code": "B1", "turnover": 50e6},
            {"org_code": "A1", "year": Y2, "turnover": 110e6},
            {"org_code": "A2", "year": Y2, "turnover": 0.0},
            {"org_code": "A1", "year": Y3, "turnover": 120e6},
            {"org_code": "A2", "year": Y3, "turnover": 300e6},
        ]
    )
    rows = [
        ("A1", Y1, "finance", 1.0e6), ("A1", Y1, "hr", 0.5e6), ("A2", Y1, "finance", 3.0e6),
        ("A2", Y1, "imt", 2.0e6), ("B1", Y1, "finance", 0.5e6), ("A1", Y2, "finance", 1.1e6),
        ("A2", Y2, "finance", 2.0e6), ("A1", Y3, "finance", 1.2e6), ("A1", Y3, "imt", 0.6e6),
        ("A1", Y3, "corporate_legal", 0.3e6), ("A1", Y3, "hr", 0.4e6),
        ("A2", Y3, "finance", 3.3e6),
    ]  # fmt: skip
    cost = costs([{"org_code": o, "year": y, "function": f, "pay_cost": c} for o, y, f, c in rows])
    return orgs, fin, cost


def _tables() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    orgs, fin, cost = round_tables()
    return orgs, fin, function_totals(cost)


def _row(trend: pl.DataFrame, function: str, year: str) -> dict[str, object] | None:
    found = trend.filter((pl.col("function") == function) & (pl.col("year") == year))
    return None if found.is_empty() else found.row(0, named=True)


def test_the_national_trend_by_hand() -> None:
    _, fin, totals = _tables()
    trend = scope_trend(totals, fin, ROUNDS)
    assert tuple(trend.columns) == TREND_COLUMNS
    expected = {
        ("finance", Y1): (3, 4.5e6, 350e6, 100 * 4.5 / 350, "qipp-2010", 0, False),
        ("finance", Y2): (2, 3.1e6, 110e6, 1.0, "qipp-2010", 0, False),
        ("finance", Y3): (2, 4.5e6, 420e6, 100 * 4.5 / 420, "nhsi-test", 1, True),
        ("imt", Y1): (1, 2.0e6, 200e6, 1.0, "qipp-2010", 0, False),
        ("imt", Y3): (1, 0.6e6, 120e6, 0.5, "nhsi-test", 1, True),
        ("hr", Y1): (1, 0.5e6, 100e6, 0.5, "qipp-2010", 0, False),
        ("corporate_legal", Y3): (1, 0.3e6, 120e6, 0.25, "nhsi-test", 1, True),
        ("all", Y1): (3, 7.0e6, 350e6, 2.0, "qipp-2010", 0, False),
        ("all", Y2): (2, 3.1e6, 110e6, 1.0, "qipp-2010", 0, False),
        ("all", Y3): (2, 5.8e6, 420e6, 100 * 5.8 / 420, "nhsi-test", 1, True),
    }
    got = {(r["function"], r["year"]): r for r in trend.iter_rows(named=True)}
    assert set(got) == set(expected)  # no hr in 2016/17: its round has no HR
    for key, (n, cost, turnover, pct, name, segment, brk) in expected.items():
        r = got[key]
        assert (r["organisations"], r["round"], r["segment"], r["break_before"]) == (
            n, name, segment, brk
        ), key  # fmt: skip
        assert r["cost"] == pytest.approx(cost)
        assert r["turnover"] == pytest.approx(turnover)
        assert r["pct_turnover"] == pytest.approx(pct)


def test_a_footprint_trend_counts_its_organisations_only() -> None:
    orgs, fin, totals = _tables()
    members = orgs.filter(pl.col("footprint") == "F")["org_code"].to_list()
    trend = scope_trend(totals, fin, ROUNDS, members)
    finance_y1 = _row(trend, "finance", Y1)
    assert finance_y1 is not None
    assert (finance_y1["organisations"], finance_y1["cost"]) == (2, 4.0e6)
    assert finance_y1["pct_turnover"] == pytest.approx(100 * 4.0 / 300)
    assert _row(scope_trend(totals, fin, ROUNDS, ["B1"]), "finance", Y2) is None


def test_what_changed_at_the_break() -> None:
    breaks = round_breaks([Y3, Y1, Y2], ROUNDS)
    assert tuple(breaks.columns) == BREAK_COLUMNS
    assert breaks.rows() == [
        (
            Y3,
            Y2,
            "qipp-2010",
            "nhsi-test",
            ["corporate_legal"],
            ["communications", "estates", "governance_risk", "hr", "legal", "payroll",
             "procurement"],
            ["all", "imt"],
        )
    ]  # fmt: skip
    # the same round throughout: no break; a year of no round against a round: a break
    assert round_breaks([Y1, Y2], ROUNDS).is_empty()
    unknown = round_breaks([Y2, "2011/12"], {Y2: QIPP})
    assert unknown.rows() == [("2011/12", Y2, "qipp-2010", None, [], [], [])]


def test_a_year_of_no_round_keeps_every_function() -> None:
    _, fin, totals = _tables()
    trend = scope_trend(totals, fin, {Y1: QIPP, Y2: QIPP})
    hr = _row(trend, "hr", Y3)
    assert hr is not None
    assert (hr["round"], hr["segment"], hr["break_before"]) == (None, 1, True)
    assert hr["pct_turnover"] == pytest.approx(100 * 0.4 / 120)
