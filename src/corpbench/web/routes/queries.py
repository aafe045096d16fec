"""The data-quality conversation: queries on returns (asked and closed by the national team,
answered by the organisation) and notes on returns. Pages list them; forms go through the
actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Principal, returns_listed, sees_returns_of
from corpbench.store.conversation import Query
from corpbench.web.acting import actor_of, web_error
from corpbench.web.auth import checked_form, form_text, get_store, national_only, submitter
from corpbench.web.conversation_page import by_organisation, find_warning, year_slug
from corpbench.web.errors import BadRequest, Forbidden
from corpbench.web.issue_pages import WarningsCache
from corpbench.web.scope import check_org
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)

#: The choices of the list's filter.
STATES: tuple[str, ...] = ("open", "closed", "all")


@router.get("/queries")
def queries_page(
    request: Request,
    principal: Annotated[Principal, Depends(submitter)],
    state: str | None = None,
) -> Response:
    """The national team's list of queries (open ones first shown), or an organisation's own
    queries with their threads, reply forms and notes."""
    chosen = state or "open"
    if chosen not in STATES:
        raise BadRequest(f"state must be one of {', '.join(STATES)}, not {chosen[:20]!r}")
    store = get_store(request)
    own = returns_listed(principal)
    found = store.conversation.queries(own, state=None if chosen == "all" else chosen)
    return render(
        request,
        "queries.html",
        {
            "queries": by_organisation(found),
            "state": chosen,
            "states": STATES,
            "open_count": store.conversation.open_count(own),
            "code": own,
            "notes": store.conversation.notes(own) if own else [],
            "years": sorted({s.year for s in store.reviews.statuses(org_code=own)}) if own else [],
        },
    )


def _back(form: FormData, code: str, anchor: str = "") -> RedirectResponse:
    """Back to the page the form was on: the queries list or the return's page."""
    where = "/queries" if form_text(form, "back") == "queries" else f"/returns/{code}"
    return RedirectResponse(where + anchor, status_code=303)


def _own_query(request: Request, principal: Principal, query_id: int) -> Query:
    """Query ``query_id`` when ``principal`` may see it; 403 otherwise, whether or not it
    exists (404 for the national team when it does not)."""
    query = get_store(request).conversation.query(query_id)
    if principal.is_national:
        if query is None:
            raise web_error(actions.ActionError(f"there is no query {query_id}", "not_found"))
        return query
    if query is None or not sees_returns_of(principal, query.org_code):
        raise Forbidden(f"you cannot see query {query_id}")
    return query


@router.post("/returns/{code}/queries")
def ask(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    check_org(request, principal, code)
    year = form_text(form, "year")
    chosen = form_text(form, "warning")
    warning = None
    if chosen:
        cache: WarningsCache = request.app.state.warnings
        issue = find_warning(cache.of(request.app.state.figures.live(), code), code, year, chosen)
        if issue is None:
            raise BadRequest(
                "that warning is no longer one of the return's warnings; reload the page"
            )
        warning = actions.WarningRef(issue.code, issue.message)
    try:
        query = actions.open_query(
            get_store(request),
            actor_of(request, principal),
            code,
            year,
            form_text(form, "text"),
            warning,
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return _back(form, code, f"#query-{query.id}")


@router.post("/queries/{query_id}/reply")
def reply(
    request: Request,
    query_id: int,
    principal: Annotated[Principal, Depends(submitter)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    query = _own_query(request, principal, query_id)
    try:
        actions.reply_to_query(
            get_store(request), actor_of(request, principal), query_id, form_text(form, "text")
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return _back(form, query.org_code, f"#query-{query_id}")


@router.post("/queries/{query_id}/close")
def close(
    request: Request,
    query_id: int,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    query = _own_query(request, principal, query_id)
    try:
        actions.close_query(
            get_store(request),
            actor_of(request, principal),
            query_id,
            form_text(form, "outcome"),
            form_text(form, "text"),
            accept=form_text(form, "accept") == "yes",
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return _back(form, query.org_code, f"#query-{query_id}")


def _note_door(request: Request, principal: Principal, code: str) -> None:
    if not sees_returns_of(principal, code):
        raise Forbidden(f"you cannot see the returns of {code}")
    check_org(request, principal, code)


@router.post("/returns/{code}/notes")
def add_note(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(submitter)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    _note_door(request, principal, code)
    year = form_text(form, "year")
    try:
        note = actions.add_note(
            get_store(request), actor_of(request, principal), code, year, form_text(form, "text")
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return _back(form, code, f"#note-{year_slug(year)}-{note.number}")


@router.post("/returns/{code}/notes/revise")
def revise_note(
    request: Request,
    code: str,
    principal: Annotated[Principal, Depends(submitter)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    _note_door(request, principal, code)
    year, number = form_text(form, "year"), form_text(form, "number")
    if not number.isdigit() or len(number) > 9:
        raise BadRequest("the note form names no note number")
    withdraw = form_text(form, "withdraw") == "yes"
    try:
        actions.revise_note(
            get_store(request),
            actor_of(request, principal),
            code,
            year,
            int(number),
            None if withdraw else form_text(form, "text"),
            withdraw=withdraw,
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return _back(form, code, "#notes")
