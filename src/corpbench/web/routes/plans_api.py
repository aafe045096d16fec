"""The planning workbench in the JSON API (docs/api.md): the cases the caller may see, a case's
document with its evaluation (§8's object, exactly ``corpbench plan evaluate --json``) and its
economies of scale (``economies_of_scale``, the table of its page, PDF and workbook), and
saving a case (the actions of ``corpbench.actions.plans``, with the caller's scope)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from corpbench import actions
from corpbench.access import Principal
from corpbench.actions import CaseRefused, SavedCase
from corpbench.plan import CaseError, evaluate_plan, machine_output
from corpbench.plan.case import document_of_text
from corpbench.security.tokens import same
from corpbench.store.plans import PlanCaseVersion
from corpbench.views.plan_scale import scale_output
from corpbench.web.acting import actor_of, web_error
from corpbench.web.auth import CSRF_HEADER, auth_of, get_store, signed_in
from corpbench.web.case_scale import case_scale_for
from corpbench.web.errors import Forbidden
from corpbench.web.paging import PageNo, PerPage, page_of

router = APIRouter(prefix="/api/v1", tags=["api"])


class CaseOut(BaseModel):
    """A case's newest version: its number, version, name, footprint (null for a named list),
    partners (codes), year of its baseline, who saved it and when."""

    id: int
    version: int
    name: str
    footprint: str | None
    partners: list[str]
    year: str
    saved_at: str
    saved_by: str


class CasePage(BaseModel):
    items: list[CaseOut]
    page: int
    per_page: int
    total: int


def _info(v: PlanCaseVersion) -> dict[str, Any]:
    return {
        "id": v.case_id,
        "version": v.version,
        "name": v.name,
        "footprint": v.footprint,
        "partners": list(v.partners),
        "year": v.year,
        "saved_at": v.saved_at.isoformat(),
        "saved_by": v.saved_by,
    }


@router.get(
    "/plans",
    response_model=CasePage,
    summary="Business cases the user may see (national: all; footprint: its footprint's; "
    "organisation: those it is a partner in)",
)
def plans(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    page: PageNo = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    found = actions.list_cases(get_store(request), actor_of(request, principal))
    return page_of(found, page, per_page, _info)


def _full(request: Request, principal: Principal, saved: SavedCase) -> dict[str, Any]:
    """The case's info, document, evaluation and economies of scale (over the figures the
    caller sees: the case page's, web/case_scale.py)."""
    v = saved.version
    return {
        **_info(v),
        "format": v.format,
        "document": document_of_text(v.text, v.format),
        "output": machine_output(evaluate_plan(saved.case)),
        "economies_of_scale": scale_output(case_scale_for(request, principal, saved)),
    }


@router.get(
    "/plans/{case_id}",
    summary="A business case: its document, its evaluation (exactly plan evaluate --json) and "
    "its economies of scale",
)
def plan(
    request: Request, case_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> dict[str, Any]:
    try:
        saved = actions.get_case(get_store(request), actor_of(request, principal), case_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return _full(request, principal, saved)


def _invalid(errors: list[CaseError], message: str) -> Response:
    body = {
        "error": {
            "status": 422,
            "code": "invalid_case",
            "message": message,
            "errors": [{"path": e.path, "message": e.message} for e in errors],
        }
    }
    return JSONResponse(body, status_code=422)


@router.post(
    "/plans",
    status_code=201,
    summary="Save a business case (a new case, or with id a new version of one): the JSON body "
    "is the case document",
    description="national and footprint users; a footprint user's case is its footprint's and "
    "its partners must all be organisations of it. A case with any error is refused with 422 "
    "and every error with its path (error.errors); nothing is saved. Signed in by a session, "
    "the request needs the page's CSRF token in the X-CSRF-Token header.",
)
async def save_plan(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    id: Annotated[int | None, Query(description="the case to save a new version of")] = None,
    name: Annotated[
        str | None, Query(description="the case's name (required for a new case)")
    ] = None,
    year: Annotated[str | None, Query(description="the year of the case's baseline")] = None,
    footprint: Annotated[
        str | None, Query(description="the footprint it plans for (national users)")
    ] = None,
) -> Response:
    auth = auth_of(request)
    if auth.via != "token":
        header = request.headers.get(CSRF_HEADER, "")
        if not header or not same(header, auth.csrf_token):
            raise Forbidden("saving through the API needs an API token, or the X-CSRF-Token header")
    raw = await request.body()
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return _invalid(
            [CaseError("", f"the body is not valid JSON: {exc}")], "the case is not valid: 1 error"
        )
    if not isinstance(document, dict):
        return _invalid(
            [CaseError("", "a case is an object of fields (expected {...})")],
            "the case is not valid: 1 error",
        )

    def save() -> dict[str, Any]:
        saved = actions.save_document(
            get_store(request),
            actor_of(request, principal),
            id,
            document,
            name=name,
            year=year,
            footprint=footprint,
        )
        return _full(request, principal, saved)

    try:
        body = await run_in_threadpool(save)
    except CaseRefused as exc:
        return _invalid(list(exc.errors), exc.message)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return JSONResponse(body, status_code=201)
