"""``corpbench round add|list|show``: round definitions through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from cli.conftest import Cli, table_rows

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"


def test_a_round_is_added_listed_and_shown_for_its_year(cli: Cli) -> None:
    added = cli.ok("round", "add", EXAMPLE, "--by", "ann")
    assert added.stdout.strip() == "Added round 'example-2022' version 1 (2021/22)."
    again = cli.ok("round", "add", EXAMPLE, "--by", "bo")
    assert again.stdout.strip() == "Round 'example-2022' unchanged: version 1 (2021/22)."

    rows = table_rows(cli.ok("round", "list").stdout)
    assert [(r["Round"], r["Years"]) for r in rows] == [
        ("qipp-2010", "2009/10, 2010/11"),
        ("example-2022", "2021/22"),
    ]
    assert rows[0]["Version"] == "built in"
    assert rows[1]["Version"].startswith("version 1, added by ann on ")

    listed = json.loads(cli.ok("round", "list", "--json").stdout)
    assert [(r["name"], r["version"], r["built_in"]) for r in listed] == [
        ("qipp-2010", 0, True),
        ("example-2022", 1, False),
    ]

    shown = cli.ok("round", "show", "2021/22").stdout
    assert "Example corporate services benchmarking 2021/22" in shown
    assert "Legal services" in shown
    assert (
        "Contract review (transactional); Litigation (operational); Legal advice (strategic)"
        in shown
    )
    assert "Acute teaching trust" in shown
    assert "KPIs: Cost as % of turnover; Cost per organisation FTE (£)" in shown

    detail = json.loads(cli.ok("round", "show", "2021/22", "--json").stdout)
    assert [f["code"] for f in detail["functions"]] == ["finance", "imt", "legal_services"]
    assert detail["functions"][2]["processes"] == {
        "contract_review": "T",
        "litigation": "O",
        "legal_advice": "S",
    }
    assert detail["size_bands"][2] == {
        "code": "large",
        "label": "Turnover £400m or more",
        "min_turnover": 400_000_000.0,
        "max_turnover": None,
    }
    assert detail["added_by"] == "ann"
    written = cli.ok("round", "show", "2021/22", "--toml").stdout
    assert written == EXAMPLE.read_text(encoding="utf-8")


def test_the_default_round_shows_for_qipp_years_with_nothing_stored(cli: Cli) -> None:
    detail = json.loads(cli.ok("round", "show", "2009/10", "--json").stdout)
    assert (detail["name"], detail["version"], detail["added_at"]) == ("qipp-2010", 0, None)
    assert len(detail["functions"]) == 9


def test_a_year_of_no_round_is_exit_1_with_a_hint(cli: Cli) -> None:
    result = cli("round", "show", "2019/20")
    assert result.exit_code == 1
    assert "no round holds the year 2019/20" in result.stderr


def test_a_bad_definition_is_exit_1_with_every_issue_and_nothing_stored(
    cli: Cli, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    bad.write_text(
        text.replace('"pct_turnover"', '"pct_joy"').replace(
            'legal_advice = "S"', 'legal_advice = "Z"'
        ),
        encoding="utf-8",
    )
    result = cli("round", "add", bad)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"Error: {bad}: 2 problem(s) in the round definition."
    assert lines[1].startswith("  kpis[0]: unknown KPI 'pct_joy' (expected one of pct_turnover")
    assert lines[2] == (
        "  functions[2].processes.legal_advice: Table 14 class 'Z' "
        "(expected T (transactional), O (operational) or S (strategic))"
    )
    assert json.loads(cli.ok("round", "list", "--json").stdout)[-1]["name"] == "qipp-2010"


def test_a_round_losing_a_code_the_stored_returns_use_is_refused(
    loaded: Cli, tmp_path: Path
) -> None:
    from corpbench.standard.rounds import default_round_text

    changed = tmp_path / "qipp.toml"
    changed.write_text(default_round_text().replace('code = "hr"', 'code = "people"'), "utf-8")
    result = loaded("round", "add", changed)
    assert result.exit_code == 1
    assert "returns use function(s) hr" in result.stderr
    assert "(round qipp-2010)" not in result.stderr


def test_an_unreadable_file_is_exit_1(cli: Cli, tmp_path: Path) -> None:
    result = cli("round", "add", tmp_path / "missing.toml")
    assert result.exit_code == 1
    assert "cannot read" in result.stderr
