"""The consortium optimiser in the app (``/plans/optimise``, docs/web.md, planning methods §7):
a form of region, year and the optimiser's options, and the chosen groups, each of which can
become a case through ``POST /plans``. It calls ``actions.optimise_region``, the function
``corpbench plan optimise`` calls, with the user's scope: national users any region, footprint
users their own footprint's region, organisation users none (403)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corpbench import actions
from corpbench.access import Principal, optimises_consortia
from corpbench.plan.optimise import DEFAULT_MAX_FOOTPRINTS, DEFAULT_MAX_GROUP
from corpbench.web.acting import actor_of, refusal, web_error
from corpbench.web.auth import get_store, signed_in
from corpbench.web.optimise_page import group_rows, unassigned_words
from corpbench.web.scope import figures_for
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


def _whole(name: str, text: str, default: int) -> int:
    """A form's whole number (``default`` when blank); an ActionError saying what was expected."""
    text = text.strip()
    if not text:
        return default
    if not text.isdigit() or len(text) > 4:
        raise actions.ActionError(f"{name} is {text[:20]!r}: expected a whole number such as 8")
    return int(text)


@router.get("/plans/optimise")
def optimise_page(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    region: str = "",
    year: str = "",
    max_group: str = "",
    max_footprints: str = "",
) -> Response:
    """The form and, given a region and a year, the optimiser's chosen groups."""
    actor = actor_of(request, principal)
    if not optimises_consortia(principal):
        raise web_error(
            actions.ActionError(
                "the consortium optimiser is for national and footprint users", "forbidden"
            )
        )
    store = get_store(request)
    figures = figures_for(request, principal, None)
    years = [] if figures is None else sorted(figures.benchmark.years(), reverse=True)
    context: dict[str, Any] = {
        "regions": actions.regions_for(store, actor),
        "years": years,
        "chosen": {
            "region": region,
            "year": year,
            "max_group": max_group or str(DEFAULT_MAX_GROUP),
            "max_footprints": max_footprints or str(DEFAULT_MAX_FOOTPRINTS),
        },
        "result": None,
        "error": None,
    }
    if not region and not year:
        return render(request, "plans_optimise.html", context)
    try:
        if figures is None:
            raise actions.ActionError("no figures have been published yet")
        result = actions.optimise_region(
            store,
            actor,
            region=region,
            year=year,
            max_group=_whole("max_group", max_group, DEFAULT_MAX_GROUP),
            max_footprints=_whole("max_footprints", max_footprints, DEFAULT_MAX_FOOTPRINTS),
            benchmark=figures.benchmark,
        )
    except actions.ActionError as exc:
        context["error"] = refusal(exc)
        return render(request, "plans_optimise.html", context, status_code=400)
    register = figures.benchmark.organisations
    context["result"] = result
    context["groups"] = group_rows(result, principal, register)
    context["unassigned"] = unassigned_words(result, principal, register)
    return render(request, "plans_optimise.html", context)
