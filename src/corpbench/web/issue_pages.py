"""Issues on pages: grouped by code with the catalogue's words, then the full list a page at a
time (the upload result and the review page), and the anomaly warnings of an organisation's
current returns (the review page), computed once per store state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from corpbench.checks.returns import return_warnings
from corpbench.ingest.issues import Issue, IssueGroup, group_issues
from corpbench.standard.bundle import Bundle
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
    """The anomaly warnings of an organisation's current returns, judged against the whole
    store as it is (the warnings a load of those returns gave), kept for the last few
    (store state, organisation) pairs."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._found: OrderedDict[tuple[str, str], list[Issue]] = OrderedDict()

    def of(self, figures: Figures, code: str) -> list[Issue]:
        key = (figures.key, code)
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        b = figures.benchmark
        current = Bundle(
            organisations=b.organisations,
            finance=b.finance,
            function_costs=b.function_costs,
            indicators=b.indicators,
        )
        found = return_warnings(current, code)
        with self._lock:
            self._found[key] = found
            while len(self._found) > self.size:
                self._found.popitem(last=False)
        return found
