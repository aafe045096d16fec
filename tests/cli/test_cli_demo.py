"""``corpbench demo --out DIR`` and ``corpbench demo --load``: the demo round written as the
four CSV files of a bundle, and loaded; loading the written folder afterwards adds nothing
(the files hold exactly the data ``--load`` stored)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.conftest import Cli, no_exception, rich_tables
from corpbench.cli import app
from corpbench.standard import BUNDLE_FILES

DEMO_ORG = "ZF00001"  # an acute foundation trust of the demo


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo round written once for the module (no store needed)."""
    out = tmp_path_factory.mktemp("demo") / "round"
    result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    no_exception(result)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 4 files to {out}."
    return out


def test_demo_out_writes_the_four_bundle_files_with_the_standard_headers(demo_dir: Path) -> None:
    assert sorted(p.name for p in demo_dir.iterdir()) == [
        "finance.csv",
        "function_costs.csv",
        "indicators.csv",
        "organisations.csv",
    ]
    for name in ("organisations", "finance", "function_costs", "indicators"):
        with (demo_dir / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert set(rows[0]) == set(BUNDLE_FILES[name].column_names), name
        assert len(rows) > 100, name
    with (demo_dir / "organisations.csv").open(encoding="utf-8", newline="") as f:
        orgs = {r["org_code"]: r for r in csv.DictReader(f)}
    assert orgs[DEMO_ORG]["org_type"] == "acute_ft"
    with (demo_dir / "finance.csv").open(encoding="utf-8", newline="") as f:
        years = {r["year"] for r in csv.DictReader(f)}
    assert years == {"2009/10", "2010/11"}


def test_demo_load_then_loading_the_written_folder_adds_no_version(
    cli: Cli, demo_dir: Path
) -> None:
    loaded = cli.ok("demo", "--load")
    assert loaded.stdout.startswith("Loaded the demo round: ")
    assert ", 0 unchanged." in loaded.stdout
    history = cli.history(DEMO_ORG)
    assert [(r["kind"], r["year"], r["version"], r["by"]) for r in history] == [
        ("register", "", "1", "demo"),
        ("return", "2009/10", "1", "demo"),
        ("return", "2010/11", "1", "demo"),
    ]

    status, payload = cli.json("load", demo_dir, "--json", "--by", "again")
    assert status == 0
    assert payload["ok"] is True
    assert payload["errors"] == []
    load = payload["load"]
    assert load["new_org_versions"] == []
    assert load["new_return_versions"] == []
    assert len(load["unchanged_orgs"]) > 400
    assert len(load["unchanged_returns"]) > 700
    assert cli.history(DEMO_ORG) == history

    # and loading the demo again is also a no-op
    again = cli.ok("demo", "--load")
    assert again.stdout.startswith("Loaded the demo round: 0 new return version(s)")

    # the demo organisation's report, as `make run` shows it
    report = cli.ok("report", "--org", DEMO_ORG, "--year", "2009/10").stdout
    assert f"NHS Foundation Trust ({DEMO_ORG}) — 2009/10, peers by organisation type" in report
    functions = [r["function"] for r in rich_tables(report)[0]]
    assert functions[-1] == "Whole organisation"
    assert {"Finance", "HR", "IM&T", "Procurement", "Estates"} <= set(functions)
