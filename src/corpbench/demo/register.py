"""The fictional register of a demo round: codes, names, regions, footprints, teaching flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from corpbench.demo.params import DemoRound, TypeParams

_FIRST = [
    "Ash",
    "Bram",
    "Brook",
    "Castle",
    "Chester",
    "Clay",
    "Dun",
    "East",
    "Elm",
    "Fair",
    "Fern",
    "Glen",
    "Green",
    "Hart",
    "Hazel",
    "High",
    "Holm",
    "Kings",
    "Lang",
    "Lark",
    "Lea",
    "Mar",
    "Mill",
    "Moor",
    "North",
    "Oak",
    "Pen",
    "Queens",
    "Red",
    "Rose",
    "Rush",
    "Sand",
    "Shel",
    "South",
    "Stan",
    "Stone",
    "Thorn",
    "Tre",
    "Wal",
    "West",
    "Whit",
    "Wick",
    "Willow",
    "Wood",
    "Wold",
    "Ald",
    "Bar",
    "Cran",
    "Dray",
    "Ever",
]
_SECOND = [
    "bury",
    "by",
    "caster",
    "combe",
    "dale",
    "den",
    "field",
    "ford",
    "gate",
    "ham",
    "haven",
    "hurst",
    "ley",
    "mere",
    "minster",
    "mouth",
    "ness",
    "port",
    "stead",
    "stoke",
    "thorpe",
    "ton",
    "wich",
    "well",
    "worth",
    "bridge",
    "brook",
    "cliff",
    "holme",
    "marsh",
]


def scaled_count(count: int, scale: float) -> int:
    """``count`` times ``scale``, rounded, at least 1 (a type never disappears)."""
    return max(1, round(count * scale))


@dataclass(frozen=True)
class Register:
    """The register as parallel arrays, one entry per eligible organisation, grouped by type."""

    table: pl.DataFrame  # the organisations table of the bundle
    type_index: np.ndarray  # index into the type list, per organisation
    responded_first: np.ndarray  # bool: responded in the first year


def make_register(
    rng: np.random.Generator,
    demo_round: DemoRound,
    scale: float,
    types: Mapping[str, TypeParams] | None = None,
) -> Register:
    """Every eligible organisation of every type (``types``, default the round's), with exactly
    the scaled eligible and first-year respondent counts of each type, spread evenly over the
    round's footprints (each footprint's region is the organisation's region)."""
    types = demo_round.types if types is None else types
    type_names = list(types)
    eligible = [scaled_count(p.eligible, scale) for p in types.values()]
    respondents = [
        min(e, scaled_count(p.respondents, scale))
        for e, p in zip(eligible, types.values(), strict=True)
    ]
    n = sum(eligible)
    type_index = np.repeat(np.arange(len(type_names)), eligible)
    within = np.concatenate([np.arange(e) for e in eligible])
    responded = np.zeros(n, dtype=bool)
    start = 0
    for e, r in zip(eligible, respondents, strict=True):
        chosen = rng.choice(e, size=r, replace=False)
        responded[start + chosen] = True
        start += e

    codes = [
        f"{demo_round.code_prefix[type_names[t]]}{i + 1:05d}"
        for t, i in zip(type_index, within, strict=True)
    ]
    combos = len(_FIRST) * len(_SECOND)
    place_perm = rng.permutation(combos)
    names = []
    for k, t in enumerate(type_index):
        c = int(place_perm[k % combos])
        place = _FIRST[c // len(_SECOND)] + _SECOND[c % len(_SECOND)]
        cycle = k // combos
        if cycle:
            place = f"{place} {cycle + 1}"
        names.append(f"{place} {demo_round.name_suffix[type_names[t]]}")

    places = demo_round.places()
    placed = [places[int(k)] for k in rng.permutation(n) % len(places)]
    teaching_rate = np.array([p.teaching_rate for p in types.values()])[type_index]
    teaching = rng.random(n) < teaching_rate

    table = pl.DataFrame(
        {
            "org_code": codes,
            "org_name": names,
            "org_type": np.array(type_names, dtype=object)[type_index].tolist(),
            "region": [region for _, region in placed],
            "footprint": [footprint for footprint, _ in placed],
            "teaching": teaching,
        }
    )
    return Register(table=table, type_index=type_index, responded_first=responded)
