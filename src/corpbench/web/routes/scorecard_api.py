"""``GET /api/v1/scorecard``: an organisation's board scorecard (programme methods §4) as JSON,
the same figures as ``corpbench export scorecard`` and the organisation page."""

from __future__ import annotations

from typing import Annotated

import polars as pl
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, TypeAdapter
from starlette.concurrency import run_in_threadpool

from corpbench.access import Principal
from corpbench.bench.engine import Benchmark
from corpbench.bench.mypeers import MY_PEERS_PREFIX
from corpbench.bench.scorecard import engine_scorecard
from corpbench.web.auth import get_store, signed_in
from corpbench.web.benchmark_page import benchmark_with
from corpbench.web.errors import NotFound
from corpbench.web.fragments import FragmentCache
from corpbench.web.scope import check_org_async, choose_grouping, figures_and_reveal, my_peers_of

router = APIRouter(prefix="/api/v1", tags=["api"])


class ScorecardRow(BaseModel):
    """One scorecard figure of the organisation: its value, the statistics of its peer group
    (the data standard's), and its rank among them, 1 = best."""

    org_code: str
    year: str
    function: str
    figure: str
    #: ``cost`` or ``quality``
    kind: str
    #: ``lower`` or ``higher``: which way is better
    better: str
    value: float
    grouping: str
    group: str
    n: int
    mean: float
    median: float
    q1: float
    q3: float
    iqm: float
    min: float
    max: float
    rank: int
    #: ``best_quarter``, ``middle``, ``worst_quarter``; null with fewer than 4 peers
    standing: str | None


_ROWS = TypeAdapter(list[ScorecardRow])


def _scorecard_json(bench: Benchmark, code: str, year: str | None, grouping: str) -> bytes:
    try:
        resolved = bench.checked_year(code, year)
        card = engine_scorecard(bench, grouping, year=resolved)
    except ValueError as exc:
        raise NotFound(str(exc)) from exc
    rows = card.filter(pl.col("org_code") == code).with_columns(pl.lit(grouping).alias("grouping"))
    return _ROWS.dump_json(_ROWS.validate_python(rows.to_dicts()))


@router.get(
    "/scorecard",
    response_model=list[ScorecardRow],
    summary="An organisation's board scorecard: cost and quality figures with peer statistics "
    "and rank (1 = best)",
    description="org is the organisation's code; year defaults to the latest year it "
    "returned; grouping is a peer grouping (default org_type; mypeers:NAME for one of the "
    "caller's My peers lists). A figure that cannot be worked out has no row. National users "
    "get the live figures (view=published for the published ones); everyone else the newest "
    "publication; view=draft as for the benchmark.",
)
async def scorecard(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    org: str,
    year: str | None = None,
    grouping: str | None = None,
    view: str | None = None,
) -> Response:
    await check_org_async(request, principal, org)
    figures, _ = await figures_and_reveal(request, principal, view)
    if figures is None:
        raise NotFound("no figures have been published yet")
    mine = my_peers_of(get_store(request), principal)
    chosen = choose_grouping(figures, grouping, mine)
    cache: FragmentCache = request.app.state.fragments
    lists = mine if chosen.startswith(MY_PEERS_PREFIX) else ()
    key = ("api-scorecard", figures.key, org, year or None, chosen, lists)
    body = cache.peek_bytes(key) or await run_in_threadpool(
        cache.get_bytes,
        key,
        lambda: _scorecard_json(
            benchmark_with(figures.benchmark, org, chosen, mine), org, year or None, chosen
        ),
    )
    return Response(body, media_type="application/json")
