"""Security headers on every response (a pure ASGI middleware, cheaper than Starlette's
``BaseHTTPMiddleware``): a strict Content-Security-Policy with a fresh nonce per response, no
sniffing, no framing, no caching of anything but static assets; and the pre-session CSRF
cookie when the request needed a new one."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corpbench.web.auth import PRESESSION_COOKIE, Auth


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
