"""The figures of data standard v1 §2, laid out as the machine outputs of §3, in plain Python.

Independent of the project's engine: exact ``Fraction`` arithmetic throughout, converted to
``float`` only in the returned rows. Every public function returns a list of dicts whose keys are
the §3 columns in order, sorted by the key columns with plain string order; an undefined value
has no row, and ``None`` stands for an empty cell (only in the summary's extrapolated columns).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from .bundle_dir import RefBundle, RefOrg
from .statistics import describe

Row = dict[str, str | int | float | None]

ALL = "all"
KPI_NAMES = (
    "pct_turnover",
    "pct_pay",
    "pct_running_costs",
    "cost_per_fte",
    "cost_per_org_fte",
    "shared_pct",
)
STAT_NAMES = ("n", "mean", "median", "q1", "q3", "iqm", "min", "max")
KPI_COLUMNS = ("org_code", "year", "function", "kpi", "value")
STATS_COLUMNS = ("group", "year", "function", "kpi", *STAT_NAMES)
SAVINGS_COLUMNS = ("org_code", "year", "function", "kpi_value", "target", "saving")
SUMMARY_COLUMNS = (
    "org_type",
    "year",
    "eligible",
    "respondents",
    "response_rate",
    "spend",
    "spend_extrapolated",
    "saving",
    "saving_extrapolated",
)
GROUPINGS = ("org_type", "region", "footprint", "teaching", "region_type")
PEER_METHODS = ("iqm", "median", "q1")

#: The external comparator tables of §3, copied from the text of the standard (% of turnover).
EXTERNAL_TABLES: dict[str, dict[str, Fraction]] = {
    "hackett_median": {
        "finance": Fraction("1.157"),
        "hr": Fraction("0.777"),
        "procurement": Fraction("0.379"),
        "imt": Fraction("2.252"),
    },
    "hackett_best_in_class": {
        "finance": Fraction("0.609"),
        "hr": Fraction("0.477"),
        "procurement": Fraction("0.318"),
        "imt": Fraction("1.496"),
    },
}

OYF = tuple[str, str, str]


@dataclass(frozen=True)
class Totals:
    """cost, fte and shared of one (organisation, year, function or ``all``).

    ``shared`` sums the non-missing shared_cost cells and is ``None`` when every one is missing.
    """

    cost: Fraction
    fte: Fraction
    shared: Fraction | None


def totals(b: RefBundle) -> dict[OYF, Totals]:
    """Totals for every (org, year, function) with at least one row, and for ``all``."""
    return b.memo(("totals",), lambda: _totals(b))


def _totals(b: RefBundle) -> dict[OYF, Totals]:
    cost: dict[OYF, Fraction] = defaultdict(Fraction)
    fte: dict[OYF, Fraction] = defaultdict(Fraction)
    shared: dict[OYF, Fraction | None] = {}
    for line in b.cost_lines:
        for f in (line.function, ALL):
            key = (line.org_code, line.year, f)
            cost[key] += line.pay_cost + line.non_pay_cost
            fte[key] += line.fte
            before = shared.get(key)
            if line.shared_cost is not None:
                shared[key] = (before or Fraction(0)) + line.shared_cost
            else:
                shared.setdefault(key, None)
    return {k: Totals(cost[k], fte[k], shared[k]) for k in cost}


def _ratio(num: Fraction | None, den: Fraction | None, scale: int) -> Fraction | None:
    """scale × num / den, undefined when either is missing or the denominator is zero."""
    if num is None or den is None or den == 0:
        return None
    return scale * num / den


def exact_kpis(b: RefBundle) -> dict[OYF, dict[str, Fraction]]:
    """The defined KPIs of every (org, year, function) the organisation has rows for."""
    return b.memo(("kpis",), lambda: _exact_kpis(b))


def _exact_kpis(b: RefBundle) -> dict[OYF, dict[str, Fraction]]:
    out: dict[OYF, dict[str, Fraction]] = {}
    for (o, y, f), t in totals(b).items():
        fin = b.finance[(o, y)]
        candidates = {
            "pct_turnover": _ratio(t.cost, fin.turnover, 100),
            "pct_pay": _ratio(t.cost, fin.total_pay, 100),
            "pct_running_costs": _ratio(t.cost, fin.running_costs, 100),
            "cost_per_fte": _ratio(t.cost, t.fte, 1),
            "cost_per_org_fte": _ratio(t.cost, fin.total_fte, 1),
            "shared_pct": _ratio(t.shared, t.cost, 100),
        }
        out[(o, y, f)] = {k: v for k, v in candidates.items() if v is not None}
    return out


def ref_kpis(b: RefBundle) -> list[Row]:
    """``export kpis``: org_code, year, function, kpi, value."""
    rows: list[Row] = [
        {"org_code": o, "year": y, "function": f, "kpi": k, "value": float(v)}
        for (o, y, f), kpis in exact_kpis(b).items()
        for k, v in kpis.items()
    ]
    return sorted(rows, key=lambda r: tuple(str(r[c]) for c in KPI_COLUMNS[:4]))


def group_of(org: RefOrg, grouping: str) -> str | None:
    """The peer group of ``org`` under ``grouping``; ``None`` leaves it out of that grouping."""
    if grouping == "org_type":
        return org.org_type
    if grouping == "region":
        return org.region
    if grouping == "footprint":
        return org.footprint
    if grouping == "teaching":
        return None if org.teaching is None else ("true" if org.teaching else "false")
    if grouping == "region_type":
        return f"{org.region}|{org.org_type}"
    raise ValueError(f"unknown grouping {grouping!r}")


def exact_stats(
    b: RefBundle, grouping: str = "org_type"
) -> dict[tuple[str, str, str, str], dict[str, Fraction | int]]:
    """Statistics per (group, year, function, kpi) over the organisations with the KPI defined."""
    return b.memo(("stats", grouping), lambda: _exact_stats(b, grouping))


def _exact_stats(
    b: RefBundle, grouping: str
) -> dict[tuple[str, str, str, str], dict[str, Fraction | int]]:
    values: dict[tuple[str, str, str, str], list[Fraction]] = defaultdict(list)
    for (o, y, f), kpis in exact_kpis(b).items():
        group = group_of(b.organisations[o], grouping)
        if group is None:
            continue
        for k, v in kpis.items():
            values[(group, y, f, k)].append(v)
    return {key: describe(vs) for key, vs in values.items()}


def _num(v: Fraction | int | None) -> int | float | None:
    if v is None or isinstance(v, int):
        return v
    return float(v)


def ref_stats(b: RefBundle, grouping: str = "org_type") -> list[Row]:
    """``export stats --group G``: group, year, function, kpi, n, mean, median, q1, q3, iqm,
    min, max, for every group with n ≥ 1."""
    rows: list[Row] = []
    for (g, y, f, k), st in sorted(exact_stats(b, grouping).items()):
        row: Row = {"group": g, "year": y, "function": f, "kpi": k}
        row.update({name: _num(st[name]) for name in STAT_NAMES})
        rows.append(row)
    return rows


def _targets(b: RefBundle, method: str, grouping: str) -> dict[OYF, Fraction]:
    """The target (% of turnover) of every (org, year, function) that has one under ``method``."""
    oyfs = list(exact_kpis(b))
    out: dict[OYF, Fraction] = {}
    if method in PEER_METHODS:
        stats = exact_stats(b, grouping)
        for o, y, f in oyfs:
            group = group_of(b.organisations[o], grouping)
            st = stats.get((group, y, f, "pct_turnover")) if group is not None else None
            if st is not None:
                target = st[method]
                assert isinstance(target, Fraction)
                out[(o, y, f)] = target
    elif method.startswith("external:"):
        table = EXTERNAL_TABLES[method.removeprefix("external:")]
        for o, y, f in oyfs:
            if f in table:
                out[(o, y, f)] = table[f]
    elif method.startswith("threshold:"):
        p = Fraction(method.removeprefix("threshold:"))
        out = {oyf: p for oyf in oyfs}
    else:
        raise ValueError(f"unknown method {method!r}")
    return out


def exact_savings(
    b: RefBundle, method: str, grouping: str = "org_type"
) -> dict[OYF, tuple[Fraction, Fraction, Fraction]]:
    """(kpi_value, target, saving) per (org, year, function) with pct_turnover and a target:
    saving = max(0, cost − target/100 × turnover)."""
    return b.memo(("savings", method, grouping), lambda: _exact_savings(b, method, grouping))


def _exact_savings(
    b: RefBundle, method: str, grouping: str
) -> dict[OYF, tuple[Fraction, Fraction, Fraction]]:
    kpis = exact_kpis(b)
    tots = totals(b)
    out: dict[OYF, tuple[Fraction, Fraction, Fraction]] = {}
    for oyf, target in _targets(b, method, grouping).items():
        pct = kpis[oyf].get("pct_turnover")
        if pct is None:
            continue
        turnover = b.finance[(oyf[0], oyf[1])].turnover
        saving = max(Fraction(0), tots[oyf].cost - target / 100 * turnover)
        out[oyf] = (pct, target, saving)
    return out


def ref_savings(b: RefBundle, method: str, grouping: str = "org_type") -> list[Row]:
    """``export savings --method M``: org_code, year, function, kpi_value, target, saving."""
    return [
        {
            "org_code": o,
            "year": y,
            "function": f,
            "kpi_value": float(pct),
            "target": float(target),
            "saving": float(saving),
        }
        for (o, y, f), (pct, target, saving) in sorted(exact_savings(b, method, grouping).items())
    ]


SummaryRow = dict[str, str | int | Fraction | None]


def _type_row(
    t: str, y: str, e: int, resp: list[str], spend: Fraction, saving: Fraction
) -> SummaryRow:
    r = len(resp)
    return {
        "org_type": t,
        "year": y,
        "eligible": e,
        "respondents": r,
        "response_rate": Fraction(r, e),
        "spend": spend,
        "spend_extrapolated": spend * e / r if r else None,
        "saving": saving,
        "saving_extrapolated": saving * e / r if r else None,
    }


def _sum(rows: list[SummaryRow], column: str) -> Fraction:
    """Σ of a column over rows, empty cells adding nothing."""
    total = Fraction(0)
    for row in rows:
        value = row[column]
        if value is not None:
            assert not isinstance(value, str)
            total += value
    return total


def _all_row(y: str, type_rows: list[SummaryRow]) -> SummaryRow:
    eligible = int(_sum(type_rows, "eligible"))
    respondents = int(_sum(type_rows, "respondents"))
    return {
        "org_type": ALL,
        "year": y,
        "eligible": eligible,
        "respondents": respondents,
        "response_rate": Fraction(respondents, eligible),
        "spend": _sum(type_rows, "spend"),
        "spend_extrapolated": _sum(type_rows, "spend_extrapolated"),
        "saving": _sum(type_rows, "saving"),
        "saving_extrapolated": _sum(type_rows, "saving_extrapolated"),
    }


def exact_summary(b: RefBundle, method: str) -> list[SummaryRow]:
    """The national summary rows (see :func:`ref_summary`), exact."""
    tots = totals(b)
    threshold = method.startswith("threshold:")
    org_saving: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for (o, y, f), (_pct, _target, saving) in exact_savings(b, method).items():
        # function savings for peer and external methods, the `all` saving for a threshold
        if (f == ALL) == threshold:
            org_saving[(o, y)] += saving
    respondents = {(o, y) for (o, y, _f) in tots}
    types = sorted({org.org_type for org in b.organisations.values()})
    years = sorted({y for (_o, y) in b.finance})
    rows: list[SummaryRow] = []
    for y in years:
        type_rows: list[SummaryRow] = []
        for t in types:
            members = [o for o, org in b.organisations.items() if org.org_type == t]
            resp = [o for o in members if (o, y) in respondents]
            spend = sum((tots[(o, y, ALL)].cost for o in resp), Fraction(0))
            saving = sum((org_saving[(o, y)] for o in resp), Fraction(0))
            type_rows.append(_type_row(t, y, len(members), resp, spend, saving))
        rows.extend(type_rows)
        rows.append(_all_row(y, type_rows))
    return sorted(rows, key=lambda r: (str(r["org_type"]), str(r["year"])))


def ref_summary(b: RefBundle, method: str) -> list[Row]:
    """``export summary --method M``: one row per organisation type of the register and year of
    finance.csv, plus ``org_type = all``; the extrapolated cells are ``None`` (empty) for a type
    with no respondents that year.

    Reading of the standard where it is silent: the ``all`` row's extrapolated figures are the
    sum over the types that have respondents, so 0 when no type has any that year.
    """
    return [
        {k: v if isinstance(v, str) else _num(v) for k, v in row.items()}
        for row in exact_summary(b, method)
    ]
