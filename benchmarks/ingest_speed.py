"""Time reading + validating a large valid bundle against a plain ``pl.read_csv`` baseline.

Usage: ``.venv/bin/python benchmarks/ingest_speed.py [ROWS]`` (default 1,000,000
function_costs rows). Writes the bundle to a temporary folder, then prints the time of the
baseline (polars reading the same CSV files), of ``read_bundle`` and of ``validate_bundle``, and
their ratio to the baseline.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from corpbench.ingest import read_bundle, validate_bundle
from corpbench.standard import DEFAULT_FUNCTIONS, PROCESS_CLASSES


def write_bundle(folder: Path, rows: int, seed: int = 1) -> None:
    """A valid bundle with ``rows`` function_costs rows over two years."""
    rng = random.Random(seed)
    lines = ["org_code,year,function,process,pay_cost,non_pay_cost,fte,shared_cost,delivery_model"]
    orgs: list[str] = []
    years = ("2009/10", "2010/11")
    per_org = sum(len(PROCESS_CLASSES[f]) for f in DEFAULT_FUNCTIONS) * len(years)
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
    assert per_org > 0


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_bundle(folder, rows)
        t0 = time.perf_counter()
        for f in sorted(folder.glob("*.csv")):
            pl.read_csv(f, infer_schema=False)
        baseline = time.perf_counter() - t0
        t0 = time.perf_counter()
        raw = read_bundle(folder, max_file_bytes=2**31)
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        report, bundle = validate_bundle(raw)
        t_validate = time.perf_counter() - t0
    assert report.ok, report.errors[:5]
    assert bundle is not None
    total = t_read + t_validate
    print(f"function_costs rows: {bundle.function_costs.height}")
    print(f"baseline pl.read_csv: {baseline:.2f}s")
    print(f"read_bundle:          {t_read:.2f}s ({t_read / baseline:.1f}x)")
    print(f"validate_bundle:      {t_validate:.2f}s ({t_validate / baseline:.1f}x)")
    print(f"read + validate:      {total:.2f}s ({total / baseline:.1f}x)")


if __name__ == "__main__":
    main()
