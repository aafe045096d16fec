"""``corpbench load PATH [--by NAME] [--json]``: exit status, summary line, the JSON report and
versioning as seen through ``history --org``."""

from __future__ import annotations

from pathlib import Path

from cli.bundles import Y1, Y2, changed_round, round_tables
from cli.conftest import Cli, folder, no_exception
from ingest.bundles import write_folder

ISSUE_KEYS = {"code", "message", "file", "row", "column", "value", "severity"}


def test_load_stores_a_valid_bundle_with_exit_0_and_one_summary_line(
    cli: Cli, round_dir: Path
) -> None:
    result = cli.load(round_dir)
    # 8 register entries; returns: 7 organisations in 2009/10 and 2 in 2010/11
    assert "Stored as load 1: 9 new return version(s), 0 unchanged; 8 register change(s)." in (
        result.stdout
    )
    assert result.stderr == ""


def test_load_rejects_a_bad_bundle_with_exit_1_and_its_errors_counted_by_code_on_stderr(
    cli: Cli, tmp_path: Path
) -> None:
    tables = round_tables()
    tables["finance"][2][2] = "-5"  # AC002 turnover, row 3
    tables["function_costs"][1][2] = "cooking"  # row 2
    result = cli("load", folder(tmp_path, "bad", tables))
    no_exception(result)
    assert result.exit_code == 1
    assert result.stdout == ""
    err = result.stderr
    assert "2 error(s): nothing was stored" in err
    assert "has 2 error(s); nothing was stored." in err
    lines = [ln for ln in err.splitlines() if ln.startswith("│")]
    cells = [[c.strip() for c in ln.strip("│").split("│")] for ln in lines]
    # the counts by code with the catalogue's words, then the examples of each code
    assert cells[:2] == [
        ["1", "out_of_range", "A number is outside its allowed range (for example not above 0)."],
        ["1", "unknown_function", "A function is not one of the standard's corporate functions."],
    ]
    assert [c[:4] for c in cells[2:]] == [
        ["finance.csv", "3", "turnover", "-5"],
        ["function_costs.csv", "2", "function", "cooking"],
    ]
    assert cells[2][4] == "Expected a number greater than 0."
    assert cells[3][4].startswith("Expected one of: finance, hr, imt")
    assert "--report" not in err  # every issue is shown already
    assert "Traceback" not in err
    assert cli.ok("export", "kpis").stdout == "org_code,year,function,kpi,value\n"


def test_load_json_of_a_stored_bundle_has_ok_errors_warnings_stored_and_load(
    cli: Cli, round_dir: Path
) -> None:
    status, payload = cli.json("load", round_dir, "--json")
    assert status == 0
    assert payload["ok"] is True
    assert payload["stored"] is True
    assert payload["errors"] == []
    assert payload["source"] == str(round_dir)
    # AC005 is far above its acute peers: anomaly warnings, stored anyway
    assert payload["warnings"], "expected anomaly warnings for AC005"
    for w in payload["warnings"]:
        assert set(w) == ISSUE_KEYS
        assert w["severity"] == "warning"
    assert any(
        w["code"] == "peer_outlier" and w["message"].startswith("AC005 2009/10 finance:")
        for w in payload["warnings"]
    )
    load = payload["load"]
    assert load["load_id"] == 1
    assert load["new_org_versions"] == [
        {"org_code": c, "year": None, "version": 1}
        for c in sorted(["AC001", "AC002", "AC003", "AC004", "AC005", "MH001", "MH002", "CM001"])
    ]
    assert load["new_return_versions"] == [
        {"org_code": c, "year": y, "version": 1}
        for c, y in sorted(
            [(c, Y1) for c in ("AC001", "AC002", "AC003", "AC004", "AC005", "MH001", "MH002")]
            + [("AC001", Y2), ("AC002", Y2)]
        )
    ]
    assert load["unchanged_orgs"] == []
    assert load["unchanged_returns"] == []


