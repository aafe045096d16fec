"""The national download of the savings with their 95% intervals: the rows of ``corpbench
export uncertainty`` for the year and method the national page shows."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from corpbench import actions
from corpbench.access import Principal
from corpbench.documents.machine_csv import write_machine_csv
from corpbench.web.acting import actor_of
from corpbench.web.attachment import attachment
from corpbench.web.auth import get_store, national_only
from corpbench.web.errors import BadRequest, NotFound
from corpbench.web.scope import choose_method, figures_for

router = APIRouter(include_in_schema=False)


@router.get("/national/uncertainty.csv")
async def national_intervals_csv(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    year: str | None = None,
    method: str | None = None,
    view: str | None = None,
) -> Response:
    """``level, key, year, method, estimate, low, high`` of the year (default the latest) under
    a peer method (default iqm), as ``corpbench export uncertainty``; 400 for a method without
    intervals, 404 for a year without data."""
    figures = await run_in_threadpool(figures_for, request, principal, view)
    if figures is None or not figures.benchmark.years():
        raise NotFound("no figures to download yet")
    bench = figures.benchmark
    chosen = choose_method(figures, method)
    chosen_year = year or bench.years()[-1]
    if chosen_year not in bench.years():
        raise NotFound(f"no data for {chosen_year}")
    try:
        frame = await run_in_threadpool(bench.uncertainty, chosen, chosen_year)
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
    out = io.StringIO()
    write_machine_csv(frame, out)
    name = f"savings-intervals-{chosen_year.replace('/', '-')}-{chosen.replace(':', '-')}.csv"
    actions.record_export(
        get_store(request),
        actor_of(request, principal),
        name,
        {"year": chosen_year, "method": chosen},
    )
    return attachment(out.getvalue(), name)
