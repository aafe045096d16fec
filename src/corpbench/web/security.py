"""Two pure ASGI middlewares (cheaper than Starlette's ``BaseHTTPMiddleware``).

:class:`SecurityHeaders`: a strict Content-Security-Policy with a fresh nonce per response, no
sniffing, no framing, no caching of anything but static assets; and the pre-session CSRF cookie
when the request needed a new one.

:class:`BodyLimit`: a request body is counted as it arrives and refused (413) the moment it
passes the route's limit, whether it declared its length or came chunked: nothing past the
limit is read, parsed or spooled to disk."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corpbench.web.auth import PRESESSION_COOKIE, Auth
from corpbench.web.errors import PayloadTooLarge

#: The largest body of a request to any route but an upload (a form of a few fields).
FORM_LIMIT_BYTES = 64 * 1024
#: Routes that take uploaded files: their body may hold the upload limit plus the form around it.
UPLOAD_PATHS = frozenset({"/submit"})
#: What a multipart form adds to its files (boundaries, part headers, the CSRF field).
MULTIPART_ALLOWANCE = 1024 * 1024


def content_security_policy(nonce: str) -> str:
    """The strict policy of every response: everything from the app itself, scripts only
    from its files or with this response's nonce, no framing, forms only back to the app."""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ]
    )


def _presession_cookie(token: str, secure: bool) -> str:
    holder = Response()
    holder.set_cookie(
        PRESESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/"
    )
    return holder.headers["set-cookie"]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, cookie_secure: bool) -> None:
        self.app = app
        self.cookie_secure = cookie_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        state: dict[str, Any] = scope.setdefault("state", {})
        state["csp_nonce"] = nonce
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = content_security_policy(nonce)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "same-origin"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
                if not static and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
                auth = state.get("auth")
                if isinstance(auth, Auth) and auth.new_presession:
                    headers.append(
                        "set-cookie", _presession_cookie(auth.csrf_token, self.cookie_secure)
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)


def mebibytes(size: int) -> str:
    """``size`` bytes in MiB for people, rounded up to one decimal place so that a size over a
    limit never reads as the limit itself: 52428800 is "50 MiB", 52428801 "50.1 MiB"."""
    tenths = -(-size * 10 // (1024 * 1024))
    whole, tenth = divmod(tenths, 10)
    return f"{whole} MiB" if tenth == 0 else f"{whole}.{tenth} MiB"


def body_limit(path: str, max_upload_bytes: int) -> int:
    """The largest request body accepted on ``path``."""
    if path in UPLOAD_PATHS:
        return max_upload_bytes + MULTIPART_ALLOWANCE
    return FORM_LIMIT_BYTES


class BodyTooLarge(PayloadTooLarge):
    """A request body passed its route's limit (raised from ``receive``, so the route's
    reading of its form stops there and the app's error handling answers 413)."""

    def __init__(self, limit: int, max_upload_bytes: int) -> None:
        if limit > FORM_LIMIT_BYTES:
            what = f"the upload is larger than the limit of {mebibytes(max_upload_bytes)}"
        else:
            what = f"the request is larger than the limit of {limit // 1024} KiB for a form"
        super().__init__(what)


class BodyLimit:
    """Counts each request's body bytes as they arrive and raises :class:`BodyTooLarge` from
    ``receive`` once they pass the route's limit (at once when ``Content-Length`` says so)."""

    def __init__(self, app: ASGIApp, *, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(str(scope.get("path", "")), self.max_upload_bytes)
        declared = _content_length(scope)
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            if declared is not None and declared > limit:
                raise BodyTooLarge(limit, self.max_upload_bytes)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, self.max_upload_bytes)
            return message

        await self.app(scope, counted_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None
