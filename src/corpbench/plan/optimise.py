"""The consortium optimiser (planning methods §7): groupings of neighbouring organisations of a
region that each reach QIPP's 20,000-employee floor and together maximise the run-rate saving of
the default option (:mod:`corpbench.plan.newcase`), as an integer programme solved by HiGHS
(``scipy.optimize.milp``).

**Organisations**: the region's register entries that responded in the year; one with no
footprint is a footprint of its own. **Candidate groups** (docs/planning.md "The consortium
optimiser"):

1. every set of 1 … ``max_group`` (default 8) organisations of one footprint;
2. every union of 2 … ``max_footprints`` (default 3) whole footprints of the region;

kept when their employees (as in the baseline: employees, else total_fte, else 0) reach the
floor. A group's saving is the engine's run-rate saving of the case :func:`case_document` would
make of its baseline: its functions' cost, pay and Table 14 classes summed over its members.

The programme: x_g ∈ {0, 1} per candidate, maximise Σ_g saving_g x_g subject to Σ_{g ∋ o} x_g ≤ 1
for every organisation o (each organisation in at most one group).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np
import polars as pl
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from corpbench.bench.consortium import (
    SCALE_VIABLE,
    ProcessClasses,
    default_class_shares,
    employees_of,
    partner_functions,
    region_codes,
)
from corpbench.bench.engine import Benchmark
from corpbench.plan.case import parse_case
from corpbench.plan.newcase import default_option, run_rate_savings
from corpbench.standard.vocab import DEFAULT_FUNCTIONS, PROCESS_CLASSES

DEFAULT_MAX_GROUP = 8
DEFAULT_MAX_FOOTPRINTS = 3
#: The relative gap HiGHS closes before it stops: the best grouping to this precision.
MIP_GAP = 1e-9
#: More candidate groups than this is refused (a smaller ``max_group`` is asked for).
MAX_CANDIDATES = 500_000


@dataclass(frozen=True)
class Region:
    """A region's responding organisations and the figures the optimiser needs of each."""

    region: str
    year: str
    #: Organisation codes, sorted.
    codes: tuple[str, ...]
    #: The footprint of each organisation (its own code when it has none).
    footprint: tuple[str, ...]
    employees: np.ndarray  # (N,)
    #: The functions with a cost above 0 in the region, in the standard's order.
    functions: tuple[str, ...]
    #: (N, F) each: cost, pay, transactional and operational cost of each organisation.
    cost: np.ndarray
    pay: np.ndarray
    transactional: np.ndarray
    operational: np.ndarray
    process_classes: ProcessClasses


@dataclass(frozen=True)
class Candidates:
    """Candidate groups: ``members`` (G, N) booleans, their employees and savings."""

    region: Region
    members: np.ndarray
    employees: np.ndarray
    saving: np.ndarray

    def codes(self, g: int) -> tuple[str, ...]:
        return tuple(c for c, m in zip(self.region.codes, self.members[g], strict=True) if m)


@dataclass(frozen=True)
class Group:
    org_codes: tuple[str, ...]
    footprints: tuple[str, ...]
    employees: float
    #: Employees above the 20,000 floor.
    margin: float
    run_rate_saving: float


@dataclass(frozen=True)
class Optimum:
    region: str
    year: str
    candidates: int
    groups: tuple[Group, ...]
    run_rate_saving: float
    #: The region's responding organisations in no chosen group.
    unassigned: tuple[str, ...]


