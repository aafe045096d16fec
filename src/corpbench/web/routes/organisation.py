"""An organisation's benchmark page and its downloads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corpbench.access import Principal
from corpbench.web.auth import signed_in
from corpbench.web.benchmark_page import BenchmarkQuery, organisation_context
from corpbench.web.scope import check_org
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/organisations/{code}")
def organisation_page(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(signed_in)],
    year: str | None = None,
    grouping: str | None = None,
    method: str | None = None,
    view: str | None = None,
) -> Response:
    check_org(request, principal, code)
    query = BenchmarkQuery(code, year, grouping, method, view)
    context = organisation_context(request, principal, query)
    template = (
        "organisation_body.html" if request.headers.get("hx-request") else "organisation.html"
    )
    return render(request, template, context)
