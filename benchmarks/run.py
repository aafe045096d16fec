"""``make bench``: time and peak memory of ``load`` and of a full recompute on demo national
rounds at 1×, 10× and 100× the national size, and of ``corpbench load`` on a 900,000-line
bundle, each against a baseline measured in the same run, then the targets checked (PASS/MISS;
the script always exits 0).

Usage::

    .venv/bin/python benchmarks/run.py [--sizes 1,10,100] [--db sqlite|postgresql|both]
                                       [--orgs 10000] [--repeat N] [--json FILE] [--keep]

For each size the demo round (``corpbench.demo.generate(scale=size)``) is written as CSV files
under ``bench-out/`` and these tasks run, each repeated in a fresh Python process (so its peak
memory, ``ru_maxrss``, is its own; see ``benchmarks/tasks.py``):

- ``load <db>``: what ``corpbench load DIR`` does (read + validate, anomaly warnings, store)
  into an empty SQLite file or a fresh PostgreSQL schema; baseline ``pl.read_csv`` of each file.
- ``read <db>``: ``Store.current()`` of that store (no baseline).
- ``recompute``: ``Benchmark`` KPIs, org_type statistics, savings and national summary under
  every method, from the tables ``current()`` returned; baseline a hand-written polars group-by
  of the same statistics (``tasks.baseline_stats``).

Then (``--orgs``, 0 to skip) the bundle of ``benchmarks/big_bundle.py`` with that many
organisations (10,000: 900,000 cost lines, a third of them warned about) is measured on SQLite:

- ``pipeline``: the baseline, polars reads the three CSV files and ``sqlite3`` inserts all their
  rows in one transaction.
- ``cli load``: ``corpbench load DIR`` in a child process as a user runs it, human output;
  ``cli load --json`` the same with ``--json``; ``load_path``: the library call alone.
- ``stats``: ``Benchmark`` function totals, KPIs and org_type statistics of the stored bundle;
  baseline the hand-written polars group-by of ``recompute``.

Seconds are the best of the repeats (the measured work only, not interpreter start-up or
imports); peak MB is the largest of the repeats. ``--db both`` (the default) skips PostgreSQL
with a note when the server at ``CORPBENCH_TEST_PG_URL`` (default the local ``test`` database)
is unreachable.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TASKS = HERE / "tasks.py"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
GB_MB = 2048.0


@dataclass
class Row:
    """One line of the table: a task at one size, with its baseline when it has one."""

    size: float
    rows: int
    task: str
    seconds: float
    peak_mb: float
    runs: list[float]
    baseline_seconds: float | None = None
    baseline_peak_mb: float | None = None
    baseline_runs: list[float] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)
    peaks: dict[str, float] = field(default_factory=dict)
    #: what the size column shows instead of ``size``× (the big bundle: its organisations)
    label: str | None = None

    @property
    def size_label(self) -> str:
        return self.label or f"{self.size:g}x"

    @property
    def ratio(self) -> float | None:
        if self.baseline_seconds is None or self.baseline_seconds <= 0:
            return None
        return self.seconds / self.baseline_seconds


def with_stages(row: Row, result: dict[str, Any]) -> Row:
    """``row`` with the stage times and peaks of ``result`` (a task's fastest run)."""
    row.parts = dict(result.get("parts", {}))
    row.peaks = dict(result.get("peaks", {}))
    return row


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_task(task: str, **args: Any) -> dict[str, Any]:
    """Run ``task`` of ``tasks.py`` in a fresh Python process; its JSON result."""
    done = subprocess.run(
        [sys.executable, str(TASKS), task, json.dumps(args)],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"task {task} failed with exit status {done.returncode}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def repeated(task: str, repeat: int, **args: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``repeat`` runs of ``task``; all results and the fastest."""
    results = [run_task(task, **args) for _ in range(repeat)]
    return results, min(results, key=lambda r: float(r["seconds"]))


def summarise(results: list[dict[str, Any]]) -> tuple[float, float, list[float]]:
    runs = [float(r["seconds"]) for r in results]
    return min(runs), max(float(r["peak_mb"]) for r in results), runs


def pg_base_url() -> str:
    return os.environ.get("CORPBENCH_TEST_PG_URL") or PG_DEFAULT


def pg_reachable() -> bool:
    from sqlalchemy import create_engine

    engine = create_engine(pg_base_url())
    try:
        with engine.connect():
            return True
    except Exception:
        return False
    finally:
        engine.dispose()


@contextmanager
def fresh_store(kind: str, folder: Path) -> Iterator[str]:
    """The URL of an empty store: a new SQLite file in ``folder``, or a new PostgreSQL schema
    (dropped on exit)."""
    if kind == "sqlite":
        path = folder / f"store-{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for p in folder.glob(path.name + "*"):
                p.unlink()
        return
    from pgschema import fresh_schema_url

    with fresh_schema_url(pg_base_url()) as url:
        yield url


def bench_store(
    kind: str, csv_dir: Path, folder: Path, repeat: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Path]:
    """``repeat`` loads of ``csv_dir``, each into an empty store of ``kind``, then ``repeat``
    reads of the last store; the load results, the read results and the folder where the
    first read wrote the current tables."""
    loads: list[dict[str, Any]] = []
    for _ in range(repeat - 1):
        with fresh_store(kind, folder) as url:
            loads.append(run_task("load", dir=str(csv_dir), url=url))
    out = folder / f"tables-{kind}"
    with fresh_store(kind, folder) as url:
        loads.append(run_task("load", dir=str(csv_dir), url=url))
        reads = [run_task("read", url=url, out=None if j else str(out)) for j in range(repeat)]
    return loads, reads, out


def bench_size(size: float, dbs: list[str], repeat: int, work: Path) -> list[Row]:
    """Every measurement at ``size``; the rows of the table."""
    folder = work / f"x{size:g}"
    csv_dir = folder / "csv"
    start = time.perf_counter()
    n = int(run_task("generate", scale=size, dir=str(csv_dir))["rows"])
    note(f"{size:g}x: {n:,} function_costs rows written in {time.perf_counter() - start:.1f} s")
    base_s, base_mb, base_runs = summarise(repeated("csv_read", repeat, dir=str(csv_dir))[0])
    rows: list[Row] = []
    tables: list[Path] = []
    for kind in dbs:
        loads, reads, out = bench_store(kind, csv_dir, folder, repeat)
        tables.append(out)
        s, mb, runs = summarise(loads)
        best = min(loads, key=lambda r: float(r["seconds"]))
        rows.append(
            with_stages(Row(size, n, f"load {kind}", s, mb, runs, base_s, base_mb, base_runs), best)
        )
        note(f"  load {kind}: {s:.2f} s (csv baseline {base_s:.2f} s)")
        s, mb, runs = summarise(reads)
        rows.append(Row(size, n, f"read {kind}", s, mb, runs))
        note(f"  read {kind}: {s:.2f} s")
    rec_res, rec_best = repeated("recompute", repeat, tables=str(tables[0]))
    bl_res, bl_best = repeated("recompute_baseline", repeat, tables=str(tables[0]))
    if rec_best["stats_rows"] != bl_best["stats_rows"]:
        note(
            f"  warning: the engine has {rec_best['stats_rows']} statistics rows, "
            f"the baseline {bl_best['stats_rows']}"
        )
    s, mb, runs = summarise(rec_res)
    b_s, b_mb, b_runs = summarise(bl_res)
    rows.append(with_stages(Row(size, n, "recompute", s, mb, runs, b_s, b_mb, b_runs), rec_best))
    note(f"  recompute: {s:.2f} s (polars baseline {b_s:.2f} s)")
    return rows


def bench_bundle(orgs: int, repeat: int, work: Path) -> list[Row]:
    """Every measurement of the big bundle of ``orgs`` organisations (SQLite)."""
    folder = work / f"orgs{orgs}"
    csv_dir = folder / "csv"
    n = int(run_task("big_bundle", orgs=orgs, dir=str(csv_dir))["rows"])
    note(f"big bundle: {n:,} function_costs rows ({orgs:,} organisations)")
    size, label = 0.0, f"{orgs:,} orgs"

    def baseline() -> dict[str, Any]:
        with fresh_store("sqlite", folder) as url:
            return run_task("pipeline", dir=str(csv_dir), db=url.removeprefix("sqlite:///"))

    rows: list[Row] = []
    pipe = [baseline() for _ in range(repeat)]
    b_s, b_mb, b_runs = summarise(pipe)
    note(f"  pipeline baseline: {b_s:.2f} s")
    for task, as_json in (("cli load", False), ("cli load --json", True)):
        results = []
        for _ in range(repeat):
            with fresh_store("sqlite", folder) as url:
                results.append(run_task("cli_load", dir=str(csv_dir), url=url, json=as_json))
        runs = [float(r["seconds"]) for r in results]
        peak = max(float(r["child_peak_mb"]) for r in results)
        lines = max(int(r["output_lines"]) for r in results)
        rows.append(Row(size, n, task, min(runs), peak, runs, b_s, b_mb, b_runs, label=label))
        note(f"  {task}: {min(runs):.2f} s, {lines:,} lines of output")
    loads, _, out = bench_store("sqlite", csv_dir, folder, repeat)
    s, mb, runs = summarise(loads)
    best = min(loads, key=lambda r: float(r["seconds"]))
    row = Row(size, n, "load_path", s, mb, runs, b_s, b_mb, b_runs, label=label)
    rows.append(with_stages(row, best))
    note(f"  load_path: {s:.2f} s")
    rec = [run_task("recompute", tables=str(out), stats_only=True) for _ in range(repeat)]
    base = [run_task("recompute_baseline", tables=str(out)) for _ in range(repeat)]
    s, mb, runs = summarise(rec)
    b2_s, b2_mb, b2_runs = summarise(base)
    best = min(rec, key=lambda r: float(r["seconds"]))
    row = Row(size, n, "stats", s, mb, runs, b2_s, b2_mb, b2_runs, label=label)
    rows.append(with_stages(row, best))
    note(f"  stats: {s:.2f} s (polars baseline {b2_s:.2f} s)")
    return rows


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(rows: list[Row]) -> None:
    head = ("size", "rows", "task", "seconds", "baseline s", "ratio", "peak MB", "baseline MB")
    lines = [head] + [
        (
            r.size_label,
            f"{r.rows:,}",
            r.task,
            f"{r.seconds:.3f}",
            fmt(r.baseline_seconds, ".3f"),
            fmt(r.ratio, ".1f"),
            f"{r.peak_mb:.0f}",
            fmt(r.baseline_peak_mb, ".0f"),
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for j, line in enumerate(lines):
        cells = [
            c.ljust(w) if i == 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells))
        if j == 0:
            print("  ".join("-" * w for w in widths))


def print_stages(rows: list[Row], top: int = 6) -> None:
    """The slowest stages of each load and recompute (from its fastest run): seconds, and the
    process's peak memory so far after the stage."""
    for r in rows:
        if not r.parts:
            continue
        worst = sorted(r.parts.items(), key=lambda kv: -kv[1])[:top]
        shown = ", ".join(
            f"{name} {sec:.3f} s" + (f" ({r.peaks[name]:.0f} MB)" if name in r.peaks else "")
            for name, sec in worst
        )
        print(f"{r.size_label} {r.task}: {shown}")


def check(name: str, value: float | None, limit: float, unit: str) -> dict[str, Any]:
    """A target: ``value`` must be below (at most) ``limit``; ``None`` means not measured."""
    status = "n/a" if value is None else ("PASS" if value <= limit else "MISS")
    shown = "not measured" if value is None else f"{value:.2f}{unit} (limit {limit:g}{unit})"
    print(f"{status:<5} {name}: {shown}")
    return {"target": name, "value": value, "limit": limit, "status": status}


def targets(rows: list[Row], dbs: list[str]) -> list[dict[str, Any]]:
    def find(size: float, task: str) -> Row | None:
        return next((r for r in rows if r.size == size and r.task == task), None)

    out = []
    rec1 = find(1, "recompute")
    out.append(check("full recompute at 1x under 1 s", rec1.seconds if rec1 else None, 1.0, " s"))
    for kind in dbs:
        load100 = find(100, f"load {kind}")
        ratio = load100.ratio if load100 else None
        out.append(check(f"load ({kind}) at 100x within 5x of its baseline", ratio, 5.0, "x"))
    rec100 = find(100, "recompute")
    out.append(
        check(
            "recompute at 100x within 3x of its baseline",
            rec100.ratio if rec100 else None,
            3.0,
            "x",
        )
    )
    big = [r for r in rows if r.task == "cli load"]
    for r in big:
        out.append(
            check(
                f"corpbench load of {r.rows:,} lines (human output) within 5x of the pipeline",
                r.ratio,
                5.0,
                "x",
            )
        )
    for r in (r for r in rows if r.task == "stats"):
        out.append(
            check(
                f"stats recompute of {r.rows:,} lines within 4x of its baseline", r.ratio, 4.0, "x"
            )
        )
    top = max(rows, key=lambda r: r.peak_mb, default=None)
    label = f"peak memory under 2 GB (largest: {top.task}, {top.rows:,} lines)" if top else "peak"
    out.append(check(label, top.peak_mb if top else None, GB_MB, " MB"))
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated scales (1 = national)")
    parser.add_argument(
        "--orgs", type=int, default=10000, help="organisations of the big bundle (0: skip it)"
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs per task (default 3, 1 from 100x)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also save the results here")
    parser.add_argument("--keep", action="store_true", help="keep the files under bench-out/")
    args = parser.parse_args(argv)
    try:
        args.sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas, such as 1,10,100")
    if not args.sizes or min(args.sizes) <= 0:
        parser.error("--sizes needs at least one scale above 0")
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def databases(choice: str) -> list[str]:
    if choice == "sqlite":
        return ["sqlite"]
    if pg_reachable():
        return ["sqlite", "postgresql"] if choice == "both" else ["postgresql"]
    if choice == "postgresql":
        raise SystemExit(f"PostgreSQL at {pg_base_url()} is unreachable.")
    note(f"note: PostgreSQL at {pg_base_url()} is unreachable; measuring SQLite only.")
    return ["sqlite"]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    dbs = databases(args.db)
    root = Path.cwd() / "bench-out"
    root.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    rows: list[Row] = []
    try:
        for size in args.sizes:
            repeat = args.repeat or (1 if size >= 100 else 3)
            rows.extend(bench_size(size, dbs, repeat, work))
        if args.orgs > 0:
            rows.extend(bench_bundle(args.orgs, args.repeat or 1, work))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print_table(rows)
    print()
    print("Slowest stages (seconds; in brackets the peak memory after the stage):")
    print_stages(rows)
    print()
    found = targets(rows, dbs)
    if args.json:
        payload = {
            "sizes": args.sizes,
            "databases": dbs,
            "rows": [{**asdict(r), "ratio": r.ratio} for r in rows],
            "targets": found,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")


if __name__ == "__main__":
    main()
