"""``GET /api/v1/funnels``: the funnel of a proportion figure of the board scorecard in a year
(docs/funnels.md) as JSON: exactly ``corpbench funnel --figure F --year Y --json``'s numbers
over the figures the caller sees, its units named as the funnels page names them
(:func:`corpbench.views.funnel.scoped_machine_output`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from corpbench.access import Principal
from corpbench.bench.figure_funnel import figure_funnel
from corpbench.bench.funnel import FunnelInputError
from corpbench.views.funnel import scoped_machine_output
from corpbench.web.auth import signed_in
from corpbench.web.errors import NotFound
from corpbench.web.funnel_page import choose_figure, choose_year
from corpbench.web.scope import figures_and_reveal

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get(
    "/funnels",
    summary="A funnel plot of a proportion figure: target, overdispersion, each organisation's "
    "limits and outlier flags (corpbench funnel --json)",
    description="figure is a proportion figure of the board scorecard (default the first); "
    "year defaults to the latest. National users get the live figures (view=published for the "
    "published ones), everyone else the newest publication. Units the caller may not see by "
    "name are labelled 'Peer k', as on the funnels page, and listed by value.",
)
async def funnels(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    figure: str | None = None,
    year: str | None = None,
    view: str | None = None,
) -> dict[str, Any]:
    shown = None if view == "draft" else view
    chosen = choose_figure(figure)
    figures, reveal = await figures_and_reveal(request, principal, shown)
    if figures is None:
        raise NotFound("no figures have been published yet")
    chosen_year = choose_year(figures, year)
    if chosen_year is None:
        raise NotFound("no returns are stored yet")
    engine = figures.benchmark
    own = principal.org_code if principal.role == "organisation" else None

    def answer() -> dict[str, Any]:
        try:
            result = figure_funnel(engine, chosen, chosen_year, totals=engine.totals())
        except FunnelInputError as exc:
            raise NotFound(f"no funnel can be drawn: {exc}") from exc
        names = dict(
            zip(
                engine.organisations["org_code"].to_list(),
                engine.organisations["org_name"].to_list(),
                strict=True,
            )
        )
        body = scoped_machine_output(result, names=names, reveal=reveal, own=own)
        return {"figure": chosen, "year": chosen_year, **body}

    return await run_in_threadpool(answer)
