"""The bootstrap intervals on savings (docs uncertainty.md, bench/uncertainty.py) on hand-worked
rounds, and the vectorised draws against plain loops over the same draws.

Hand-worked round (year 2009/10, turnover £100 each unless said, finance costs):

=====  ======  ========  ==============================================================
org    type    finance   notes
=====  ======  ========  ==============================================================
S1     solo    £7        the only respondent of its type (register of 3: factor 3)
E1-3   equal   £5 each   every cost 5% of turnover, hr £2 too (E1 only)
A      pair    £10       10%
B      pair    £20       20%
C      pair    £30       turnover 0: responded, no KPI (drawn, never a peer value)
D      pair    —         in the register, no return (eligible 4, respondents 3)
M01-   many    £i²       twelve respondents, costs 1, 4, 9, ..., 144: a wide spread
=====  ======  ========  ==============================================================

Type ``pair``, each draw of 3 from {A, B, C}: the target is the statistic of the drawn A and B
values (C drawn adds no value, a draw of C alone has no target). Its saving in a draw is Σ over
the drawn B of max(0, 20 − t) (A is never above the target), × 4/3; every one of the 27 draws
is worked out in :func:`_pair_outcomes`.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import numpy as np
import polars as pl
import pytest

from bench.tables import costs, finance, organisations
from corpbench.bench.engine import Benchmark
from corpbench.bench.uncertainty import (
    bootstrap_intervals,
    draw_indices,
    type_returns,
)

Y = "2009/10"


def _round() -> Benchmark:
    orgs = [("S1", "solo"), ("S2", "solo"), ("S3", "solo")]
    orgs += [("E1", "equal"), ("E2", "equal"), ("E3", "equal")]
    orgs += [("A", "pair"), ("B", "pair"), ("C", "pair"), ("D", "pair")]
    fin = [("S1", 100.0), ("E1", 100.0), ("E2", 200.0), ("E3", 100.0)]
    fin += [("A", 100.0), ("B", 100.0), ("C", 0.0)]
    cost = [("S1", "finance", 7.0), ("E1", "finance", 5.0), ("E2", "finance", 10.0)]
    cost += [("E3", "finance", 5.0), ("E1", "hr", 2.0)]
    cost += [("A", "finance", 10.0), ("B", "finance", 20.0), ("C", "finance", 30.0)]
    many = [f"M{i:02d}" for i in range(1, 13)]
    orgs += [(c, "many") for c in many]
    fin += [(c, 100.0) for c in many]
    cost += [(c, "finance", float(i * i)) for i, c in enumerate(many, start=1)]
    return Benchmark(
        organisations([{"org_code": c, "org_type": t} for c, t in orgs]),
        finance([{"org_code": c, "turnover": t} for c, t in fin]),
        costs([{"org_code": c, "function": f, "pay_cost": v} for c, f, v in cost]),
    )


def _rows(engine: Benchmark, method: str, **kw: int) -> dict[tuple[str, str], tuple[float, ...]]:
    table = engine.uncertainty(method, Y, **kw)
    return {(r["level"], r["key"]): (r["estimate"], r["low"], r["high"]) for r in table.to_dicts()}


@pytest.mark.parametrize("method", ["iqm", "median", "q1"])
def test_a_type_of_one_respondent_has_the_same_draw_every_time(method: str) -> None:
    rows = _rows(_round(), method, draws=500)
    # S1 is its own peer: target 7%, saving 0 in every draw and in the estimate
    assert rows[("organisation", "S1")] == (0.0, 0.0, 0.0)
    assert rows[("org_type", "solo")] == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("method", ["iqm", "median", "q1"])
def test_a_type_whose_costs_are_all_equal_has_a_zero_width_interval(method: str) -> None:
    rows = _rows(_round(), method, draws=500)
    for code in ("E1", "E2", "E3"):
        assert rows[("organisation", code)] == (0.0, 0.0, 0.0)
    assert rows[("org_type", "equal")] == (0.0, 0.0, 0.0)


def _pair_outcomes(stat: str) -> tuple[set[Fraction], dict[str, set[Fraction]]]:
    """Every possible saving of type pair (× 4/3) and of A and B, over the 27 draws, by hand
    arithmetic on the values 10 and 20 (C drawn adds no value)."""
    value = {"A": Fraction(10), "B": Fraction(20)}
    type_out: set[Fraction] = set()
    org_out: dict[str, set[Fraction]] = {"A": set(), "B": set()}
    for draw in itertools.product("ABC", repeat=3):
        vals = sorted(value[o] for o in draw if o in value)
        if not vals:
            t = None
        elif stat == "q1":
            h = (len(vals) - 1) * Fraction(1, 4)
            lo = math.floor(h)
            t = vals[lo] + (h - lo) * (vals[min(lo + 1, len(vals) - 1)] - vals[lo])
        elif stat == "median":
            h = (len(vals) - 1) * Fraction(1, 2)
            lo = math.floor(h)
            t = vals[lo] + (h - lo) * (vals[min(lo + 1, len(vals) - 1)] - vals[lo])
        else:  # iqm of at most 3 values: the mean
            t = sum(vals, Fraction(0)) / len(vals)
        saving = {
            o: Fraction(0) if t is None else max(Fraction(0), v - t) for o, v in value.items()
        }
        type_out.add(sum((saving[o] for o in draw if o in saving), Fraction(0)) * Fraction(4, 3))
        for o in org_out:
            org_out[o].add(saving[o])
    return type_out, org_out


@pytest.mark.parametrize("method", ["iqm", "median", "q1"])
def test_a_small_type_spans_its_smallest_and_largest_draw(method: str) -> None:
    # each of the 27 draws has probability 1/27 > 2.5%, so with 4,000 draws the 2.5th and 97.5th
    # percentiles are the smallest and largest possible savings
    rows = _rows(_round(), method, draws=4000)
    type_out, org_out = _pair_outcomes(method)
    assert rows[("org_type", "pair")][1:] == pytest.approx(
        (float(min(type_out)), float(max(type_out)))
    )
    for code in ("A", "B"):
        low, high = rows[("organisation", code)][1:]
        assert (low, high) == pytest.approx((float(min(org_out[code])), float(max(org_out[code]))))
    # C has no KPI, so no saving row; the estimates are the ordinary figures: median of 10, 20
    assert ("organisation", "C") not in rows
    target = {"iqm": 15, "median": 15, "q1": 12.5}[method]
    assert rows[("organisation", "B")][0] == pytest.approx(20 - target)
    assert rows[("org_type", "pair")][0] == pytest.approx((20 - target) * 4 / 3)


def test_the_estimates_are_the_ordinary_figures() -> None:
    engine = _round()
    for method in ("iqm", "median", "q1"):
        table = engine.uncertainty(method, Y, draws=50)
        summary = engine.summary(method, Y)
        national = summary.filter(pl.col("org_type") == "all")["saving_extrapolated"][0]
        assert table.filter(pl.col("level") == "all")["estimate"].to_list() == [national]
        per_type = summary.filter(
            pl.col("saving_extrapolated").is_not_null() & (pl.col("org_type") != "all")
        )
        got = table.filter(pl.col("level") == "org_type").select("key", "estimate").rows()
        assert got == per_type.select("org_type", "saving_extrapolated").rows()
        # hr is a function only E1 has: its national saving is there, 0 in every draw
        hr = table.filter((pl.col("level") == "function") & (pl.col("key") == "hr"))
        assert hr.select("estimate", "low", "high").rows() == [(0.0, 0.0, 0.0)]


def test_the_rows_are_sorted_by_level_then_key() -> None:
    table = _round().uncertainty("median", draws=20)
    keys = table.select("level", "key", "year").rows()
    assert keys == sorted(keys)
    assert table["level"].unique().sort().to_list() == [
        "all",
        "function",
        "org_type",
        "organisation",
    ]
    assert table["method"].unique().to_list() == ["median"]


def test_the_same_seed_gives_the_same_intervals_and_another_differs() -> None:
    a = _round().uncertainty("q1", Y, draws=300, seed=7)
    b = _round().uncertainty("q1", Y, draws=300, seed=7)
    c = _round().uncertainty("q1", Y, draws=300, seed=8)
    assert a.equals(b)
    b_row = pl.col("key") == "B"
    assert a.filter(b_row).rows() == b.filter(b_row).rows()
    # type many (12 distinct costs) has thousands of outcomes: its percentiles move with the seed
    many = pl.col("key") == "many"
    assert (
        a.filter(many).select("low", "high").rows() != c.filter(many).select("low", "high").rows()
    )
    assert a.filter(many)["estimate"].equals(c.filter(many)["estimate"])


@pytest.mark.parametrize("method", ["threshold:6", "external:hackett_median"])
def test_a_fixed_target_has_no_interval(method: str) -> None:
    with pytest.raises(ValueError, match="fixed target"):
        _round().uncertainty(method)


def test_too_few_draws_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        _round().uncertainty("iqm", draws=1)


def test_the_bootstrap_is_cached_per_method_draws_and_seed() -> None:
    engine = _round()
    first = engine.uncertainty("iqm", Y, draws=100)
    iqm = engine.method("iqm")
    assert engine._intervals_of_year(iqm, Y, 100, 2010) is engine._intervals_of_year(
        iqm, Y, 100, 2010
    )
    assert engine.uncertainty("iqm", Y, draws=100).equals(first)
    assert not engine.uncertainty("iqm", Y, draws=100, seed=1).equals(first)


def test_an_organisations_interval_needs_only_its_types_draws() -> None:
    engine = _round()
    alone = engine.organisation_uncertainty("B", "median", Y, draws=400)
    assert len(engine._type_intervals) == 1  # type pair only
    full = _round().uncertainty("median", Y, draws=400)
    row = full.filter((pl.col("level") == "organisation") & (pl.col("key") == "B"))
    assert alone == row.select("estimate", "low", "high").row(0)
    assert engine.organisation_uncertainty("C", "median", Y, draws=400) is None  # no KPI
    assert engine.organisation_uncertainty("D", "median", Y, draws=400) is None  # no return


# --- the vectorised draws against plain loops over the same draws ------------------------------


def _quantile7(values: list[float], p: float) -> float:
    x = sorted(values)
    h = (len(x) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(x) - 1)
    return x[lo] + (h - lo) * (x[hi] - x[lo])


def _stat(values: list[float], method: str) -> float:
    if method == "iqm":
        x = sorted(values)
        k = len(x) // 4
        kept = x[k : len(x) - k]
        return math.fsum(kept) / len(kept)
    return _quantile7(values, {"median": 0.5, "q1": 0.25}[method])


def _saving(row: tuple[float, float, float], t: float) -> float:
    """max(0, cost − t/100 × turnover), 0 at or below the target or for rounding noise."""
    pct, cost, turnover = row
    s = cost - t / 100 * turnover
    return s if pct > t and s > 1e-12 * cost else 0.0


def _loop_draws(
    kpi: dict[tuple[str, str], tuple[float, float, float]],
    codes: list[str],
    functions: list[str],
    indices: np.ndarray,
    factor: float,
    method: str,
) -> tuple[list[float], dict[str, list[float]]]:
    """Per draw, in plain loops: the type's extrapolated saving and each respondent's saving."""
    type_values: list[float] = []
    org_values: dict[str, list[float]] = {c: [] for c in codes}
    for row in indices.tolist():
        drawn = [codes[i] for i in row]
        total = 0.0
        org_total = dict.fromkeys(codes, 0.0)
        for f in functions:
            values = [kpi[(o, f)][0] for o in drawn if (o, f) in kpi]
            if not values:
                continue  # no target, no saving for f in this draw
            t = _stat(values, method)
            for o in codes:
                if (o, f) in kpi:
                    org_total[o] += _saving(kpi[(o, f)], t)
            total += sum(_saving(kpi[(o, f)], t) for o in drawn if (o, f) in kpi)
        type_values.append(total * factor)
        for o in codes:
            org_values[o].append(org_total[o])
    return type_values, org_values


def _percentile(values: list[float], p: float) -> float:
    return _quantile7(values, p / 100)


@pytest.mark.parametrize("method", ["iqm", "median", "q1"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_vectorised_draws_equal_plain_loops_over_the_same_draws(method: str, seed: int) -> None:
    rnd = random.Random(seed)
    functions = ["finance", "hr", "imt"]
    size = rnd.choice([1, 2, 3, 5, 9])
    codes = [f"O{i}" for i in range(size)]
    orgs = [{"org_code": c, "org_type": "acute"} for c in codes]
    orgs.append({"org_code": "N1", "org_type": "acute"})  # eligible, no return
    fin, cost = [], []
    for c in codes:
        turnover = 0.0 if rnd.random() < 0.15 else float(rnd.randint(1, 9) * 1_000_000)
        fin.append({"org_code": c, "turnover": turnover})
        for f in functions:
            if rnd.random() < 0.7 or f == "finance":
                # ties are common: a few distinct costs
                cost.append(
                    {
                        "org_code": c,
                        "function": f,
                        "pay_cost": float(rnd.choice([1, 2, 3, 5]) * 10_000),
                    }
                )
    engine = Benchmark(organisations(orgs), finance(fin), costs(cost))
    base = engine._base()
    respondents = (
        engine.totals(Y)
        .filter(pl.col("function") == "all")
        .join(engine.organisations.select("org_code", "org_type"), on="org_code")
    )
    types = list(type_returns(base, respondents, engine.eligible(), Y))
    assert len(types) == 1
    indices = draw_indices(seed, Y, "acute", size, 400)
    got = bootstrap_intervals(types, engine.method(method), draws=400, indices={"acute": indices})
    kpi = {
        (o, f): (v, c, t)
        for o, f, v, c, t in base.filter(pl.col("function") != "all")
        .select("org_code", "function", "kpi_value", "cost", "turnover")
        .iter_rows()
    }
    eligible, respondent_count = size + 1, size
    type_values, org_values = _loop_draws(
        kpi, sorted(codes), sorted(types[0].functions), indices, eligible / respondent_count, method
    )
    rows = {(r["level"], r["key"]): (r["low"], r["high"]) for r in got.to_dicts()}
    expected = (_percentile(type_values, 2.5), _percentile(type_values, 97.5))
    assert rows[("org_type", "acute")] == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert rows[("all", "all")] == pytest.approx(expected, rel=1e-9, abs=1e-6)
    for o in codes:
        want = (_percentile(org_values[o], 2.5), _percentile(org_values[o], 97.5))
        assert rows[("organisation", o)] == pytest.approx(want, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("draws", [2, 3, 7, 40, 399, 2000, 10_000])
def test_the_interval_ends_are_numpys_linear_percentiles_bit_for_bit(draws: int) -> None:
    from corpbench.bench.uncertainty import _interval

    values = np.random.default_rng(draws).normal(size=(4, draws)) * 1e6
    values[0] = 3.0  # all equal: a zero-width interval
    low, high = _interval(values)
    assert np.array_equal(low, np.percentile(values, 2.5, axis=-1))
    assert np.array_equal(high, np.percentile(values, 97.5, axis=-1))
    assert low[0] == high[0] == 3.0
