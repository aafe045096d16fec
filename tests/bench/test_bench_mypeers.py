"""The grouping ``mypeers:NAME`` (:mod:`corpbench.bench.mypeers`): an organisation among its
saved peers, statistics as the data standard's, and no peer figures where fewer than five peers
have a value. Expected values are worked by hand below.

Every organisation has a turnover of £1m, so a cost of £k thousand is k/10 % of turnover.

===========  =======================  ==============  =============
org          2009/10 finance (%)      2009/10 hr (%)  estates (%)
===========  =======================  ==============  =============
O0 (self)    35,000 (3.5)             20,000 (2.0)    10,000 (1.0)
P1           10,000 (1.0)             10,000 (1.0)    10,000 (1.0)
P2           15,000 (1.5)             10,000 (1.0)    10,000 (1.0)
P3           25,000 (2.5)             10,000 (1.0)    10,000 (1.0)
P4           30,000 (3.0)             10,000 (1.0)    10,000 (1.0)
P5           50,000 (5.0)             30,000 (3.0)    —
P6           40,000 (4.0)             —               —
X1 (no peer) 1,000 (0.1)              1,000 (0.1)     —
===========  =======================  ==============  =============

Finance, the group of 7: 1.0 1.5 2.5 3.0 3.5 4.0 5.0 → median 3.0, q1 (h = 1.5) 2.0,
IQM (one removed from each end) (1.5+2.5+3.0+3.5+4.0)/5 = 2.9; O0 ranks 5th. Savings of O0
on finance: IQM 35,000 − 29,000 = 6,000, median 5,000, top quartile 15,000.
HR, 6 values with five peers: 1 1 1 1 2 3 → median 1.0, so figures exist. Estates: four peers
only, so no statistics, no rank and no peer saving for estates.
In 2010/11 O0 and P1–P4 respond (four peers): no "My peers" figures at all that year.
"""

from __future__ import annotations

import polars as pl
import pytest

from bench.tables import Y1, Y2, costs, finance, organisations
from corpbench.bench.engine import Benchmark
from corpbench.bench.mypeers import MIN_MY_PEERS, enough_peers, my_peers_group

PEERS = ["P1", "P2", "P3", "P4", "P5", "P6"]
GROUPING = "mypeers:Neighbours"


def _round() -> Benchmark:
    codes = ["O0", *PEERS, "X1"]
    orgs = organisations([{"org_code": c, "org_type": "acute"} for c in codes])
    fin_rows = [{"org_code": c, "turnover": 1_000_000.0} for c in codes]
    fin_rows += [{"org_code": c, "year": Y2, "turnover": 1_000_000.0} for c in codes[:5]]
    cost_rows = []
    table = {
        "finance": {"O0": 35, "P1": 10, "P2": 15, "P3": 25, "P4": 30, "P5": 50, "P6": 40, "X1": 1},
        "hr": {"O0": 20, "P1": 10, "P2": 10, "P3": 10, "P4": 10, "P5": 30, "X1": 1},
        "estates": {"O0": 10, "P1": 10, "P2": 10, "P3": 10, "P4": 10},
    }
    for function, by_org in table.items():
        for code, thousands in by_org.items():
            cost_rows.append({"org_code": code, "function": function, "pay_cost": thousands * 1e3})
    for code in ["O0", "P1", "P2", "P3", "P4"]:
        cost_rows.append({"org_code": code, "year": Y2, "function": "finance", "pay_cost": 2e4})
    return Benchmark(orgs, finance(fin_rows), costs(cost_rows))


def _stat(bench: Benchmark, year: str, function: str, column: str) -> float | None:
    rows = bench.stats(GROUPING, year).filter(
        (pl.col("function") == function) & (pl.col("kpi") == "pct_turnover")
    )
    return None if rows.is_empty() else float(rows[column][0])


