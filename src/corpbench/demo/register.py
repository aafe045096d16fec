"""The fictional register of the demo round: codes, names, regions, footprints, teaching flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from corpbench.demo.params import FOOTPRINTS_PER_REGION, REGIONS, TypeParams

#: Code prefix of each type. Real ODS codes do not start with "Z", so no code can be mistaken
#: for a real organisation's.
CODE_PREFIX: Mapping[str, str] = {
    "acute": "ZA",
    "acute_ft": "ZF",
    "pct_commissioner": "ZC",
    "pct_provider": "ZP",
    "pct_undifferentiated": "ZU",
    "mental_health": "ZM",
    "mental_health_ft": "ZN",
    "ambulance": "ZB",
    "community": "ZY",
}

NAME_SUFFIX: Mapping[str, str] = {
    "acute": "Hospitals NHS Trust",
    "acute_ft": "Hospitals NHS Foundation Trust",
    "pct_commissioner": "PCT Commissioning",
    "pct_provider": "PCT Provider Services",
    "pct_undifferentiated": "Primary Care Trust",
    "mental_health": "Mental Health NHS Trust",
    "mental_health_ft": "Mental Health NHS Foundation Trust",
    "ambulance": "Ambulance Service NHS Trust",
    "community": "Community Health Services NHS Trust",
}

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
    rng: np.random.Generator, types: Mapping[str, TypeParams], scale: float
) -> Register:
    """Every eligible organisation of every type, with exactly the scaled eligible and
    first-year respondent counts of each type."""
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
        f"{CODE_PREFIX[type_names[t]]}{i + 1:05d}" for t, i in zip(type_index, within, strict=True)
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
        names.append(f"{place} {NAME_SUFFIX[type_names[t]]}")

    region_idx = rng.integers(0, len(REGIONS), size=n)
    footprint_idx = rng.integers(0, FOOTPRINTS_PER_REGION, size=n)
    regions = np.array(REGIONS, dtype=object)[region_idx]
    footprints = [f"{REGIONS[r]} {f + 1}" for r, f in zip(region_idx, footprint_idx, strict=True)]
    teaching_rate = np.array([p.teaching_rate for p in types.values()])[type_index]
    teaching = rng.random(n) < teaching_rate

    table = pl.DataFrame(
        {
            "org_code": codes,
            "org_name": names,
            "org_type": np.array(type_names, dtype=object)[type_index].tolist(),
            "region": regions.tolist(),
            "footprint": footprints,
            "teaching": teaching,
        }
    )
    return Register(table=table, type_index=type_index, responded_first=responded)
