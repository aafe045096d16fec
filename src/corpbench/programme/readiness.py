"""Readiness for a shared-service programme (programme methods §1; seed 000, "Getting started –
readiness checklist"): the ten readiness questions and the ten recommended must-haves as data,
RAG statuses, the ready-for-design gate, baseline completeness per partner and function, and
the design-phase resource plan. Pure functions over plain values and polars tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

from corpbench.standard.vocab import IndicatorKind


@dataclass(frozen=True)
class Item:
    """A readiness question or a must-have: its code (machine outputs), its title (programme
    methods §1) and its words in the pathfinders' checklist (seed 000)."""

    code: str
    title: str
    checklist: str


#: The ten readiness questions, in the checklist's order.
QUESTIONS: tuple[Item, ...] = (
    Item("direction", "Direction from the executive board",
         "What direction has been articulated by the executive board?"),
    Item("decisions", "Who takes decisions", "Who will take decisions?"),
    Item("resourcing", "How the programme is resourced",
         "How will the programme be resourced to ensure it has the right level of capabilities?"),
    Item("sourcing", "Sourcing arrangements in place", "What sourcing arrangements are in place?"),
    Item("scope", "Services, processes and systems in scope confirmed by every function",
         "Have all functions confirmed which services, processes and systems will be in scope "
         "for the next phase?"),
    Item("location", "Consolidated location data",
         "Is there a consolidated view on current STP location data?"),
    Item("constraints", "Constraints and risks from local and national agreements",
         "Is there a clear understanding of existing constraints and risks from local and "
         "national agreements?"),
    Item("dependencies", "Plan and dependencies on parallel projects",
         "Is there a clear plan and are there any dependencies with parallel projects?"),
    Item("next_stage", "Activities and timelines for the next stage",
         "What are the activities and timelines for the next stage?"),
    Item("stakeholders", "Engagement of key stakeholders",
         "How engaged are the key stakeholders with the programme?"),
)  # fmt: skip

#: The ten recommended must-haves, in the checklist's order.
MUST_HAVES: tuple[Item, ...] = (
    Item("mandate", "Mandate from the executive board", "mandate from executive board"),
    Item("scope_agreed", "Scope agreed", "scope agreed"),
    Item("sros_appointed", "SROs appointed and resources secured",
         "SROs appointed and resources secured for next stage"),
    Item("case_for_change", "Case for change (benefit opportunity)",
         "case for change – benefit opportunity"),
    Item("sourcing_setup", "Current sourcing set-up (delivery model per function)",
         "current sourcing set-up – delivery models per function"),
    Item("governance_agreed", "Governance agreed", "governance agreed"),
    Item("next_stage_plan", "Plan and timelines for the next stage",
         "plan and timelines for next stage"),
    Item("location_data", "Location data", "STPs location data"),
    Item("labour_agreements", "Understanding of local and national labour agreements",
         "understanding of local and national labour agreements"),
    Item("parallel_projects", "List of parallel projects", "list of existing parallel projects"),
)  # fmt: skip

QUESTION_CODES: tuple[str, ...] = tuple(q.code for q in QUESTIONS)
MUST_HAVE_CODES: tuple[str, ...] = tuple(m.code for m in MUST_HAVES)
QUESTION_TITLES: Mapping[str, str] = {q.code: q.title for q in QUESTIONS}
MUST_HAVE_TITLES: Mapping[str, str] = {m.code: m.title for m in MUST_HAVES}


