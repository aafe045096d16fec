"""``corpbench funnel INPUT.json``: the machine output equals the library's (itself checked
against FunnelPlotR in tests/bench/test_funnel.py), the table for people labels outliers, and
bad input is one sentence naming the file, the field and the unit with exit status 1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.scorecard_tables import as_csv_tables
from cli.conftest import Cli, no_exception, table_rows
from corpbench.bench.funnel import MACHINE_KEYS, funnel, machine_output
from corpbench.cli import app
from ingest.bundles import write_folder

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXAMPLE = DOCS / "funnel-example.json"


def run(*args: str | Path) -> tuple[int, str, str]:
    # the width of a wide terminal: the table is 118 columns
    result = CliRunner().invoke(app, ["funnel", *(str(a) for a in args)], env={"COLUMNS": "160"})
    no_exception(result)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, doc: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_json_is_the_machine_output_of_the_input(tmp_path: Path) -> None:
    doc = {
        "numerator": [12.5, 30, 8, 60, 41],
        "denominator": [10.2, 25.77, 11.1, 40, 44.3],
        "labels": ["A", "B", "C", "D", "E"],
        "data_type": "SR",
        "sr_method": "CQC",
        "draw_adjusted": True,
        "draw_unadjusted": True,
        "trim_by": 0.2,
        "limits": 95,
    }
    code, out, _ = run(write(tmp_path, doc), "--json")
    assert code == 0
    got = json.loads(out)
    assert tuple(got) == MACHINE_KEYS
    want = machine_output(
        funnel(
            doc["numerator"],  # type: ignore[arg-type]
            doc["denominator"],  # type: ignore[arg-type]
            doc["labels"],  # type: ignore[arg-type]
            data_type="SR",
            sr_method="CQC",
            draw_unadjusted=True,
            trim_by=0.2,
            limits=95,
        )
    )
    assert got == want  # JSON keeps every bit of a double


def test_defaults_are_funnelplotr_s_with_proportions(tmp_path: Path) -> None:
    doc = json.loads(EXAMPLE.read_text())
    bare = {k: doc[k] for k in ("numerator", "denominator", "labels")}
    assert json.loads(run(write(tmp_path, bare), "--json")[1]) == json.loads(
        run(EXAMPLE, "--json")[1]
    )


def test_example_table_labels_the_outlier() -> None:
    """docs/funnels.md's example: West (300 of 420, 0.714) is below the adjusted 99.8% lower
    limit; North (z −3.48) is inside the adjusted limits."""
    code, out, _ = run(EXAMPLE)
    assert code == 0
    assert "1 outside the 99.8% limits" in out
    rows = {r["unit"]: r for r in table_rows(out)}
    assert rows["West"]["outlier"] == "below 99.8%"
    assert [u for u, r in rows.items() if r["outlier"]] == ["West"]
    low = float(rows["West"]["99.8%"].split("–")[0])
    assert float(rows["West"]["ratio"]) < low


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        ([1, 2], "expected a JSON object"),
        ({"numerator": [1], "labels": ["A"]}, "missing key denominator"),
        (
            {"numerator": [1, 2], "denominator": [3, 4], "labels": ["A", "B"], "colour": 1},
            "unknown key colour",
        ),
        ({"numerator": 1, "denominator": [3], "labels": ["A"]}, "numerator is int"),
        (
            {"numerator": [1, 2], "denominator": [3, 4, 5], "labels": ["A", "B"]},
            "denominator has 3 values and labels 2",
        ),
        (
            {"numerator": [1, 2], "denominator": [3, 0], "labels": ["A", "B"]},
            "denominator of unit 'B' (position 2) is 0",
        ),
        (
            {"numerator": [4, 2], "denominator": [3, 5], "labels": ["A", "B"]},
            "numerator of unit 'A' (position 1) is 4, more than its denominator 3",
        ),
        (
            {"numerator": [1, 2], "denominator": [3, 5], "labels": ["A", "B"], "data_type": "X"},
            "data_type 'X' is not known: expected PR or SR",
        ),
        (
            {"numerator": [1, 2], "denominator": [3, 5], "labels": ["A", "B"], "limits": "95"},
            "limits is '95': expected 95 or 99",
        ),
    ],
)
def test_bad_input_is_one_sentence_and_exit_1(tmp_path: Path, doc: object, words: str) -> None:
    code, out, err = run(write(tmp_path, doc, "units.json"), "--json")
    assert code == 1
    assert out == ""
    message = re.sub(r"\s+", " ", err)
    assert message.startswith("Error: units.json")
    assert words in message


def test_unreadable_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(bad)
    assert code == 1
    assert "bad.json is not JSON text" in err
    code, _, err = run(tmp_path / "absent.json")
    assert code == 1
    assert "cannot read absent.json" in err


# --- a stored figure (on SQLite and PostgreSQL) ----------------------------------------------


@pytest.fixture
def card_cli(cli: Cli, tmp_path: Path) -> Cli:
    cli.load(write_folder(tmp_path / "scorecard", as_csv_tables()), "--by", "tester")
    return cli


def test_stored_figure_json_is_the_funnel_of_its_parts(card_cli: Cli) -> None:
    """pct_orders_electronic in 2009/10: AC1 2,400 of 3,000, AC3 900 of 1,000."""
    code, got = card_cli.json(
        "funnel", "--figure", "pct_orders_electronic", "--year", "2009/10", "--json"
    )
    assert code == 0
    assert got == machine_output(funnel([2400, 900], [3000, 1000], ["AC1", "AC3"]))
    assert got["target"] == 0.825


def test_stored_figure_table_and_refusals(card_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # a wide terminal: the table is 118 columns
    out = card_cli.ok("funnel", "--figure", "pct_orders_electronic", "--year", "2009/10").stdout
    assert [r["organisation"] for r in table_rows(out)] == ["AC1", "AC3"]
    one = card_cli("funnel", "--figure", "pct_invoices_paid_30_days", "--year", "2009/10")
    assert one.exit_code == 1
    assert "a funnel needs at least 2" in one.stderr
    wrong = card_cli("funnel", "--figure", "cost_per_order", "--year", "2009/10")
    assert wrong.exit_code == 2
    assert "not a proportion figure" in wrong.stderr
    assert card_cli("funnel", "--figure", "pct_orders_electronic").exit_code == 2
    assert card_cli("funnel", EXAMPLE, "--year", "2009/10").exit_code == 2


def test_no_input_is_a_usage_error() -> None:
    code, out, err = run()
    assert code == 2
    assert out == ""
    assert err == "Error: give INPUT.json, or --figure F --year Y.\n"
