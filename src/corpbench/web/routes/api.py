"""The JSON API under ``/api/v1``: the same figures as the pages and the command line, one
error envelope (see :mod:`corpbench.web.app`), pagination where lists grow."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, TypeAdapter
from starlette.concurrency import run_in_threadpool

from corpbench.access import Principal, returns_listed, sees_org_in_full, sees_returns_of
from corpbench.bench.engine import Benchmark
from corpbench.bench.mypeers import MY_PEERS_PREFIX
from corpbench.store.audit import ACTIONS
from corpbench.views import benchmark_api_rows, national_view
from corpbench.views.uncertainty import with_intervals
from corpbench.web.auth import get_store, national_only, signed_in, submitter
from corpbench.web.benchmark_page import benchmark_with
from corpbench.web.errors import Forbidden, NotFound
from corpbench.web.fragments import FragmentCache
from corpbench.web.issue_pages import WarningsCache
from corpbench.web.paging import PageNo, PerPage, page_of
from corpbench.web.scope import (
    check_org,
    check_org_async,
    choose_grouping,
    choose_method,
    figures_and_reveal,
    figures_for,
    live_figures,
    my_peers_of,
)
from corpbench.web.templating import render

router = APIRouter(prefix="/api/v1", tags=["api"])

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items``, the page number (from 1), its size and the total."""

    items: list[T]
    page: int
    per_page: int
    total: int


class Me(BaseModel):
    email: str
    role: str
    org_code: str | None
    footprint: str | None


class OrganisationOut(BaseModel):
    org_code: str
    org_name: str
    org_type: str
    region: str
    footprint: str | None
    teaching: bool | None


class ReturnStatusOut(BaseModel):
    org_code: str
    year: str
    version: int
    loaded_at: str
    loaded_by: str
    status: str
    comment: str
    #: the return's anomaly warnings counted by code, the most frequent first
    warnings: dict[str, int] = {}


class PeerOut(BaseModel):
    n: int
    iqm: float | None
    median: float | None
    q1: float | None


class BenchmarkRow(BaseModel):
    """One function of an organisation's benchmark (``all``: the whole organisation). The
    numbers equal ``corpbench export savings`` (target, saving) and ``export stats`` (peer)."""

    function: str
    cost: float | None
    kpis: dict[str, float | None]
    peer: PeerOut
    target: float | None
    saving: float | None
    #: cost / the cost the year's economies-of-scale fit expects at the organisation's turnover
    size_adjusted_ratio: float | None = None
    #: on the ``all`` row: the organisation's total saving and its 95% interval
    #: (``corpbench export uncertainty``); null elsewhere and without intervals
    total_saving: float | None = None
    low: float | None = None
    high: float | None = None
    org_code: str
    year: str
    method: str
    grouping: str
    #: True for an organisation's draft figures (``view=draft``): its own current returns
    #: against the newest publication's peers, not yet published
    draft: bool = False