class Rag(StrEnum):
    """The RAG status of a readiness answer."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


RAG_CODES: tuple[str, ...] = tuple(r.value for r in Rag)
RAG_TITLES: Mapping[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}


# --- the ready-for-design gate ---------------------------------------------------------------


@dataclass(frozen=True)
class MustHaveState:
    """Whether a must-have is met, and the evidence for it."""

    met: bool
    evidence: str


@dataclass(frozen=True)
class Gate:
    """The ready-for-design gate: ``ready`` only when every must-have is met with evidence;
    ``missing`` the codes that are not, in the checklist's order, each with why
    (``not_recorded``, ``not_met`` or ``no_evidence``)."""

    ready: bool
    missing: tuple[tuple[str, str], ...]

    @property
    def missing_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.missing)


#: Why a must-have holds the gate, in words.
GATE_REASONS: Mapping[str, str] = {
    "not_recorded": "not recorded",
    "not_met": "not met",
    "no_evidence": "met, but no evidence given",
}


def design_gate(states: Mapping[str, MustHaveState]) -> Gate:
    """The ready-for-design gate over the current must-have ``states`` (by code; codes not
    among the ten are ignored): the programme is ready only when all ten are met, each with
    evidence (not blank)."""
    missing: list[tuple[str, str]] = []
    for code in MUST_HAVE_CODES:
        state = states.get(code)
        if state is None:
            missing.append((code, "not_recorded"))
        elif not state.met:
            missing.append((code, "not_met"))
        elif not state.evidence.strip():
            missing.append((code, "no_evidence"))
    return Gate(not missing, tuple(missing))


# --- baseline completeness -------------------------------------------------------------------

#: The five items of a robust baseline (seed 000, "Creating a robust baseline"), in order, with
#: their titles.
BASELINE_ITEMS: Mapping[str, str] = {
    "budget": "Budget",
    "wte": "WTE",
    "volumes": "Volumes",
    "performance": "Performance",
    "operating_model": "Operating model",
}


def baseline_completeness(
    function_costs: pl.DataFrame,
    indicators: pl.DataFrame,
    *,
    partners: Sequence[str],
    functions: Sequence[str],
    year: str,
    indicator_kinds: Mapping[str, IndicatorKind | str],
) -> pl.DataFrame:
    """Which of the five baseline items each partner has for each function in ``year``: one row
    per (org_code, function), partners then functions in the order given, with a boolean
    column per item of :data:`BASELINE_ITEMS`, ``present`` (how many) and ``completeness``
    (present / 5). The items, from the data standard's tables:

    - budget: at least one ``function_costs`` row (a row carries its pay and non-pay cost);
    - wte: fte, summed over the function's rows, > 0;
    - volumes / performance: at least one ``indicators`` row of the function whose code is a
      volume / performance indicator in ``indicator_kinds``;
    - operating_model: a ``delivery_model`` on at least one of the function's rows.
    """
    costs = function_costs.filter(pl.col("year") == year)
    model = pl.col("delivery_model")
    cost_items = costs.group_by("org_code", "function").agg(
        pl.lit(True).alias("budget"),
        (pl.col("fte").sum() > 0).alias("wte"),
        (model.is_not_null() & (model.cast(pl.String).str.strip_chars() != ""))
        .any()
        .alias("operating_model"),
    )
    kinds = pl.DataFrame(
        {
            "indicator": list(indicator_kinds),
            "kind": [str(k) for k in indicator_kinds.values()],
        },
        schema={"indicator": pl.String, "kind": pl.String},
    )
    ind = (
        indicators.filter(pl.col("year") == year)
        .join(kinds, on="indicator", how="inner")
        .group_by("org_code", "function")
        .agg(
            (pl.col("kind") == IndicatorKind.VOLUME.value).any().alias("volumes"),
            (pl.col("kind") == IndicatorKind.PERFORMANCE.value).any().alias("performance"),
        )
    )
    grid = pl.DataFrame(
        {
            "org_code": [p for p in partners for _ in functions],
            "function": [f for _ in partners for f in functions],
        },
        schema={"org_code": pl.String, "function": pl.String},
    )
    items = list(BASELINE_ITEMS)
    table = (
        grid.join(cost_items, on=["org_code", "function"], how="left", maintain_order="left")
        .join(ind, on=["org_code", "function"], how="left", maintain_order="left")
        .with_columns(pl.col(i).fill_null(False) for i in items)
        .select("org_code", "function", *items)
    )
    present = table.select(
        pl.sum_horizontal(pl.col(i).cast(pl.Int64) for i in items).alias("present")
    )["present"]
    # divided in Python: polars' division by a constant gives 0.6000000000000001 for 3 / 5
    shares = [n / len(items) for n in present.to_list()]
    return table.with_columns(present, pl.Series("completeness", shares, dtype=pl.Float64))


# --- the design-phase resource plan ----------------------------------------------------------

#: The default length of a design phase, in weeks (seed 000: "~8 to 10 weeks").
DEFAULT_WEEKS = 10.0
#: Days a week of the sponsor / SRO, of a full-time programme manager, of one for a single
#: service, and the most a functional lead gives (seed 000, "Resources").
SPONSOR_DAYS = 1.0
PM_DAYS = 5.0
PM_DAYS_SINGLE_SERVICE = 2.5
LEAD_DAYS = 2.0


class ResourceError(ValueError):
    """A resource plan input refused: the message names the input and what was expected."""


@dataclass(frozen=True)
class DayRates:
    """Day rates in £ of each role (the user's)."""

    sponsor: float = 0.0
    pm: float = 0.0
    lead: float = 0.0
    expert: float = 0.0


@dataclass(frozen=True)
class ResourceLine:
    """One role of the plan: days a week (None for workshop days), person-days and cost."""

    role: str
    days_a_week: float | None
    person_days: float
    cost: float


@dataclass(frozen=True)
class ResourcePlan:
    """The design phase's committed resource: a line per role and the totals."""

    weeks: float
    lines: tuple[ResourceLine, ...]

    @property
    def person_days(self) -> float:
        return math.fsum(line.person_days for line in self.lines)

    @property
    def cost(self) -> float:
        return math.fsum(line.cost for line in self.lines)


def _check(name: str, value: float, low: float, high: float | None = None) -> float:
    if not math.isfinite(value) or value < low or (high is not None and value > high):
        upper = "" if high is None else f" and at most {high:g}"
        raise ResourceError(f"{name}: {value:g} must be a number at least {low:g}{upper}")
    return float(value)


def resource_plan(
    *,
    weeks: float = DEFAULT_WEEKS,
    single_service: bool = False,
    leads: int = 0,
    lead_days: float = LEAD_DAYS,
    workshop_days: float = 0.0,
    rates: DayRates | None = None,
) -> ResourcePlan:
    """The design phase's resource (programme methods §1): over ``weeks`` weeks the sponsor
    gives 1 day a week, the programme manager 5 (2.5 for a ``single_service``), each of
    ``leads`` functional leads ``lead_days`` (up to 2), and subject experts ``workshop_days`` in
    all. Person-days = W × (1 + pm_days + lead_days × leads) + workshop days — with the
    default 2 lead days, W × (1 + pm_days + 2 × leads) + workshop days; cost at ``rates``."""
    w = _check("weeks", weeks, 1, 52)
    if isinstance(leads, bool) or not isinstance(leads, int) or leads < 0:
        raise ResourceError(f"leads: {leads!r} must be a whole number at least 0")
    ld = _check("lead_days", lead_days, 0, LEAD_DAYS)
    wd = _check("workshop_days", workshop_days, 0)
    r = rates or DayRates()
    for role in ("sponsor", "pm", "lead", "expert"):
        _check(f"{role}_rate", getattr(r, role), 0)
    pm = PM_DAYS_SINGLE_SERVICE if single_service else PM_DAYS
    lines = (
        ResourceLine("sponsor", SPONSOR_DAYS, w * SPONSOR_DAYS, w * SPONSOR_DAYS * r.sponsor),
        ResourceLine("pm", pm, w * pm, w * pm * r.pm),
        ResourceLine("leads", ld * leads, w * ld * leads, w * ld * leads * r.lead),
        ResourceLine("experts", None, wd, wd * r.expert),
    )
    return ResourcePlan(w, lines)


#: The roles of a resource plan, in words.
RESOURCE_ROLES: Mapping[str, str] = {
    "sponsor": "Sponsor / SRO",
    "pm": "Programme manager",
    "leads": "Functional leads",
    "experts": "Subject experts (workshops)",
}
