"""The routers of the web app and JSON API."""

from __future__ import annotations

from fastapi import FastAPI

from corpbench.web.routes import (
    admin,
    api,
    footprint,
    health,
    national,
    organisation,
    returns,
    session,
    submit,
)


def register_routes(app: FastAPI) -> None:
    for module in (health, session, organisation, footprint, national, submit, returns, admin):
        app.include_router(module.router)
    app.include_router(api.router)
