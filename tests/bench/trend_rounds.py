"""A hand-written second round for the trend tests: "nhsi-test", year 2016/17, whose functions
are partly QIPP's: finance as QIPP defines it, IM&T with other processes (redefined), and a
function QIPP never had, ``corporate_legal``; the rest of QIPP's functions are dropped. Its
organisation types are partly shared too (``acute`` and a new ``specialist``)."""

from __future__ import annotations

from corpbench.standard.rounds import RoundDefinition, parse_round

Y3 = "2016/17"

NHSI_TEST = """
format = 1
name = "nhsi-test"
title = "A second round for the tests"
years = ["2016/17"]
kpis = ["pct_turnover", "cost_per_org_fte"]
indicators = ["invoices_paid"]

[[org_types]]
code = "acute"
label = "Acute trust"

[[org_types]]
code = "specialist"
label = "Specialist trust"

[[functions]]
code = "finance"
label = "Finance"
[functions.processes]
accounts_payable = "T"
accounts_receivable = "T"
general_ledger = "T"
financial_accounting = "O"
treasury = "O"
costing = "O"
management_accounting = "S"
financial_planning = "S"

[[functions]]
code = "imt"
label = "IM&T"
[functions.processes]
service_desk = "T"
infrastructure = "O"
digital_strategy = "S"

[[functions]]
code = "corporate_legal"
label = "Corporate legal"
[functions.processes]
contracts = "T"
legal_counsel = "S"
"""


def nhsi_test() -> RoundDefinition:
    return parse_round(NHSI_TEST, "nhsi-test.toml")
