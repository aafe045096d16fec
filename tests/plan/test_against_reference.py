"""The engine, tornado and Monte Carlo against the independent implementation of the tests
(plain Python loops over the raw document, ``plan.reference``) on random cases."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from corpbench.plan import evaluate_plan, machine_output, parse_case
from corpbench.plan.engine import base_vector, evaluate
from corpbench.plan.risk import draw
from plan import reference

SEEDS = range(60)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_deterministic_figures_equal_the_reference(seed: int) -> None:
    doc = reference.random_case(random.Random(seed))
    out = machine_output(evaluate_plan(parse_case(doc)))
    ref = reference.summary(doc)
    assert len(out["years"]) == len(ref["years"]) == doc["horizon"] + 1
    for got, want in zip(out["years"], ref["years"], strict=True):
        assert got["t"] == want["t"]
        for k in ("benefit", "one_off", "recurring", "fee", "net", "cumulative"):
            assert _close(got[k], want[k]), (k, got, want)
    for k in ("npv", "roi", "run_rate_saving"):
        assert _close(out[k], ref[k]), k
    assert out["payback_year"] == ref["payback_year"]
    assert out["discounted_payback_year"] == ref["discounted_payback_year"]
    # sorted by swing, largest first (equal swings, to rounding, in either order)
    bars = reference.tornado(doc)
    swings = [abs(b["npv_high"] - b["npv_low"]) for b in out["tornado"]]
    assert all(a >= b - 1e-6 for a, b in itertools.pairwise(swings))
    assert sorted(b["parameter"] for b in out["tornado"]) == sorted(b[0] for b in bars)
    by_path = {b[0]: b for b in bars}
    for b in out["tornado"]:
        _, lo, hi = by_path[b["parameter"]]
        assert _close(b["npv_low"], lo)
        assert _close(b["npv_high"], hi)


@pytest.mark.parametrize("seed", range(8))
def test_each_monte_carlo_draw_is_the_reference_npv_of_its_parameters(seed: int) -> None:
    """The vectorised draws: the library's NPV of every drawn row equals the reference's NPV
    of the same figures, and the summary is the type-7 quantiles and shares of those NPVs."""
    doc = reference.random_case(random.Random(1000 + seed))
    case = parse_case(doc)
    theta = draw(case, 300, seed)
    paths, _ = base_vector(case)
    flows = evaluate(case, theta)
    npvs, paybacks = [], []
    for row in theta:
        d = doc
        for path in case.uncertain:
            d = reference.set_figure(d, path, float(row[paths.index(path)]))
        s = reference.summary(d)
        npvs.append(s["npv"])
        paybacks.append(s["payback_year"])
    assert np.allclose(flows.npv, npvs, rtol=1e-9, atol=1e-6)
    from corpbench.plan.risk import monte_carlo

    mc = monte_carlo(case, draws=300, seed=seed)
    assert mc is not None
    assert mc.mean == pytest.approx(sum(npvs) / 300, rel=1e-9, abs=1e-6)
    for q, got in ((0.1, mc.p10), (0.5, mc.p50), (0.9, mc.p90)):
        assert got == pytest.approx(reference.quantile7(npvs, q), rel=1e-9, abs=1e-6)
    assert mc.p_npv_positive == sum(v > 0 for v in npvs) / 300
    assert mc.p_payback_within_3 == sum(p is not None and p <= 3 for p in paybacks) / 300
    assert sum(mc.counts) == 300
    assert mc.bin_edges[0] == min(flows.npv)
    assert mc.bin_edges[-1] == max(flows.npv)


@pytest.mark.parametrize("seed", range(3))
def test_monte_carlo_is_within_sampling_error_of_the_reference(seed: int) -> None:
    """The library's 10,000 draws (numpy) against the reference's own 4,000 draws (Python's
    random.triangular): means and P(NPV > 0) within 4.5 standard errors of the difference."""
    doc = reference.random_case(random.Random(2000 + seed))
    case = parse_case(doc)
    mc = evaluate_plan(case).monte_carlo
    assert mc is not None
    ref = reference.monte_carlo_npvs(doc, 4000, seed)
    npvs = [v for v, _ in ref]
    mean = sum(npvs) / len(npvs)
    sd = float(np.std(npvs, ddof=1))
    se = sd * math.sqrt(1 / 4000 + 1 / mc.draws)
    assert abs(mc.mean - mean) <= 4.5 * se + 1e-6 * abs(mean)
    p = sum(v > 0 for v in npvs) / len(npvs)
    pooled = (p + mc.p_npv_positive) / 2
    se_p = math.sqrt(pooled * (1 - pooled) * (1 / 4000 + 1 / mc.draws))
    assert abs(mc.p_npv_positive - p) <= 4.5 * se_p + 1e-9
    q = sum(pb is not None and pb <= 3 for _, pb in ref) / len(ref)
    pooled = (q + mc.p_payback_within_3) / 2
    se_q = math.sqrt(pooled * (1 - pooled) * (1 / 4000 + 1 / mc.draws))
    assert abs(mc.p_payback_within_3 - q) <= 4.5 * se_q + 1e-9


def test_monte_carlo_is_seeded() -> None:
    case = parse_case(reference.random_case(random.Random(7)))
    a = evaluate_plan(case).monte_carlo
    b = evaluate_plan(case).monte_carlo
    assert a == b
    from corpbench.plan.risk import monte_carlo

    other = monte_carlo(case, seed=case.monte_carlo.seed + 1)
    assert other is not None
    assert a is not None
    assert other.mean != a.mean
