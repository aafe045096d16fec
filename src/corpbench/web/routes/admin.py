"""User management and the audit log (national role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench.access import Principal
from corpbench.store import StoreError
from corpbench.store.audit import ACTIONS
from corpbench.web.auth import checked_form, client_of, form_text, get_store, national_only
from corpbench.web.errors import BadRequest
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
    email = form_text(form, "email")
    role = form_text(form, "role")
    org_code = _opt(form, "org_code")
    footprint = _opt(form, "footprint")
    try:
        user = store.accounts.add_user(
            email,
            role,
            password=form_text(form, "password"),
            org_code=org_code,
            footprint=footprint,
            by=principal.email,
        )
    except StoreError as exc:
        return render(
            request,
            "users.html",
            {"users": store.accounts.users(), "error": str(exc), "form": dict(form)},
            status_code=400,
        )
    store.audit.record(
        principal.email,
        "user_add",
        user.email,
        {"role": user.role, "org_code": user.org_code, "footprint": user.footprint},
        client=client_of(request),
    )
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{email}/active")
def set_active(
    request: Request,
    email: str,
    principal: Annotated[Principal, Depends(national_only)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    store = get_store(request)
    active = form_text(form, "active") == "true"
    if email.lower() == principal.email and not active:
        raise BadRequest("you cannot disable your own account")
    try:
        user = store.accounts.set_active(email, active)
    except StoreError as exc:
        raise BadRequest(str(exc)) from exc
    request.app.state.sessions.clear()
    store.audit.record(
        principal.email, "user_change", user.email, {"active": active}, client=client_of(request)
    )
    return RedirectResponse("/users", status_code=303)


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
