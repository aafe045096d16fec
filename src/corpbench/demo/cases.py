"""The demo's worked business cases: one for each of the four 2016/17 pathfinder footprints of
the NHS Improvement demo round (docs/demo.md "Pathfinder cases").

Each case starts where a footprint would: :func:`corpbench.plan.newcase.case_document` of the
footprint's consortium baseline in 2016/17 (``corpbench plan new``), computed here from the
generated demo round rather than a store, so that the cases follow the demo if it changes. Each
then takes a deliberately different delivery model, phasing, costs, optimism bias, uncertain
figures, design principles and share key (:data:`PATHFINDERS`); one of them, Kent and Medway's
joint venture, never pays back within its horizon. Every amount is a multiple of the case's own
run-rate saving or a share of its baseline (rounded to the pound), so the cases keep their
shape whatever the demo's figures.

The cases ship as package data (``demo/cases/*.toml``, written by :func:`write_pathfinder_cases`
and held to :func:`pathfinder_cases` by the tests); ``corpbench demo --cases-out DIR`` writes
them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from corpbench.bench.consortium import ConsortiumBaseline, consortium_baseline, footprint_codes
from corpbench.bench.engine import Benchmark
from corpbench.demo.generate import generate
from corpbench.demo.nhsi import NHSI_ROUND
from corpbench.plan.case import parse_case
from corpbench.plan.document import to_toml
from corpbench.plan.newcase import case_document, run_rate_saving

#: The year of the pathfinder cases: the NHS Improvement demo round's.
PATHFINDER_YEAR = NHSI_ROUND.years[0]
#: The package folder the cases ship in.
CASES_FOLDER = "cases"

Document = dict[str, Any]


@dataclass(frozen=True)
class Pathfinder:
    """A pathfinder footprint's worked case: its footprint, the case's name and the change it
    makes to the case ``plan new`` makes of the footprint's baseline."""

    footprint: str
    name: str
    #: What the case is, in a sentence (the TOML file's comment).
    summary: str
    #: Makes the worked case of the default one, in place (given the baseline).
    shape: Callable[[Document, ConsortiumBaseline], None]

    @property
    def file_name(self) -> str:
        """``north-west-london.toml`` and so on."""
        return re.sub(r"[^a-z0-9]+", "-", self.footprint.lower()).strip("-") + ".toml"


def _rate(doc: Document) -> float:
    """The run-rate saving of the case as it stands (planning methods §4)."""
    return run_rate_saving(parse_case(doc))


def _per_function(doc: Document, rates: Mapping[str, float], other: float) -> dict[str, float]:
    return {f: rates.get(f, other) for f in doc["functions"]}


def _principles(scores: Mapping[str, Sequence[float]]) -> tuple[list[Document], Document]:
    """The four design principles every pathfinder weighs, and ``scores`` (option -> a score per
    principle, in order) as ``options_scored``."""
    names = ("saving", "control", "speed", "service")
    weights = (4, 3, 2, 2)
    principles = [{"name": n, "weight": w} for n, w in zip(names, weights, strict=True)]
    scored = {option: dict(zip(names, values, strict=True)) for option, values in scores.items()}
    return principles, scored


def _greater_manchester(doc: Document, base: ConsortiumBaseline) -> None:
    """The pathfinders' own model: the default co-operative, with a host's running cost, the
    Green Book's optimism bias and a neighbour that may join."""
    option = doc["option"]
    rate = _rate(doc)
    option["recurring"] = [{"from_year": 2, "amount": round(0.1 * rate)}]
    doc["optimism_bias"] = {"capex": 0.2, "opex": 0.1, "benefits": 0.1, "delay_years": 0}
    doc["uncertain"] = {
        "option.share.finance": {"low": 0.2, "mode": 0.3, "high": 0.4},
        "optimism_bias.capex": {"low": 0.0, "mode": 0.2, "high": 0.6},
        "optimism_bias.delay_years": {"low": 0, "mode": 0, "high": 2},
    }
    doc["monte_carlo"] = {"draws": 10_000, "seed": 2016}
    doc["principles"], doc["options_scored"] = _principles(
        {
            "status_quo": (0, 10, 10, 6),
            "cooperative": (6, 8, 7, 7),
            "company": (7, 6, 5, 7),
            "outsourced": (8, 3, 4, 6),
        }
    )
    transactional = sum(f["cost"] * f["transactional"] for f in doc["functions"].values())
    volume = sum(p["volume"] for p in doc["partners"])
    doc["service_cost"] = {
        "fixed": round(0.3 * transactional),
        "per_unit": round(0.7 * transactional / volume, 2),
    }
    doc["notice_years"] = 2


