"""The README's walk-through works as written: from an empty store to the national summary, a
filled-in template loaded, and an organisation's report."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from corpbench.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    usage = text[text.index("## Using it") :]
    block = re.search(r"```sh\n(.*?)```", usage, re.S)
    assert block is not None
    return [shlex.split(line, comments=True) for line in block.group(1).splitlines() if line]


def _fill_in(path: Path) -> None:
    """What a finance team does with the blank template: one organisation's return."""
    wb = openpyxl.load_workbook(path)
    wb["organisations"].append(
        ["RXX01", "Example Hospitals NHS Trust", "acute", "North East", "", "false"]
    )
    wb["finance"].append(["RXX01", "2009/10", 250_000_000, 160_000_000, 4_000])
    wb["function_costs"].append(
        ["RXX01", "2009/10", "finance", "accounts_payable", 400_000, 100_000, 12]
    )
    wb["function_costs"].append(["RXX01", "2009/10", "hr", "", 2_000_000, 500_000, 50])
    wb.save(path)


def test_readme_starts_with_the_two_setup_commands() -> None:
    head = README.read_text(encoding="utf-8").splitlines()[:8]
    assert any(line.startswith("make run") for line in head)
    assert any(line.startswith("make test") for line in head)


def test_readme_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORPBENCH_DB", f"sqlite:///{tmp_path / 'readme.db'}")
    runner = CliRunner()
    seen: set[str] = set()
    for words in _commands():
        assert words[0] == "corpbench", words
        args, out = words[1:], None
        if ">" in args:
            i = args.index(">")
            args, out = args[:i], tmp_path / args[i + 1]
        if args[:2] == ["load", "return.xlsx"]:
            _fill_in(tmp_path / "return.xlsx")
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, f"{args}: {result.stdout}\n{result.stderr}"
        if out is not None:
            out.write_text(result.stdout, encoding="utf-8")
        seen.add(args[0])
        if args[0] == "summary":
            assert "National summary 2009/10" in result.stdout
            assert "All types" in result.stdout  # the total row, by its title
        if args[0] == "report" and "--out" not in args:
            assert "Aldstead Hospitals NHS Foundation Trust" in result.stdout
    assert {"demo", "load", "template", "summary", "report", "export", "history"} <= seen
    # the filled-in template was stored and is in the figures
    kpis = runner.invoke(app, ["export", "kpis", "--year", "2009/10"]).stdout
    assert "RXX01,2009/10,all,pct_turnover,1.2\n" in kpis  # (500,000 + 2,500,000) / 250m
    assert (
        (tmp_path / "savings.csv")
        .read_text()
        .startswith("org_code,year,function,kpi_value,target,saving\n")
    )
    assert openpyxl.load_workbook(tmp_path / "zf00001.xlsx").sheetnames
