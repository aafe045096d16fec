"""``corpbench spc`` through the command line (CliRunner): the JSON contract from a CSV and from
a JSON file, options overriding the file, the readable table in words, and bad files refused
with where, what and what was expected (exit 1, nothing printed on stdout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpbench.cli import app
from programme.reference_spc import reference_xmr, same_number

runner = CliRunner()

VALUES = [5.0, 7.0, 6.0, 8.0, 6.0, 7.0, 5.0, 6.0, 7.0, 6.0, 12.0, 13.0, 12.5, 14.0, 13.0]


def _csv(tmp_path: Path, rows: list[str], header: str = "date,value,rebase") -> Path:
    p = tmp_path / "s.csv"
    p.write_text(header + "\n" + "\n".join(rows) + "\n")
    return p


def _rows(values: list[float], rebase_at: tuple[int, ...] = ()) -> list[str]:
    return [
        f"{2024 + (i // 12)}-{i % 12 + 1:02d}-01,{v},{1 if i in rebase_at else 0}"
        for i, v in enumerate(values)
    ]


def _run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["spc", *args], env={"COLUMNS": "160"})  # a wide terminal
    return r.exit_code, r.stdout, r.stderr


def _matches_reference(out: dict, values: list[float], **kw: object) -> None:
    ref = reference_xmr(values, **kw)  # type: ignore[arg-type]
    assert [p["point_type"] for p in out["points"]] == [p["point_type"] for p in ref["points"]]
    for p, r in zip(out["points"], ref["points"], strict=True):
        assert all(same_number(p[k], r[k]) for k in ("mean", "lpl", "upl", "nlpl", "nupl"))
    assert out["variation"] == ref["variation"]
    assert out["assurance"] == ref["assurance"]


def test_csv_json_output_is_the_contract(tmp_path: Path) -> None:
    path = _csv(tmp_path, _rows(VALUES, rebase_at=(10,)))
    code, stdout, stderr = _run(str(path), "--json", "--target", "9")
    assert code == 0, stderr
    out = json.loads(stdout)
    assert list(out) == ["points", "variation", "assurance", "assurance_icon"]
    assert [p["rebase_group"] for p in out["points"]] == [0] * 10 + [1] * 5
    _matches_reference(out, VALUES, target=9.0, rebase_at=(10,))
    assert out["assurance"] == "consistent_pass"  # 9 is below group 1's lower limit
    assert "fewer than 13" in stderr  # both groups are short: the warning, on stderr only


def test_csv_rows_are_sorted_by_date(tmp_path: Path) -> None:
    rows = _rows(VALUES)
    path = _csv(tmp_path, list(reversed(rows)))
    out = json.loads(_run(str(path), "--json")[1])
    assert [p["value"] for p in out["points"]] == VALUES


def test_json_file_and_options_override_it(tmp_path: Path) -> None:
    doc = {
        "values": VALUES,
        "improvement_direction": "decrease",
        "target": 20,
        "rebase_at": [10],
        "fix_after_n_points": None,
        "screen_outliers": False,
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc))
    out = json.loads(_run(str(path), "--json")[1])
    _matches_reference(
        out, VALUES, direction="decrease", target=20.0, rebase_at=(10,), screen=False
    )
    assert out["assurance"] == "consistent_pass"  # lower is better, the limits below 20
    over = json.loads(_run(str(path), "--json", "--improvement", "increase", "--target", "1")[1])
    _matches_reference(over, VALUES, target=1.0, rebase_at=(10,), screen=False)
    assert over["assurance"] == "consistent_pass"
    screened = json.loads(_run(str(path), "--json", "--screen-outliers")[1])
    _matches_reference(
        screened, VALUES, direction="decrease", target=20.0, rebase_at=(10,), screen=True
    )


def test_readable_table_in_words(tmp_path: Path) -> None:
    values = [1.0, 2.0] * 8 + [9.0]
    path = _csv(tmp_path, _rows(values))
    code, stdout, _ = _run(str(path), "--improvement", "decrease", "--target", "1.5")
    assert code == 0
    assert "2025-05-01" in stdout  # the 17th row's date
    assert "Special cause: concern" in stdout
    assert "above the upper process limit" in stdout
    assert "Variation: Special cause variation of a concerning nature: higher is worse" in stdout
    assert "Assurance (target 1.50): Inconsistent" in stdout
    assert "special_cause" not in stdout  # words, not codes


@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        ("date,value", ["2024-01-01,abc"], "s.csv, line 2, column value: 'abc' is not a number"),
        ("date,value", ["2024-01-01,nan"], "line 2, column value: 'nan' is not finite"),
        ("date,value", ["2024-13-01,1"], "line 2, column date: '2024-13-01' is not a date"),
        ("date,value", ["2024-01-01,1", "2024-01-01,2"], "repeats line 2"),
        ("date,value,rebase", ["2024-01-01,1,2"], "line 2, column rebase: '2'; expected 0 or 1"),
        ("date,amount", ["2024-01-01,1"], "line 1: no 'value' column"),
        ("date,value,colour", ["2024-01-01,1,red"], "expected date, value and optionally"),
        ("date,value", [], "no rows after the header"),
        ("date,value", ["2024-01-01"], "line 2: 1 cells; expected 2"),
    ],
)
def test_bad_csv(tmp_path: Path, header: str, rows: list[str], message: str) -> None:
    code, stdout, stderr = _run(str(_csv(tmp_path, rows, header)), "--json")
    assert code == 1
    assert stdout == ""
    assert message in " ".join(stderr.split())


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ("[1, 2]", "the file: a JSON list; expected a JSON object"),
        ("{", "line 1, column 2: invalid JSON"),
        ('{"values": [1, "x"]}', "key 'values', item 1: 'x'; expected a finite number"),
        ('{"values": []}', "key 'values': []; expected a list of numbers"),
        ('{"values": [1], "colour": 1}', "key 'colour': an unknown key"),
        ('{"values": [1, 2], "rebase_at": [2]}', "key 'rebase_at': 2; expected a 0-based index"),
        ('{"values": [1], "improvement_direction": "up"}', "key 'improvement_direction'"),
        ('{"values": [1], "fix_after_n_points": 5}', "expected a whole number of at least 12"),
        ('{"values": [1], "screen_outliers": "yes"}', "expected true or false"),
        ('{"target": 1}', "key 'values': missing"),
    ],
)
def test_bad_json(tmp_path: Path, doc: str, message: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(doc)
    code, stdout, stderr = _run(str(path))
    assert code == 1
    assert stdout == ""
    assert message in " ".join(stderr.split())


def test_bad_options_and_files(tmp_path: Path) -> None:
    path = _csv(tmp_path, _rows(VALUES))
    code, _, stderr = _run(str(path), "--improvement", "up")
    assert code == 2
    assert "--improvement must be one of increase, decrease, neutral" in " ".join(stderr.split())
    code, _, stderr = _run(str(path), "--fix-after", "5")
    assert code == 1
    assert "fix_after_n_points" in stderr
    txt = tmp_path / "s.txt"
    txt.write_text("x")
    assert _run(str(txt))[0] == 2
    assert _run(str(tmp_path / "missing.csv"))[0] == 1
