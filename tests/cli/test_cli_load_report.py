"""``corpbench load``'s output for people fits a screen whatever the bundle's size, and
``--report FILE`` writes every issue as CSV or JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cli.bundles import Y1, many_warnings, round_tables
from cli.conftest import Cli, folder, no_exception

FIELDS = ["file", "row", "column", "value", "code", "message", "severity"]
SCREEN = 40


def test_thousands_of_warnings_print_as_counts_and_examples_within_a_screen(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli.load(folder(tmp_path, "many", many_warnings(400)))
    lines = result.stdout.splitlines()
    assert len(lines) < SCREEN, result.stdout
    # 9 per added trust, and the tiny round's own 6
    assert "3,606 anomaly warning(s) to query (stored anyway)" in result.stdout
    counts = [ln for ln in lines if "shared_without_model" in ln]
    assert len(counts) == 1
    assert "3,600" in counts[0]
    assert "A cost line has a shared cost but no delivery model." in counts[0]
    assert result.stdout.count(f"ZW0001 {Y1} ") == 3  # the first three examples
    assert "3,606 issues in all: add --report issues.csv (or .json)" in result.stdout
    assert "Stored as load 1: 409 new return version(s)" in result.stdout


def test_report_csv_lists_every_warning_with_its_fields(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "issues.csv"
    result = cli.load(folder(tmp_path, "many", many_warnings(50)), "--report", str(out))
    assert f"Every issue (456) is listed in {out}." in result.stdout  # the round's own 6 too
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == FIELDS
    assert len(rows) == 1 + 456
    assert sum(r[4] == "shared_without_model" for r in rows[1:]) == 450
    assert {r[6] for r in rows[1:]} == {"warning"}
    first = dict(zip(FIELDS, next(r for r in rows if r[4] == "shared_without_model"), strict=True))
    assert first["file"] == "function_costs"
    assert first["message"].startswith(f"ZW0001 {Y1} communications: ")


def test_report_json_of_a_rejected_bundle_lists_every_error(cli: Cli, tmp_path: Path) -> None:
    tables = round_tables()
    tables["finance"][2][2] = "-5"  # AC002 turnover, row 3
    tables["function_costs"][1][2] = "cooking"  # row 2
    out = tmp_path / "issues.json"
    result = cli("load", folder(tmp_path, "bad", tables), "--report", str(out))
    no_exception(result)
    assert result.exit_code == 1
    assert f"Every issue (2) is listed in {out}." in result.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["ok"] is False
    assert payload["issues"] == [
        {
            "file": "finance.csv",
            "row": 3,
            "column": "turnover",
            "value": "-5",
            "code": "out_of_range",
            "message": "Expected a number greater than 0.",
            "severity": "error",
        },
        {
            "file": "function_costs.csv",
            "row": 2,
            "column": "function",
            "value": "cooking",
            "code": "unknown_function",
            "message": payload["issues"][1]["message"],
            "severity": "error",
        },
    ]


def test_report_with_another_suffix_is_a_usage_error_and_stores_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli("load", folder(tmp_path, "ok", round_tables()), "--report", "issues.txt")
    no_exception(result)
    assert result.exit_code == 2
    assert "give a file name ending .csv or .json" in result.stderr
    assert not (tmp_path / "issues.txt").exists()
    assert cli.ok("export", "kpis").stdout == "org_code,year,function,kpi,value\n"


def test_thousands_of_errors_print_within_a_screen_and_say_where_the_full_list_is(
    cli: Cli, tmp_path: Path
) -> None:
    tables = round_tables()
    for k in range(3000):
        tables["function_costs"].append(["AC001", Y1, f"cooking{k}", "", "1", "1", "1", "", ""])
    result = cli("load", folder(tmp_path, "bad", tables))
    no_exception(result)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) < SCREEN, result.stderr
    assert "3,000 error(s): nothing was stored" in result.stderr
    assert "--report issues.csv" in result.stderr


def test_a_10_mb_value_and_a_10_mb_header_keep_the_output_and_json_small(
    cli: Cli, tmp_path: Path
) -> None:
    huge = "9" * 10_000_000
    tables = round_tables()
    tables["finance"][2][2] = "x" + huge  # a 10 MB value
    tables["organisations"][0] = [*tables["organisations"][0], "h" + huge]  # a 10 MB header
    for row in tables["organisations"][1:]:
        row.append("")
    path = folder(tmp_path, "huge", tables)
    result = cli("load", path)
    no_exception(result)
    assert result.exit_code == 1
    assert len(result.stderr) < 20_000
    assert "(10,000,001 characters)" in result.stderr or "characters)" in result.stderr
    status, payload = cli.json("load", path, "--json")
    assert status == 1
    assert len(json.dumps(payload)) < 20_000
    values = {i["code"]: i for i in payload["errors"]}
    assert values["not_a_number"]["value"] == "x" + "9" * 199 + "… (10,000,001 characters)"
    assert len(values["unknown_column"]["message"]) < 1100
