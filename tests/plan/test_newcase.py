"""A case made from a consortium baseline (``plan new``): its figures come from the baseline, it
is a valid case as it is, and its TOML and JSON read back to the same document."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from bench.consortium_tables import engine
from bench.tables import Y1
from corpbench.bench.consortium import consortium_baseline
from corpbench.plan import evaluate_plan, machine_output, parse_case, read_case
from corpbench.plan.document import to_toml, write_document
from corpbench.plan.newcase import (
    DEFAULT_OTHER_SHARE,
    DEFAULT_SHARE,
    DEFAULT_SIMPLIFY,
    DEFAULT_STANDARDISE,
    case_document,
)

K = 1000.0


def _doc() -> dict:  # type: ignore[type-arg]
    return case_document(consortium_baseline(engine(), ["P01", "P02", "P03"], Y1))


def _run_rate_by_hand(doc: dict) -> float:  # type: ignore[type-arg]
    """§4's run-rate saving of a co-operative with λ = 1:
    Σ_f B_f − B_f (1 − s)(1 − d)(1 − τ_f h_f)."""
    total = 0.0
    for f, fig in doc["functions"].items():
        b, tau = fig["cost"], fig["transactional"]
        s, d, h = (doc["option"][k][f] for k in ("simplify", "standardise", "share"))
        total += b - b * (1 - s) * (1 - d) * (1 - tau * h)
    return total


def test_functions_and_partners_come_from_the_baseline() -> None:
    doc = _doc()
    assert list(doc["functions"]) == ["finance", "hr", "payroll"]
    fin = doc["functions"]["finance"]
    assert fin["cost"] == pytest.approx(2900 * K)
    assert fin["transactional"] == pytest.approx(1325 / 2900)
    assert fin["operational"] == pytest.approx(1025 / 2900)
    assert fin["pay_share"] == pytest.approx(2250 / 2900)
    assert doc["functions"]["payroll"] == pytest.approx(
        {"cost": 100 * K, "transactional": 1.0, "operational": 0.0, "pay_share": 0.8}
    )
    assert doc["partners"] == [
        {"org_code": "P01", "baseline": 2500 * K, "volume": 12000.0},
        {"org_code": "P02", "baseline": 700 * K, "volume": 5000.0},  # total_fte for employees
        {"org_code": "P03", "baseline": 400 * K, "volume": 4000.0},
    ]
    assert doc["share_key"] == "baseline"


def test_the_default_option_and_its_investment() -> None:
    doc = _doc()
    opt = doc["option"]
    assert opt["model"] == "cooperative"
    assert opt["share"] == {
        "finance": DEFAULT_SHARE["finance"],
        "hr": DEFAULT_SHARE["hr"],
        "payroll": DEFAULT_SHARE["payroll"],
    }
    assert set(opt["simplify"].values()) == {DEFAULT_SIMPLIFY}
    assert set(opt["standardise"].values()) == {DEFAULT_STANDARDISE}
    assert DEFAULT_OTHER_SHARE == 0.10
    saving = _run_rate_by_hand(doc)
    # finance by hand: 2.9m − 2.9m × 0.95² × (1 − 0.3 × 1325/2900) = 2.9m − 2,617,250 × 0.862931...
    assert saving == pytest.approx(
        2_900_000
        - 2_900_000 * 0.95**2 * (1 - 0.3 * 1325 / 2900)
        + 600_000
        - 600_000 * 0.95**2 * (1 - 0.3 * 0.8)
        + 100_000
        - 100_000 * 0.95**2 * (1 - 0.2)
    )
    half = round(saving / 2)
    assert opt["one_off"] == [{"year": 0, "amount": half}, {"year": 1, "amount": half}]
    out = machine_output(evaluate_plan(parse_case(doc)))
    assert out["run_rate_saving"] == pytest.approx(saving)
    assert out["roi"] is not None
    assert out["gain_share"]["partners"][0]["key"] == pytest.approx(2500 / 3600)


def test_toml_and_json_files_read_back_to_the_same_case(tmp_path: Path) -> None:
    doc = _doc()
    text = to_toml(doc, ["made for a test", "second line"])
    assert text.startswith("# made for a test\n# second line\n")
    assert "[functions.finance]" in text
    assert "[[partners]]" in text
    assert tomllib.loads(text) == doc
    for name in ("c.toml", "c.json"):
        write_document(doc, tmp_path / name, ["x"])
        assert read_case(tmp_path / name) == parse_case(doc)
    assert json.loads((tmp_path / "c.json").read_text()) == doc
    with pytest.raises(ValueError, match=r"not a \.toml or \.json"):
        write_document(doc, tmp_path / "c.txt")


def test_toml_writer_quotes_keys_and_writes_exact_numbers() -> None:
    doc = {
        "uncertain": {
            "option.share.finance": {"low": 0.1, "mode": 0.30000000000000004, "high": 1e-05}
        },
        "name": 'a "quoted" ü',
        "flag": True,
    }
    assert tomllib.loads(to_toml(doc)) == doc
