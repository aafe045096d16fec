"""A programme's benefits in the JSON API (docs/api.md): its lines, every line and month at full
precision and the envelopes, for whoever may see the programme."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from corpbench.access import Principal
from corpbench.views.benefits import value_rows
from corpbench.web.auth import signed_in
from corpbench.web.routes.benefits import benefits_of

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/programmes/{programme_id}/benefits")
def benefits_api(
    request: Request, programme_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> JSONResponse:
    """A programme's benefit lines, every line and month (full precision) and the envelopes."""
    seen = benefits_of(request, principal, programme_id)
    env = seen.envelopes
    return JSONResponse(
        {
            "programme": seen.programme.id,
            "lines": [
                {
                    "line": x.number,
                    "function": x.function,
                    "description": x.description,
                    "owner": x.owner,
                    "cashable": x.cashable,
                    "baseline": x.baseline,
                    "target": x.target,
                    "improvement": x.improvement,
                }
                for x in seen.lines
            ],
            "values": value_rows(seen.lines),
            "envelopes": {
                "through": env.through,
                "start": env.start,
                "realised": env.realised,
                "planned_by_lines": env.planned_by_lines,
                "case_to_date": env.case_to_date,
                "baseline_cost": env.baseline_cost,
                "som_envelope": env.som_envelope,
                "realised_12": env.realised_12,
                "carter": [
                    {
                        "org_code": p.org_code,
                        "cost": p.cost,
                        "income": p.income,
                        "pct": p.pct,
                        **{f"within_{c:g}": w for c, w in zip(env.ceilings, p.within, strict=True)},
                    }
                    for p in env.partners
                ],
            },
            "notes": list(seen.notes),
        }
    )
