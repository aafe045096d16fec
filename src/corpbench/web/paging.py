"""The page-number and page-size parameters of paged lists (pages and API alike): bounded, so
that no offset overflows the database's integers; out of range answers 422."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query

#: The highest page number asked for (far past any list's end; offsets stay within 64 bits).
MAX_PAGE = 1_000_000
#: The most items one page of the API holds.
MAX_PER_PAGE = 1000

PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page number, from 1 to {MAX_PAGE}")]
PerPage = Annotated[
    int,
    Query(ge=1, le=MAX_PER_PAGE, description=f"Items per page (at most {MAX_PER_PAGE})"),
]

T = TypeVar("T")


def _same(item: Any) -> Any:
    return item


def page_of(
    items: Sequence[T], page: int, per_page: int, shape: Callable[[T], Any] = _same
) -> dict[str, Any]:
    """Page ``page`` of ``items`` as the API answers a paged list: its items (each through
    ``shape``, only those on the page), the page, its size and the total count."""
    start = (page - 1) * per_page
    return {
        "items": [shape(x) for x in items[start : start + per_page]],
        "page": page,
        "per_page": per_page,
        "total": len(items),
    }
