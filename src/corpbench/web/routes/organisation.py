"""An organisation's benchmark page and its downloads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from corpbench.access import Principal
from corpbench.web.auth import get_store, signed_in
from corpbench.web.benchmark_page import BenchmarkQuery, organisation_context
from corpbench.web.fragments import FragmentCache
from corpbench.web.scope import check_org_async, figures_and_reveal, my_peers_of
from corpbench.web.templating import render, render_fragment

router = APIRouter(include_in_schema=False)


@router.get("/organisations/{code}")
async def organisation_page(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(signed_in)],
    year: str | None = None,
    grouping: str | None = None,
    method: str | None = None,
    view: str | None = None,
    function: str | None = None,
    kpi: str | None = None,
) -> Response:
    await check_org_async(request, principal, code)
    figures, reveal = await figures_and_reveal(request, principal, view)
    query = BenchmarkQuery(code, year, grouping, method, view, function, kpi)
    # the viewer's "My peers" lists (one small query; none for the national role)
    mine = my_peers_of(get_store(request), principal)
    fragments: FragmentCache = request.app.state.fragments
    key = (
        "organisation",
        figures.key if figures else None,
        query,
        principal.is_national,
        reveal,
        mine,
    )
    # a cached page is answered on the event loop; working figures out goes to a thread
    body = fragments.peek(key) or await run_in_threadpool(
        fragments.get,
        key,
        lambda: render_fragment(
            request, "organisation_body.html", organisation_context(figures, query, reveal, mine)
        ),
    )
    # htmx asks for the body alone when the controls change; when it restores a page missing
    # from its history cache it asks for the whole page
    if request.headers.get("hx-request") and not request.headers.get("hx-history-restore-request"):
        return render(request, "fragment.html", {"body": body})
    name = figures.benchmark.org_label(code) if figures else code
    # the notes on its returns, which travel into its reports (read on a thread: the store)
    notes = await run_in_threadpool(get_store(request).conversation.notes, code)
    return render(
        request, "organisation.html", {"body": body, "name": name, "code": code, "notes": notes}
    )
