"""Validation results as data: typed issues collected into a report.

A report prints for people, serialises to JSON, and knows whether its bundle may be stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the bundle is rejected
    WARNING = "warning"  # an anomaly an analyst should query; the bundle is stored


@dataclass(frozen=True)
class Issue:
    """One finding: where it is (file or sheet, row as the user sees it with the header as row
    1, column), the offending value and a sentence saying what was expected."""

    code: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = Severity.ERROR

    def location(self) -> str:
        parts = [self.file or "bundle"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = "" if self.value is None else f" (value {self.value!r})"
        return f"{self.location()}{value}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = str(self.severity)
        return d


_FILE_ORDER = {"organisations": 0, "finance": 1, "function_costs": 2, "indicators": 3}


def file_stem(display: str | None) -> str:
    """The bundle file a display name refers to: ``finance`` for ``finance.csv``,
    ``return.zip/finance.csv`` or ``return.xlsx[finance]`` (any case)."""
    name = (display or "").strip()
    if name.endswith("]") and "[" in name:
        name = name[name.rindex("[") + 1 : -1]
    name = name.rsplit("/", 1)[-1].lower()
    return name.removesuffix(".csv")


def _sort_key(i: Issue) -> tuple[int, str, int, str, str]:
    stem = file_stem(i.file)
    return (
        _FILE_ORDER.get(stem, 9),
        i.file or "",
        i.row if i.row is not None else -1,
        i.column or "",
        i.code,
    )


@dataclass
class Report:
    """All the issues found in one bundle."""

    source: str
    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return sorted((i for i in self.issues if i.severity is Severity.ERROR), key=_sort_key)

    @property
    def warnings(self) -> list[Issue]:
        return sorted((i for i in self.issues if i.severity is Severity.WARNING), key=_sort_key)

    @property
    def ok(self) -> bool:
        """True when the bundle has no error and may be stored."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.errors + self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ok": self.ok,
            "errors": [i.to_dict() for i in self.errors],
            "warnings": [i.to_dict() for i in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)
