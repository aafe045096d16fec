"""The grouping ``similar``: each organisation with its k nearest peers of its type (docs/figures.md
"Similar organisations"), against an independent computation in plain Python on random rounds,
and its statistics and savings against hand computations."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Any

import polars as pl
import pytest

from bench.tables import Y1, Y2, costs, finance, organisations
from corpbench.bench.engine import Benchmark
from corpbench.bench.similar import MEMBER_COLUMNS
from corpbench.standard.labels import group_label
from reference.statistics import describe

Members = dict[tuple[str, str], list[str]]  # (org_code, year) -> sorted members of its group


def reference_members(
    register: list[dict[str, Any]],
    fin: list[dict[str, Any]],
    responded: set[tuple[str, str]],
    k: int,
) -> Members:
    """The rule of docs/figures.md written out: placed organisations per (year, type), z-scores
    of log turnover and log total FTE (population sd, 0 when the sd is below 1e-9), Euclidean
    distance plus 1 when teaching differs (none = not teaching), rounded to 9 decimals, ties by
    code; the group is the organisation and its k nearest."""
    kind = {o["org_code"]: o["org_type"] for o in register}
    teaching = {o["org_code"]: bool(o.get("teaching")) for o in register}
    placed: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
    for row in fin:
        code, year = row["org_code"], row["year"]
        turnover, fte = row["turnover"], row["total_fte"]
        if (code, year) not in responded or not kind.get(code):
            continue
        if turnover is None or fte is None or turnover <= 0 or fte <= 0:
            continue
        placed.setdefault((year, kind[code]), []).append((code, math.log(turnover), math.log(fte)))

    def z(values: list[float]) -> list[float]:
        mean = math.fsum(values) / len(values)
        sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
        return [(v - mean) / sd if sd >= 1e-9 else 0.0 for v in values]

    out: Members = {}
    for (year, _), rows in placed.items():
        zt = z([r[1] for r in rows])
        zf = z([r[2] for r in rows])
        for i, (code, _, _) in enumerate(rows):
            by_distance = []
            for j, (other, _, _) in enumerate(rows):
                if other == code:
                    continue
                d = math.sqrt((zt[i] - zt[j]) ** 2 + (zf[i] - zf[j]) ** 2)
                d += 1.0 if teaching[code] != teaching[other] else 0.0
                by_distance.append((round(d, 9), other))
            nearest = [other for _, other in sorted(by_distance)[:k]]
            out[(code, year)] = sorted([code, *nearest])
    return out


def engine_members(bench: Benchmark) -> Members:
    out: Members = {}
    for row in bench.members("similar").iter_rows(named=True):
        owner = row["group"].removeprefix("similar:")
        out.setdefault((owner, row["year"]), []).append(row["org_code"])
    return {key: sorted(codes) for key, codes in out.items()}


def random_round(
    rng: random.Random,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """A register with types of 1, 2, 3, 12 and 30 organisations, two years, turnover and FTE
    drawn from a few values (so that distances tie), some without a return, some with no FTE."""
    sizes = {"solo": 1, "pair": 2, "trio": 3, "acute": 12, "mental_health": 30}
    register: list[dict[str, Any]] = []
    fin: list[dict[str, Any]] = []
    cost_rows: list[dict[str, Any]] = []
    for kind, n in sizes.items():
        for i in range(n):
            code = f"{kind[:2].upper()}{i:03d}"
            register.append(
                {"org_code": code, "org_type": kind, "teaching": rng.choice([True, False, None])}
            )
            for year in (Y1, Y2):
                if rng.random() < 0.1:
                    continue  # no finance row: cannot be placed
                turnover = rng.choice([50e6, 100e6, 200e6, 400e6, rng.uniform(20e6, 900e6)])
                fte = rng.choice([0.0, 1000.0, 2000.0, 4000.0, rng.uniform(300, 9000)])
                fin.append({"org_code": code, "year": year, "turnover": turnover, "total_fte": fte})
                if rng.random() < 0.85:
                    cost = round(turnover * rng.uniform(0.005, 0.03))
                    cost_rows.append(
                        {"org_code": code, "year": year, "function": "finance", "pay_cost": cost}
                    )
    return register, fin, cost_rows


def bench_of(
    register: list[dict[str, Any]],
    fin: list[dict[str, Any]],
    cost_rows: list[dict[str, Any]],
    k: int,
) -> Benchmark:
    return Benchmark(organisations(register), finance(fin), costs(cost_rows), similar_k=k)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 2, 5, 10])
def test_similar_groups_equal_an_independent_computation_on_random_rounds(
    seed: int, k: int
) -> None:
    rng = random.Random(seed)
    register, fin, cost_rows = random_round(rng)
    responded = {(r["org_code"], r["year"]) for r in cost_rows}
    expected = reference_members(register, fin, responded, k)
    bench = bench_of(register, fin, cost_rows, k)
    assert tuple(bench.members("similar").columns) == MEMBER_COLUMNS
    got = engine_members(bench)
    assert got == expected
    # the small types: a group never exceeds the type's placed organisations, nor k + 1
    assert all(len(members) <= k + 1 for members in got.values())
    assert any(len(members) < k + 1 for members in got.values()) or k == 1


@pytest.mark.parametrize("seed", range(3))
def test_similar_statistics_are_the_standard_statistics_of_each_group(seed: int) -> None:
    rng = random.Random(100 + seed)
    register, fin, cost_rows = random_round(rng)
    bench = bench_of(register, fin, cost_rows, 4)
    members = engine_members(bench)
    kpi = {
        (r["org_code"], r["year"]): r["value"]
        for r in bench.kpis()
        .filter((pl.col("kpi") == "pct_turnover") & (pl.col("function") == "finance"))
        .iter_rows(named=True)
    }
    stats = bench.stats("similar").filter(
        (pl.col("kpi") == "pct_turnover") & (pl.col("function") == "finance")
    )
    assert stats.height == len(members)
    for row in stats.iter_rows(named=True):
        codes = members[(row["group"].removeprefix("similar:"), row["year"])]
        values = [Fraction(kpi[(c, row["year"])]) for c in codes if (c, row["year"]) in kpi]
        want = describe(values)
        assert row["n"] == want["n"]
        for name in ("mean", "median", "q1", "q3", "iqm", "min", "max"):
            assert row[name] == pytest.approx(float(want[name]), rel=1e-12), name


def tie_round() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Five acute trusts of equal turnover and FTE but A1 teaching (every distance 0 or 1), a
    sixth with no FTE, a lone community trust; finance costs 1.0, 1.2, 1.4, 1.6, 3.0 and 2.0%
    of £100m turnover."""
    register = [
        {"org_code": "A1", "org_type": "acute", "teaching": True},
        *({"org_code": f"A{i}", "org_type": "acute", "teaching": False} for i in range(2, 7)),
        {"org_code": "C1", "org_type": "community", "teaching": None},
    ]
    fte = {"A6": 0.0}
    fin = [
        {"org_code": c, "year": Y1, "turnover": 100e6, "total_fte": fte.get(c, 2000.0)}
        for c in ("A1", "A2", "A3", "A4", "A5", "A6", "C1")
    ]
    pct = {"A1": 1.0, "A2": 1.2, "A3": 1.4, "A4": 1.6, "A5": 3.0, "A6": 2.0, "C1": 2.5}
    cost_rows = [
        {"org_code": c, "year": Y1, "function": "finance", "pay_cost": p * 1e6}
        for c, p in pct.items()
    ]
    return register, fin, cost_rows


