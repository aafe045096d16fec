"""The routers of the web app and JSON API."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from corpbench.web.routes import (
    admin,
    api,
    benefits,
    benefits_api,
    downloads,
    footprint,
    funnels,
    funnels_api,
    health,
    intervals,
    lessons,
    mypeers,
    national,
    organisation,
    plans,
    plans_api,
    plans_optimise,
    programme_downloads,
    programmes,
    programmes_api,
    queries,
    returns,
    rounds,
    scorecard_api,
    session,
    submit,
)

#: Every router of the app, in the order they are included.
ROUTERS: tuple[APIRouter, ...] = tuple(
    m.router
    for m in (
        health,
        session,
        organisation,
        downloads,
        footprint,
        national,
        funnels,
        intervals,
        mypeers,
        # before plans: /plans/optimise is not a case number
        plans_optimise,
        plans,
        programme_downloads,
        programmes,
        benefits,
        lessons,
        submit,
        returns,
        queries,
        admin,
        rounds,
        plans_api,
        scorecard_api,
        benefits_api,
        funnels_api,
        programmes_api,
        api,
    )
)


def all_routes() -> list[APIRoute]:
    """Every route of the app (for the role matrix test and the docs)."""
    return [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]


def register_routes(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router)
