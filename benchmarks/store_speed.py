"""Time the store on a synthetic round: load (new data), reload (identical: hashing only) and
current(), on SQLite and PostgreSQL, with a plain polars baseline measured in the same run
(writing and reading the same function-cost table as a Parquet file). Loading and reading
back run in their own processes, each reporting its peak memory.

Usage: .venv/bin/python benchmarks/store_speed.py [--lines 1000000] [--db sqlite|postgresql|both]
PostgreSQL: a throw-away schema on CORPBENCH_TEST_PG_URL (default the local test database).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import polars as pl

from corpbench.standard.bundle import Bundle
from corpbench.standard.vocab import DEFAULT_FUNCTIONS, PROCESS_CLASSES
from corpbench.store import Store
from pgschema import fresh_schema_url

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
YEAR = "2009/10"


def _pairs() -> list[tuple[str, str]]:
    return [(f, p) for f in DEFAULT_FUNCTIONS for p in PROCESS_CLASSES[f]]


def line_count(lines: int) -> int:
    """How many cost lines :func:`synthetic_bundle` makes when asked for ``lines``."""
    return max(1, lines // len(_pairs())) * len(_pairs())


def synthetic_bundle(lines: int, seed: int = 0) -> Bundle:
    """About ``lines`` cost lines: one year, every function broken into its processes."""
    rng = np.random.default_rng(seed)
    pairs = _pairs()
    n_orgs = max(1, lines // len(pairs))
    codes = [f"R{i:07d}" for i in range(n_orgs)]
    n = n_orgs * len(pairs)
    org_col = np.repeat(np.array(codes), len(pairs))
    funcs = np.tile(np.array([f for f, _ in pairs]), n_orgs)
    procs = np.tile(np.array([p for _, p in pairs]), n_orgs)
    shared = rng.random(n) * 1e4
    organisations = pl.DataFrame(
        {
            "org_code": codes,
            "org_name": [f"Trust {c}" for c in codes],
            "org_type": "acute",
            "region": "London",
            "teaching": rng.random(n_orgs) < 0.2,
        }
    )
    finance = pl.DataFrame(
        {
            "org_code": codes,
            "year": YEAR,
            "turnover": rng.random(n_orgs) * 5e8 + 1e7,
            "total_pay": rng.random(n_orgs) * 3e8,
            "total_fte": rng.random(n_orgs) * 8e3,
        }
    )
    costs = pl.DataFrame(
        {
            "org_code": org_col,
            "year": YEAR,
            "function": funcs,
            "process": procs,
            "pay_cost": np.round(rng.random(n) * 1e6, 2),
            "non_pay_cost": np.round(rng.random(n) * 2e5, 2),
            "fte": np.round(rng.random(n) * 20, 2),
            "shared_cost": pl.Series(shared).set(pl.Series(rng.random(n) < 0.5), None),
            "delivery_model": rng.choice(["in_house", "shared", "outsourced"], n),
        }
    )
    return Bundle.from_tables(organisations=organisations, finance=finance, function_costs=costs)


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    with fresh_schema_url(os.environ.get("CORPBENCH_TEST_PG_URL") or PG_DEFAULT) as url:
        yield url


def timed(label: str, fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    print(f"  {label:<34} {elapsed:7.2f} s", flush=True)
    return elapsed


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(bundle: Bundle) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "costs.parquet"
        w = timed(
            "baseline: polars write parquet", lambda: bundle.function_costs.write_parquet(path)
        )
        r = timed("baseline: polars read parquet", lambda: pl.read_parquet(path))
        csv = Path(tmp) / "costs.csv"
        bundle.function_costs.write_csv(csv)
        timed("baseline: polars read_csv", lambda: pl.read_csv(csv))
    return w, r


def child_load(url: str, lines: int) -> None:
    """In a fresh process: build the bundle, load it (new), load it again (identical)."""
    bundle = synthetic_bundle(lines)
    built = peak_mb()
    sha = "0" * 64
    with Store.open(url) as store:
        timed("load (all new)", lambda: store.load(bundle, by="bench", source="b", sha256=sha))
        timed(
            "reload (identical, no version)",
            lambda: store.load(bundle, by="bench", source="b", sha256=sha),
        )
    print(f"  peak memory: bundle {built:,.0f} MB, after loads {peak_mb():,.0f} MB", flush=True)


def child_current(url: str, lines: int) -> None:
    """In a fresh process: read back the current bundle."""
    with Store.open(url) as store:
        out: list[Bundle] = []
        timed("current()", lambda: out.append(store.current()))
        assert out[0].function_costs.height == line_count(lines)
    print(f"  peak memory of current(): {peak_mb():,.0f} MB", flush=True)


def run_on(kind: str, lines: int) -> None:  # lines: as asked, see line_count
    """Load, reload and read back a synthetic bundle on a fresh database of ``kind``, each step
    in its own process so that its peak memory is its own."""
    print(kind, flush=True)
    with database(kind) as url:
        for step, n in (("load", lines), ("current", lines)):
            subprocess.run(
                [sys.executable, __file__, "--child", step, "--url", url, "--lines", str(n)],
                check=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--child", choices=["baseline", "load", "current"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "load":
        child_load(args.url, args.lines)
        return
    if args.child == "current":
        child_current(args.url, args.lines)
        return
    if args.child == "baseline":
        bundle = synthetic_bundle(args.lines)
        print(f"{bundle.function_costs.height:,} cost lines, {bundle.finance.height:,} returns")
        baseline(bundle)
        return
    # the parent builds nothing big: a child's peak memory starts from its parent's at fork
    subprocess.run(
        [sys.executable, __file__, "--child", "baseline", "--lines", str(args.lines)], check=True
    )
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        run_on(kind, args.lines)


if __name__ == "__main__":
    main()
