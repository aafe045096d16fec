"""A tiny national round for the command-line tests, and a copy of it with planted errors.

Tables are lists of rows of text (header first), as a user would type them, so that one table
set can be written as a folder of CSV files, a ``.zip`` or an ``.xlsx`` workbook with the
writers of ``tests/ingest/bundles.py``.

The round (figures chosen so that every KPI of the tests is a hand computation):

* five acute trusts AC001..AC005 and two mental-health trusts MH001, MH002 respond in 2009/10;
  the community trust CM001 is in the register but never responds;
* every acute trust has turnover £100m and total pay £60m in 2009/10; its finance function
  costs £1.0m, £1.2m, £1.4m, £1.6m and £3.0m with 30 FTE (so ``pct_turnover`` is 1.0, 1.2, 1.4,
  1.6 and 3.0; the acute IQM is 1.4 and AC005's ``iqm`` saving is £3.0m - £1.4m = £1.6m);
* AC001 and AC002 also return 2010/11.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

Table = list[list[str]]
Y1 = "2009/10"
Y2 = "2010/11"

ORG_HEADER = ["org_code", "org_name", "org_type", "region", "footprint", "teaching"]
FIN_HEADER = ["org_code", "year", "turnover", "total_pay", "total_fte", "running_costs"]
COST_HEADER = [
    "org_code",
    "year",
    "function",
    "process",
    "pay_cost",
    "non_pay_cost",
    "fte",
    "shared_cost",
    "delivery_model",
]
IND_HEADER = ["org_code", "year", "function", "indicator", "value"]

#: Organisation names, as the report prints them.
NAMES = {
    "AC001": "Ash Hospital NHS Trust",
    "AC002": "Birch Hospital NHS Trust",
    "AC003": "Cedar Hospital NHS Trust",
    "AC004": "Damson Hospital NHS Trust",
    "AC005": "Elm Hospital NHS Trust",
    "MH001": "Fir Mental Health Trust",
    "MH002": "Gorse Mental Health Trust",
    "CM001": "Hazel Community Trust",
}

#: Finance function cost (pay + non-pay) of each acute trust in 2009/10.
ACUTE_FINANCE_COST = {
    "AC001": 1_000_000,
    "AC002": 1_200_000,
    "AC003": 1_400_000,
    "AC004": 1_600_000,
    "AC005": 3_000_000,
}
ACUTE_TURNOVER = 100_000_000
ACUTE_PAY = 60_000_000
ACUTE_FINANCE_FTE = 30


def round_tables() -> dict[str, Table]:
    """The valid round (a fresh copy each call)."""
    orgs: Table = [ORG_HEADER]
    for code, name in NAMES.items():
        kind = {"AC": "acute", "MH": "mental_health", "CM": "community"}[code[:2]]
        region = "London" if code in ("AC001", "AC002", "MH001") else "North"
        footprint = "NCL" if region == "London" else ""
        teaching = "true" if code == "AC001" else "false"
        orgs.append([code, name, kind, region, footprint, teaching])
    finance: Table = [FIN_HEADER]
    costs: Table = [COST_HEADER]
    for code, cost in ACUTE_FINANCE_COST.items():
        finance.append([code, Y1, "100000000", "60000000", "2000", "90000000"])
        # split over two processes (3/4 and 1/4 of the cost), each 80% pay and 20% non-pay
        for process, part, fte in (
            ("accounts_payable", cost * 3 // 4, "20"),
            ("general_ledger", cost // 4, "10"),
        ):
            pay = part * 4 // 5
            costs.append([code, Y1, "finance", process, str(pay), str(part - pay), fte, "", ""])
        costs.append([code, Y1, "hr", "", "800000", "200000", "25", "", ""])
    for code, turnover, finance_cost in (
        ("MH001", "50000000", "400000"),
        ("MH002", "80000000", "900000"),
    ):
        finance.append([code, Y1, turnover, "30000000", "900", ""])
        costs.append([code, Y1, "finance", "", finance_cost, "0", "10", "100000", "shared"])
    for code in ("AC001", "AC002"):
        finance.append([code, Y2, "110000000", "65000000", "2100", ""])
        costs.append([code, Y2, "finance", "", "1100000", "220000", "30", "", ""])
    indicators: Table = [
        IND_HEADER,
        ["AC001", Y1, "finance", "invoices_paid", "12000"],
        ["AC002", Y1, "finance", "invoices_paid", "15000"],
    ]
    return {
        "organisations": orgs,
        "finance": finance,
        "function_costs": costs,
        "indicators": indicators,
    }


def changed_round() -> dict[str, Table]:
    """The round with AC001's 2009/10 hr cost raised: a valid new version of one return."""
    tables = round_tables()
    for row in tables["function_costs"]:
        if row[:3] == ["AC001", Y1, "hr"]:
            row[4] = "900000"
    return tables


