"""The national view, the publish action and what each publication covered."""

from __future__ import annotations

import io
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Principal
from corpbench.documents.machine_csv import write_machine_csv
from corpbench.store import StoreError
from corpbench.store.publications import SCOPES
from corpbench.web.acting import actor_of, web_error
from corpbench.web.attachment import attachment
from corpbench.web.auth import checked_form, form_text, get_store, national_only
from corpbench.web.errors import BadRequest, NotFound
from corpbench.web.fragments import FragmentCache
from corpbench.web.national_page import national_context
from corpbench.web.scope import cache_of, figures_for, store_state
from corpbench.web.templating import render, render_fragment
from corpbench.web.trend_section import year_rounds

router = APIRouter(include_in_schema=False)


@router.get("/national")
async def national_page(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    year: str | None = None,
    method: str | None = None,
    view: str | None = None,
) -> Response:
    figures = await run_in_threadpool(figures_for, request, principal, view)
    fragments: FragmentCache = request.app.state.fragments
    # the round of each year (the trend breaks where it changes): a round added changes it
    rounds, rounds_key = (
        await run_in_threadpool(year_rounds, get_store(request), figures.benchmark.years())
        if figures
        else ({}, ())
    )

    def figures_html() -> str:
        context: dict[str, Any] = {"view": view or ""}
        if figures is None:
            context.update(unpublished=True)
        else:
            context.update(national_context(figures, year, method, rounds))
        return render_fragment(request, "national_figures.html", context)

    key = ("national", figures.key if figures else None, year, method, view, rounds_key)
    return render(
        request,
        "national.html",
        {
            "body": fragments.peek(key)
            or await run_in_threadpool(fragments.get, key, figures_html),
            "figures": figures,
            "view": view or "",
            "publications": cache_of(request).publications(store_state(request))[::-1],
            "publication_scopes": SCOPES,
        },
    )


@router.post("/national/publish")
def publish(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    try:
        scope = form_text(form, "scope") or "all"
        if scope not in SCOPES:
            raise BadRequest(f"the scope of a publication is one of {', '.join(SCOPES)}")
        done = actions.publish(
            get_store(request),
            actor_of(request, principal),
            note=form_text(form, "note"),
            accepted_only=scope == "accepted",
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    cache_of(request).invalidate()
    cache_of(request).published(done.publication)
    return RedirectResponse("/national?published=1", status_code=303)


@router.get("/national/publications/{publication_id}/returns.csv")
def publication_returns_csv(
    request: Request,
    publication_id: int,
    principal: Annotated[Principal, Depends(national_only)],
) -> Response:
    """The returns (organisation, year, version) publication ``publication_id`` covered."""
    store = get_store(request)
    try:
        store.publications.get(publication_id)
    except StoreError as exc:
        raise NotFound(str(exc)) from exc
    covered = store.publications.covered(publication_id)
    frame = pl.DataFrame(
        {
            "publication_id": [publication_id] * len(covered),
            "org_code": [c.org_code for c in covered],
            "year": [c.year for c in covered],
            "version": [c.version for c in covered],
        },
        schema={
            "publication_id": pl.Int64(),
            "org_code": pl.String(),
            "year": pl.String(),
            "version": pl.Int64(),
        },
    )
    out = io.StringIO()
    write_machine_csv(frame, out)
    name = f"publication-{publication_id}-returns.csv"
    actions.record_export(
        store, actor_of(request, principal), name, {"publication": publication_id}
    )
    return attachment(out.getvalue(), name)
