"""The web door of the application layer (``corpbench.actions``): the signed-in user as the
actor of an action, and an action's refusal as the app's error (400, 403 or 404)."""

from __future__ import annotations

from fastapi import Request

from corpbench.access import Principal
from corpbench.actions import ActionError, Actor
from corpbench.web.auth import client_of
from corpbench.web.errors import BadRequest, Forbidden, NotFound, WebError


def actor_of(request: Request, principal: Principal) -> Actor:
    """The signed-in ``principal`` acting from the request's client address."""
    return Actor(principal, client=client_of(request))


def web_error(exc: ActionError) -> WebError:
    """The app's error for an action's refusal."""
    if exc.kind == "forbidden":
        return Forbidden(exc.message)
    if exc.kind == "not_found":
        return NotFound(exc.message)
    return BadRequest(exc.message)
