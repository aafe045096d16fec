"""The FastAPI application: security headers on every response, one error handling for pages
and API, static assets served by the app itself, and the routers."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from corpbench.config import Settings, get_settings
from corpbench.security.passwords import dummy_hash
from corpbench.store import Store
from corpbench.web.auth import SessionCache
from corpbench.web.errors import NotSignedIn, WebError
from corpbench.web.figures import FiguresCache
from corpbench.web.fragments import FragmentCache
from corpbench.web.issue_pages import WarningsCache
from corpbench.web.security import BodyLimit, SecurityHeaders
from corpbench.web.templating import render

STATIC_DIR = Path(__file__).resolve().parent / "static"
API_PREFIX = "/api/v1"
logger = logging.getLogger("corpbench.web")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    """The JSON envelope under /api/, an HTML page elsewhere."""
    if _is_api(request):
        body = {"error": {"status": status, "code": code, "message": message}}
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(body, status_code=status, headers=headers)
    return render(
        request,
        "error.html",
        {"status": status, "code": code, "message": message},
        status_code=status,
    )


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The web app over ``store`` (default: the store of ``settings``, migrated on open)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="corpbench",
        summary="Benchmarks of NHS corporate services",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served, signed in only, by the API router
    )
    app.state.settings = settings
    app.state.store = store if store is not None else Store.open(settings.db)
    dummy_hash()  # made now, so that no sign-in pays for it
    app.state.figures = FiguresCache(app.state.store, settings.cache_seconds, settings.similar_k)
    app.state.sessions = SessionCache(settings.cache_seconds)
    app.state.fragments = FragmentCache()
    app.state.warnings = WarningsCache()
    app.state.downloads = FragmentCache(size=64)  # PDFs take seconds to make

    # added first, so it runs inside SecurityHeaders: its 413 gets the headers too
    app.add_middleware(BodyLimit, max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders, cookie_secure=settings.cookie_secure)

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        if isinstance(exc, NotSignedIn) and not _is_api(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
        return error_response(request, exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "error")
        return error_response(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(request, 422, "invalid_request", "; ".join(parts))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(
            request, 500, "internal_error", "something went wrong on our side; it has been logged"
        )

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    from corpbench.web.routes import register_routes

    register_routes(app)
    return app
