"""``make bench``: the Monte Carlo of a business case (planning methods §4), vectorised, against
a plain loop over the same draws, measured in the same run.

Usage::

    .venv/bin/python benchmarks/plan_montecarlo.py [--draws 10000] [--repeat 5] [--json FILE]

The case is the complete example of docs/planning.md (10 years, three functions, four uncertain
figures). Both sides evaluate the same parameter rows (``corpbench.plan.risk.draw``):

- ``vectorised``: ``corpbench.plan.monte_carlo``, the engine once on the matrix of draws, then
  the quantiles, shares and histogram;
- ``numpy loop``: the same engine called once per draw on a one-row matrix, then the same
  summary in numpy;
- ``python loop``: the figures of each draw in plain Python loops (years x functions), the way a
  spreadsheet-style model computes them (run on the first 1,000 draws and scaled to all).

The draws' NPVs of the three are checked to agree. Seconds are the best of the repeats; the
target is 10,000 draws of a 10-year case in well under a second (under 0.25 s). Exit 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from corpbench.plan import Case, monte_carlo, parse_case
from corpbench.plan.case import PHASES
from corpbench.plan.engine import base_vector, evaluate
from corpbench.plan.risk import draw

HERE = Path(__file__).resolve().parent
PLANNING = HERE.parent / "docs" / "planning.md"
TARGET_SECONDS = 0.25


def docs_case() -> Case:
    import tomllib

    text = PLANNING.read_text(encoding="utf-8")
    m = re.search(r"^```toml file=case\.toml\n(.*?)^```", text, re.S | re.M)
    assert m, "docs/planning.md has no case.toml block"
    return parse_case(tomllib.loads(m.group(1)))


def numpy_loop(case: Case, theta: np.ndarray) -> np.ndarray:
    npv = np.empty(theta.shape[0])
    for i in range(theta.shape[0]):
        npv[i] = evaluate(case, theta[i : i + 1]).npv[0]
    np.quantile(npv, [0.1, 0.5, 0.9])
    np.histogram(npv, bins=20)
    return npv


def python_loop(case: Case, theta: np.ndarray) -> np.ndarray:
    """NPV of each row in plain Python (the case's structure, the row's figures)."""
    paths, _ = base_vector(case)
    out = []
    for row in theta.tolist():
        v = dict(zip(paths, row, strict=True))
        delay = v["optimism_bias.delay_years"]
        lam = v["option.location_factor"]
        npv = 0.0
        for t in range(case.horizon + 1):
            rho = {}
            for ph in PHASES:
                r = (t - v[f"option.phases.{ph}.start"] - delay + 1) / v[f"option.phases.{ph}.ramp"]
                rho[ph] = min(1.0, max(0.0, r))
            lam_t = 1 - (1 - lam) * rho["share"]
            saving = charge = 0.0
            for f in case.functions:
                c = f.code
                b, pi = v[f"functions.{c}.cost"], v[f"functions.{c}.pay_share"]
                p = v[f"functions.{c}.transactional"]
                if not case.option.transactional_only:
                    p += v[f"functions.{c}.operational"]
                left = (
                    b
                    * (1 - v[f"option.simplify.{c}"] * rho["simplify"])
                    * (1 - v[f"option.standardise.{c}"] * rho["standardise"])
                )
                h = v[f"option.share.{c}"]
                cost = left * ((1 - p) + p * (1 - h * rho["share"]) * (pi * lam_t + 1 - pi))
                saving += b - cost
                charge += rho["share"] * p * left * (1 - h) * (pi * lam + 1 - pi)
            net = (1 - v["optimism_bias.benefits"]) * saving - v["option.management_fee"] * charge
            one_off = sum(
                v[f"option.one_off.{i}.amount"]
                for i, o in enumerate(case.option.one_off)
                if o.year == t
            )
            recurring = sum(
                v[f"option.recurring.{i}.amount"]
                for i, r in enumerate(case.option.recurring)
                if r.from_year <= t
            )
            net -= one_off * (1 + v["optimism_bias.capex"])
            net -= recurring * (1 + v["optimism_bias.opex"])
            npv += net / (1 + v["discount_rate"]) ** t
        out.append(npv)
    return np.array(out)


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    case = docs_case()
    seed = case.monte_carlo.seed
    theta = draw(case, args.draws, seed)
    vec_s, mc = best(lambda: monte_carlo(case, draws=args.draws, seed=seed), args.repeat)
    loop_s, loop_npv = best(lambda: numpy_loop(case, theta), max(1, args.repeat // 2))
    part = min(args.draws, 1000)
    py_part_s, py_npv = best(lambda: python_loop(case, theta[:part]), 1)
    py_s = py_part_s * args.draws / part
    vec_npv = evaluate(case, theta).npv
    assert np.allclose(vec_npv, loop_npv, rtol=1e-9)
    assert np.allclose(vec_npv[:part], py_npv, rtol=1e-9)
    assert mc is not None
    assert abs(mc.mean - float(vec_npv.mean())) <= 1e-6 * abs(mc.mean)
    rows = [
        ("vectorised (corpbench.plan.monte_carlo)", vec_s, None),
        ("numpy loop, one draw at a time", loop_s, loop_s / vec_s),
        (f"python loop (of {part:,} draws, scaled)", py_s, py_s / vec_s),
    ]
    print(f"Monte Carlo of docs/planning.md's case: {args.draws:,} draws, {case.horizon} years")
    print(f"{'task':<44} {'seconds':>9} {'x slower than vectorised':>25}")
    for name, s, ratio in rows:
        print(f"{name:<44} {s:>9.4f} {'' if ratio is None else f'{ratio:.0f}':>25}")
    status = "PASS" if vec_s < TARGET_SECONDS else "MISS"
    print(
        f"{status} {args.draws:,} draws of a {case.horizon}-year case under {TARGET_SECONDS} s "
        f"({vec_s:.4f} s)"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "draws": args.draws,
                    "vectorised_seconds": vec_s,
                    "numpy_loop_seconds": loop_s,
                    "python_loop_seconds": py_s,
                    "numpy_loop_ratio": loop_s / vec_s,
                    "python_loop_ratio": py_s / vec_s,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