@dataclass(frozen=True)
class Planted:
    """A bundle with errors and where each error must be reported: (file stem, row as the user
    sees it, column, code)."""

    tables: dict[str, Table]
    expected: frozenset[tuple[str, int, str, str]]


def planted_errors() -> Planted:
    """The round with one valid change (AC001's turnover) and eight kinds of error planted in
    all four files; storing any part of it would change the exports."""
    t = copy.deepcopy(round_tables())
    expected: set[tuple[str, int, str, str]] = set()

    # organisations: an unknown column (header row 1)
    orgs = t["organisations"]
    orgs[0].append("colour")
    for row in orgs[1:]:
        row.append("blue")
    expected.add(("organisations", 1, "colour", "unknown_column"))

    fin = t["finance"]
    fin[1][2] = "110000000"  # a valid change to AC001 that must not be stored either
    fin[2][2] = "100,000,000"  # AC002: a thousands separator is not a plain number
    expected.add(("finance", 3, "turnover", "not_a_number"))
    fin.append(["ZZ999", Y1, "50000000", "30000000", "900", ""])  # not in the register
    expected.add(("finance", len(fin), "org_code", "unknown_org"))

    costs = t["function_costs"]
    costs.append(["AC003", Y2, "hr", "", "100000", "0", "2", "", ""])  # no finance row
    expected.add(("function_costs", len(costs), "year", "no_finance_row"))
    costs.append(["AC001", Y1, "finance", "Accounts Payable", "1000", "1000", "1", "", ""])
    expected.add(
        ("function_costs", len(costs), "org_code, year, function, process", "duplicate_key")
    )
    costs.append(["AC004", Y1, "catering", "", "100000", "0", "2", "", ""])
    expected.add(("function_costs", len(costs), "function", "unknown_function"))
    costs.append(["AC004", Y1, "legal", "", "100000", "50000", "3", "150000.01", "outsourced"])
    expected.add(("function_costs", len(costs), "shared_cost", "shared_exceeds_cost"))

    ind = t["indicators"]
    ind.append(["AC003", "2009-10", "finance", "invoices_paid", "10000"])
    expected.add(("indicators", len(ind), "year", "bad_year"))
    return Planted(t, frozenset(expected))


FUNCTIONS = (
    "finance",
    "hr",
    "imt",
    "procurement",
    "estates",
    "payroll",
    "governance_risk",
    "legal",
    "communications",
)


def many_warnings(n_orgs: int) -> dict[str, Table]:
    """The round plus ``n_orgs`` acute foundation trusts ZW0001.. (alike, so no peer outliers)
    whose nine function cost lines each have a shared cost but no delivery model: 9 ×
    ``n_orgs`` ``shared_without_model`` warnings (and no error)."""
    t = round_tables()
    for k in range(1, n_orgs + 1):
        code = f"ZW{k:04d}"
        t["organisations"].append([code, f"Trust {k}", "acute_ft", "North", "", "false"])
        t["finance"].append([code, Y1, "100000000", "60000000", "2000", ""])
        for function in FUNCTIONS:
            t["function_costs"].append([code, Y1, function, "", "800000", "200000", "20", "1", ""])
    return t
