"""The national view and the publish action."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Principal
from corpbench.web.acting import actor_of, web_error
from corpbench.web.auth import checked_form, form_text, get_store, national_only
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
        },
    )


@router.post("/national/publish")
def publish(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    try:
        done = actions.publish(
            get_store(request), actor_of(request, principal), note=form_text(form, "note")
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    cache_of(request).invalidate()
    cache_of(request).published(done.publication)
    return RedirectResponse("/national?published=1", status_code=303)
