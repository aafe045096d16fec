"""``corpbench demo --out DIR`` and ``corpbench demo --load``: the demo rounds (QIPP 2010 and
NHS Improvement 2016/17) written as the four CSV files of one bundle, and loaded (the nhsi-2017
definition added first); loading the written folder afterwards adds nothing (the files hold
exactly the data ``--load`` stored). ``--round NAME`` writes or loads one round only;
``--rounds-out DIR`` writes the round definitions.

The loads of the 2016/17 round need returns checked against the round of their year (its types
``specialist`` and ``acute_teaching`` are not the standard v1's)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.conftest import Cli, no_exception, rich_tables
from corpbench.cli import app
from corpbench.demo import NHSI_ROUND
from corpbench.standard import BUNDLE_FILES
from corpbench.standard.rounds import parse_round

DEMO_ORG = "ZF00001"
PATHFINDER_FOOTPRINTS = (
    "North West London",
    "Greater Manchester",
    "Mid and South Essex",
    "Kent and Medway",
)  # an acute foundation trust of the demo
NHSI_ORG = "ZT00001"  # an acute teaching trust of the 2016/17 round


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
    assert orgs[NHSI_ORG]["org_type"] == "acute_teaching"
    assert orgs[NHSI_ORG]["footprint"] in {f.name for f in NHSI_ROUND.definition().footprints}
    with (demo_dir / "finance.csv").open(encoding="utf-8", newline="") as f:
        years = {r["year"] for r in csv.DictReader(f)}
    assert years == {"2009/10", "2010/11", "2016/17"}


def test_demo_round_writes_one_round_and_rounds_out_its_definition(tmp_path: Path) -> None:
    runner = CliRunner()
    out, defs = tmp_path / "nhsi", tmp_path / "rounds"
    result = runner.invoke(
        app, ["demo", "--round", "nhsi-2017", "--out", str(out), "--rounds-out", str(defs)]
    )
    no_exception(result)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Wrote 4 files to {out}.",
        f"Wrote 1 round definition(s) to {defs}.",
    ]
    with (out / "finance.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["year"] for r in rows} == {"2016/17"}
    assert 220 <= len(rows) <= 240
    assert sorted(p.name for p in defs.iterdir()) == ["nhsi-2017.toml"]
    text = (defs / "nhsi-2017.toml").read_text(encoding="utf-8")
    assert parse_round(text).years == ("2016/17",)

    # the QIPP round is built in: no definition to write
    qipp = runner.invoke(app, ["demo", "--round", "qipp-2010", "--rounds-out", str(tmp_path / "q")])
    assert qipp.exit_code == 0, qipp.stderr
    assert list((tmp_path / "q").iterdir()) == []


def test_demo_round_must_be_a_demo_round(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--round", "nhsi-2018", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "there is no demo round 'nhsi-2018': the demo rounds are qipp-2010, nhsi-2017" in (
        result.stderr
    )
    assert not any(tmp_path.iterdir())


def test_demo_load_of_the_qipp_round_alone(cli: Cli) -> None:
    loaded = cli.ok("demo", "--load", "--round", "qipp-2010")
    assert loaded.stdout.startswith("Loaded the demo round: ")
    assert ", 0 unchanged." in loaded.stdout
    assert "Round" not in loaded.stdout  # the built-in round needs no definition
    assert "pathfinder" not in loaded.stdout  # the cases are of the 2016/17 round
    history = cli.history(DEMO_ORG)
    assert [(r["kind"], r["year"], r["version"]) for r in history] == [
        ("register", "", "1"),
        ("return", "2009/10", "1"),
        ("return", "2010/11", "1"),
    ]
    missing = cli("history", "--org", NHSI_ORG)
    assert missing.exit_code == 1
    assert f"no organisation '{NHSI_ORG}' in the store" in missing.stderr


def test_demo_load_then_loading_the_written_folder_adds_no_version(
    cli: Cli, demo_dir: Path
) -> None:
    loaded = cli.ok("demo", "--load")
    assert loaded.stdout.startswith("Loaded the demo round: ")
    assert ", 0 unchanged." in loaded.stdout
    assert "Round 'nhsi-2017' added: version 1 (2016/17)." in loaded.stdout
    # the four pathfinder footprints' worked cases, saved through the workbench's action
    assert "Saved 4 pathfinder case(s) of 2016/17 (0 already there)." in loaded.stdout
    cases = cli.ok("plan", "list").stdout
    for footprint in PATHFINDER_FOOTPRINTS:
        assert footprint in cases
    assert [(r["kind"], r["year"]) for r in cli.history(NHSI_ORG)] == [
        ("register", ""),
        ("return", "2016/17"),
    ]
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
    assert len(load["unchanged_orgs"]) > 600
    assert len(load["unchanged_returns"]) > 700
    assert cli.history(DEMO_ORG) == history

    # and loading the demo again is also a no-op
    again = cli.ok("demo", "--load")
    assert again.stdout.startswith("Loaded the demo round: 0 new return version(s)")
    assert "Round 'nhsi-2017' unchanged: version 1 (2016/17)." in again.stdout
    assert "Saved 0 pathfinder case(s) of 2016/17 (4 already there)." in again.stdout

    # the demo organisation's report, as `make run` shows it
    report = cli.ok("report", "--org", DEMO_ORG, "--year", "2009/10").stdout
    assert f"NHS Foundation Trust ({DEMO_ORG}) — 2009/10, peers by organisation type" in report
    functions = [r["function"] for r in rich_tables(report)[0]]
    assert functions[-1] == "Whole organisation"
    assert {"Finance", "HR", "IM&T", "Procurement", "Estates"} <= set(functions)
