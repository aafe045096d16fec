"""The economies of scale of a saved case over the figures the signed-in user sees: the one
computation (:func:`corpbench.views.plan_scale.scale_of_case`) behind the case page, its PDF and
workbook downloads and its API answer."""

from __future__ import annotations

from fastapi import Request

from corpbench.access import Principal
from corpbench.actions import SavedCase
from corpbench.views.plan_scale import CaseScale, scale_of_case
from corpbench.web.scope import figures_for


def case_scale_for(request: Request, principal: Principal, saved: SavedCase) -> CaseScale | None:
    """The scale fits of ``saved``'s functions in its year over the figures ``principal`` sees,
    with the scale saving of combining its partners; None without figures for its year or
    without partners."""
    figures = figures_for(request, principal, None)
    if figures is None:
        return None
    return scale_of_case(
        figures.benchmark,
        saved.version.year,
        [p.org_code for p in saved.case.partners],
        list(saved.case.function_codes()),
    )
