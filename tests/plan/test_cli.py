"""``corpbench plan evaluate`` through the command line: §8's object, the readable summary and
a bad case's errors."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpbench.cli import app
from corpbench.plan import evaluate_plan, machine_output, read_case
from plan.cases import small
from plan.docs_examples import doc_file, doc_stderr

runner = CliRunner()

SECTION_8_KEYS = [
    "years",
    "npv",
    "payback_year",
    "discounted_payback_year",
    "roi",
    "run_rate_saving",
    "tornado",
    "monte_carlo",
    "appraisal",
    "gain_share",
]


def _toml(doc: dict) -> str:
    """A minimal TOML writer for the tests' documents (tables, lists of tables, numbers)."""
    lines: list[str] = []

    def value(v: object) -> str:
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, dict):
            return "{ " + ", ".join(f'"{k}" = {value(x)}' for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return repr(v)

    for k, v in doc.items():
        lines.append(f'"{k}" = {value(v)}')
    return "\n".join(lines) + "\n"


def _run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["plan", "evaluate", *args])
    return r.exit_code, r.stdout, r.stderr


def test_json_is_section_8_and_the_same_from_json_and_toml(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps(small()))
    (tmp_path / "c.toml").write_text(_toml(small()))
    assert tomllib.loads(_toml(small())) == small()
    code, out_json, _ = _run(str(tmp_path / "c.json"), "--json")
    assert code == 0
    code, out_toml, _ = _run(str(tmp_path / "c.toml"), "--json")
    assert code == 0
    assert out_json == out_toml
    got = json.loads(out_json)
    assert list(got) == SECTION_8_KEYS
    assert list(got["years"][0]) == [
        "t",
        "benefit",
        "one_off",
        "recurring",
        "fee",
        "net",
        "cumulative",
    ]
    # the hand-worked figures of tests/plan/test_engine.py
    assert [y["net"] for y in got["years"]] == pytest.approx([-200, 180, 311.625, 417.9375])
    assert got["npv"] == pytest.approx(357.424)
    assert got["payback_year"] == 2
    assert got["roi"] == pytest.approx(3.5478125)
    assert got["run_rate_saving"] == pytest.approx(443.125)
    assert got["tornado"] == []
    assert got["monte_carlo"] is got["appraisal"] is got["gain_share"] is None


def test_the_complete_example_of_the_docs(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text(doc_file("case.toml"))
    code, out, _ = _run(str(path), "--json")
    assert code == 0
    got = json.loads(out)
    assert got == json.loads(json.dumps(machine_output(evaluate_plan(read_case(path)))))
    assert list(got) == SECTION_8_KEYS
    assert len(got["years"]) == 11
    assert [b["parameter"] for b in got["tornado"]] != []
    assert set(got["monte_carlo"]) == {
        "mean",
        "p10",
        "p50",
        "p90",
        "p_npv_positive",
        "p_payback_within_3",
    }
    assert got["monte_carlo"]["p10"] <= got["monte_carlo"]["p50"] <= got["monte_carlo"]["p90"]
    ap = got["appraisal"]
    assert set(ap) == {
        "weights",
        "scores",
        "ranks",
        "top",
        "not_discriminating",
        "weight_intervals",
    }
    # the worked figures of docs/planning.md
    assert ap["weights"] == pytest.approx(
        {"saving": 0.4, "control": 0.3, "speed": 0.2, "accountable": 0.1}
    )
    assert ap["scores"] == pytest.approx(
        {"status_quo": 5.8, "cooperative": 6.5, "company": 6.1, "outsourced": 5.4}
    )
    assert ap["ranks"] == {"status_quo": 3, "cooperative": 1, "company": 2, "outsourced": 4}
    assert ap["top"] == "cooperative"
    assert ap["not_discriminating"] == ["accountable"]
    assert ap["weight_intervals"]["saving"] == pytest.approx([17 / 53, 4 / 7], abs=1e-15)
    gs = got["gain_share"]
    assert [p["key"] for p in gs["partners"]] == pytest.approx([3.5 / 8, 2.7 / 8, 1.8 / 8])
    (join,) = gs["scenarios"]["join"]
    assert join["org_code"] == "RX4"
    rx1 = 1_200_000 * 180_000 * (1 / 400_000 - 1 / 490_000) * 1.05
    assert join["charge_change"]["RX1"] == pytest.approx(-rx1)
    leave = gs["scenarios"]["leave"][0]
    assert leave["org_code"] == "RX1"
    rises = {
        code: 1_200_000 * v * (1 / 220_000 - 1 / 400_000) * 1.05
        for code, v in (("RX2", 120_000), ("RX3", 100_000))
    }
    assert leave["charge_change"] == pytest.approx(rises)
    assert leave["exit_charge"] == pytest.approx(1_384_000)


def test_the_summary_for_people(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text(doc_file("case.toml"))
    code, out, _ = _run(str(path))
    assert code == 0
    assert "Shared service co-operative for Finance, HR, Payroll" in out
    assert "£11,567,717" in out  # the NPV, rounded to the pound
    assert "Finance share rate" in out  # a tornado figure in words
    assert "option.share.finance" not in out
    assert "Simplify → standardise → share" in out
    assert "Share first" in out
    assert "−£" in out  # the join scenario lowers charges


def test_every_error_at_once_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(doc_file("bad.toml"))
    code, out, err = _run(str(path), "--json")
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "Error: bad.toml is not a valid case: 6 errors."
    assert lines == doc_stderr()
    assert "  option.share.finance: 1.2 is above 1 (expected 0 ≤ share < 1)" in lines
    assert any(line.startswith("  functions.fleet: unknown function") for line in lines)
    assert any(line.startswith("  option.phases.share.start: 0 is below 1") for line in lines)
    assert any(line.startswith("  discount_rate: 3.5 is above 1") for line in lines)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("c.yaml", "horizon: 3", "c.yaml is not a .json or .toml file"),
        ("c.json", "{not json", "c.json is not valid json"),
        ("c.toml", "horizon = ", "c.toml is not valid toml"),
        ("c.json", "[1, 2]", "a case is an object of fields"),
    ],
)
def test_files_that_are_not_cases(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    code, out, err = _run(str(path))
    assert code == 1
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_a_missing_file(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "nowhere.toml"))
    assert code == 1
    assert "cannot read nowhere.toml" in err
