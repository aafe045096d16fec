"""``GET /healthz``: answers without sign-in, and says whether the store answers. The store is
asked at most once per ``cache_seconds`` per process, so that a load balancer's probes (or a
load test's) cost no database round trip each."""

from __future__ import annotations

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


@router.get("/healthz", include_in_schema=False)
async def healthz(request: Request) -> JSONResponse:
    state = request.app.state
    ttl = state.settings.cache_seconds
    last = getattr(state, "health", None)
    now = time.monotonic()
    if last is None or now - last[0] >= ttl:
        ok = await run_in_threadpool(_store_answers, request)
        state.health = last = (now, ok)
    if not last[1]:
        return JSONResponse({"status": "unavailable", "store": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "store": "ok"})
