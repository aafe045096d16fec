"""The web door of the application layer (``corpbench.actions``): the signed-in user as the
actor of an action, an action's refusal as the app's error (400, 403 or 404) or as the sentence
a form is shown again with, and what the forms share (what was typed, a number field)."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import Request
from starlette.datastructures import FormData

from corpbench.access import Principal
from corpbench.actions import ActionError, Actor
from corpbench.web.auth import client_of, form_text
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


def refusal(exc: ActionError) -> str:
    """The sentence of an action's refusal of what was typed (``invalid``), for the form to be
    shown again with it (status 400); any other refusal is raised as the app's error."""
    if exc.kind != "invalid":
        raise web_error(exc) from exc
    return exc.message


def typed(form: FormData | None, keys: Iterable[str]) -> dict[str, str]:
    """What was typed in the fields ``keys`` of a form shown again (all blank before one is
    sent: ``form`` None)."""
    return {key: form_text(form, key) if form is not None else "" for key in keys}


def number_or_none(text: str, field: str, what: str) -> int | None:
    """``text`` (stripped) as a whole number, None when blank: a programme or case chosen in a
    form; an ``invalid`` refusal "field: 'x' is not a what" otherwise."""
    text = text.strip()
    if text and not text.isdigit():
        raise ActionError(f"{field}: {text[:20]!r} is not {what}")
    return int(text) if text else None
