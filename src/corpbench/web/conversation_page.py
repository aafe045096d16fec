"""What the pages show of the data-quality conversation: the queries and notes of an
organisation's returns, the warnings a query may be asked on (one year's), and where a form
sends its user back to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from corpbench.checks.returns import of_year
from corpbench.ingest import Issue
from corpbench.store import Store
from corpbench.store.conversation import OUTCOMES, Query


@dataclass(frozen=True)
class WarningChoice:
    """One anomaly warning offered in the form that asks a query: its form value (the code
    and the sentence, which the route finds again among the warnings) and what it shows."""

    value: str
    issue: Issue


def warning_value(issue: Issue) -> str:
    """The form value naming ``issue``: its code and its sentence."""
    return f"{issue.code}|{issue.message}"


def warnings_of_year(issues: Sequence[Issue], org_code: str, year: str) -> list[WarningChoice]:
    """The warnings of ``org_code``'s return for ``year`` among ``issues`` (the warnings of
    all its returns: each sentence starts with the organisation and the year)."""
    return [WarningChoice(warning_value(i), i) for i in of_year(issues, org_code, year)]


def find_warning(issues: Sequence[Issue], org_code: str, year: str, value: str) -> Issue | None:
    """The warning of the return named by form value ``value``, or None."""
    return next(
        (c.issue for c in warnings_of_year(issues, org_code, year) if c.value == value), None
    )


def year_slug(year: str) -> str:
    """A year as a part of an element id (``2009/10`` -> ``2009-10``)."""
    return year.replace("/", "-")


def conversation_context(store: Store, org_code: str) -> dict[str, Any]:
    """The queries (open first, newest first) and the current notes of ``org_code``'s
    returns, for the conversation section of a page."""
    queries = store.conversation.queries(org_code)
    return {
        "queries": sorted(queries, key=lambda q: q.closed),
        "notes": store.conversation.notes(org_code),
        "outcomes": OUTCOMES,
    }


def by_organisation(queries: Sequence[Query]) -> list[Query]:
    """Queries open first, then by when they last moved (newest first)."""
    return sorted(queries, key=lambda q: (q.closed, -q.last_at.timestamp()))
