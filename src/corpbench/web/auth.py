"""Who a request acts for, and the checks every route makes.

A request is signed in by the session cookie (browsers) or by ``Authorization: Bearer TOKEN``
(scripts). Forms of a session carry its CSRF token; before sign-in, the sign-in form carries a
double-submit token kept in an HttpOnly cookie.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal

from fastapi import Depends, Request
from starlette.datastructures import FormData

from corpbench.access import Principal, runs_the_round, submits_returns
from corpbench.security.tokens import digest, new_secret, same
from corpbench.store import Store
from corpbench.web.errors import BadRequest, Forbidden, NotSignedIn

SESSION_COOKIE = "corpbench_session"
PRESESSION_COOKIE = "corpbench_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Auth:
    """How the request is signed in (``via`` None: not at all) and its CSRF token."""

    principal: Principal | None
    via: Literal["session", "token"] | None
    csrf_token: str
    session_secret: str | None = None
    new_presession: bool = False


class SessionCache:
    """Who a session cookie or API token stands for, reused for ``seconds`` (0: never) so that
    a page needs no lookup; signing out through this process forgets it at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._items: dict[str, tuple[float, Auth]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Auth | None:
        if self.seconds <= 0:
            return None
        found = self._items.get(key)
        if found is None or time.monotonic() - found[0] >= self.seconds:
            return None
        return found[1]

    def put(self, key: str, auth: Auth) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            if len(self._items) > 10_000:
                self._items.clear()
            self._items[key] = (time.monotonic(), auth)

    def forget(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        """Forget everything (after a user was disabled or enabled)."""
        with self._lock:
            self._items.clear()


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


async def resolve_auth(request: Request) -> Auth:
    """The request's :class:`Auth` (worked out once per request). An ``async`` dependency, so
    it runs on the event loop: its one indexed lookup is cheaper than a hop to a thread."""
    return auth_of(request)


def auth_of(request: Request) -> Auth:
    """The request's :class:`Auth`, from the request's state when already worked out."""
    cached = getattr(request.state, "auth", None)
    if isinstance(cached, Auth):
        return cached
    auth = _resolve(request)
    request.state.auth = auth
    return auth


def _resolve(request: Request) -> Auth:
    accounts = get_store(request).accounts
    cache: SessionCache = request.app.state.sessions
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotSignedIn("the Authorization header must be 'Bearer TOKEN'")
        key = "token:" + digest(token.strip())
        found = cache.get(key)
        if found is not None:
            return found
        user = accounts.token_user(token.strip())
        if user is None:
            raise NotSignedIn("the API token is not valid (unknown, revoked or its user disabled)")
        auth = Auth(user.principal, "token", "")
        cache.put(key, auth)
        return auth
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        key = "session:" + digest(secret)
        found = cache.get(key)
        if found is not None:
            return found
        session = accounts.session(secret)
        if session is not None:
            auth = Auth(session.user.principal, "session", session.csrf_token, secret)
            cache.put(key, auth)
            return auth
    pre = request.cookies.get(PRESESSION_COOKIE)
    if pre and len(pre) >= 32:
        return Auth(None, None, pre)
    return Auth(None, None, new_secret(), new_presession=True)


async def signed_in(auth: Auth = Depends(resolve_auth)) -> Principal:
    """The signed-in principal; :class:`NotSignedIn` otherwise."""
    if auth.principal is None:
        raise NotSignedIn("sign in to continue")
    return auth.principal


async def national_only(principal: Principal = Depends(signed_in)) -> Principal:
    """The principal, who must have the national role."""
    if not runs_the_round(principal):
        raise Forbidden("this needs the national role")
    return principal


async def submitter(principal: Principal = Depends(signed_in)) -> Principal:
    """The principal, who must be able to submit returns (national or organisation)."""
    if not submits_returns(principal):
        raise Forbidden("only organisation and national users submit returns")
    return principal


async def checked_form(request: Request, auth: Auth = Depends(resolve_auth)) -> FormData:
    """The request's form, after checking its CSRF token (a request signed in by an API token
    needs none: it carries no cookie a browser could send on someone's behalf).

    What can be decided without the body is decided first, so that a forged or cookieless
    request is refused before a byte of its body is read: a browser's cross-site request
    (its ``Sec-Fetch-Site`` says so) gets 403, a request with neither a session nor a
    pre-session cookie 400, and a token sent in the ``X-CSRF-Token`` header is checked at once.
    The body itself is capped by :class:`corpbench.web.security.BodyLimit`."""
    if auth.via == "token":
        return await request.form()
    if _cross_site(request):
        raise Forbidden("a form of this site may only be sent from this site")
    header = request.headers.get(CSRF_HEADER)
    if auth.new_presession or (header is not None and not same(header, auth.csrf_token)):
        raise BadRequest(_STALE_FORM)
    form = await request.form()
    sent = header or form.get(CSRF_FIELD) or ""
    if not isinstance(sent, str) or not same(sent, auth.csrf_token):
        raise BadRequest(_STALE_FORM)
    return form


_STALE_FORM = "the form's security token is missing or out of date; reload the page and try again"


def _cross_site(request: Request) -> bool:
    """Whether the browser says the request comes from another site (``Sec-Fetch-Site``, sent
    by every current browser; a proxy that rewrites ``Host`` does not change it)."""
    return request.headers.get("sec-fetch-site", "") == "cross-site"


def form_text(form: FormData, name: str) -> str:
    """The text of field ``name`` of a checked form, the empty string when it is absent."""
    return str(form.get(name) or "")
