"""Returns under review: their status, version history and review decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Principal, returns_listed, sees_returns_of
from corpbench.documents.issue_list import issue_csv
from corpbench.ingest import Issue
from corpbench.standard.issue_codes import describe
from corpbench.store.reviews import DECISIONS, STATUSES
from corpbench.web.acting import actor_of, web_error
from corpbench.web.attachment import attachment
from corpbench.web.auth import (
    checked_form,
    form_text,
    get_store,
    national_only,
    submitter,
)
from corpbench.web.conversation_page import conversation_context, warnings_of_year
from corpbench.web.errors import BadRequest, Forbidden
from corpbench.web.issue_pages import WarningsCache, listing, page_number
from corpbench.web.scope import check_org, live_figures
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
    own = returns_listed(principal)
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
            "warning_counts": _warning_counts(request),
            "years": years,
            "year": year or "",
            "status": status or "",
            "all_statuses": STATUSES,
            "open_queries": store.conversation.open_count(own),
        },
    )


def _own_returns(request: Request, principal: Principal, code: str) -> None:
    if not sees_returns_of(principal, code):
        raise Forbidden(f"you cannot see the returns of {code}")
    check_org(request, principal, code)


def _warnings(request: Request, code: str) -> list[Issue]:
    cache: WarningsCache = request.app.state.warnings
    return cache.of(live_figures(request), code)


def _warning_counts(request: Request) -> dict[tuple[str, str], dict[str, int]]:
    """Each current return's anomaly warnings counted by code (found once per store state)."""
    cache: WarningsCache = request.app.state.warnings
    return cache.counts(live_figures(request))


@router.get("/returns/{code}")
def return_history(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(submitter)],
    page: str | None = None,
) -> Response:
    _own_returns(request, principal, code)
    found = _warnings(request, code)
    warnings = listing(found, page_number(page))
    store = get_store(request)
    statuses = store.reviews.statuses(org_code=code)
    return render(
        request,
        "return_history.html",
        {
            **conversation_context(store, code),
            "warning_choices": {s.year: warnings_of_year(found, code, s.year) for s in statuses},
            "code": code,
            "statuses": statuses,
            "history": store.history(code),
            "decisions": store.reviews.decisions(code),
            "decision_choices": DECISIONS,
            "warnings": warnings,
            "warning_counts": _warning_counts(request),
            "describe": describe,
        },
    )


@router.get("/returns/{code}/warnings.csv")
def return_warnings_csv(
    request: Request, code: str, principal: Annotated[Principal, Depends(submitter)]
) -> Response:
    """Every anomaly warning of the organisation's current returns, as CSV."""
    _own_returns(request, principal, code)
    return attachment(issue_csv(_warnings(request, code)), f"{code}-warnings.csv")


@router.post("/returns/{code}/review")
def review(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    version_text = form_text(form, "version")
    if not version_text.isdigit():
        raise BadRequest("the review form names no return version")
    try:
        actions.decide(
            get_store(request),
            actor_of(request, principal),
            code,
            form_text(form, "year"),
            int(version_text),
            form_text(form, "status"),
            form_text(form, "comment"),
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return RedirectResponse(f"/returns/{code}", status_code=303)