def test_equal_distances_are_broken_by_org_code_and_teaching_costs_one() -> None:
    bench = bench_of(*tie_round(), 2)
    got = engine_members(bench)
    assert got[("A5", Y1)] == ["A2", "A3", "A5"]  # A2, A3, A4 at 0; A1 at 1 (teaching)
    assert got[("A1", Y1)] == ["A1", "A2", "A3"]  # all at 1: the first codes
    assert got[("A2", Y1)] == ["A2", "A3", "A4"]
    assert got[("C1", Y1)] == ["C1"]  # alone in its type


def test_an_organisation_without_fte_has_no_similar_group_and_no_similar_saving() -> None:
    bench = bench_of(*tie_round(), 10)
    got = engine_members(bench)
    assert ("A6", Y1) not in got
    assert all("A6" not in members for members in got.values())
    assert got[("A5", Y1)] == ["A1", "A2", "A3", "A4", "A5"]  # fewer than k: all placed
    assert bench.savings("median", "similar").filter(pl.col("org_code") == "A6").is_empty()
    assert bench.stats("similar").filter(pl.col("group") == "similar:A6").is_empty()


def test_savings_under_similar_are_measured_against_each_organisations_own_group() -> None:
    bench = bench_of(*tie_round(), 2)
    savings = bench.savings("median", "similar", Y1).filter(pl.col("function") == "finance")
    by_org = {r["org_code"]: r for r in savings.iter_rows(named=True)}
    # A5's group A2, A3, A5: 1.2, 1.4, 3.0 % -> median 1.4; saving 3.0m - 1.4m = 1.6m
    assert by_org["A5"]["target"] == pytest.approx(1.4)
    assert by_org["A5"]["saving"] == pytest.approx(1_600_000)
    # A4's group A2, A3, A4: median 1.4; saving 1.6m - 1.4m = 0.2m
    assert by_org["A4"]["saving"] == pytest.approx(200_000)
    # A1's group A1, A2, A3: median 1.2; A1 at 1.0 saves nothing
    assert by_org["A1"]["target"] == pytest.approx(1.2)
    assert by_org["A1"]["saving"] == 0.0
    # C1 alone: its own value is its target
    assert by_org["C1"]["saving"] == 0.0
    iqm = bench.savings("iqm", "similar", Y1).filter(
        (pl.col("org_code") == "A5") & (pl.col("function") == "finance")
    )
    assert iqm["saving"][0] == pytest.approx(3_000_000 - (1.2 + 1.4 + 3.0) / 3 * 1e6)


