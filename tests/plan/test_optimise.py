"""The consortium optimiser (planning methods §7) against the hand-worked region of
``consortium_tables`` and against the test's own brute-force search on random small regions:
every partition of the organisations into blocks, a block counting when it is a candidate group
(the test's own reading of the rule) of at least 20,000 employees, its saving by §4's formula
worked in plain Python."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from bench.consortium_tables import engine
from bench.tables import Y1, costs, finance, organisations
from corpbench.bench import Benchmark
from corpbench.plan.optimise import candidate_sets, optimise, region_figures

K = 1000.0
SHARE = {"finance": 0.30, "hr": 0.30}
DEFAULT_T = {"finance": 3 / 8, "hr": 4 / 10}  # Table 14: 3 of 8 finance, 4 of 10 hr processes


def _saving(cost: float, function: str) -> float:
    """Run-rate saving of an unclassified cost under the default option (co-operative, λ = 1,
    s = d = 5%): B − B (0.95)(0.95)(1 − τ h)."""
    return cost - cost * 0.95 * 0.95 * (1 - DEFAULT_T[function] * SHARE[function])


def test_the_hand_worked_region() -> None:
    result = optimise(engine(), "North", Y1)
    # candidates reaching 20,000: F1 whole (21,000), P06 (21,000), F1+F2, F1+P06, F2+P06, all three
    assert result.candidates == 6
    assert result.unassigned == ()
    placed = sorted(c for g in result.groups for c in g.org_codes)
    assert placed == ["P01", "P02", "P03", "P04", "P05", "P06"]
    # every organisation placed; the saving adds up over the organisations. P04, P05, P06 have
    # unclassified finance only; F1's is the finance/hr/payroll of the baseline test.
    f1 = (
        2_900e3
        - 2_900e3 * 0.95**2 * (1 - 0.3 * 1325 / 2900)
        + 600e3
        - 600e3 * 0.95**2 * (1 - 0.3 * 0.8)
        + 100e3
        - 100e3 * 0.95**2 * (1 - 0.2)
    )
    others = sum(_saving(c, "finance") for c in (1_000e3, 500e3, 300e3))
    assert result.run_rate_saving == pytest.approx(f1 + others)
    for g in result.groups:
        assert g.employees >= 20_000
        assert g.margin == g.employees - 20_000


def test_candidate_rules() -> None:
    region = region_figures(engine(), "North", Y1)
    assert region.codes == ("P01", "P02", "P03", "P04", "P05", "P06")  # P07 did not respond
    assert region.footprint == ("F1", "F1", "F1", "F2", "F2", "P06")
    sets = candidate_sets(region, max_group=2, max_footprints=2)
    named = {tuple(region.codes[i] for i in s) for s in sets}
    assert ("P01", "P02", "P03") not in named  # three of F1 is more than max_group
    assert ("P01", "P02") in named
    assert ("P01", "P02", "P03", "P04", "P05") in named  # F1 + F2 whole, a union of two footprints
    assert ("P01", "P02", "P03", "P04", "P05", "P06") not in named  # three footprints > 2
    with pytest.raises(ValueError, match="region 'Nowhere'"):
        optimise(engine(), "Nowhere", Y1)


def _partitions(items: list[int]) -> Iterator[list[list[int]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for p in _partitions(rest):
        yield [[first], *p]
        for i in range(len(p)):
            yield [*p[:i], [first, *p[i]], *p[i + 1 :]]


@pytest.mark.parametrize("seed", range(12))
def test_equals_a_brute_force_search(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 8))
    codes = [f"R{i}" for i in range(n)]
    fps = [str(rng.choice(["A", "B", "C", ""])) for _ in codes]
    emp = [float(rng.integers(2_000, 16_000)) for _ in codes]
    fin_cost = [float(rng.integers(100, 2_000)) * K for _ in codes]
    hr_cost = [float(rng.integers(0, 800)) * K for _ in codes]
    orgs = organisations(
        [
            {"org_code": c, "org_type": "acute", "region": "X", "footprint": fp or None}
            for c, fp in zip(codes, fps, strict=True)
        ]
    )
    fin = finance(
        [{"org_code": c, "turnover": 1e8, "employees": e} for c, e in zip(codes, emp, strict=True)]
    )
    rows = []
    for c, f, h in zip(codes, fin_cost, hr_cost, strict=True):
        rows.append({"org_code": c, "function": "finance", "pay_cost": f})
        if h > 0:
            rows.append({"org_code": c, "function": "hr", "pay_cost": h})
    e = Benchmark(orgs, fin, costs(rows))
    max_group, max_fp = 3, 2
    result = optimise(e, "X", Y1, max_group=max_group, max_footprints=max_fp)

    own = {i: fps[i] or codes[i] for i in range(n)}

    def candidate(block: list[int]) -> bool:
        names = {own[i] for i in block}
        if len(names) == 1:
            return len(block) <= max_group
        whole = sorted(block) == [j for j in range(n) if own[j] in names]
        return whole and len(names) <= max_fp

    def value(block: list[int]) -> float:
        if sum(emp[i] for i in block) < 20_000 or not candidate(block):
            return 0.0
        return sum(_saving(fin_cost[i], "finance") + _saving(hr_cost[i], "hr") for i in block)

    best = max(sum(value(b) for b in p) for p in _partitions(list(range(n))))
    assert result.run_rate_saving == pytest.approx(best, rel=1e-9, abs=1e-6)
    # the chosen groups are disjoint candidates above the floor, and their savings add up
    seen: set[str] = set()
    for g in result.groups:
        idx = [codes.index(c) for c in g.org_codes]
        assert candidate(idx)
        assert g.employees == sum(emp[i] for i in idx) >= 20_000
        assert g.run_rate_saving == pytest.approx(value(idx))
        assert not seen & set(g.org_codes)
        seen |= set(g.org_codes)
