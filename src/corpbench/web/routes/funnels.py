"""The funnels page: the funnel plot of a proportion figure of the board scorecard in a year
(docs/funnels.md). Every signed-in role may open it: national users see the live figures (or,
with ``view=published``, the newest publication) with every organisation named; footprint and
organisation users the newest publication, with organisations named as their peer views name
them (a footprint user its footprint's, an organisation user its own; others "Peer k")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corpbench.access import Principal
from corpbench.web.auth import signed_in
from corpbench.web.funnel_page import choose_figure, figure_choices, funnel_context
from corpbench.web.scope import figures_and_reveal
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/funnels")
async def funnels_page(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    figure: str | None = None,
    year: str | None = None,
    view: str | None = None,
) -> Response:
    # an organisation user's draft figures are its own alone: the funnel is of published peers
    shown = None if view == "draft" else view
    choose_figure(figure)  # 400 for a figure not offered, before any figures are read
    figures, reveal = await figures_and_reveal(request, principal, shown)
    context: dict[str, Any] = {"view": shown or "", "figures": figures}
    if figures is None:
        context.update(unpublished=True, figures_offered=figure_choices())
    else:
        context.update(funnel_context(figures, principal, reveal, figure, year))
    return render(request, "funnels.html", context)
