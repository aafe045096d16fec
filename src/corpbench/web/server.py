"""``corpbench.web.server:app``: the app built from the environment's settings, for servers
that import an application (uvicorn with several workers)."""

from corpbench.web.app import create_app

app = create_app()