class AuditOut(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


@router.get("/me", response_model=Me, summary="The signed-in user")
def me(principal: Annotated[Principal, Depends(signed_in)]) -> Me:
    return Me(
        email=principal.email,
        role=principal.role,
        org_code=principal.org_code,
        footprint=principal.footprint,
    )


@router.get(
    "/organisations",
    response_model=Page[OrganisationOut],
    summary="Organisations the user may see in full",
)
def organisations(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    page: PageNo = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    orgs = live_figures(request).benchmark.organisations.sort("org_code")
    visible = [
        r
        for r in orgs.iter_rows(named=True)
        if sees_org_in_full(principal, r["org_code"], r["footprint"])
    ]
    return page_of(visible, page, per_page)


@router.get(
    "/organisations/{code}/benchmark",
    response_model=list[BenchmarkRow],
    summary="An organisation's benchmark: per function its cost, KPIs, peer figures, target "
    "and saving",
    description="year defaults to the latest year the organisation returned; method is iqm, "
    "median, q1, external:NAME or threshold:P (default iqm); grouping is a peer grouping "
    "(default org_type; mypeers:NAME for one of the caller's My peers lists). National users "
    "get the live figures (view=published for the published ones); everyone else the newest "
    "publication. An organisation user asking for view=draft gets its own current returns "
    "against the newest publication's peers, each row marked draft: true.",
)
async def benchmark(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(signed_in)],
    year: str | None = None,
    method: str | None = None,
    grouping: str | None = None,
    view: str | None = None,
) -> Response:
    await check_org_async(request, principal, code)
    figures, _ = await figures_and_reveal(request, principal, view)
    if figures is None:
        raise NotFound("no figures have been published yet")
    mine = my_peers_of(get_store(request), principal)
    chosen_grouping = choose_grouping(figures, grouping, mine)
    chosen_method = choose_method(figures, method)
    # the answer depends on the figures and the choices only: made once per store state (the
    # figures' key changes with a load, a peer-list change or a publication), then reused
    cache: FragmentCache = request.app.state.fragments
    lists = mine if chosen_grouping.startswith(MY_PEERS_PREFIX) else ()
    key = ("api-benchmark", figures.key, code, year or None, chosen_method, chosen_grouping, lists)
    body = cache.peek_bytes(key) or await run_in_threadpool(
        cache.get_bytes,
        key,
        lambda: _benchmark_json(
            benchmark_with(figures.benchmark, code, chosen_grouping, mine),
            code,
            year or None,
            chosen_method,
            chosen_grouping,
            draft=figures.draft is not None,
        ),
    )
    return Response(body, media_type="application/json")


_BENCHMARK_ROWS = TypeAdapter(list[BenchmarkRow])


def _benchmark_json(
    bench: Benchmark, code: str, year: str | None, method: str, grouping: str, *, draft: bool
) -> bytes:
    """The JSON of an organisation's benchmark rows (raises :class:`NotFound` when the
    organisation has no figures that year)."""
    try:
        rows = benchmark_api_rows(bench, code, year, method, grouping)
        resolved = year or bench.respondent_years(code)[-1]
    except (ValueError, IndexError) as exc:
        raise NotFound(str(exc) or f"organisation {code} has no cost data") from exc
    extra = {
        "org_code": code,
        "year": resolved,
        "method": method,
        "grouping": grouping,
        "draft": draft,
    }
    return _BENCHMARK_ROWS.dump_json(
        _BENCHMARK_ROWS.validate_python([{**row, **extra} for row in rows])
    )


@router.get(
    "/returns",
    response_model=Page[ReturnStatusOut],
    summary="Current returns and their review status (national: all; organisation: its own)",
)
def returns(
    request: Request,
    principal: Annotated[Principal, Depends(submitter)],
    year: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    own = returns_listed(principal)
    warnings: WarningsCache = request.app.state.warnings
    counts = warnings.counts(live_figures(request))
    items = [
        {
            "org_code": s.org_code,
            "year": s.year,
            "version": s.version,
            "loaded_at": s.loaded_at.isoformat(),
            "loaded_by": s.loaded_by,
            "status": s.status,
            "comment": s.comment,
            "warnings": counts.get((s.org_code, s.year), {}),
        }
        for s in get_store(request).reviews.statuses(year, own)
    ]
    return page_of(items, page, per_page)


class ThreadItemOut(BaseModel):
    """One item of a query's thread: a message (``question``, ``reply``, ``close``) or a
    version of the return loaded after the question (``new_version``)."""

    kind: str
    text: str | None = None
    outcome: str | None = None
    return_version: int
    at: str
    by: str
    role: str | None = None
    source: str | None = None


class QueryOut(BaseModel):
    id: int
    org_code: str
    year: str
    version: int
    warning_code: str | None
    warning_text: str | None
    state: str
    outcome: str | None
    awaiting: str | None
    opened_at: str
    opened_by: str
    thread: list[ThreadItemOut]


class NoteOut(BaseModel):
    org_code: str
    year: str
    number: int
    version: int
    text: str
    withdrawn: bool
    return_version: int
    written_at: str
    written_by: str


@router.get(
    "/queries",
    response_model=Page[QueryOut],
    summary="Queries on returns with their threads (national: all; organisation: its own)",
)
def queries(
    request: Request,
    principal: Annotated[Principal, Depends(submitter)],
    state: Literal["open", "closed", "all"] = "open",
    year: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    found = get_store(request).conversation.queries(
        returns_listed(principal), year, state=None if state == "all" else state
    )
    return page_of([q.to_dict() for q in found], page, per_page)


@router.get(
    "/returns/{code}/notes",
    response_model=list[NoteOut],
    summary="The current notes on an organisation's returns (national; the organisation)",
)
def notes(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(submitter)],
    year: str | None = None,
) -> list[dict[str, Any]]:
    if not sees_returns_of(principal, code):
        raise Forbidden(f"you cannot see the returns of {code}")
    check_org(request, principal, code)
    return [n.to_dict() for n in get_store(request).conversation.notes(code, year)]


@router.get("/national/summary", summary="The national summary (national role)")
def national_summary(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    year: str | None = None,
    method: str | None = None,
    view: str | None = None,
) -> dict[str, Any]:
    figures = figures_for(request, principal, view)
    assert figures is not None
    if not figures.benchmark.years():
        return {"year": None, "method": method or "iqm", "summary": [], "by_function": []}
    try:
        national = national_view(figures.benchmark, year or None, choose_method(figures, method))
    except ValueError as exc:
        raise NotFound(str(exc)) from exc
    summary, by_function = with_intervals(
        figures.benchmark, national.year, national.method, national.summary, national.by_function
    )
    return {
        "year": national.year,
        "method": national.method,
        "figures": figures.key,
        "summary": summary.to_dicts(),
        "by_function": by_function.to_dicts(),
        "response": national.response.to_dicts(),
    }


@router.get(
    "/audit", response_model=Page[AuditOut], summary="The audit log, newest first (national)"
)
def audit(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    action: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    log = get_store(request).audit
    chosen = action if action in ACTIONS else None
    entries = log.entries(action=chosen, limit=per_page, offset=(page - 1) * per_page)
    return {
        "items": [
            {
                "id": e.id,
                "at": e.at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "target": e.target,
                "detail": e.detail,
            }
            for e in entries
        ],
        "page": page,
        "per_page": per_page,
        "total": log.count(chosen),
    }


@router.get("/openapi.json", include_in_schema=False)
def openapi(
    request: Request, principal: Annotated[Principal, Depends(signed_in)]
) -> dict[str, Any]:
    """The OpenAPI document of the API."""
    document: dict[str, Any] = request.app.openapi()
    return document


@router.get("/docs", include_in_schema=False)
def docs(request: Request, principal: Annotated[Principal, Depends(signed_in)]) -> Response:
    """The API's endpoints, rendered from its OpenAPI document (no script from elsewhere)."""
    schema = request.app.openapi()
    endpoints = []
    for path, operations in sorted(schema.get("paths", {}).items()):
        for verb, op in operations.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                {
                    "verb": verb.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                }
            )
    return render(request, "api_docs.html", {"endpoints": endpoints})