def region_figures(
    engine: Benchmark,
    region: str,
    year: str,
    process_classes: ProcessClasses = PROCESS_CLASSES,
) -> Region:
    """The responding organisations of ``region`` in ``year`` and their figures;
    ``ValueError`` when the region has none."""
    named = region_codes(engine.organisations, region)
    if not named:
        raise ValueError(f"No organisation of the register is in region '{region}'.")
    responded = set(engine.totals(year)["org_code"].to_list())
    codes = tuple(c for c in named if c in responded)
    if not codes:
        raise ValueError(f"No organisation of region '{region}' has cost data for {year}.")
    reg = engine.organisations.filter(pl.col("org_code").is_in(list(codes))).sort("org_code")
    footprint = tuple(
        (fp or "").strip() or code
        for code, fp in zip(reg["org_code"].to_list(), reg["footprint"].to_list(), strict=True)
    )
    fin, _, _, _ = employees_of(engine.finance, codes, year)
    emp = dict(zip(fin["org_code"].to_list(), fin["employees"].to_list(), strict=True))
    employees = np.array([float(emp.get(c) or 0.0) for c in codes])
    per = partner_functions(engine.function_costs, codes, year, process_classes)
    by_function = per.group_by("function").agg(pl.col("cost").sum())
    positive = set(by_function.filter(pl.col("cost") > 0)["function"].to_list())
    functions = tuple(f for f in DEFAULT_FUNCTIONS if f in positive)
    index = {c: i for i, c in enumerate(codes)}
    fidx = {f: j for j, f in enumerate(functions)}
    arrays = {k: np.zeros((len(codes), len(functions))) for k in ("cost", "pay", "T", "O")}
    for row in per.iter_rows(named=True):
        j = fidx.get(row["function"])
        if j is None:
            continue
        i = index[row["org_code"]]
        arrays["cost"][i, j] = row["cost"]
        arrays["pay"][i, j] = row["pay"]
        arrays["T"][i, j] = row["transactional"]
        arrays["O"][i, j] = row["operational"]
    return Region(
        region=region,
        year=year,
        codes=codes,
        footprint=footprint,
        employees=employees,
        functions=functions,
        cost=arrays["cost"],
        pay=arrays["pay"],
        transactional=arrays["T"],
        operational=arrays["O"],
        process_classes=process_classes,
    )


def candidate_sets(
    region: Region,
    max_group: int = DEFAULT_MAX_GROUP,
    max_footprints: int = DEFAULT_MAX_FOOTPRINTS,
) -> list[tuple[int, ...]]:
    """The candidate groups of the module docstring as sorted tuples of organisation indices
    (before the employee floor), without repeats."""
    by_fp: dict[str, list[int]] = {}
    for i, fp in enumerate(region.footprint):
        by_fp.setdefault(fp, []).append(i)
    count = sum(
        comb(len(m), k) for m in by_fp.values() for k in range(1, min(max_group, len(m)) + 1)
    ) + sum(comb(len(by_fp), k) for k in range(2, max_footprints + 1))
    if count > MAX_CANDIDATES:
        raise ValueError(
            f"Region '{region.region}' has {count:,} candidate groups, more than "
            f"{MAX_CANDIDATES:,}: ask for smaller groups."
        )
    out: set[tuple[int, ...]] = set()
    for members in by_fp.values():
        for k in range(1, min(max_group, len(members)) + 1):
            out.update(combinations(members, k))
    names = sorted(by_fp)
    for k in range(2, max_footprints + 1):
        for chosen in combinations(names, k):
            out.add(tuple(sorted(i for fp in chosen for i in by_fp[fp])))
    return sorted(out, key=lambda g: (len(g), g))


def candidates(
    region: Region,
    max_group: int = DEFAULT_MAX_GROUP,
    max_footprints: int = DEFAULT_MAX_FOOTPRINTS,
    floor: float = SCALE_VIABLE,
) -> Candidates:
    """The candidate groups reaching ``floor`` employees, with their run-rate savings."""
    sets = candidate_sets(region, max_group, max_footprints)
    n = len(region.codes)
    members = np.zeros((len(sets), n), dtype=bool)
    for g, s in enumerate(sets):
        members[g, list(s)] = True
    employees = members.astype(np.float64) @ region.employees
    keep = employees >= floor
    members, employees = members[keep], employees[keep]
    return Candidates(region, members, employees, group_savings(region, members))


