"""Random *valid* return bundles (data standard v1 §1) full of the edge cases of §2.

A bundle here is ``{file stem: [row, ...]}`` with every cell as text (``""`` = missing); a column
left out of every row of a file is absent from that file. Money is generated in whole pence, so
``shared_cost ≤ pay_cost + non_pay_cost`` holds exactly and no number needs an exponent.

Edge cases produced (their presence across seeds is pinned in test_reference_selfcheck.py): peer
groups of 1 to 9 organisations, identical returns (ties), total_pay 0, total_fte 0, fte 0 for a
function, missing running_costs (cells or the whole column), shared_cost missing on every row,
on some rows or on none, cost lines of 0 and whole functions costing 0, organisations with only
some functions, several processes per function (recommended codes in various spellings, free
text) with or without a blank process, a register type with no respondents, non-respondents with
and without a finance row, empty footprint and teaching, teaching spelt true/false/yes/no/1/0 in
any case, one or two years, pence and values in the billions.
"""

from __future__ import annotations

import copy
import csv
import random
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

BundleRows = dict[str, list[dict[str, str]]]

#: Number of seeded bundles of the cross-check (tests/test_against_reference.py); the coverage
#: of the edge cases over these seeds is pinned in test_random_bundles.py.
CROSS_CHECK_SEEDS = 20

ORG_TYPES = (
    "acute",
    "acute_ft",
    "mental_health",
    "mental_health_ft",
    "community",
    "ambulance",
    "pct_commissioner",
    "pct_provider",
    "pct_undifferentiated",
)
PROCESSES: dict[str, tuple[str, ...]] = {
    "finance": ("accounts_payable", "accounts_receivable", "general_ledger", "costing"),
    "hr": ("employee_records", "recruitment", "hr_advice", "workforce_planning"),
    "imt": ("service_desk", "infrastructure_operations", "it_strategy"),
    "procurement": ("purchase_order_processing", "sourcing_execution", "contract_management"),
    "estates": ("maintenance", "facilities_helpdesk", "capital_projects"),
    "payroll": ("payroll_processing", "pensions_administration", "expenses"),
    "governance_risk": ("incident_reporting", "internal_audit", "board_governance"),
    "legal": ("legal_transactions", "litigation", "legal_advice"),
    "communications": ("media_monitoring", "internal_communications", "external_affairs"),
}
FUNCTIONS = tuple(PROCESSES)
FREE_PROCESSES = ("Other work", "misc", "Shared transactional centre")
INDICATORS = ("invoices_paid", "payslips", "helpdesk_calls", "orders_placed", "recruits")
REGIONS = ("London", "North East", "Midlands, East", "Yorkshire & the Humber", "east of england")
FOOTPRINTS = ("ICS Alpha", "STP 7", "Crème Valley")
TEACHING = ("true", "false", "TRUE", "False", "yes", "No", "1", "0")
GROUP_SIZES = (1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 9)
_CODE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def year_label(start: int) -> str:
    """``2009`` -> ``"2009/10"``."""
    return f"{start}/{(start + 1) % 100:02d}"


def money(rng: random.Random, pence: int) -> str:
    """An amount of pence as pounds: whole pounds sometimes without decimals."""
    pounds, rest = divmod(pence, 100)
    if rest == 0 and rng.random() < 0.5:
        return str(pounds)
    return f"{pounds}.{rest:02d}"


def _number(rng: random.Random, value: float) -> str:
    """A non-negative quantity (fte, headcount) with zero or one decimal."""
    return str(round(value)) if rng.random() < 0.5 else f"{value:.1f}"


