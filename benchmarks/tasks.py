"""One measured task of ``benchmarks/run.py``, run alone in a fresh Python process.

``python benchmarks/tasks.py TASK JSON_ARGS`` runs TASK and prints, as its last stdout line, a
JSON object: ``seconds`` (wall time of the measured work only: imports and untimed set-up or
clean-up are left out), ``peak_mb`` (the process's peak resident memory, ``ru_maxrss``, in MiB,
so it includes the interpreter and its imports) and task-specific details (row counts, the
time of each stage). Each task imports only what it needs, so a baseline's peak memory does not
carry the store's or the engine's imports.

Tasks:

- ``generate``: the demo round at ``scale`` written as CSV files to ``dir`` (not measured).
- ``big_bundle``: the bundle of ``benchmarks/big_bundle.py`` for ``orgs`` organisations written
  to ``dir`` (not measured).
- ``csv_read``: the load baseline at the demo sizes, ``pl.read_csv`` of each CSV file of ``dir``.
- ``pipeline``: the minimal load pipeline, the baseline of the command below: polars reads the
  CSV files of ``dir`` and ``sqlite3`` inserts all their rows into a new SQLite file ``db`` in
  one transaction.
- ``load``: what ``corpbench load DIR`` does (read + validate, anomaly warnings, store) into
  the store at ``url`` (an empty database), in this process (``corpbench.loading.load_path``).
- ``cli_load``: ``corpbench load DIR`` as a user runs it, in a child process, with its human
  output (or ``--json`` when ``json`` is true) into the store at ``url``; its time is the
  child's wall time and its peak memory the child's (``ru_maxrss`` of the children).
- ``read``: ``Store.current()`` of the store at ``url``; then (untimed) its tables are written
  as Parquet files to ``out`` for the recompute tasks.
- ``recompute``: every figure with :class:`corpbench.bench.engine.Benchmark` from the Parquet
  tables of ``tables``: KPIs, peer statistics (org_type), savings under every method and the
  national summary under every method (with ``stats_only``, up to the statistics).
- ``recompute_baseline``: the recompute baseline, a hand-written polars group-by of the same
  statistics (:func:`baseline_stats`).
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

#: Every savings method of the full recompute.
METHODS: tuple[str, ...] = (
    "iqm",
    "median",
    "q1",
    "external:hackett_median",
    "external:hackett_best_in_class",
    "threshold:6",
    "threshold:7",
)
TABLES: tuple[str, ...] = ("organisations", "finance", "function_costs", "indicators")
_FN_KEYS = ["org_code", "year", "function"]
_STAT_KEYS = ["org_type", "year", "function", "kpi"]

Result = dict[str, Any]


def peak_mb() -> float:
    """This process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stopwatch:
    """Times named stages of a task (``total`` is their sum) and records the process's peak
    memory after each (``peaks``, MiB)."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}
        self.peaks: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        value = fn()
        self.parts[name] = self.parts.get(name, 0.0) + time.perf_counter() - start
        self.peaks[name] = peak_mb()
        return value

    @property
    def total(self) -> float:
        return sum(self.parts.values())


def generate(scale: float, dir: str) -> Result:
    from corpbench.demo import generate as demo
    from corpbench.documents.bundle_csv import write_bundle_csv

    bundle = demo(scale=scale)
    write_bundle_csv(bundle, Path(dir))
    return {"seconds": 0.0, "rows": bundle.function_costs.height}


def csv_read(dir: str) -> Result:
    watch = Stopwatch()
    frames = watch.run(
        "read_csv", lambda: [pl.read_csv(f) for f in sorted(Path(dir).glob("*.csv"))]
    )
    return {"seconds": watch.total, "rows": sum(f.height for f in frames)}


def _insert_all(db: str, frames: dict[str, pl.DataFrame]) -> int:
    """Every row of ``frames`` inserted into a new SQLite file ``db`` (one table per frame,
    columns untyped) in one transaction; the number of rows."""
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("BEGIN")
        rows = 0
        for name, frame in frames.items():
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            marks = ", ".join("?" for _ in frame.columns)
            connection.execute(f'CREATE TABLE "{name}" ({columns})')
            connection.executemany(f'INSERT INTO "{name}" VALUES ({marks})', frame.iter_rows())
            rows += frame.height
        connection.execute("COMMIT")
    finally:
        connection.close()
    return rows


def pipeline(dir: str, db: str) -> Result:
    watch = Stopwatch()
    files = sorted(Path(dir).glob("*.csv"))
    frames = watch.run("read_csv", lambda: {f.stem: pl.read_csv(f) for f in files})
    rows = watch.run("insert", lambda: _insert_all(db, frames))
    return {"seconds": watch.total, "parts": watch.parts, "peaks": watch.peaks, "rows": rows}


def cli_load(dir: str, url: str, json: bool = False) -> Result:
    command = [str(Path(sys.executable).with_name("corpbench")), "load", dir, "--by", "bench"]
    if json:
        command.append("--json")
    environment = {**os.environ, "CORPBENCH_DB": url, "CORPBENCH_MAX_FILE_BYTES": str(2**34)}
    start = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"corpbench load failed ({done.returncode}): {done.stderr[-2000:]}")
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "child_peak_mb": child_mb,
        "output_lines": done.stdout.count("\n"),
        "output_bytes": len(done.stdout.encode()),
    }


def load(dir: str, url: str) -> Result:
    """What ``corpbench load DIR`` does (``corpbench.loading.load_path``), its steps timed."""
    from corpbench.config import Settings
    from corpbench.loading import load_path
    from corpbench.store import Store

    settings = Settings(db=url, max_file_bytes=2**34)
    watch = Stopwatch()
    store = watch.run("open", lambda: Store.open(settings.db))
    marks: list[tuple[str, float, float]] = []

    def step(name: str) -> None:
        marks.append((name, time.perf_counter(), peak_mb()))

    try:
        start = time.perf_counter()
        outcome = load_path(store, Path(dir), by="bench", settings=settings, step=step)
        end = time.perf_counter()
    finally:
        store.close()
    if outcome.result is None:
        raise SystemExit(f"the bundle was rejected: {outcome.report.errors[:3]}")
    names = ["read_validate", "anomalies", "store"]
    bounds = [m[1] for m in marks] + [end]
    assert len(marks) == len(names)
    assert marks[0][1] >= start
    for i, name in enumerate(names):
        watch.parts[name] = bounds[i + 1] - bounds[i]
        watch.peaks[name] = marks[i + 1][2] if i + 1 < len(marks) else peak_mb()
    assert outcome.result.changed
    return {
        "seconds": watch.total,
        "parts": watch.parts,
        "peaks": watch.peaks,
        "warnings": len(outcome.report.warnings),
    }


def read(url: str, out: str | None) -> Result:
    from corpbench.store import Store

    with Store.open(url, migrate=False) as store:
        watch = Stopwatch()
        bundle = watch.run("current", store.current)
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            bundle.table(name).write_parquet(Path(out) / f"{name}.parquet")
    return {"seconds": watch.total, "rows": bundle.function_costs.height}


def _tables(dir: str) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(Path(dir) / f"{name}.parquet") for name in TABLES}


def big_bundle(orgs: int, dir: str) -> Result:
    from big_bundle import write_big_bundle

    return {"seconds": 0.0, "rows": write_big_bundle(orgs, Path(dir))}


def recompute(tables: str, stats_only: bool = False) -> Result:
    from corpbench.bench.engine import Benchmark

    t = _tables(tables)
    watch = Stopwatch()
    bench: Benchmark = watch.run(
        "conform",
        lambda: Benchmark(t["organisations"], t["finance"], t["function_costs"], t["indicators"]),
    )
    watch.run("kpis", bench.kpis)
    stats = watch.run("stats", bench.stats)
    for m in () if stats_only else METHODS:
        watch.run(f"savings {m}", partial(bench.savings, m))
    for m in () if stats_only else METHODS:
        watch.run(f"summary {m}", partial(bench.summary, m))
    return {
        "seconds": watch.total,
        "parts": watch.parts,
        "peaks": watch.peaks,
        "rows": t["function_costs"].height,
        "stats_rows": stats.height,
    }


def _ratio(numerator: str, denominator: str, scale: float) -> pl.Expr:
    """``scale × numerator / denominator``, null when the denominator is missing or zero."""
    return pl.when(pl.col(denominator) != 0).then(scale * pl.col(numerator) / pl.col(denominator))


def baseline_stats(
    organisations: pl.DataFrame, finance: pl.DataFrame, function_costs: pl.DataFrame
) -> pl.DataFrame:
    """The recompute baseline: function totals, the six KPI divisions and the statistics per
    (org_type, year, function, kpi): n, mean, median, q1, q3, min, max and the interquartile
    mean, all in plain polars."""
    sums = [
        pl.col("cost").sum(),
        pl.col("fte").sum(),
        pl.col("shared").sum(),
        pl.col("shared_n").sum(),
    ]
    per_function = (
        function_costs.with_columns(
            (pl.col("pay_cost") + pl.col("non_pay_cost")).alias("cost"),
            pl.col("shared_cost").alias("shared"),
            pl.col("shared_cost").is_not_null().cast(pl.Int64).alias("shared_n"),
        )
        .group_by(_FN_KEYS)
        .agg(sums)
    )
    per_org = per_function.group_by("org_code", "year").agg(*sums, pl.lit("all").alias("function"))
    totals = pl.concat([per_function, per_org.select(per_function.columns)]).with_columns(
        pl.when(pl.col("shared_n") > 0).then(pl.col("shared")).alias("shared")
    )
    kpis = (
        totals.join(finance, on=["org_code", "year"], how="left")
        .select(
            *_FN_KEYS,
            _ratio("cost", "turnover", 100.0).alias("pct_turnover"),
            _ratio("cost", "total_pay", 100.0).alias("pct_pay"),
            _ratio("cost", "running_costs", 100.0).alias("pct_running_costs"),
            _ratio("cost", "fte", 1.0).alias("cost_per_fte"),
            _ratio("cost", "total_fte", 1.0).alias("cost_per_org_fte"),
            _ratio("shared", "cost", 100.0).alias("shared_pct"),
        )
        .unpivot(index=_FN_KEYS, variable_name="kpi", value_name="value")
        .drop_nulls("value")
    )
    n = pl.len()
    k = n // 4
    value = pl.col("value")
    return (
        kpis.join(organisations.select("org_code", "org_type"), on="org_code")
        .group_by(_STAT_KEYS)
        .agg(
            n.alias("n"),
            value.mean().alias("mean"),
            value.median().alias("median"),
            value.quantile(0.25, interpolation="linear").alias("q1"),
            value.quantile(0.75, interpolation="linear").alias("q3"),
            value.sort().slice(k, n - 2 * k).mean().alias("iqm"),
            value.min().alias("min"),
            value.max().alias("max"),
        )
        .sort(_STAT_KEYS)
    )


def recompute_baseline(tables: str) -> Result:
    t = _tables(tables)
    watch = Stopwatch()
    stats = watch.run(
        "group_by",
        lambda: baseline_stats(t["organisations"], t["finance"], t["function_costs"]),
    )
    return {
        "seconds": watch.total,
        "parts": watch.parts,
        "peaks": watch.peaks,
        "rows": t["function_costs"].height,
        "stats_rows": stats.height,
    }


TASKS: dict[str, Callable[..., Result]] = {
    "generate": generate,
    "big_bundle": big_bundle,
    "csv_read": csv_read,
    "pipeline": pipeline,
    "load": load,
    "cli_load": cli_load,
    "read": read,
    "recompute": recompute,
    "recompute_baseline": recompute_baseline,
}


def main() -> None:
    task, args = sys.argv[1], json.loads(sys.argv[2])
    result = TASKS[task](**args)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
