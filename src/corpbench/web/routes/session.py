"""Sign-in, sign-out and the start page (which sends each role to its home)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench.access import Principal
from corpbench.security.tokens import digest
from corpbench.web.addresses import footprint_path
from corpbench.web.auth import (
    SESSION_COOKIE,
    Auth,
    checked_form,
    client_of,
    form_text,
    get_store,
    resolve_auth,
    signed_in,
)
from corpbench.web.errors import TooManyRequests
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


def home_of(principal: Principal) -> str:
    if principal.role == "organisation" and principal.org_code:
        return f"/organisations/{principal.org_code}"
    if principal.role == "footprint" and principal.footprint:
        return footprint_path(principal.footprint)
    return "/national"


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (never another host) is followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/")
def start(principal: Annotated[Principal, Depends(signed_in)]) -> Response:
    return RedirectResponse(home_of(principal), status_code=303)


@router.get("/signin")
def signin_page(
    request: Request, auth: Annotated[Auth, Depends(resolve_auth)], next: str = ""
) -> Response:
    if auth.principal is not None:
        return RedirectResponse(_safe_next(next) or home_of(auth.principal), status_code=303)
    return render(request, "signin.html", {"next": _safe_next(next) or "", "email": ""})


@router.post("/signin")
def signin(request: Request, form: Annotated[FormData, Depends(checked_form)]) -> Response:
    store = get_store(request)
    email = form_text(form, "email").strip()
    password = form_text(form, "password")
    target = _safe_next(form_text(form, "next"))
    client = client_of(request)
    if store.accounts.throttled(email, client):
        store.audit.record(email or "-", "signin_failed", email, {"throttled": True}, client=client)
        raise TooManyRequests("too many failed sign-ins from here; wait 15 minutes and try again")
    user = store.accounts.authenticate(email, password, client=client)
    if user is None:
        store.audit.record(email or "-", "signin_failed", email, client=client)
        return render(
            request,
            "signin.html",
            {
                "error": "The email address or password is not right.",
                "email": email,
                "next": target or "",
            },
            status_code=401,
        )
    secret, _csrf = store.accounts.start_session(user)
    store.audit.record(user.email, "signin", user.email, client=client)
    response = RedirectResponse(target or home_of(user.principal), status_code=303)
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    return response


@router.get("/signout")
def signout_page(request: Request, principal: Annotated[Principal, Depends(signed_in)]) -> Response:
    return render(request, "signout.html")


@router.post("/signout")
def signout(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    auth: Annotated[Auth, Depends(resolve_auth)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    store = get_store(request)
    if auth.session_secret:
        store.accounts.end_session(auth.session_secret)
        request.app.state.sessions.forget("session:" + digest(auth.session_secret))
    store.audit.record(principal.email, "signout", principal.email, client=client_of(request))
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
