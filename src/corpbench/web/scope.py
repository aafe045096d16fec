"""Scope checks of the routes: which figures a principal sees and which organisations and
footprints it may open. A principal outside its scope gets 403 whether or not the thing
exists, so nothing leaks; the national role gets 404 for what does not exist."""

from __future__ import annotations

import polars as pl
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from corpbench.access import (
    Principal,
    my_peers_owner,
    sees_draft_figures,
    sees_footprint,
    sees_live_figures,
    sees_org_in_full,
)
from corpbench.bench.groups import DEFAULT_GROUPING, PEERS_PREFIX
from corpbench.bench.methods import DEFAULT_REPORT_METHODS, parse_method
from corpbench.bench.mypeers import MY_PEERS_PREFIX
from corpbench.standard import GROUPINGS
from corpbench.store import Store
from corpbench.store.records import StoreState
from corpbench.web.errors import BadRequest, Forbidden, NotFound
from corpbench.web.figures import Figures, FiguresCache

#: Savings methods offered in the app, in the order of the method menu (those every report
#: shows side by side).
WEB_METHODS: tuple[str, ...] = DEFAULT_REPORT_METHODS


def cache_of(request: Request) -> FiguresCache:
    cache: FiguresCache = request.app.state.figures
    return cache


def store_state(request: Request) -> StoreState:
    """The store's state, read once per request."""
    found = getattr(request.state, "store_state", None)
    if isinstance(found, StoreState):
        return found
    state = cache_of(request).state()
    request.state.store_state = state
    return state


def live_figures(request: Request) -> Figures:
    return cache_of(request).live(store_state(request))


def figures_for(request: Request, principal: Principal, view: str | None) -> Figures | None:
    """The figures ``principal`` sees: national users the live round (or, with ``view`` =
    ``published``, the newest publication); an organisation user asking for ``view`` =
    ``draft`` its own draft figures; everyone else the newest publication (None before the
    first)."""
    cache = cache_of(request)
    if sees_draft_figures(principal, view) and principal.org_code is not None:
        return cache.draft(principal.org_code, store_state(request))
    if sees_live_figures(principal, view):
        return cache.live(store_state(request))
    return cache.latest_published(store_state(request))


async def figures_and_reveal(
    request: Request, principal: Principal, view: str | None
) -> tuple[Figures | None, bool | frozenset[str]]:
    """The figures ``principal`` sees and which peers it sees by name. An organisation user's
    (the newest publication: one small query) are found on the event loop; the live figures,
    which may have to be rebuilt after a load, on a thread."""

    def both() -> tuple[Figures | None, bool | frozenset[str]]:
        return figures_for(request, principal, view), revealed_peers(request, principal)

    if principal.role == "organisation" and not sees_draft_figures(principal, view):
        return both()
    return await run_in_threadpool(both)


def org_footprint(figures: Figures, code: str) -> tuple[bool, str | None]:
    """Whether ``code`` is in the figures' register, and its footprint."""
    found = figures.benchmark.organisations.filter(pl.col("org_code") == code)
    if found.is_empty():
        return False, None
    value = found["footprint"][0]
    return True, None if value is None else str(value)


def check_org(request: Request, principal: Principal, code: str) -> None:
    """403 unless ``principal`` may see organisation ``code`` in full; 404 for a national
    user asking for an organisation the register does not hold."""
    if principal.role == "organisation":
        # decided without the store: its own organisation is in the register (users are
        # added for registered organisations only)
        if principal.org_code != code:
            raise Forbidden(f"you cannot see organisation {code}")
        return
    exists, footprint = org_footprint(live_figures(request), code)
    if not sees_org_in_full(principal, code, footprint):
        raise Forbidden(f"you cannot see organisation {code}")
    if not exists:
        raise NotFound(f"organisation {code} is not in the register")


async def check_org_async(request: Request, principal: Principal, code: str) -> None:
    """:func:`check_org` from a coroutine: on a thread when the live figures are needed (they
    may have to be rebuilt after a load), at once for an organisation user."""
    if principal.role == "organisation":
        check_org(request, principal, code)
    else:
        await run_in_threadpool(check_org, request, principal, code)


def check_footprint(request: Request, principal: Principal, name: str) -> None:
    if not sees_footprint(principal, name):
        raise Forbidden(f"you cannot see footprint {name}")
    orgs = live_figures(request).benchmark.organisations
    if orgs.filter(pl.col("footprint") == name).is_empty():
        raise NotFound(f"no organisation is in footprint {name}")


def revealed_peers(request: Request, principal: Principal) -> bool | frozenset[str]:
    """Which peers ``principal`` sees by name: all (national), its footprint's organisations
    (footprint), none (organisation)."""
    if principal.is_national:
        return True
    if principal.role == "footprint" and principal.footprint:
        orgs = live_figures(request).benchmark.organisations
        return frozenset(orgs.filter(pl.col("footprint") == principal.footprint)["org_code"])
    return False


#: A "My peers" list as the pages use it: its name and its peers, in their saved order.
MyPeers = tuple[tuple[str, tuple[str, ...]], ...]


def my_peers_of(store: Store, principal: Principal) -> MyPeers:
    """The "My peers" lists in use of ``principal``'s organisation or footprint, by name."""
    owner = my_peers_owner(principal)
    if owner is None:
        return ()
    return tuple((n, v.peers) for n, v in store.my_peers.of_owner(owner).items())


def groupings(figures: Figures, my_peers: MyPeers = ()) -> list[str]:
    """Every peer grouping of the figures: the standard ones, each named peer list and each of
    the viewer's "My peers" lists."""
    return [
        *GROUPINGS,
        *(PEERS_PREFIX + n for n in sorted(figures.benchmark.peer_lists)),
        *(MY_PEERS_PREFIX + n for n, _ in my_peers),
    ]


def choose_grouping(figures: Figures, grouping: str | None, my_peers: MyPeers = ()) -> str:
    chosen = grouping or DEFAULT_GROUPING
    offered = groupings(figures, my_peers)
    if chosen not in offered:
        raise BadRequest(f"unknown grouping {chosen!r}; choose one of {', '.join(offered)}")
    return chosen


def choose_method(figures: Figures, method: str | None) -> str:
    chosen = method or "iqm"
    try:
        return str(figures.benchmark.method(parse_method(chosen)))
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
