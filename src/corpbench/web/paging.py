"""The page-number and page-size parameters of paged lists (pages and API alike): bounded, so
that no offset overflows the database's integers; out of range answers 422."""

from __future__ import annotations

from typing import Annotated

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
