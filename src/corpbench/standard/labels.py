"""Words for people: the title of every code of the data standard that a page, a PDF, a
workbook, a chart or the command line's tables show (organisation types, peer groupings and
their groups, functions, processes, indicators, KPIs, delivery models and savings methods).

Machine outputs (CSV exports, ``--json``, the JSON API, form values, URLs) keep the codes; this
module is the one home of their words. A code without a title here is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from corpbench.standard.vocab import (
    ALL_FUNCTION,
    DEFAULT_FUNCTIONS,
    DEFAULT_INDICATORS,
    DEFAULT_ORG_TYPES,
    DELIVERY_MODELS,
    GROUPINGS,
    KPIS,
    PLAN_MODELS,
    PROCESS_CLASSES,
)

#: The pseudo-type of the national summary's total row (``bench.summary``).
ALL_ORG_TYPES = "all"

#: Titles of the standard's organisation types and of the summary's ``all`` row.
ORG_TYPE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "acute": "Acute trust",
        "acute_ft": "Acute foundation trust",
        "mental_health": "Mental health trust",
        "mental_health_ft": "Mental health foundation trust",
        "community": "Community provider",
        "ambulance": "Ambulance trust",
        "pct_commissioner": "PCT commissioner",
        "pct_provider": "PCT provider",
        "pct_undifferentiated": "PCT (undifferentiated)",
        ALL_ORG_TYPES: "All types",
    }
)

#: Titles of the standard's peer groupings (a named peer list ``peers:NAME`` is "Peer list NAME").
GROUPING_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "org_type": "Organisation type",
        "region": "Region",
        "footprint": "Footprint",
        "teaching": "Teaching status",
        "region_type": "Region and organisation type",
        "similar": "Similar organisations",
    }
)

#: Titles of the standard's functions and of ``all``.
FUNCTION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "finance": "Finance",
        "hr": "HR",
        "imt": "IM&T",
        "procurement": "Procurement",
        "estates": "Estates",
        "payroll": "Payroll",
        "governance_risk": "Governance and risk",
        "legal": "Legal",
        "communications": "Communications",
        ALL_FUNCTION: "Whole organisation",
    }
)

#: Titles of the KPIs of data standard §2, with their unit.
KPI_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "pct_turnover": "Cost as % of turnover",
        "pct_pay": "Cost as % of pay bill",
        "pct_running_costs": "Cost as % of running costs",
        "cost_per_fte": "Cost per function FTE (£)",
        "cost_per_org_fte": "Cost per organisation FTE (£)",
        "shared_pct": "Shared cost as % of cost",
    }
)

#: Titles of the delivery models.
DELIVERY_MODEL_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "in_house": "In house",
        "shared": "Shared service",
        "outsourced": "Outsourced",
        "mixed": "Mixed",
    }
)

#: Titles of the delivery models of a planning case (planning methods §3) and of the status quo
#: option of an appraisal.
PLAN_MODEL_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "in_house_centralised": "In house, centralised",
        "cooperative": "Shared service co-operative",
        "company": "Shared services company",
        "joint_venture": "Joint venture",
        "outsourced": "Outsourcing",
        "status_quo": "Status quo",
    }
)

#: Words of process and indicator codes that are written otherwise than as lower-case words.
_WORDS: Mapping[str, str] = MappingProxyType(
    {"hr": "HR", "it": "IT", "m2": "(m²)", "mgmt": "management", "30": "within 30"}
)


def _words(code: str) -> str:
    """``accounts_payable`` -> "Accounts payable", ``hr_advice`` -> "HR advice"."""
    words = [_WORDS.get(w, w) for w in code.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


#: Titles of the recommended processes of each function (Table 14).
PROCESS_LABELS: Mapping[str, str] = MappingProxyType(
    {p: _words(p) for processes in PROCESS_CLASSES.values() for p in processes}
)

#: Titles of the standard's indicators.
INDICATOR_LABELS: Mapping[str, str] = MappingProxyType(
    {
        **{code: _words(code) for code in DEFAULT_INDICATORS},
        "helpdesk_response_hours": "Helpdesk response (hours)",
        "debtor_days": "Debtor days",
        "creditor_days": "Creditor days",
        "mgmt_accounts_working_days": "Management accounts (working days)",
        "invoices_paid_30_days": "Invoices paid within 30 days",
    }
)

#: Short titles of the savings methods (a column of a "side by side" table).
_METHOD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "iqm": "IQM",
        "median": "median",
        "q1": "top quartile",
        "external:hackett_median": "Hackett median",
        "external:hackett_best_in_class": "Hackett best",
    }
)

#: Prefix of a named custom peer list grouping (as ``bench.groups``).
_PEERS_PREFIX = "peers:"

#: Prefix of a group of the ``similar`` grouping (as ``bench.similar``).
_SIMILAR_PREFIX = "similar:"


def org_type_label(org_type: str | None) -> str:
    """ "Acute foundation trust" for ``acute_ft``; blank for none."""
    if org_type is None:
        return ""
    return ORG_TYPE_LABELS.get(org_type, org_type)


def grouping_label(grouping: str) -> str:
    """ "Organisation type" for ``org_type``; "Peer list NAME" for ``peers:NAME``."""
    if grouping.startswith(_PEERS_PREFIX):
        return f"Peer list {grouping.removeprefix(_PEERS_PREFIX)}"
    return GROUPING_LABELS.get(grouping, grouping)


def group_label(grouping: str, group: str | None, org_name: str | None = None) -> str:
    """The title of a peer group under ``grouping``: "Acute trust" (``org_type``: ``acute``),
    "Teaching" (``teaching``: ``true``), "London, Acute trust" (``region_type``:
    ``London|acute``), "Organisations similar to NAME" (``similar``: ``similar:CODE``, NAME
    being ``org_name`` when given, else CODE); regions, footprints and peer lists by their
    names. Blank for none."""
    if group is None:
        return ""
    if grouping == "similar" and group.startswith(_SIMILAR_PREFIX):
        return f"Organisations similar to {org_name or group.removeprefix(_SIMILAR_PREFIX)}"
    if grouping == "org_type":
        return org_type_label(group)
    if grouping == "teaching":
        return {"true": "Teaching", "false": "Not teaching"}.get(group, group)
    if grouping == "region_type" and "|" in group:
        region, _, org_type = group.partition("|")
        return f"{region}, {org_type_label(org_type)}"
    return group


def function_label(function: str) -> str:
    """The title of a function (its code when it is not a standard one)."""
    return FUNCTION_LABELS.get(function, function)


def kpi_label(kpi: str) -> str:
    return KPI_LABELS.get(kpi, kpi)


def process_label(process: str | None) -> str:
    """The title of a recommended process; another process by its name as returned."""
    if process is None:
        return ""
    return PROCESS_LABELS.get(process, process)


def indicator_label(indicator: str) -> str:
    return INDICATOR_LABELS.get(indicator, indicator)


def delivery_model_label(model: str | None) -> str:
    if model is None:
        return ""
    return DELIVERY_MODEL_LABELS.get(model, model)


def plan_model_label(model: str) -> str:
    """The title of a planning case's delivery model or appraisal option (others as they are)."""
    return PLAN_MODEL_LABELS.get(model, model)


