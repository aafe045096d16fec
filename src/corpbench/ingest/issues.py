"""Validation results as data: typed issues collected into a report.

A report prints for people, serialises to JSON, and knows whether its bundle may be stored.
Its issues group by code (:func:`group_issues`) for outputs people read: a count and the
catalogue's sentence per code (``corpbench.standard.issue_codes``) and the first few examples.

An issue echoes what the user gave (a value, a header name) cut to a bounded length
(:func:`shorten`), so that a 10 MB cell cannot make a 10 MB error page or report.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from corpbench.standard.issue_codes import describe

#: The longest value, column or file name an issue keeps (characters): longer ones are cut.
VALUE_LIMIT = 200
#: The longest message an issue keeps (characters): a message may quote a header line.
MESSAGE_LIMIT = 1000


def shorten(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` unchanged when it has at most ``limit`` characters, else its first ``limit``
    characters, an ellipsis and the original length: ``'aaa… (10,000,000 characters)'``."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


class Severity(StrEnum):
    ERROR = "error"  # the bundle is rejected
    WARNING = "warning"  # an anomaly an analyst should query; the bundle is stored


@dataclass(frozen=True, slots=True)
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

    def __post_init__(self) -> None:
        # one cheap test first: a load may make hundreds of thousands of issues, all short
        if (
            len(self.message) > MESSAGE_LIMIT
            or len(self.file or "") > VALUE_LIMIT
            or len(self.column or "") > VALUE_LIMIT
            or len(self.value or "") > VALUE_LIMIT
        ):
            for name, limit in _LIMITS:
                text = getattr(self, name)
                if text is not None and len(text) > limit:
                    object.__setattr__(self, name, shorten(text, limit))

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
        """The issue as JSON-ready data: its fields in order, the severity as its name."""
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "severity": self.severity.value,
        }


_LIMITS = (
    ("message", MESSAGE_LIMIT),
    ("file", VALUE_LIMIT),
    ("column", VALUE_LIMIT),
    ("value", VALUE_LIMIT),
)

_FILE_ORDER = {"organisations": 0, "finance": 1, "function_costs": 2, "indicators": 3}


@functools.lru_cache(maxsize=1024)  # a report's issues name a handful of files, many times
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

    def count(self, severity: Severity) -> int:
        """How many issues of ``severity`` the report holds (no sorting)."""
        return sum(1 for i in self.issues if i.severity is severity)

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

    def groups(self, examples: int = 3) -> list[IssueGroup]:
        """The report's issues by code, errors first (:func:`group_issues`)."""
        return group_issues(list(self), examples=examples)


#: The fields of one issue in a full list (``--report FILE``, the CSV downloads), in order.
ISSUE_FIELDS = ("file", "row", "column", "value", "code", "message", "severity")


@dataclass(frozen=True)
class IssueGroup:
    """The issues of one code: how many, the catalogue's words for the code, the first few."""

    code: str
    severity: Severity
    count: int
    meaning: str
    action: str
    examples: tuple[Issue, ...]

    @property
    def more(self) -> int:
        """How many issues of the code the examples leave out."""
        return self.count - len(self.examples)


def group_issues(issues: Sequence[Issue], examples: int = 3) -> list[IssueGroup]:
    """``issues`` counted by code, errors before warnings, then the most frequent code first
    (ties by code); each group keeps its first ``examples`` issues in the order given."""
    counts: dict[tuple[Severity, str], int] = {}
    firsts: dict[tuple[Severity, str], list[Issue]] = {}
    for issue in issues:
        key = (issue.severity, issue.code)
        n = counts.get(key, 0)
        counts[key] = n + 1
        if n < examples:
            firsts.setdefault(key, []).append(issue)
    order = sorted(counts, key=lambda k: (k[0] is not Severity.ERROR, -counts[k], k[1]))
    out = []
    for severity, code in order:
        entry = describe(code)
        out.append(
            IssueGroup(
                code=code,
                severity=severity,
                count=counts[(severity, code)],
                meaning=entry.meaning,
                action=entry.action,
                examples=tuple(firsts[(severity, code)]),
            )
        )
    return out
