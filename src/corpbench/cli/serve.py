"""``corpbench serve``: start the web app."""

from __future__ import annotations

from typing import Annotated

import typer

from corpbench.cli.common import fail, out_console
from corpbench.store import Store, StoreError


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.")] = 1,
) -> None:
    """Start the web app (sign in at http://HOST:PORT/)."""
    import uvicorn

    from corpbench.config import get_settings
    from corpbench.web import create_app

    settings = get_settings()
    try:
        Store.open(settings.db).close()  # migrate once, before any worker starts
    except StoreError as exc:
        raise fail(str(exc)) from exc
    out_console.print(f"corpbench is serving on http://{host}:{port}/ (Ctrl+C stops it)")
    if workers > 1:
        uvicorn.run(
            "corpbench.web.server:app",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    else:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
