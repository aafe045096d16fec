"""A footprint's view: its organisations side by side, their combined baseline and savings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corpbench.access import Principal
from corpbench.web.auth import signed_in
from corpbench.web.footprint_page import footprint_context
from corpbench.web.scope import check_footprint, figures_for
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/footprints/{name}")
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
        context.update(footprint_context(figures, name, year, method))
    return render(request, "footprint.html", context)