def _north_west_london(doc: Document, base: ConsortiumBaseline) -> None:
    """Transactional and operational work outsourced to a provider in a lower-cost region, for
    a management fee; charged by employees served; redundancy costs on leaving."""
    option = doc["option"]
    option["model"] = "outsourced"
    option["location_factor"] = 0.8
    option["management_fee"] = 0.06
    option["share"] = _per_function(
        doc, {"finance": 0.35, "hr": 0.35, "imt": 0.3, "procurement": 0.3}, 0.15
    )
    option["phases"] = {
        "simplify": {"start": 1, "ramp": 1},
        "standardise": {"start": 1, "ramp": 2},
        "share": {"start": 2, "ramp": 2},
    }
    rate = _rate(doc)
    option["one_off"] = [{"year": 0, "amount": round(1.5 * rate)}]
    option["recurring"] = [{"from_year": 1, "amount": round(0.05 * rate)}]
    doc["optimism_bias"] = {"capex": 0.25, "opex": 0.1, "benefits": 0.15, "delay_years": 0.5}
    doc["uncertain"] = {
        "option.location_factor": {"low": 0.7, "mode": 0.8, "high": 0.95},
        "option.management_fee": {"low": 0.04, "mode": 0.06, "high": 0.1},
        "option.share.imt": {"low": 0.2, "mode": 0.3, "high": 0.35},
    }
    doc["monte_carlo"] = {"draws": 10_000, "seed": 2017}
    doc["principles"], doc["options_scored"] = _principles(
        {
            "status_quo": (0, 10, 10, 6),
            "cooperative": (5, 8, 6, 7),
            "joint_venture": (6, 5, 5, 7),
            "outsourced": (9, 4, 7, 7),
        }
    )
    doc["share_key"] = "volume"
    for p in doc["partners"]:
        p["redundancy_cost"] = round(0.05 * p["baseline"])


def _mid_and_south_essex(doc: Document, base: ConsortiumBaseline) -> None:
    """One trust hosts the others' transactional work in house, sharing first and simplifying
    after (the other sequence of planning methods §4), with a small investment and the host's
    extra running cost; equal shares."""
    option = doc["option"]
    option["model"] = "in_house_centralised"
    option["phases"] = {
        "simplify": {"start": 2, "ramp": 1},
        "standardise": {"start": 3, "ramp": 2},
        "share": {"start": 1, "ramp": 2},
    }
    option["standardise"] = _per_function(doc, {}, 0.08)
    rate = _rate(doc)
    option["one_off"] = [{"year": y, "amount": round(0.6 * rate)} for y in (0, 1)]
    option["recurring"] = [{"from_year": 1, "amount": round(0.05 * rate)}]
    doc["optimism_bias"] = {"capex": 0.1, "opex": 0, "benefits": 0.05, "delay_years": 0}
    finance = doc["functions"]["finance"]["cost"]
    doc["uncertain"] = {
        "functions.finance.cost": {
            "low": round(0.9 * finance),
            "mode": round(finance),
            "high": round(1.1 * finance),
        },
        "option.standardise.hr": {"low": 0.05, "mode": 0.08, "high": 0.12},
    }
    doc["monte_carlo"] = {"draws": 10_000, "seed": 2018}
    doc["principles"], doc["options_scored"] = _principles(
        {
            "status_quo": (0, 10, 10, 6),
            "in_house_centralised": (5, 9, 8, 6),
            "cooperative": (6, 7, 6, 6),
        }
    )
    doc["share_key"] = "equal"


def _kent_and_medway(doc: Document, base: ConsortiumBaseline) -> None:
    """A joint venture with a private partner: a large investment over three years, licences,
    a fee, a slow start and heavy optimism bias, over eight years. It never pays back."""
    option = doc["option"]
    option["model"] = "joint_venture"
    option["management_fee"] = 0.04
    option["phases"] = {
        "simplify": {"start": 2, "ramp": 2},
        "standardise": {"start": 3, "ramp": 2},
        "share": {"start": 4, "ramp": 3},
    }
    rate = _rate(doc)
    option["one_off"] = [{"year": y, "amount": round(a * rate)} for y, a in enumerate((1, 1, 0.5))]
    option["recurring"] = [{"from_year": 1, "amount": round(0.15 * rate)}]
    doc["horizon"] = 8
    doc["optimism_bias"] = {"capex": 0.4, "opex": 0.2, "benefits": 0.2, "delay_years": 1}
    doc["uncertain"] = {
        "optimism_bias.delay_years": {"low": 0, "mode": 1, "high": 3},
        "option.recurring.0.amount": {
            "low": round(0.1 * rate),
            "mode": round(0.15 * rate),
            "high": round(0.25 * rate),
        },
        "option.share.imt": {"low": 0.15, "mode": 0.25, "high": 0.35},
    }
    doc["monte_carlo"] = {"draws": 10_000, "seed": 2019}
    doc["principles"], doc["options_scored"] = _principles(
        {
            "status_quo": (0, 10, 10, 6),
            "joint_venture": (2, 6, 3, 8),
            "outsourced": (4, 3, 4, 6),
        }
    )
    # shares by each trust's turnover (£m, one decimal): a key the baseline knows
    turnover = {r["org_code"]: r["turnover"] for r in base.partners.iter_rows(named=True)}
    doc["share_key"] = "custom"
    for p in doc["partners"]:
        p["key"] = round((turnover.get(p["org_code"]) or 0.0) / 1e6, 1)