#: QIPP's scale test of a consortium (planning methods §1).
SCALE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "below_minimum": "below the 20,000-employee minimum",
        "viable": "viable: at least 20,000 employees",
        "target": "at the target of 50,000 employees",
    }
)


def scale_label(code: str) -> str:
    """Words for a scale-test result (others as they are)."""
    return SCALE_LABELS.get(code, code)


#: Words for the figures of a planning case that ``uncertain`` may name (planning methods §3).
_PLAN_FIGURE_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "discount_rate": "Discount rate",
        "cost": "cost",
        "transactional": "transactional share",
        "operational": "operational share",
        "pay_share": "pay share",
        "simplify": "simplify rate",
        "standardise": "standardise rate",
        "share": "share rate",
        "option.location_factor": "Location factor",
        "option.management_fee": "Management fee",
        "optimism_bias.capex": "Optimism bias on one-off costs",
        "optimism_bias.opex": "Optimism bias on recurring costs",
        "optimism_bias.benefits": "Optimism bias on benefits",
        "optimism_bias.delay_years": "Delay (years)",
    }
)


def plan_parameter_label(path: str) -> str:
    """Words for a figure of a planning case by its path (``functions.hr.cost`` -> "HR cost",
    ``option.share.finance`` -> "Finance share rate"); an unknown path as it is."""
    if path in _PLAN_FIGURE_WORDS:
        return _PLAN_FIGURE_WORDS[path]
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "functions" and parts[2] in _PLAN_FIGURE_WORDS:
        return f"{function_label(parts[1])} {_PLAN_FIGURE_WORDS[parts[2]]}"
    if (
        len(parts) == 3
        and parts[0] == "option"
        and parts[1] in {"simplify", "standardise", "share"}
    ):
        return f"{function_label(parts[2])} {_PLAN_FIGURE_WORDS[parts[1]]}"
    if len(parts) == 4 and parts[:2] == ["option", "phases"]:
        return f"{parts[3].capitalize()} of the {parts[2]} phase (years)"
    if len(parts) == 4 and parts[0] == "option" and parts[1] in {"one_off", "recurring"}:
        kind = "One-off cost" if parts[1] == "one_off" else "Recurring cost"
        return f"{kind} {int(parts[2]) + 1}" if parts[2].isdigit() else path
    return path


def method_label(method: str) -> str:
    """A short title for a savings method: "IQM" (interquartile mean), "top quartile", "Hackett
    median", "7% ceiling"."""
    if method in _METHOD_LABELS:
        return _METHOD_LABELS[method]
    if method.startswith("threshold:"):
        return f"{method.removeprefix('threshold:')}% ceiling"
    if method.startswith("external:"):
        return _words(method.removeprefix("external:"))
    return method


assert set(ORG_TYPE_LABELS) == {*DEFAULT_ORG_TYPES, ALL_ORG_TYPES}
assert set(GROUPING_LABELS) == set(GROUPINGS)
assert set(PLAN_MODEL_LABELS) == {*PLAN_MODELS, "status_quo"}
assert set(FUNCTION_LABELS) == {*DEFAULT_FUNCTIONS, ALL_FUNCTION}
assert tuple(KPI_LABELS) == KPIS
assert tuple(DELIVERY_MODEL_LABELS) == DELIVERY_MODELS
assert set(INDICATOR_LABELS) == set(DEFAULT_INDICATORS)