def group_savings(region: Region, members: np.ndarray) -> np.ndarray:
    """The run-rate saving of each group (rows of ``members``, (G, N) booleans) under the
    default option, the engine evaluated once on every group's figures."""
    if members.shape[0] == 0 or not region.functions:
        return np.zeros(members.shape[0])
    m = members.astype(np.float64)
    cost, pay = m @ region.cost, m @ region.pay
    trans, oper = m @ region.transactional, m @ region.operational
    functions = list(region.functions)
    doc = {
        "functions": {
            f: {"cost": 1.0, "transactional": 0.0, "operational": 0.0} for f in functions
        },
        "option": default_option(functions),
    }
    case = parse_case(doc)
    columns: dict[str, np.ndarray] = {}
    for j, f in enumerate(functions):
        c = cost[:, j]
        has = c > 0
        safe = np.where(has, c, 1.0)
        d_t, d_o, _ = default_class_shares(f, region.process_classes)
        columns[f"functions.{f}.cost"] = c
        columns[f"functions.{f}.transactional"] = np.where(has, trans[:, j] / safe, d_t)
        columns[f"functions.{f}.operational"] = np.where(has, oper[:, j] / safe, d_o)
        columns[f"functions.{f}.pay_share"] = np.where(has, pay[:, j] / safe, 0.75)
    return np.asarray(run_rate_savings(case, columns), dtype=np.float64)


def solve(cands: Candidates) -> np.ndarray:
    """The chosen candidates (indices) of the integer programme, by HiGHS (to a relative gap of
    :data:`MIP_GAP`, not HiGHS's default 0.01%)."""
    g = cands.members.shape[0]
    if g == 0:
        return np.zeros(0, dtype=np.int64)
    a = csr_array(cands.members.T.astype(np.float64))
    result = milp(
        c=-cands.saving,
        constraints=LinearConstraint(a, -np.inf, 1.0),
        integrality=np.ones(g),
        bounds=Bounds(0.0, 1.0),
        # optimal, not within HiGHS's default gap of 0.01%
        options={"mip_rel_gap": MIP_GAP},
    )
    if not result.success:  # pragma: no cover - a packing problem is always feasible (x = 0)
        raise RuntimeError(f"HiGHS did not solve the programme: {result.message}")
    return np.flatnonzero(np.round(result.x) == 1)


def optimise(
    engine: Benchmark,
    region: str,
    year: str,
    process_classes: ProcessClasses = PROCESS_CLASSES,
    *,
    max_group: int = DEFAULT_MAX_GROUP,
    max_footprints: int = DEFAULT_MAX_FOOTPRINTS,
) -> Optimum:
    """The consortium optimiser of the module docstring for ``region`` in ``year``."""
    figures = region_figures(engine, region, year, process_classes)
    cands = candidates(figures, max_group, max_footprints)
    chosen = solve(cands)
    groups = []
    for g in chosen:
        codes = cands.codes(int(g))
        fps = sorted({figures.footprint[figures.codes.index(c)] for c in codes})
        employees = float(cands.employees[g])
        groups.append(
            Group(
                org_codes=codes,
                footprints=tuple(fps),
                employees=employees,
                margin=employees - SCALE_VIABLE,
                run_rate_saving=float(cands.saving[g]),
            )
        )
    groups.sort(key=lambda x: (-x.run_rate_saving, x.org_codes))
    placed = {c for grp in groups for c in grp.org_codes}
    return Optimum(
        region=region,
        year=year,
        candidates=int(cands.members.shape[0]),
        groups=tuple(groups),
        run_rate_saving=float(sum(grp.run_rate_saving for grp in groups)),
        unassigned=tuple(c for c in figures.codes if c not in placed),
    )


def optimum_output(result: Optimum) -> dict[str, object]:
    """``plan optimise --json``'s object (docs/commands.md): codes and £ at full precision."""
    return {
        "region": result.region,
        "year": result.year,
        "floor": SCALE_VIABLE,
        "candidates": result.candidates,
        "run_rate_saving": result.run_rate_saving,
        "groups": [
            {
                "org_codes": list(g.org_codes),
                "footprints": list(g.footprints),
                "employees": g.employees,
                "margin": g.margin,
                "run_rate_saving": g.run_rate_saving,
            }
            for g in result.groups
        ],
        "unassigned": list(result.unassigned),
    }
