"""A large valid bundle of data standard v1 for the load benchmark.

``python benchmarks/big_bundle.py N_ORGS DIR`` writes ``organisations.csv``, ``finance.csv`` and
``function_costs.csv`` to DIR: N_ORGS organisations × 2 years × 9 functions × 5 processes, with a
shared cost on every line (a third of them above 0) and no delivery model, so the load warns
``shared_without_model`` on about a third of the lines. 10,000 organisations make 900,000 cost
lines (54 MB). The values are pseudo-random but fixed by N_ORGS.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from corpbench.standard import DEFAULT_FUNCTIONS, DEFAULT_ORG_TYPES

# the standard's codes, in its order (the bundle equals the shared tool's, byte for byte)
FUNCTIONS = DEFAULT_FUNCTIONS
TYPES = DEFAULT_ORG_TYPES
YEARS = ("2009/10", "2010/11")
COST_COLUMNS = (
    "org_code",
    "year",
    "function",
    "process",
    "pay_cost",
    "non_pay_cost",
    "fte",
    "shared_cost",
)


def write_big_bundle(n_orgs: int, out: Path) -> int:
    """Write the bundle of ``n_orgs`` organisations to ``out``; the number of cost lines."""
    rnd = random.Random(n_orgs)
    out.mkdir(parents=True, exist_ok=True)
    lines = 0
    with (
        (out / "organisations.csv").open("w", newline="") as fo,
        (out / "finance.csv").open("w", newline="") as ff,
        (out / "function_costs.csv").open("w", newline="") as fc,
    ):
        wo, wf, wc = csv.writer(fo), csv.writer(ff), csv.writer(fc)
        wo.writerow(["org_code", "org_name", "org_type", "region", "footprint", "teaching"])
        wf.writerow(["org_code", "year", "turnover", "total_pay", "total_fte", "running_costs"])
        wc.writerow(COST_COLUMNS)
        for i in range(n_orgs):
            code = f"X{i:06d}"
            teaching = ("true", "false")[i % 2]
            wo.writerow(
                [code, f"Organisation {i}", TYPES[i % 9], f"R{i % 7}", f"F{i % 40}", teaching]
            )
            for year in YEARS:
                t = rnd.uniform(5e7, 9e8)
                wf.writerow(
                    [
                        code,
                        year,
                        round(t, 2),
                        round(t * 0.6, 2),
                        round(t / 5e4, 1),
                        round(t * 0.95, 2),
                    ]
                )
                for function in FUNCTIONS:
                    for p in range(5):
                        pay = round(t * rnd.uniform(0.0005, 0.004), 2)
                        non_pay = round(pay * rnd.uniform(0.05, 0.6), 2)
                        shared = round(pay * rnd.choice([0, 0, 0.3]), 2)
                        wc.writerow(
                            [
                                code,
                                year,
                                function,
                                f"p{p}",
                                pay,
                                non_pay,
                                round(pay / 4.2e4, 2),
                                shared,
                            ]
                        )
                        lines += 1
    return lines


if __name__ == "__main__":
    print(write_big_bundle(int(sys.argv[1]), Path(sys.argv[2])))
