"""The full list of a load's issues as a file: CSV (one row per issue) or JSON.

Both give every issue with the fields ``file, row, column, value, code, message, severity``
(:data:`corpbench.ingest.issues.ISSUE_FIELDS`), in the report's order (errors, then warnings,
by file and row). The CSV neutralises text a spreadsheet would run as a formula
(:mod:`corpbench.reports.safe`); the JSON keeps values as given (already cut to a bounded
length where the issue was made).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from corpbench.ingest.issues import ISSUE_FIELDS, Issue, Report
from corpbench.reports.safe import neutralise

#: The file types ``write_issue_list`` writes, by suffix.
SUFFIXES = (".csv", ".json")


def _cells(issue: Issue) -> list[str]:
    d = issue.to_dict()
    return [
        "" if d[f] is None else str(d[f]) if f == "row" else neutralise(str(d[f]))
        for f in ISSUE_FIELDS
    ]


def write_issue_csv(issues: Iterable[Issue], out: TextIO) -> None:
    """Write the CSV of ``issues`` (header row first) to ``out``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ISSUE_FIELDS)
    writer.writerows(_cells(i) for i in issues)


def issue_csv(issues: Iterable[Issue]) -> str:
    """The CSV of ``issues`` as text."""
    out = io.StringIO()
    write_issue_csv(issues, out)
    return out.getvalue()


def issue_json(report: Report) -> dict[str, Any]:
    """The report's source, whether it may be stored and every issue as JSON-ready data."""
    return {
        "source": report.source,
        "ok": report.ok,
        "issues": [{f: i.to_dict()[f] for f in ISSUE_FIELDS} for i in report],
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
