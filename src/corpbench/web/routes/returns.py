"""Returns under review: their status, version history and review decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench.access import Principal
from corpbench.ingest import Issue
from corpbench.reports.issue_list import issue_csv
from corpbench.store import StoreError
from corpbench.store.reviews import DECISIONS, STATUSES
from corpbench.web.auth import (
    checked_form,
    client_of,
    form_text,
    get_store,
    national_only,
    submitter,
)
from corpbench.web.errors import BadRequest, Forbidden
from corpbench.web.issue_pages import WarningsCache, listing, page_number
from corpbench.web.scope import check_org
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/returns")
def returns_page(
    request: Request,
    principal: Annotated[Principal, Depends(submitter)],
    year: str | None = None,
    status: str | None = None,
) -> Response:
    store = get_store(request)
    own = None if principal.is_national else principal.org_code
    statuses = store.reviews.statuses(org_code=own)
    years = sorted({s.year for s in statuses})
    shown = [
        s for s in statuses if (not year or s.year == year) and (not status or s.status == status)
    ]
    return render(
        request,
        "returns.html",
        {
            "statuses": shown,
            "years": years,
            "year": year or "",
            "status": status or "",
            "all_statuses": STATUSES,
        },
    )


def _own_returns(request: Request, principal: Principal, code: str) -> None:
    if not principal.is_national and principal.org_code != code:
        raise Forbidden(f"you cannot see the returns of {code}")
    check_org(request, principal, code)


def _warnings(request: Request, code: str) -> list[Issue]:
    cache: WarningsCache = request.app.state.warnings
    return cache.of(request.app.state.figures.live(), code)


@router.get("/returns/{code}")
def return_history(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(submitter)],
    page: str | None = None,
) -> Response:
    _own_returns(request, principal, code)
    warnings = listing(_warnings(request, code), page_number(page))
    store = get_store(request)
    return render(
        request,
        "return_history.html",
        {
            "code": code,
            "statuses": store.reviews.statuses(org_code=code),
            "history": store.history(code),
            "decisions": store.reviews.decisions(code),
            "decision_choices": DECISIONS,
            "warnings": warnings,
        },
    )


@router.get("/returns/{code}/warnings.csv")
def return_warnings_csv(
    request: Request, code: str, principal: Annotated[Principal, Depends(submitter)]
) -> Response:
    """Every anomaly warning of the organisation's current returns, as CSV."""
    _own_returns(request, principal, code)
    return Response(
        issue_csv(_warnings(request, code)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{code}-warnings.csv"'},
    )


@router.post("/returns/{code}/review")
def review(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    store = get_store(request)
    year = form_text(form, "year")
    status = form_text(form, "status")
    comment = form_text(form, "comment")[:2000]
    version_text = form_text(form, "version")
    if not version_text.isdigit():
        raise BadRequest("the review form names no return version")
    try:
        decided = store.reviews.decide(
            code, year, int(version_text), status, comment, by=principal.email
        )
    except StoreError as exc:
        raise BadRequest(str(exc)) from exc
    store.audit.record(
        principal.email,
        "review",
        f"{code} {year} v{decided.version}",
        {"status": status, "comment": comment},
        client=client_of(request),
    )
    return RedirectResponse(f"/returns/{code}", status_code=303)