def test_members_are_ranked_within_each_similar_group_they_are_in() -> None:
    bench = bench_of(*tie_round(), 2)
    ranks = bench.ranks("similar", Y1).filter(
        (pl.col("kpi") == "pct_turnover") & (pl.col("function") == "finance")
    )
    in_a5 = ranks.filter(pl.col("group") == "similar:A5").sort("org_code")
    assert list(zip(in_a5["org_code"], in_a5["rank"], strict=True)) == [
        ("A2", 1),
        ("A3", 2),
        ("A5", 3),
    ]
    # A2 (1.2 %) is in the groups of A1, A2, A3, A4 and A5; second of A1, A2, A3 in A1's
    a2 = dict(ranks.filter(pl.col("org_code") == "A2").select("group", "rank").iter_rows())
    assert a2 == {f"similar:A{i}": (2 if i == 1 else 1) for i in range(1, 6)}


def test_org_position_under_similar_reads_the_own_groups_figures() -> None:
    bench = bench_of(*tie_round(), 2)
    position = bench.org_position("A5", Y1, ("median",), "similar")
    finance_row = position.filter(pl.col("function") == "finance").row(0, named=True)
    assert finance_row["rank"] == 3
    assert finance_row["n"] == 3
    assert finance_row["peer_median"] == pytest.approx(1.4)


def test_membership_follows_the_year() -> None:
    register, fin, cost_rows = tie_round()
    fin.append({"org_code": "A2", "year": Y2, "turnover": 1e8, "total_fte": 10.0})
    fin.append({"org_code": "A5", "year": Y2, "turnover": 1e8, "total_fte": 20.0})
    cost_rows += [
        {"org_code": c, "year": Y2, "function": "finance", "pay_cost": 1e6} for c in ("A2", "A5")
    ]
    got = engine_members(bench_of(register, fin, cost_rows, 2))
    assert got[("A5", Y2)] == ["A2", "A5"]
    assert got[("A5", Y1)] == ["A2", "A3", "A5"]


def test_k_below_one_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValueError, match="at least 1, not 0"):
        bench_of(*tie_round(), 0)


def test_a_similar_group_is_named_after_its_organisation_for_people() -> None:
    assert (
        group_label("similar", "similar:A5", "Elm Hospital")
        == "Organisations similar to Elm Hospital"
    )
    assert group_label("similar", "similar:A5") == "Organisations similar to A5"
