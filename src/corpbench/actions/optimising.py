"""Running the consortium optimiser (planning methods §7, ``corpbench.plan.optimise``) for a
region and year: the one set-up both doors share — the command line's ``plan optimise`` and the
app's ``/plans/optimise`` — with its scope rules (``access.optimises_region``): the national role
any region, a footprint user its own footprint's region, an organisation user none.

It reads and computes; nothing is stored or audited (a reading door over the library, like a
case's evaluation)."""

from __future__ import annotations

import polars as pl

from corpbench.access import optimises_consortia, optimises_region
from corpbench.actions.actor import ActionError, Actor
from corpbench.actions.figures import benchmark_for
from corpbench.bench.engine import Benchmark
from corpbench.plan.optimise import DEFAULT_MAX_FOOTPRINTS, DEFAULT_MAX_GROUP, Optimum, optimise
from corpbench.standard.vocab import PROCESS_CLASSES
from corpbench.store import Store

#: The largest ``max_group`` and ``max_footprints`` accepted: far above any useful value (the
#: optimiser refuses more than its MAX_CANDIDATES groups), it bounds the counting of candidates.
OPTION_LIMIT = 50


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def own_regions(store: Store, actor: Actor) -> list[str]:
    """The regions of the actor's footprint's organisations (the register), sorted; empty for
    anyone but a footprint user."""
    principal = actor.principal
    if principal.role != "footprint" or not principal.footprint:
        return []
    register = store.register()
    rows = register.filter(pl.col("footprint").str.strip_chars() == principal.footprint)
    return sorted({_clean(r) for r in rows["region"].to_list() if _clean(r)})


def regions_for(store: Store, actor: Actor) -> list[str]:
    """The regions ``actor`` may optimise, sorted: every region of the register for the
    national role, its footprint's for a footprint user, none for others."""
    if actor.principal.role == "national":
        regions = store.register()["region"].to_list()
        return sorted({_clean(r) for r in regions if _clean(r)})
    return own_regions(store, actor)


def optimise_region(
    store: Store,
    actor: Actor,
    *,
    region: str,
    year: str,
    max_group: int = DEFAULT_MAX_GROUP,
    max_footprints: int = DEFAULT_MAX_FOOTPRINTS,
    benchmark: Benchmark | None = None,
) -> Optimum:
    """The consortium optimiser for ``region`` in ``year`` over the figures ``actor`` sees
    (``benchmark`` when the door holds them already, :func:`benchmark_for` otherwise), with the
    year's round's Table 14 process classes (the built-in ones without a round). Refused
    (``forbidden``) for an organisation user and a footprint user outside its region; an
    unknown region or year, or options out of range, is ``invalid``."""
    principal = actor.principal
    if not optimises_consortia(principal):
        raise ActionError(
            "the consortium optimiser is for national and footprint users", "forbidden"
        )
    region, year = _clean(region), _clean(year)
    if not region or not year:
        raise ActionError("give a region and a year")
    if not optimises_region(principal, region, own_regions(store, actor)):
        raise ActionError(
            f"a footprint user optimises only its own region "
            f"({', '.join(own_regions(store, actor)) or 'none'})",
            "forbidden",
        )
    for name, value in (("max_group", max_group), ("max_footprints", max_footprints)):
        if not 1 <= value <= OPTION_LIMIT:
            raise ActionError(
                f"{name} is {value}: expected a whole number from 1 to {OPTION_LIMIT}"
            )
    engine = benchmark if benchmark is not None else benchmark_for(store, actor)
    if year not in engine.years():
        known = ", ".join(engine.years()) or "none"
        raise ActionError(f"no figures for {year} (years with figures: {known})")
    found = store.rounds.of_year(year)
    classes = found.definition.process_classes if found is not None else PROCESS_CLASSES
    try:
        return optimise(
            engine, region, year, classes, max_group=max_group, max_footprints=max_footprints
        )
    except ValueError as exc:
        raise ActionError(str(exc).rstrip(".")) from exc
