"""Issues on pages: grouped by code with the catalogue's words, then the full list a page at a
time (the upload result and the review page), and the anomaly warnings of the current
returns (the review pages), found once per store state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from corpbench.checks.anomalies import find_anomalies, warning_counts, warnings_of
from corpbench.ingest.issues import Issue, IssueGroup, group_issues
from corpbench.web.errors import BadRequest
from corpbench.web.figures import Figures

#: Issues per page of a full list.
PER_PAGE = 100
#: Examples per code in the grouped summary.
EXAMPLES = 3


@dataclass(frozen=True)
class IssueListing:
    """What a page shows of a list of issues: the groups, one page of the full list, and
    where that page is in the whole."""

    groups: list[IssueGroup]
    rows: Sequence[Issue]
    page: int
    pages: int
    total: int

    @property
    def first(self) -> int:
        """The position (from 1) of the page's first issue."""
        return (self.page - 1) * PER_PAGE + 1 if self.total else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.total else 0


def page_number(text: str | None) -> int:
    """The ``page`` query parameter as a number from 1; ``BadRequest`` when it is not one."""
    if text is None or text == "":
        return 1
    if not text.isdigit() or len(text) > 9 or int(text) < 1:
        raise BadRequest(f"page must be a whole number from 1, not {text[:20]!r}")
    return int(text)


def listing(issues: Sequence[Issue], page: int = 1) -> IssueListing:
    """``issues`` grouped and cut to ``page``; ``BadRequest`` for a page past the last."""
    pages = max(1, -(-len(issues) // PER_PAGE))
    if page > pages:
        raise BadRequest(f"page {page} is past the last page of issues ({pages})")
    start = (page - 1) * PER_PAGE
    return IssueListing(
        groups=group_issues(issues, examples=EXAMPLES),
        rows=issues[start : start + PER_PAGE],
        page=page,
        pages=pages,
        total=len(issues),
    )


class WarningsCache:
    """The anomaly warnings of the current returns, judged against the whole store as it is
    (the warnings a load of those returns gave): found once per store state, for every return
    at once (the rules compare each return with its peers, so finding one organisation's costs
    as much as finding everyone's), then cut per organisation and counted per return."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._all: tuple[str, pl.DataFrame, dict[tuple[str, str], dict[str, int]]] | None = None
        self._found: OrderedDict[tuple[str, str], list[Issue]] = OrderedDict()

    def _anomalies(
        self, figures: Figures
    ) -> tuple[pl.DataFrame, dict[tuple[str, str], dict[str, int]]]:
        cached = self._all
        if cached is not None and cached[0] == figures.key:
            return cached[1], cached[2]
        with self._lock:
            cached = self._all
            if cached is not None and cached[0] == figures.key:
                return cached[1], cached[2]
            found = find_anomalies(figures.benchmark.bundle())
            counts = warning_counts(found)
            self._all = (figures.key, found, counts)
            self._found.clear()
            return found, counts

    def counts(self, figures: Figures) -> dict[tuple[str, str], dict[str, int]]:
        """Per (organisation, year) return with a warning, its count of each code (the most
        frequent first)."""
        return self._anomalies(figures)[1]

    def of(self, figures: Figures, code: str) -> list[Issue]:
        """The warnings of organisation ``code``'s current returns, in the order of the rules
        (by year, function, ...)."""
        key = (figures.key, code)
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        everything, _ = self._anomalies(figures)
        found = warnings_of(everything.filter(pl.col("org_code") == code))
        with self._lock:
            self._found[key] = found
            while len(self._found) > self.size:
                self._found.popitem(last=False)
        return found
