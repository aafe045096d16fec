"""``actions.optimise_region``: the consortium optimiser's one set-up for both doors, with its
scope rules (``access.optimises_region``) — the national role any region, a footprint user its
own footprint's region, an organisation user none — and its refusals, storing nothing."""

from __future__ import annotations

import pytest

from actions.test_rules import FOOTPRINT_ACTOR, ORG_ACTOR, exactly
from cli.bundles import Y1
from corpbench import actions
from corpbench.access import Principal, optimises_consortia, optimises_region
from corpbench.actions import ActionError, Actor
from corpbench.plan.optimise import optimise
from corpbench.store import Store
from web.conftest import NATIONAL

NAT = Actor.command_line(NATIONAL)
INV = "invalid"


@pytest.mark.parametrize(
    ("principal", "region", "own", "may"),
    [
        (Principal(1, "n", "national"), "Anywhere", [], True),
        (Principal(2, "f", "footprint", footprint="NCL"), "London", ["London"], True),
        (Principal(2, "f", "footprint", footprint="NCL"), "North", ["London"], False),
        (Principal(2, "f", "footprint", footprint=None), "London", ["London"], False),
        (Principal(3, "o", "organisation", org_code="AC001"), "London", ["London"], False),
    ],
)
def test_the_scope_rule(principal: Principal, region: str, own: list[str], may: bool) -> None:
    assert optimises_region(principal, region, own) is may
    assert optimises_consortia(principal) is (
        principal.role == "national" or bool(principal.footprint)
    )


def test_regions_each_actor_may_optimise(prepared: Store) -> None:
    assert actions.regions_for(prepared, NAT) == ["London", "North"]
    assert actions.regions_for(prepared, FOOTPRINT_ACTOR) == ["London"]
    assert actions.regions_for(prepared, ORG_ACTOR) == []


def test_the_action_is_the_library_optimiser_over_the_actors_figures(prepared: Store) -> None:
    before = len(prepared.audit.entries(limit=500))
    for actor in (NAT, FOOTPRINT_ACTOR):
        got = actions.optimise_region(prepared, actor, region="London", year=Y1)
        engine = actions.benchmark_for(prepared, actor)
        assert got == optimise(engine, "London", Y1)
    assert len(prepared.audit.entries(limit=500)) == before  # a read: nothing audited


@pytest.mark.parametrize(
    ("actor", "region", "year", "options", "message", "kind"),
    [
        (
            ORG_ACTOR,
            "London",
            Y1,
            {},
            "the consortium optimiser is for national and footprint users",
            "forbidden",
        ),
        (
            FOOTPRINT_ACTOR,
            "North",
            Y1,
            {},
            "a footprint user optimises only its own region (London)",
            "forbidden",
        ),
        (
            NAT,
            "Atlantis",
            Y1,
            {},
            "No organisation of the register is in region 'Atlantis'",
            "invalid",
        ),
        (
            NAT,
            "London",
            "1999/00",
            {},
            f"no figures for 1999/00 (years with figures: {Y1}, 2010/11)",
            "invalid",
        ),
        (NAT, " ", Y1, {}, "give a region and a year", "invalid"),
        (
            NAT,
            "London",
            Y1,
            {"max_group": 0},
            "max_group is 0: expected a whole number from 1 to 50",
            "invalid",
        ),
        (
            NAT,
            "London",
            Y1,
            {"max_footprints": 51},
            "max_footprints is 51: expected a whole number from 1 to 50",
            "invalid",
        ),
    ],
)
def test_refusals(
    prepared: Store,
    actor: Actor,
    region: str,
    year: str,
    options: dict[str, int],
    message: str,
    kind: str,
) -> None:
    with pytest.raises(ActionError, match=exactly(message)) as caught:
        actions.optimise_region(prepared, actor, region=region, year=year, **options)
    assert caught.value.kind == kind
