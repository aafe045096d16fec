"""The funnels page and its downloads (PDF, XLSX): the funnel plot of a proportion figure of
the board scorecard in a year (docs/funnels.md). Every signed-in role may open them: national
users see the live figures (or, with ``view=published``, the newest publication) with every
organisation named; footprint and organisation users the newest publication, with
organisations named as their peer views name them (a footprint user its footprint's, an
organisation user its own; others "Peer k")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corpbench import actions
from corpbench.access import Principal
from corpbench.bench.funnel import FunnelInputError
from corpbench.documents.funnel_report import funnel_pdf, funnel_xlsx
from corpbench.web.acting import actor_of
from corpbench.web.attachment import attachment
from corpbench.web.auth import get_store, signed_in
from corpbench.web.errors import NotFound
from corpbench.web.fragments import FragmentCache
from corpbench.web.funnel_page import (
    choose_figure,
    choose_year,
    figure_choices,
    find_funnel,
    funnel_context,
)
from corpbench.web.scope import figures_and_reveal, figures_for, revealed_peers
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
        context.update(funnel_context(figures, principal, reveal, figure, year, shown=shown or ""))
    return render(request, "funnels.html", context)


#: What the funnels download as.
_TYPES = ("pdf", "xlsx")


@router.get("/funnels.{kind}")
def funnels_download(
    request: Request,
    kind: str,
    principal: Annotated[Principal, Depends(signed_in)],
    figure: str | None = None,
    year: str | None = None,
    view: str | None = None,
) -> Response:
    """The funnel of the page with the same figure, year and view as ``funnels.pdf`` (A4) or
    ``funnels.xlsx`` (every organisation), named as the page names them; audited ``export``."""
    if kind not in _TYPES:
        raise NotFound(f"there is no funnels.{kind[:20]}: ask for funnels.pdf or funnels.xlsx")
    shown = None if view == "draft" else view
    chosen = choose_figure(figure)
    figures = figures_for(request, principal, shown)
    if figures is None:
        raise NotFound("no figures have been published yet")
    reveal = revealed_peers(request, principal)
    chosen_year = choose_year(figures, year)
    if chosen_year is None:
        raise NotFound("no returns are stored yet")
    try:
        found = find_funnel(figures, principal, reveal, chosen, chosen_year)
    except FunnelInputError as exc:
        raise NotFound(f"no funnel can be drawn: {exc}") from exc
    cache: FragmentCache = request.app.state.downloads
    key = ("funnel", kind, figures.key, chosen, chosen_year, reveal, found.view.points)

    def make() -> bytes:
        view = found.view
        if kind == "pdf":
            return funnel_pdf(
                view,
                x_title=found.x_title,
                y_title=found.y_title,
                numerator_title=found.numerator_title,
                figures_label=figures.label,
            )
        return funnel_xlsx(
            view,
            x_title=found.x_title,
            numerator_title=found.numerator_title,
            figures_label=figures.label,
        )

    data = cache.get_bytes(key, make)
    store = get_store(request)
    actions.record_export(
        store,
        actor_of(request, principal),
        f"funnels.{kind}",
        {"figure": chosen, "year": chosen_year, **({"view": shown} if shown else {})},
    )
    name = f"funnel-{chosen}-{chosen_year.replace('/', '-')}.{kind}"
    return attachment(data, name)
