"""``GET /healthz``: answers without sign-in, and says whether the store answers. The store is
asked at most once per ``cache_seconds`` per process, and by one probe at a time: requests that
arrive while a probe runs wait for its answer rather than each asking the store (50 clients
doing so at once used to queue for the store's connections, seconds on PostgreSQL), so that a
load balancer's probes (or a load test's) cost no database round trip each."""

from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from corpbench.web.auth import get_store

router = APIRouter()


def _store_answers(request: Request) -> bool:
    try:
        with get_store(request).reader.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


async def _probe(request: Request, started: float) -> bool:
    """Ask the store once and keep the answer with the time it was asked."""
    state = request.app.state
    try:
        ok = await run_in_threadpool(_store_answers, request)
        state.health = (started, ok)
        return ok
    finally:
        state.health_probe = None


async def store_answers(request: Request) -> bool:
    """Whether the store answers: the last probe's answer while it is fresh, else the answer of
    the probe under way, else of a new one."""
    state = request.app.state
    last: tuple[float, bool] | None = getattr(state, "health", None)
    now = time.monotonic()
    if last is not None and now - last[0] < state.settings.cache_seconds:
        return last[1]
    probe: asyncio.Future[bool] | None = getattr(state, "health_probe", None)
    if probe is None:
        probe = state.health_probe = asyncio.ensure_future(_probe(request, now))
    return await asyncio.shield(probe)


@router.get("/healthz", include_in_schema=False)
async def healthz(request: Request) -> JSONResponse:
    if not await store_answers(request):
        return JSONResponse({"status": "unavailable", "store": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "store": "ok"})