def test_statistics_of_the_organisation_among_its_peers() -> None:
    bench = _round().with_my_peers("Neighbours", "O0", PEERS)
    assert bench.group_of("O0", GROUPING) == "Neighbours"
    assert bench.group_of("X1", GROUPING) is None
    assert _stat(bench, Y1, "finance", "n") == 7
    assert _stat(bench, Y1, "finance", "median") == pytest.approx(3.0)
    assert _stat(bench, Y1, "finance", "q1") == pytest.approx(2.0)
    assert _stat(bench, Y1, "finance", "iqm") == pytest.approx(2.9)
    assert _stat(bench, Y1, "hr", "n") == 6
    assert _stat(bench, Y1, "hr", "median") == pytest.approx(1.0)
    ranks = bench.ranks(GROUPING, Y1).filter(
        (pl.col("org_code") == "O0") & (pl.col("kpi") == "pct_turnover")
    )
    # all: O0 6.5 among 3.0 3.5 4.0 4.5 5.0 8.0 → 6th
    ranked = dict(zip(ranks["function"], ranks["rank"], strict=True))
    assert ranked == {"finance": 5, "hr": 5, "all": 6}


def test_fewer_than_five_peers_with_a_value_give_no_peer_figures() -> None:
    bench = _round().with_my_peers("Neighbours", "O0", PEERS)
    assert MIN_MY_PEERS == 5
    assert _stat(bench, Y1, "estates", "n") is None
    assert bench.stats(GROUPING, Y2).is_empty()
    assert bench.ranks(GROUPING, Y2).is_empty()
    saved = bench.savings("iqm", GROUPING, Y1).filter(pl.col("org_code") == "O0")
    assert "estates" not in saved["function"].to_list()
    assert bench.savings("iqm", GROUPING, Y2).is_empty()
    # the organisation's own figures stay: they are not peer figures
    assert bench.kpis(Y2).filter(pl.col("org_code") == "O0").height > 0


@pytest.mark.parametrize(("method", "expected"), [("iqm", 6000.0), ("median", 5000.0),
                                                  ("q1", 15000.0)])  # fmt: skip
def test_peer_method_savings_use_the_group(method: str, expected: float) -> None:
    bench = _round().with_my_peers("Neighbours", "O0", PEERS)
    row = bench.savings(method, GROUPING, Y1).filter(
        (pl.col("org_code") == "O0") & (pl.col("function") == "finance")
    )
    assert float(row["saving"][0]) == pytest.approx(expected)


def test_the_base_benchmark_and_other_lists_are_untouched() -> None:
    base = _round()
    base.stats("org_type")
    mine = base.with_my_peers("Neighbours", "O0", PEERS)
    other = base.with_my_peers("Neighbours", "O0", ["P1", "P2", "P3", "P4", "P6"])
    assert _stat(mine, Y1, "finance", "n") == 7
    # the same name over other peers: 1.0 1.5 2.5 3.0 3.5 4.0 → median 2.75
    assert _stat(other, Y1, "finance", "median") == pytest.approx(2.75)
    assert _stat(mine, Y1, "finance", "median") == pytest.approx(3.0)
    with pytest.raises(ValueError, match="Unknown peer list"):
        base.stats(GROUPING)
    with pytest.raises(ValueError, match="Unknown peer list"):
        mine.stats("mypeers:Another")
    # national groupings are shared, not recomputed, and equal the base's
    assert mine.stats("org_type").equals(base.stats("org_type"))


def test_enough_peers_counts_peers_not_the_organisation() -> None:
    kpis = pl.DataFrame(
        {
            "org_code": ["O0", "P1", "P2", "P3", "P4", "Z9"],
            "year": [Y1] * 6,
            "function": ["finance"] * 6,
            "kpi": ["pct_turnover"] * 6,
            "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    assert enough_peers(kpis, "O0", ["P1", "P2", "P3", "P4"]).is_empty()
    assert enough_peers(kpis, "O0", ["P1", "P2", "P3", "P4"], minimum=4).height == 5
    # an organisation outside the list never counts
    assert enough_peers(kpis, "P1", ["O0", "P2", "P3", "P4", "Z9"])["org_code"].to_list() == [
        "O0", "P1", "P2", "P3", "P4", "Z9"
    ]  # fmt: skip
    group = my_peers_group("O0", "N", ["P2", "P1", "P2"])
    assert group.rows() == [("O0", "N"), ("P1", "N"), ("P2", "N")]