def test_load_json_of_a_rejected_bundle_lists_each_error_with_file_row_column_value_message(
    cli: Cli, tmp_path: Path
) -> None:
    tables = round_tables()
    tables["finance"][4][4] = "lots"  # AC004 total_fte, row 5
    tables["organisations"][3][2] = "hospital"  # AC003 org_type, row 4
    status, payload = cli.json("load", folder(tmp_path, "bad", tables), "--json")
    assert status == 1
    assert payload["ok"] is False
    assert payload["stored"] is False
    assert "load" not in payload
    got = [(e["file"], e["row"], e["column"], e["value"], e["code"]) for e in payload["errors"]]
    assert got == [
        ("organisations.csv", 4, "org_type", "hospital", "unknown_org_type"),
        ("finance.csv", 5, "total_fte", "lots", "not_a_number"),
    ]
    for e in payload["errors"]:
        assert set(e) == ISSUE_KEYS
        assert e["severity"] == "error"
        assert e["message"].endswith(".")


def test_load_by_is_recorded_and_history_lists_who_loaded_each_version(
    cli: Cli, round_dir: Path
) -> None:
    cli.load(round_dir, "--by", "alice")
    rows = cli.history("AC001")
    assert [(r["kind"], r["year"], r["version"], r["by"]) for r in rows] == [
        ("register", "", "1", "alice"),
        ("return", Y1, "1", "alice"),
        ("return", Y2, "1", "alice"),
    ]
    assert {r["source"] for r in rows} == {str(round_dir)}


def test_a_second_identical_load_adds_no_version(cli: Cli, round_dir: Path, tmp_path: Path) -> None:
    cli.load(round_dir, "--by", "alice")
    # the same data from another folder, by someone else: still nothing new
    again = write_folder(tmp_path / "again", round_tables())
    result = cli.load(again, "--by", "bob")
    assert "Stored nothing new (load 2): the data is identical to the stored versions." in (
        result.stdout
    )
    status, payload = cli.json("load", again, "--json")
    assert status == 0
    assert payload["stored"] is True
    assert payload["load"]["new_return_versions"] == []
    assert payload["load"]["new_org_versions"] == []
    assert len(payload["load"]["unchanged_returns"]) == 9
    assert len(payload["load"]["unchanged_orgs"]) == 8
    rows = cli.history("AC001")
    assert [(r["kind"], r["year"], r["version"], r["by"]) for r in rows] == [
        ("register", "", "1", "alice"),
        ("return", Y1, "1", "alice"),
        ("return", Y2, "1", "alice"),
    ]


def test_a_changed_load_adds_version_2_and_history_shows_both(
    cli: Cli, round_dir: Path, tmp_path: Path
) -> None:
    cli.load(round_dir, "--by", "alice")
    kpis_before = cli.csv("export", "kpis", "--year", Y1)
    changed = write_folder(tmp_path / "changed", changed_round())
    result = cli.load(changed, "--by", "bob")
    assert "Stored as load 2: 1 new return version(s), 8 unchanged; 0 register change(s)." in (
        result.stdout
    )
    rows = cli.history("AC001")  # oldest first
    assert [(r["kind"], r["year"], r["version"], r["by"], r["source"]) for r in rows] == [
        ("register", "", "1", "alice", str(round_dir)),
        ("return", Y1, "1", "alice", str(round_dir)),
        ("return", Y2, "1", "alice", str(round_dir)),
        ("return", Y1, "2", "bob", str(changed)),
    ]
    # the figures use the latest version: AC001's hr cost is now 900,000 + 200,000
    kpis_after = cli.csv("export", "kpis", "--year", Y1)
    hr_before = _kpi(kpis_before, "AC001", "hr", "pct_turnover")
    hr_after = _kpi(kpis_after, "AC001", "hr", "pct_turnover")
    assert (hr_before, hr_after) == ("1.0", "1.1")
    # other organisations keep their single version
    assert [r["version"] for r in cli.history("AC002") if r["kind"] == "return"] == ["1", "1"]


def test_history_of_an_unknown_organisation_is_exit_1_with_one_sentence(cli: Cli) -> None:
    result = cli("history", "--org", "NOPE1")
    no_exception(result)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: no organisation 'NOPE1' in the store; `corpbench load` its return first."
    )


def _kpi(rows: list[list[str]], org: str, function: str, kpi: str) -> str:
    found = [r[4] for r in rows[1:] if r[0] == org and r[2] == function and r[3] == kpi]
    assert len(found) == 1, found
    return found[0]
