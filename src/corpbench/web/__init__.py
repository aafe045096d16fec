"""The web app: FastAPI, Jinja2 and htmx in the NHS design system. ``create_app`` builds it;
``corpbench serve`` runs it. Pages and the JSON API are thin doors over the library."""

from corpbench.web.app import create_app

__all__ = ["create_app"]