def _org_codes(rng: random.Random, n: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < n:
        codes.add("".join(rng.choice(_CODE_CHARS) for _ in range(rng.randint(3, 10))))
    return sorted(codes, key=lambda _c: rng.random())


def _register(rng: random.Random, n_orgs: int | None) -> list[dict[str, str]]:
    """The organisations, grouped into types of random sizes, with one silent type sometimes."""
    types = rng.sample(ORG_TYPES, k=len(ORG_TYPES))
    if n_orgs is None:
        sizes = [rng.choice(GROUP_SIZES) for _ in range(rng.randint(1, 4))]
    else:
        sizes = []
        while sum(sizes) < n_orgs and len(sizes) < len(types):
            sizes.append(min(rng.choice(GROUP_SIZES), n_orgs - sum(sizes)))
        sizes[-1] += n_orgs - sum(sizes)
    codes = _org_codes(rng, sum(sizes))
    with_footprint = rng.random() < 0.8
    with_teaching = rng.random() < 0.8
    orgs: list[dict[str, str]] = []
    for t, size in zip(types, sizes, strict=False):
        for _ in range(size):
            code = codes.pop()
            row = {
                "org_code": code,
                "org_name": f'{code} "Trust", part {rng.randint(1, 9)}',
                "org_type": t,
                "region": rng.choice(REGIONS),
            }
            if with_footprint:
                row["footprint"] = rng.choice((*FOOTPRINTS, ""))
            if with_teaching:
                row["teaching"] = rng.choice((*TEACHING, "", ""))
            orgs.append(row)
    return orgs


def _finance_row(rng: random.Random, code: str, year: str, running: bool) -> dict[str, str]:
    scale = rng.choice((5_000_000, 60_000_000, 300_000_000, 2_500_000_000))
    turnover = rng.randint(scale // 2, scale * 3 // 2) * 100 + rng.choice((0, rng.randint(1, 99)))
    pay = 0 if rng.random() < 0.1 else turnover * rng.randint(40, 70) // 100
    row = {
        "org_code": code,
        "year": year,
        "turnover": money(rng, turnover),
        "total_pay": money(rng, pay),
        "total_fte": "0" if rng.random() < 0.08 else _number(rng, turnover / 4_500_000),
        "non_pay": "" if rng.random() < 0.3 else money(rng, turnover - pay),
        "employees": "" if rng.random() < 0.3 else str(round(turnover / 4_000_000)),
    }
    if running:
        lost = rng.random() < 0.25
        row["running_costs"] = "" if lost else money(rng, turnover * rng.randint(90, 105) // 100)
    return row


def _processes(rng: random.Random, function: str) -> list[str]:
    """Process names of one function, unique with case and space/underscore ignored."""
    mode = rng.choice(("blank", "blank", "several", "mixed", "free"))
    if mode == "blank":
        return [""]
    codes = rng.sample(PROCESSES[function], k=rng.randint(1, 3))
    styled = [rng.choice((c, c.replace("_", " ").title(), c.upper())) for c in codes]
    if mode == "mixed":
        return ["", *styled]
    if mode == "free":
        return [*styled[:1], rng.choice(FREE_PROCESSES)]
    return styled


def _cost_rows(rng: random.Random, code: str, year: str, turnover: int) -> list[dict[str, str]]:
    """Cost lines of one return: some or all functions, several processes, zero edge cases."""
    functions = list(FUNCTIONS) if rng.random() < 0.4 else rng.sample(FUNCTIONS, rng.randint(1, 8))
    shared_mode = rng.choice(("none", "some", "all"))
    rows: list[dict[str, str]] = []
    for f in functions:
        zero_fte = rng.random() < 0.1
        zero_cost = rng.random() < 0.05
        for process in _processes(rng, f):
            total = (
                0 if zero_cost or rng.random() < 0.08 else turnover * rng.randint(1, 300) // 10_000
            )
            pay = total * rng.randint(0, 100) // 100
            non_pay = total - pay
            shared = ""
            if shared_mode == "all" or (shared_mode == "some" and rng.random() < 0.5):
                shared = money(rng, rng.choice((0, total, total * rng.randint(0, 100) // 100)))
            rows.append(
                {
                    "org_code": code,
                    "year": year,
                    "function": f,
                    "process": process,
                    "pay_cost": money(rng, pay),
                    "non_pay_cost": money(rng, non_pay),
                    "fte": "0" if zero_fte else _number(rng, total / 4_500_000 + 0.5),
                    "shared_cost": shared,
                    "delivery_model": rng.choice(("", "in_house", "shared", "outsourced", "mixed")),
                }
            )
    return rows


def _pence(text: str) -> int:
    return int(Decimal(text) * 100)


def random_bundle(rng: random.Random, *, n_orgs: int | None = None) -> BundleRows:
    """A random valid bundle; ``n_orgs`` fixes the size of the register."""
    orgs = _register(rng, n_orgs)
    start = rng.randint(2008, 2016)
    years = [year_label(start + i) for i in range(rng.choice((1, 2)))]
    types = sorted({o["org_type"] for o in orgs})
    silent = rng.choice(types) if len(types) > 1 and rng.random() < 0.6 else None
    running = rng.random() < 0.85
    returns: dict[tuple[str, str], tuple[dict[str, str], list[dict[str, str]]]] = {}
    for year in years:
        for org in orgs:
            code = org["org_code"]
            responds = org["org_type"] != silent and rng.random() < 0.85
            if not responds and rng.random() < 0.5:
                continue
            fin = _finance_row(rng, code, year, running)
            costs = _cost_rows(rng, code, year, _pence(fin["turnover"])) if responds else []
            returns[(code, year)] = (fin, costs)
        if not any(costs for (_c, y), (_f, costs) in returns.items() if y == year):
            code = next(o["org_code"] for o in orgs if o["org_type"] != silent)
            fin = _finance_row(rng, code, year, running)
            returns[(code, year)] = (fin, _cost_rows(rng, code, year, _pence(fin["turnover"])))
    _plant_ties(rng, orgs, returns)
    finance = [fin for fin, _costs in returns.values()]
    cost_rows = [row for _fin, costs in returns.values() for row in costs]
    bundle: BundleRows = {"organisations": orgs, "finance": finance, "function_costs": cost_rows}
    if rng.random() < 0.6:
        bundle["indicators"] = _indicators(rng, cost_rows)
        if not bundle["indicators"]:
            del bundle["indicators"]
    return bundle


def _plant_ties(
    rng: random.Random,
    orgs: list[dict[str, str]],
    returns: dict[tuple[str, str], tuple[dict[str, str], list[dict[str, str]]]],
) -> None:
    """Copy a responding return onto another organisation of the same type (identical KPIs)."""
    responding = [k for k, (_f, costs) in returns.items() if costs]
    type_of = {o["org_code"]: o["org_type"] for o in orgs}
    for _ in range(rng.choice((0, 1, 2, 3))):
        src_code, year = rng.choice(responding)
        peers = [o["org_code"] for o in orgs if type_of[o["org_code"]] == type_of[src_code]]
        dst = rng.choice(peers)
        if dst == src_code or (dst, year) not in returns or not returns[(dst, year)][1]:
            continue
        fin, costs = copy.deepcopy(returns[(src_code, year)])
        fin["org_code"] = dst
        for row in costs:
            row["org_code"] = dst
        returns[(dst, year)] = (fin, costs)


def _indicators(rng: random.Random, cost_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[tuple[str, str, str, str]] = set()
    rows: list[dict[str, str]] = []
    for row in rng.sample(cost_rows, k=min(len(cost_rows), 12)):
        key = (row["org_code"], row["year"], row["function"], rng.choice(INDICATORS))
        if key in seen:
            continue
        seen.add(key)
        value = rng.choice((str(rng.randint(0, 500_000)), f"{rng.uniform(0, 60):.2f}"))
        rows.append(dict(zip(("org_code", "year", "function", "indicator"), key, strict=True)))
        rows[-1]["value"] = value
    return rows


def earlier_version(rng: random.Random, bundle: BundleRows) -> BundleRows:
    """A valid earlier version of ``bundle``: the same rows (same keys) with some amounts and some
    register names and regions changed, to load before the final bundle."""
    old = copy.deepcopy(bundle)
    for org in old["organisations"]:
        if rng.random() < 0.3:
            org["org_name"] = org["org_name"] + " (old name)"
            org["region"] = rng.choice(REGIONS)
    for fin in old["finance"]:
        if rng.random() < 0.4:
            fin["turnover"] = str(Decimal(fin["turnover"]) + rng.randint(1, 10**6))
    for row in old["function_costs"]:
        if rng.random() < 0.4:
            row["pay_cost"] = str(Decimal(row["pay_cost"]) + Decimal(rng.randint(1, 10**5)) / 100)
    return old


def write_bundle_dir(
    bundle: BundleRows, folder: str | Path, *, rng: random.Random | None = None
) -> Path:
    """Write each file of ``bundle`` as ``<stem>.csv`` in ``folder`` (created if needed).

    With ``rng`` the column order is shuffled and header names change case (both are free in
    the standard).
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for stem, rows in bundle.items():
        columns = list(dict.fromkeys(c for row in rows for c in row))
        header = list(columns)
        if rng is not None:
            order = rng.sample(range(len(columns)), k=len(columns))
            columns = [columns[i] for i in order]
            header = [rng.choice((c, c.upper(), c.title())) for c in columns]
        with (out / f"{stem}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                writer.writerow([row.get(c, "") for c in columns])
    return out


def bundles(*, n_orgs: int | None = None) -> SearchStrategy[BundleRows]:
    """A hypothesis strategy of random valid bundles (built on ``st.randoms``)."""
    return st.builds(lambda r: random_bundle(r, n_orgs=n_orgs), st.randoms(use_true_random=False))
