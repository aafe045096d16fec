"""``corpbench plan evaluate CASE --out FILE.pdf|FILE.xlsx``: the case's business case written
beside the unchanged JSON and tables."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from corpbench.cli import app
from plan.docs_examples import doc_file

runner = CliRunner()


def _case(tmp_path: Path) -> Path:
    path = tmp_path / "three-trusts.toml"
    path.write_text(doc_file("case.toml"), encoding="utf-8")
    return path


def test_out_pdf(tmp_path: Path) -> None:
    case = _case(tmp_path)
    out = tmp_path / "case.pdf"
    plain = runner.invoke(app, ["plan", "evaluate", str(case)])
    r = runner.invoke(
        app,
        [
            "plan",
            "evaluate",
            str(case),
            "--out",
            str(out),
            "--consortium",
            "North trusts",
            "--year",
            "2016/17",
        ],
    )
    assert r.exit_code == 0, r.stderr
    assert r.stdout == plain.stdout  # the tables for people are unchanged
    assert f"Wrote {out}" in r.stderr
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    # the name defaults to the case file's
    assert text.startswith(
        "three-trusts Shared-service business case · North trusts · baseline 2016/17"
    )
    assert "Net present value £11,567,717" in text


def test_out_xlsx_with_json(tmp_path: Path) -> None:
    case = _case(tmp_path)
    out = tmp_path / "case.xlsx"
    plain = runner.invoke(app, ["plan", "evaluate", str(case), "--json"])
    r = runner.invoke(
        app, ["plan", "evaluate", str(case), "--json", "--out", str(out), "--name", "=1+1"]
    )
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == json.loads(plain.stdout)
    book = load_workbook(out)
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    assert summary["Case"] == "'=1+1"
    assert summary["Consortium"] == "RX1, RX2, RX3"  # the partners by default
    # an XLSX number keeps 15 significant digits
    assert summary["Net present value"] == pytest.approx(json.loads(plain.stdout)["npv"], rel=1e-14)


def test_out_must_be_a_pdf_or_workbook(tmp_path: Path) -> None:
    case = _case(tmp_path)
    r = runner.invoke(app, ["plan", "evaluate", str(case), "--out", str(tmp_path / "c.csv")])
    assert r.exit_code == 2
    assert "--out must name a .pdf or .xlsx file" in r.stderr
    assert not (tmp_path / "c.csv").exists()


def test_a_bad_case_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(doc_file("bad.toml"), encoding="utf-8")
    out = tmp_path / "bad.pdf"
    r = runner.invoke(app, ["plan", "evaluate", str(bad), "--out", str(out)])
    assert r.exit_code == 1
    assert "is not a valid case: 6 errors" in r.stderr
    assert not out.exists()
