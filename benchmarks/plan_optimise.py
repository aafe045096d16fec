"""``make bench``: the consortium optimiser (planning methods §7) by HiGHS against a brute-force
search over the same candidate groups, on a small region, measured in the same run.

Usage::

    .venv/bin/python benchmarks/plan_optimise.py [--region "East of England"] [--repeat 3]
        [--json FILE]

The region is one of the demo round's (2009/10; ``corpbench.demo.generate``). Both sides get the
same candidate groups with the same savings (``corpbench.plan.optimise.candidates``):

- ``HiGHS``: ``corpbench.plan.optimise.solve``, the integer programme;
- ``brute force``: every set of pairwise disjoint candidate groups, depth first (each
  organisation in at most one group), keeping the best total.

Checks that both find the same best total saving. Seconds are the best of the repeats; the
ratio is brute force over HiGHS. Exit 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from corpbench.bench import Benchmark
from corpbench.demo import generate
from corpbench.plan.optimise import Candidates, candidates, region_figures, solve

YEAR = "2009/10"


def brute_force(cands: Candidates) -> float:
    """The best total saving of pairwise disjoint candidate groups, by exhaustive search."""
    masks = [
        int("".join("1" if m else "0" for m in row), 2) if row.size else 0 for row in cands.members
    ]
    savings = [float(s) for s in cands.saving]
    best = 0.0

    def search(start: int, used: int, total: float) -> None:
        nonlocal best
        best = max(best, total)
        for g in range(start, len(masks)):
            if masks[g] & used == 0:
                search(g + 1, used | masks[g], total + savings[g])

    search(0, 0, 0.0)
    return best


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--region", default="East of England")
    ap.add_argument("--max-group", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    engine = Benchmark.from_bundle(generate())
    t0 = time.perf_counter()
    region = region_figures(engine, args.region, YEAR)
    cands = candidates(region, max_group=args.max_group)
    setup = time.perf_counter() - t0
    highs_s, chosen = timed(lambda: solve(cands), args.repeat)
    brute_s, best = timed(lambda: brute_force(cands), args.repeat)
    found = float(np.sum(cands.saving[chosen]))
    assert abs(found - best) <= 1e-6 * max(1.0, best), (found, best)
    print(
        f"Consortium optimiser, demo region {args.region} {YEAR}: {len(region.codes)} "
        f"organisations, {cands.members.shape[0]} candidate groups "
        f"(made and costed in {setup:.3f} s)"
    )
    print(f"{'task':<40} {'seconds':>9} {'x HiGHS':>9}")
    print(f"{'HiGHS (scipy.optimize.milp)':<40} {highs_s:>9.4f} {1:>9}")
    print(f"{'brute force over disjoint groups':<40} {brute_s:>9.4f} {brute_s / highs_s:>9.1f}")
    print(f"Same best saving: £{best:,.0f} a year")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "region": args.region,
                    "organisations": len(region.codes),
                    "candidates": int(cands.members.shape[0]),
                    "setup_seconds": setup,
                    "highs_seconds": highs_s,
                    "brute_force_seconds": brute_s,
                    "brute_force_ratio": brute_s / highs_s,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
