"""peer_ranks: each organisation's place among its peer group on a KPI, 1 = lowest, ties sharing
the lowest place; by hand on small groups (of one, two and three) and through the engine."""

from __future__ import annotations

import polars as pl

from bench.tables import Y1, Y2, costs, finance, kpi_rows, organisations
from corpbench.bench import RANK_COLUMNS, Benchmark, compute_kpis, peer_ranks


def _groups(pairs: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(pairs, schema={"org_code": pl.String, "group": pl.String}, orient="row")


def _ranks(frame: pl.DataFrame) -> dict[tuple[str, str, str], int]:
    """(org_code, kpi, function) -> rank."""
    rows = frame.iter_rows(named=True)
    return {(r["org_code"], r["kpi"], r["function"]): r["rank"] for r in rows}


def test_ties_share_the_lowest_place_and_the_next_value_skips() -> None:
    kpis = kpi_rows(
        [
            ("A", Y1, "finance", "pct_turnover", 3.0),
            ("B", Y1, "finance", "pct_turnover", 1.0),
            ("C", Y1, "finance", "pct_turnover", 3.0),
            ("D", Y1, "finance", "pct_turnover", 4.0),
        ]
    )
    ranks = peer_ranks(kpis, _groups([("A", "g"), ("B", "g"), ("C", "g"), ("D", "g")]))
    assert ranks.columns == list(RANK_COLUMNS)
    # sorted 1, 3, 3, 4: places 1, 2, 2 (tie), then 4
    assert _ranks(ranks) == {
        ("A", "pct_turnover", "finance"): 2,
        ("B", "pct_turnover", "finance"): 1,
        ("C", "pct_turnover", "finance"): 2,
        ("D", "pct_turnover", "finance"): 4,
    }
    assert ranks.schema["rank"] == pl.Int64


def test_groups_of_one_two_and_three_are_ranked_apart() -> None:
    kpis = kpi_rows(
        [
            ("S1", Y1, "hr", "pct_turnover", 9.0),  # alone in its group
            ("P1", Y1, "hr", "pct_turnover", 2.0),  # a pair, tied
            ("P2", Y1, "hr", "pct_turnover", 2.0),
            ("T1", Y1, "hr", "pct_turnover", 0.5),  # a trio
            ("T2", Y1, "hr", "pct_turnover", 0.25),
            ("T3", Y1, "hr", "pct_turnover", 7.0),
        ]
    )
    groups = _groups(
        [
            ("S1", "single"),
            ("P1", "pair"),
            ("P2", "pair"),
            ("T1", "trio"),
            ("T2", "trio"),
            ("T3", "trio"),
        ]
    )
    got = {code: rank for (code, _, _), rank in _ranks(peer_ranks(kpis, groups)).items()}
    assert got == {"S1": 1, "P1": 1, "P2": 1, "T1": 2, "T2": 1, "T3": 3}


def test_each_year_kpi_and_function_is_ranked_on_its_own() -> None:
    kpis = kpi_rows(
        [
            ("A", Y1, "finance", "pct_turnover", 1.0),
            ("B", Y1, "finance", "pct_turnover", 2.0),
            ("A", Y1, "finance", "pct_pay", 5.0),
            ("B", Y1, "finance", "pct_pay", 4.0),
            ("A", Y1, "hr", "pct_turnover", 8.0),
            ("B", Y1, "hr", "pct_turnover", 6.0),
            ("A", Y2, "finance", "pct_turnover", 3.0),
            ("B", Y2, "finance", "pct_turnover", 3.0),
        ]
    )
    ranks = peer_ranks(kpis, _groups([("A", "g"), ("B", "g")]))
    got = {
        (r["org_code"], r["year"], r["kpi"], r["function"]): r["rank"]
        for r in ranks.iter_rows(named=True)
    }
    assert got == {
        ("A", Y1, "pct_turnover", "finance"): 1,
        ("B", Y1, "pct_turnover", "finance"): 2,
        ("A", Y1, "pct_pay", "finance"): 2,
        ("B", Y1, "pct_pay", "finance"): 1,
        ("A", Y1, "pct_turnover", "hr"): 2,
        ("B", Y1, "pct_turnover", "hr"): 1,
        ("A", Y2, "pct_turnover", "finance"): 1,
        ("B", Y2, "pct_turnover", "finance"): 1,
    }


def test_an_organisation_in_no_group_has_no_rank() -> None:
    kpis = kpi_rows(
        [
            ("A", Y1, "finance", "pct_turnover", 1.0),
            ("X", Y1, "finance", "pct_turnover", 0.5),
        ]
    )
    ranks = peer_ranks(kpis, _groups([("A", "g")]))
    assert ranks["org_code"].to_list() == ["A"]
    assert ranks["rank"].to_list() == [1]


def test_a_missing_denominator_leaves_the_organisation_out_of_the_ranking() -> None:
    # M has no turnover: no pct_turnover, so no rank on it, and the others rank among
    # themselves (its pct_pay is still ranked)
    fin = finance(
        [
            {"org_code": "L", "turnover": 1_000_000.0, "total_pay": 500_000.0},
            {"org_code": "M", "turnover": None, "total_pay": 100_000.0},
            {"org_code": "H", "turnover": 1_000_000.0, "total_pay": 500_000.0},
        ]
    )
    cost = costs(
        [
            {"org_code": "L", "function": "finance", "pay_cost": 10_000.0},  # 1% of turnover
            {"org_code": "M", "function": "finance", "pay_cost": 1_000.0},  # 1% of pay
            {"org_code": "H", "function": "finance", "pay_cost": 30_000.0},  # 3%
        ]
    )
    kpis = compute_kpis(fin, cost)
    ranks = _ranks(peer_ranks(kpis, _groups([("L", "g"), ("M", "g"), ("H", "g")])))
    on_turnover = {c: r for (c, k, f), r in ranks.items() if (k, f) == ("pct_turnover", "finance")}
    on_pay = {c: r for (c, k, f), r in ranks.items() if (k, f) == ("pct_pay", "finance")}
    assert on_turnover == {"L": 1, "H": 2}
    # % of pay: L 2%, M 1%, H 6%
    assert on_pay == {"M": 1, "L": 2, "H": 3}


def test_the_engine_ranks_under_each_grouping() -> None:
    orgs = organisations(
        [
            {"org_code": "A", "org_type": "acute", "region": "North"},
            {"org_code": "B", "org_type": "acute", "region": "South"},
            {"org_code": "C", "org_type": "community", "region": "North"},
        ]
    )
    fin = finance([{"org_code": c, "turnover": 1_000_000.0} for c in "ABC"])
    cost = costs(
        [
            {"org_code": "A", "function": "finance", "pay_cost": 30_000.0},
            {"org_code": "B", "function": "finance", "pay_cost": 20_000.0},
            {"org_code": "C", "function": "finance", "pay_cost": 10_000.0},
        ]
    )
    engine = Benchmark(orgs, fin, cost)

    def on_finance(grouping: str) -> dict[str, int]:
        rows = engine.ranks(grouping, Y1).filter(
            (pl.col("kpi") == "pct_turnover") & (pl.col("function") == "finance")
        )
        return dict(zip(rows["org_code"], rows["rank"], strict=True))

    assert on_finance("org_type") == {"A": 2, "B": 1, "C": 1}
    assert on_finance("region") == {"A": 2, "B": 1, "C": 1}
    assert engine.ranks("org_type", Y2).is_empty()
