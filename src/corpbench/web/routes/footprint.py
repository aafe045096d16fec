"""A footprint's view: its organisations side by side, their combined baseline and savings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corpbench.access import Principal
from corpbench.web.auth import get_store, signed_in
from corpbench.web.footprint_page import footprint_context
from corpbench.web.scope import check_footprint, figures_for
from corpbench.web.templating import render
from corpbench.web.trend_section import year_rounds

router = APIRouter(include_in_schema=False)


# ``path``: a footprint's name may hold "/" ("North Central London / Barnet"), whether the
# link spelled it out or encoded it as %2F (decoded before routing either way)
@router.get("/footprints/{name:path}")
def footprint_page(
    request: Request,
    name: str,
    principal: Annotated[Principal, Depends(signed_in)],
    year: str | None = None,
    method: str | None = None,
    view: str | None = None,
) -> Response:
    check_footprint(request, principal, name)
    figures = figures_for(request, principal, view)
    context: dict[str, Any] = {"name": name, "view": view or "", "figures": figures}
    if figures is None:
        context["unpublished"] = True
    else:
        rounds, _ = year_rounds(get_store(request), figures.benchmark.years())
        context.update(footprint_context(figures, name, year, method, rounds))
    return render(request, "footprint.html", context)