#: The four pathfinders of 2016/17, each with its worked case, in the order they are listed.
PATHFINDERS: tuple[Pathfinder, ...] = (
    Pathfinder(
        "North West London",
        "North West London: outsourced",
        "Transactional and operational work outsourced to a lower-cost region for a fee",
        _north_west_london,
    ),
    Pathfinder(
        "Greater Manchester",
        "Greater Manchester: shared-service co-operative",
        "The pathfinders' co-operative, with a host's running cost and optimism bias",
        _greater_manchester,
    ),
    Pathfinder(
        "Mid and South Essex",
        "Mid and South Essex: centralised in house",
        "One trust hosts the others' transactional work, sharing first",
        _mid_and_south_essex,
    ),
    Pathfinder(
        "Kent and Medway",
        "Kent and Medway: joint venture",
        "A joint venture with a large investment and a slow start: it never pays back",
        _kent_and_medway,
    ),
)


def pathfinder_documents(
    *, seed: int | None = None, scale: float = 1.0
) -> list[tuple[Pathfinder, Document]]:
    """Each pathfinder with its case document, from the NHS Improvement demo round generated
    with ``seed`` (default the round's) and ``scale`` (:func:`corpbench.demo.generate`), in
    :data:`PATHFINDER_YEAR`."""
    engine = Benchmark.from_bundle(generate(round=NHSI_ROUND, seed=seed, scale=scale))
    classes = NHSI_ROUND.definition().process_classes
    out = []
    for pathfinder in PATHFINDERS:
        codes = footprint_codes(engine.organisations, pathfinder.footprint)
        base = consortium_baseline(engine, codes, PATHFINDER_YEAR, classes)
        doc = case_document(base)
        pathfinder.shape(doc, base)
        out.append((pathfinder, doc))
    return out


def case_text(pathfinder: Pathfinder, document: Mapping[str, Any]) -> str:
    """The case document as the TOML file the demo ships."""
    comment = [
        f"{pathfinder.name}. {pathfinder.summary}.",
        "A worked case of the demo (docs/demo.md): made by corpbench plan new from the baseline",
        f"of footprint {pathfinder.footprint} in {PATHFINDER_YEAR} (round {NHSI_ROUND.name}),",
        "then given its own option. Written by corpbench.demo.pathfinder_cases.",
    ]
    return to_toml(document, comment)


def pathfinder_cases(*, seed: int | None = None, scale: float = 1.0) -> list[tuple[str, str]]:
    """(name, TOML text) of each pathfinder's case (:func:`pathfinder_documents`), in the order
    of :data:`PATHFINDERS`."""
    return [(p.name, case_text(p, doc)) for p, doc in pathfinder_documents(seed=seed, scale=scale)]


def write_pathfinder_cases(
    folder: Path, *, seed: int | None = None, scale: float = 1.0
) -> list[Path]:
    """Write each pathfinder's case to ``folder`` (created if missing) as its
    :attr:`Pathfinder.file_name`; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for p, doc in pathfinder_documents(seed=seed, scale=scale):
        path = folder / p.file_name
        path.write_text(case_text(p, doc), encoding="utf-8")
        paths.append(path)
    return paths


def shipped_case(pathfinder: Pathfinder) -> str:
    """The TOML text of ``pathfinder``'s case as shipped in the package."""
    folder = resources.files(__package__).joinpath(CASES_FOLDER)
    return folder.joinpath(pathfinder.file_name).read_text("utf-8")


#: The planning demo's sign-ins (``corpbench user demo``) show the scope rules on these cases: a
#: footprint user of this pathfinder plans for it alone ...
PLAN_USER_FOOTPRINT = "Kent and Medway"
#: ... and an organisation user of a trust of this one sees only its case, read-only.
PLAN_USER_PARTNER_FOOTPRINT = "Greater Manchester"


def pathfinder_user_scopes(organisations: pl.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """The scopes of the planning demo's sign-ins in a register: role -> (org_code, footprint),
    ``footprint`` for :data:`PLAN_USER_FOOTPRINT` and ``organisation`` for the first trust (by
    code) of :data:`PLAN_USER_PARTNER_FOOTPRINT`; empty when the register lacks either footprint
    (the NHS Improvement demo round is not loaded)."""
    own = footprint_codes(organisations, PLAN_USER_FOOTPRINT)
    partners = footprint_codes(organisations, PLAN_USER_PARTNER_FOOTPRINT)
    if not own or not partners:
        return {}
    return {"footprint": (None, PLAN_USER_FOOTPRINT), "organisation": (partners[0], None)}
