"""The catalogue of issue codes: its page is generated from it, and every code the library
emits is in it (read from the source, and seen when bundles go through validation)."""

from __future__ import annotations

import ast
from pathlib import Path

from cli.bundles import many_warnings, planted_errors
from corpbench.checks.anomalies import anomaly_issues
from corpbench.ingest import Issue, read_and_validate
from corpbench.standard.bundle import Bundle
from corpbench.standard.issue_codes import CATALOGUE, ISSUE_CODES, catalogue_markdown
from ingest.bundles import write_folder, write_xlsx, write_zip

ROOT = Path(__file__).resolve().parents[1]
EMITTERS = ("ingest", "checks", "store")


def test_the_docs_page_is_the_catalogue() -> None:
    page = (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    assert page == catalogue_markdown(), "regenerate docs/issue-codes.md from catalogue_markdown()"


def test_each_code_is_listed_once_with_words() -> None:
    assert len(CATALOGUE) == len(ISSUE_CODES)
    for c in ISSUE_CODES:
        assert c.meaning.endswith("."), c
        assert c.action.endswith("."), c
        assert c.meaning != c.code, c
        assert c.severity in ("error", "warning"), c


def _emitted_codes() -> set[str]:
    """The codes written in the source: the first argument of ``Issue(...)``, ``Rule(...)`` and
    ``Finding(...)``, the ``rule`` of an anomaly, and the codes of the vocabulary rules."""
    found: set[str] = set()
    for folder in EMITTERS:
        for path in (ROOT / "src" / "corpbench" / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                    first = node.args[0] if node.args else None
                    if name in ("Issue", "Rule", "Finding") and isinstance(first, ast.Constant):
                        found.add(str(first.value))
                    for kw in node.keywords:
                        if kw.arg in ("code", "rule") and isinstance(kw.value, ast.Call):
                            arg = kw.value.args[0] if kw.value.args else None
                            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                                found.add(arg.value)  # rule=pl.lit("peer_outlier")
                        elif kw.arg == "code" and isinstance(kw.value, ast.Constant):
                            found.add(str(kw.value.value))
                if isinstance(node, ast.Tuple) and node.elts:
                    head = node.elts[0]
                    if isinstance(head, ast.Constant) and str(head.value).startswith("unknown_"):
                        found.add(str(head.value))  # ("unknown_function", vocab.functions)
    return found


def test_every_code_in_the_source_is_in_the_catalogue_and_no_other() -> None:
    emitted = _emitted_codes()
    assert len(emitted) > 30  # the scan finds the codes
    assert emitted - set(CATALOGUE) == set(), "add these codes to standard/issue_codes.py"
    assert set(CATALOGUE) - emitted == set(), "the catalogue lists codes never emitted"


def _seen(issues: list[Issue]) -> dict[str, str]:
    return {i.code: str(i.severity) for i in issues}


def test_every_code_seen_when_bundles_are_validated_is_catalogued_with_its_severity(
    tmp_path: Path,
) -> None:
    planted = planted_errors().tables
    bad_files = {
        "finance": [["org_code", "year", "turnover", "turnover", ""], ["AC001", "2009/10", "1"]],
        "extra": [["a"], ["b"]],
    }
    inputs = [
        write_folder(tmp_path / "planted", planted),
        write_xlsx(tmp_path / "planted.xlsx", planted, extra_sheets=("colours",)),
        write_zip(tmp_path / "nested.zip", planted, prefix="inner/"),
        write_folder(tmp_path / "bad_files", bad_files),
        tmp_path / "absent",
    ]
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "finance.csv").write_bytes(b"")
    (tmp_path / "latin1").mkdir()
    (tmp_path / "latin1" / "organisations.csv").write_bytes(b"org_code,org_name\nAC001,Caf\xe9\n")
    (tmp_path / "note.txt").write_text("hello")
    inputs += [tmp_path / "empty", tmp_path / "latin1", tmp_path / "note.txt"]
    seen: dict[str, str] = {}
    for path in inputs:
        report, _bundle, _raw = read_and_validate(path)
        seen |= _seen(report.issues)
    _report, bundle, _raw = read_and_validate(write_folder(tmp_path / "w", many_warnings(5)))
    assert bundle is not None
    seen |= _seen(anomaly_issues(Bundle(), bundle))
    assert len(seen) >= 15, sorted(seen)
    assert {"shared_without_model", "not_a_number", "unknown_column"} <= set(seen)
    for code, severity in seen.items():
        assert code in CATALOGUE, code
        assert CATALOGUE[code].severity == severity, code
