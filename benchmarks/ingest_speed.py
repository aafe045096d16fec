"""Time and peak memory of reading + validating a large valid bundle, against a plain
``pl.read_csv`` of the same files.

Usage::

    .venv/bin/python benchmarks/ingest_speed.py [ROWS]        # synthetic, ROWS cost rows
    .venv/bin/python benchmarks/ingest_speed.py --demo SCALE  # the demo round at SCALE x
    .venv/bin/python benchmarks/ingest_speed.py --dir FOLDER  # an existing bundle folder

The bundle is written to a temporary folder (unless ``--dir``), then the baseline (polars
reading each CSV file, every column as text) and ``read_and_validate`` each run in a fresh
Python process, so that the peak resident memory printed (``ru_maxrss``) is that task's own.
Seconds are the measured work only, not interpreter start-up or imports.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpbench.standard import DEFAULT_FUNCTIONS, PROCESS_CLASSES


def write_bundle(folder: Path, rows: int, seed: int = 1) -> None:
    """A valid bundle with ``rows`` function_costs rows over two years."""
    rng = random.Random(seed)
    lines = ["org_code,year,function,process,pay_cost,non_pay_cost,fte,shared_cost,delivery_model"]
    orgs: list[str] = []
    years = ("2009/10", "2010/11")
    while len(lines) <= rows:
        org = f"ORG{len(orgs):06d}"
        orgs.append(org)
        for year in years:
            for function in DEFAULT_FUNCTIONS:
                for process in PROCESS_CLASSES[function]:
                    pay, non_pay = rng.randint(0, 10**6), rng.randint(0, 10**5)
                    shared = rng.randint(0, pay + non_pay)
                    lines.append(
                        f"{org},{year},{function},{process},{pay}.5,{non_pay},"
                        f"{rng.random() * 20:.3f},{shared},shared"
                    )
    del lines[rows + 1 :]
    (folder / "function_costs.csv").write_text("\n".join(lines) + "\n")
    org_lines = ["org_code,org_name,org_type,region,footprint,teaching"]
    fin_lines = ["org_code,year,turnover,total_pay,total_fte"]
    for i, org in enumerate(orgs):
        org_lines.append(f"{org},Organisation {i},acute,Region {i % 10},,false")
        fin_lines.extend(f"{org},{y},{rng.randint(10**7, 10**9)},1000000,2500" for y in years)
    (folder / "organisations.csv").write_text("\n".join(org_lines) + "\n")
    (folder / "finance.csv").write_text("\n".join(fin_lines) + "\n")


def write_demo(folder: Path, scale: float) -> None:
    """The demo round at ``scale`` times the national size, as the CLI would export it."""
    from corpbench.demo import generate
    from corpbench.documents.bundle_csv import write_bundle_csv

    write_bundle_csv(generate(scale=scale), folder)


def measure(task: str, folder: Path) -> dict[str, float]:
    """Run ``task`` (``baseline`` or ``ingest``) on ``folder`` in this process: seconds, peak
    MiB and the function_costs rows seen."""
    import polars as pl

    from corpbench.config import Settings
    from corpbench.ingest import read_and_validate

    start = time.perf_counter()
    if task == "baseline":
        rows = 0
        for f in sorted(folder.glob("*.csv")):
            df = pl.read_csv(f, infer_schema=False)
            if f.stem == "function_costs":
                rows = df.height
    else:
        report, bundle, _ = read_and_validate(folder, settings=Settings(max_file_bytes=2**34))
        assert report.ok, report.errors[:5]
        assert bundle is not None
        rows = bundle.function_costs.height
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "rows": rows}


def run_child(task: str, folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", task, "--dir", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def report(folder: Path) -> None:
    base = run_child("baseline", folder)
    ing = run_child("ingest", folder)
    ratio = ing["seconds"] / base["seconds"]
    print(f"function_costs rows:  {int(ing['rows'])}")
    print(f"baseline pl.read_csv: {base['seconds']:.2f}s, peak {base['peak_mb']:.0f} MiB")
    print(
        f"read_and_validate:    {ing['seconds']:.2f}s ({ratio:.1f}x), peak {ing['peak_mb']:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--demo", type=float, help="write the demo round at this scale")
    parser.add_argument("--dir", type=Path, help="use this bundle folder as it is")
    parser.add_argument("--measure", choices=("baseline", "ingest"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.dir)))
        return
    if args.dir:
        report(args.dir)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.demo:
            write_demo(folder, args.demo)
        else:
            write_bundle(folder, args.rows)
        report(folder)


if __name__ == "__main__":
    main()
