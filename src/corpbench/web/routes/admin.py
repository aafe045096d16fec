"""User management (add, change role and scope, disable and enable, reset a password) and the
audit log (national role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Principal
from corpbench.store.audit import ACTIONS
from corpbench.web.acting import actor_of, web_error
from corpbench.web.auth import checked_form, form_text, get_store, national_only
from corpbench.web.paging import PageNo
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)

AUDIT_PAGE = 50


def _opt(form: FormData, name: str) -> str | None:
    value = form_text(form, name).strip()
    return value or None


@router.get("/users")
def users_page(
    request: Request, principal: Annotated[Principal, Depends(national_only)]
) -> Response:
    store = get_store(request)
    return render(request, "users.html", {"users": store.accounts.users(), "error": None})


@router.post("/users")
def add_user(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    store = get_store(request)
    try:
        actions.add_user(
            store,
            actor_of(request, principal),
            form_text(form, "email"),
            form_text(form, "role"),
            org_code=_opt(form, "org_code"),
            footprint=_opt(form, "footprint"),
            password=form_text(form, "password"),
        )
    except actions.ActionError as exc:
        return _users_error(request, exc, form)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{email}/active")
def set_active(
    request: Request,
    email: str,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    active = form_text(form, "active") == "true"
    try:
        actions.set_active(get_store(request), actor_of(request, principal), email, active)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    request.app.state.sessions.clear()
    return RedirectResponse("/users", status_code=303)


@router.post("/users/role")
def change_role(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    store = get_store(request)
    try:
        actions.change_scope(
            store,
            actor_of(request, principal),
            form_text(form, "email"),
            form_text(form, "role"),
            org_code=_opt(form, "org_code"),
            footprint=_opt(form, "footprint"),
        )
    except actions.ActionError as exc:
        return _users_error(request, exc)
    request.app.state.sessions.clear()
    return RedirectResponse("/users", status_code=303)


@router.post("/users/password")
def reset_password(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    store = get_store(request)
    try:
        actions.reset_password(
            store,
            actor_of(request, principal),
            form_text(form, "email"),
            form_text(form, "password"),
        )
    except actions.ActionError as exc:
        return _users_error(request, exc)
    return RedirectResponse("/users", status_code=303)


def _users_error(
    request: Request, exc: actions.ActionError, added: FormData | None = None
) -> Response:
    """The Users page again with the action's refusal (and the Add a user form as it was sent,
    never its password)."""
    kept = {k: v for k, v in (added or {}).items() if k != "password" and isinstance(v, str)}
    return render(
        request,
        "users.html",
        {"users": get_store(request).accounts.users(), "error": exc.message, "form": kept},
        status_code=404 if exc.kind == "not_found" else 400,
    )


@router.get("/audit")
def audit_page(
    request: Request,
    principal: Annotated[Principal, Depends(national_only)],
    action: str | None = None,
    page: PageNo = 1,
) -> Response:
    store = get_store(request)
    chosen = action if action in ACTIONS else None
    total = store.audit.count(chosen)
    entries = store.audit.entries(action=chosen, limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE)
    return render(
        request,
        "audit.html",
        {
            "entries": entries,
            "actions": ACTIONS,
            "action": chosen or "",
            "page": page,
            "pages": max(1, -(-total // AUDIT_PAGE)),
            "total": total,
        },
    )
