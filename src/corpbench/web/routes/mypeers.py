""" "My peers": an organisation or footprint user's named peer lists — the list of them, the
form that saves one (new or changed) and the button that deletes one. Benchmarking against a
list is the organisation page's peer group "My peers: NAME"."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

import polars as pl
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Owner, Principal, my_peers_owner
from corpbench.bench.mypeers import MIN_MY_PEERS, MY_PEERS_PREFIX
from corpbench.standard.labels import org_type_label
from corpbench.web.acting import actor_of, refusal, web_error
from corpbench.web.addresses import footprint_path
from corpbench.web.auth import checked_form, form_text, get_store, signed_in
from corpbench.web.errors import Forbidden, NotFound
from corpbench.web.scope import live_figures
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


async def keeper(principal: Annotated[Principal, Depends(signed_in)]) -> Principal:
    """The principal, who must keep "My peers" lists (an organisation or footprint user)."""
    if my_peers_owner(principal) is None:
        raise Forbidden("My peers lists belong to organisation and footprint users")
    return principal


def _page(
    request: Request,
    principal: Principal,
    *,
    edit: str | None = None,
    form: FormData | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    owner = my_peers_owner(principal)
    assert owner is not None  # checked by ``keeper``
    lists = get_store(request).my_peers.of_owner(owner)
    register = live_figures(request).benchmark.organisations.sort("org_type", "org_name")
    names = dict(zip(register["org_code"], register["org_name"], strict=True))
    if form is not None:
        name, chosen = form_text(form, "name"), {str(c) for c in form.getlist("org")}
    elif edit is not None:
        if edit not in lists:
            raise NotFound(f"no peer list {edit!r}")
        name, chosen = edit, set(lists[edit].peers)
    else:
        name, chosen = "", set()
    own = owner.name if owner.kind == "organisation" else None
    types: list[dict[str, Any]] = []
    for org_type, rows in register.filter(pl.col("org_code") != (own or "")).group_by(
        "org_type", maintain_order=True
    ):
        types.append(
            {
                "label": org_type_label(str(org_type[0])),
                "orgs": [
                    {"code": c, "name": n, "checked": c in chosen}
                    for c, n in rows.select("org_code", "org_name").iter_rows()
                ],
            }
        )
    # the notice of the save or delete just made (only of a list that is so: the address
    # carries the name, and a made-up one is not repeated)
    saved = request.query_params.get("saved")
    deleted = request.query_params.get("deleted")
    notice = None
    if saved and saved in lists:
        notice = f"Peer list “{saved}” saved."
    elif deleted and deleted not in lists and get_store(request).my_peers.versions(owner, deleted):
        notice = f"Peer list “{deleted}” deleted. Its earlier versions are kept."
    context = {
        "notice": notice,
        "lists": [
            {
                "info": v,
                "peers": [names.get(c, c) for c in v.peers],
                "benchmark": _benchmark_link(owner, v.name),
            }
            for v in lists.values()
        ],
        "name": name,
        "editing": edit is not None or (form is not None and name in lists),
        "types": types,
        "error": error,
        "minimum": MIN_MY_PEERS,
        "owner": owner,
        "footprint_href": footprint_path(owner.name) if owner.kind == "footprint" else None,
    }
    return render(request, "my_peers.html", context, status_code=status_code)


def _benchmark_link(owner: Owner, name: str) -> str | None:
    """The organisation page under the list (an organisation's lists only: a footprint's
    lists serve each of its organisations' pages)."""
    if owner.kind != "organisation":
        return None
    return f"/organisations/{owner.name}?{urlencode({'grouping': MY_PEERS_PREFIX + name})}"


@router.get("/peers")
def my_peers_page(
    request: Request,
    principal: Annotated[Principal, Depends(keeper)],
    edit: str | None = None,
) -> Response:
    return _page(request, principal, edit=edit)


@router.post("/peers")
def save_my_peers(
    request: Request,
    principal: Annotated[Principal, Depends(keeper)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    try:
        saved = actions.save_my_peers(
            get_store(request),
            actor_of(request, principal),
            form_text(form, "name"),
            [str(c) for c in form.getlist("org")],
        )
    except actions.ActionError as exc:
        return _page(request, principal, form=form, error=refusal(exc), status_code=400)
    return RedirectResponse(f"/peers?{urlencode({'saved': saved.name})}", status_code=303)


@router.post("/peers/delete")
def delete_my_peers(
    request: Request,
    principal: Annotated[Principal, Depends(keeper)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    try:
        gone = actions.delete_my_peers(
            get_store(request), actor_of(request, principal), form_text(form, "name")
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return RedirectResponse(f"/peers?{urlencode({'deleted': gone.name})}", status_code=303)
