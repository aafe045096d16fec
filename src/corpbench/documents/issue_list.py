"""The full list of a load's issues as a file: CSV (one row per issue) or JSON.

Both give every issue with the fields ``file, row, column, value, code, message, severity``
(:data:`corpbench.ingest.issues.ISSUE_FIELDS`), in the report's order (errors, then warnings,
by file and row). The CSV neutralises text a spreadsheet would run as a formula
(:mod:`corpbench.documents.safe`); the JSON keeps values as given (already cut to a bounded
length where the issue was made).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from corpbench.documents.safe import DANGEROUS_PATTERN, ESCAPE
from corpbench.ingest.issues import ISSUE_FIELDS, Issue, Report

#: The file types ``write_issue_list`` writes, by suffix.
SUFFIXES = (".csv", ".json")


def _fields(i: Issue) -> dict[str, Any]:
    """One issue as JSON-ready data, with the fields of ``ISSUE_FIELDS`` in their order."""
    return {
        "file": i.file,
        "row": i.row,
        "column": i.column,
        "value": i.value,
        "code": i.code,
        "message": i.message,
        "severity": i.severity.value,
    }


def issue_frame(issues: Iterable[Issue]) -> pl.DataFrame:
    """``issues`` as a table with the columns of ``ISSUE_FIELDS``, text a spreadsheet would run
    as a formula neutralised (vectorised: a load may have hundreds of thousands of issues)."""
    rows = [(i.file, i.row, i.column, i.value, i.code, i.message, i.severity.value) for i in issues]
    schema = {f: pl.Int64 if f == "row" else pl.String for f in ISSUE_FIELDS}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    texts = [f for f in ISSUE_FIELDS if f != "row"]
    return frame.with_columns(
        pl.when(pl.col(f).str.contains(DANGEROUS_PATTERN))
        .then(pl.lit(ESCAPE) + pl.col(f))
        .otherwise(pl.col(f))
        .alias(f)
        for f in texts
    )


def write_issue_csv(issues: Iterable[Issue], out: TextIO) -> None:
    """Write the CSV of ``issues`` (header row first) to ``out``."""
    out.write(issue_frame(issues).write_csv())


def issue_csv(issues: Iterable[Issue]) -> str:
    """The CSV of ``issues`` as text."""
    return issue_frame(issues).write_csv()


def issue_json(report: Report) -> dict[str, Any]:
    """The report's source, whether it may be stored and every issue as JSON-ready data."""
    return {
        "source": report.source,
        "ok": report.ok,
        "issues": [_fields(i) for i in report],
    }


def write_issue_list(report: Report, path: Path) -> None:
    """Write every issue of ``report`` to ``path``: CSV for ``.csv``, JSON for ``.json``.
    Raises ``ValueError`` for any other suffix."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path.name}: the list of issues is written as .csv or .json")
    with path.open("w", encoding="utf-8", newline="") as out:
        if suffix == ".csv":
            write_issue_csv(report, out)
        else:
            json.dump(issue_json(report), out, indent=2)
            out.write("\n")
