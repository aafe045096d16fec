"""Words for people: the title of every code of the data standard that a page, a PDF, a
workbook, a chart or the command line's tables show (organisation types, peer groupings and
their groups, functions, processes, indicators, KPIs, delivery models and savings methods).

Machine outputs (CSV exports, ``--json``, the JSON API, form values, URLs) keep the codes; this
module is the one home of their words. A code without a title here is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from corpbench.standard.issue_codes import ISSUE_CODES, describe
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

if TYPE_CHECKING:
    from corpbench.standard.rounds import RoundDefinition

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
        "size_band": "Size band",
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

#: Prefix of a "My peers" grouping (as ``bench.mypeers``).
_MY_PEERS_PREFIX = "mypeers:"

#: Prefix of a group of the ``similar`` grouping (as ``bench.similar``).
_SIMILAR_PREFIX = "similar:"


#: Titles learnt from round definitions (:func:`learn_round`): organisation types, functions
#: and size bands that the standard does not name. A standard code keeps its title.
_LEARNT_ORG_TYPES: dict[str, str] = {}
_LEARNT_FUNCTIONS: dict[str, str] = {}
_LEARNT_SIZE_BANDS: dict[str, str] = {}
_LEARNT_PROCESSES: dict[str, str] = {}


def learn_round(definition: RoundDefinition) -> None:
    """Learn the titles a round definition gives its organisation types, functions and size
    bands, so that pages show ``specialist`` as "Specialist trust" once a round naming it has
    been read (the store calls this as it reads rounds). The standard's codes keep their
    titles; a code two rounds title differently has the title of the round read last."""
    for org_type in definition.org_types:
        if org_type.code not in ORG_TYPE_LABELS:
            _LEARNT_ORG_TYPES[org_type.code] = org_type.label
    for function in definition.functions:
        if function.code not in FUNCTION_LABELS:
            _LEARNT_FUNCTIONS[function.code] = function.label
    for band in definition.size_bands:
        _LEARNT_SIZE_BANDS[band.code] = band.label
    for function in definition.functions:
        for process in function.processes:
            if process not in PROCESS_LABELS:
                _LEARNT_PROCESSES[process] = _words(process)


def org_type_label(org_type: str | None) -> str:
    """ "Acute foundation trust" for ``acute_ft``; blank for none."""
    if org_type is None:
        return ""
    return ORG_TYPE_LABELS.get(org_type) or _LEARNT_ORG_TYPES.get(org_type, org_type)


def size_band_label(band: str | None) -> str:
    """The title a round gives size band ``band`` (its code when no round read names it)."""
    if band is None:
        return ""
    return _LEARNT_SIZE_BANDS.get(band, band)


def grouping_label(grouping: str) -> str:
    """ "Organisation type" for ``org_type``; "Peer list NAME" for ``peers:NAME``; "My peers:
    NAME" for ``mypeers:NAME``."""
    if grouping.startswith(_PEERS_PREFIX):
        return f"Peer list {grouping.removeprefix(_PEERS_PREFIX)}"
    if grouping.startswith(_MY_PEERS_PREFIX):
        return f"My peers: {grouping.removeprefix(_MY_PEERS_PREFIX)}"
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
    if grouping == "size_band":
        return size_band_label(group)
    if grouping == "teaching":
        return {"true": "Teaching", "false": "Not teaching"}.get(group, group)
    if grouping == "region_type" and "|" in group:
        region, _, org_type = group.partition("|")
        return f"{region}, {org_type_label(org_type)}"
    return group


def function_label(function: str) -> str:
    """The title of a function (a round's title for one of its own functions, else its code
    when it is not a standard one)."""
    return FUNCTION_LABELS.get(function) or _LEARNT_FUNCTIONS.get(function, function)


def kpi_label(kpi: str) -> str:
    return KPI_LABELS.get(kpi, kpi)


def process_label(process: str | None) -> str:
    """The title of a recommended process; another process by its name as returned."""
    if process is None:
        return ""
    return PROCESS_LABELS.get(process) or _LEARNT_PROCESSES.get(process, process)


def indicator_label(indicator: str) -> str:
    return INDICATOR_LABELS.get(indicator, indicator)


def delivery_model_label(model: str | None) -> str:
    if model is None:
        return ""
    return DELIVERY_MODEL_LABELS.get(model, model)


def plan_model_label(model: str) -> str:
    """The title of a planning case's delivery model or appraisal option (others as they are)."""
    return PLAN_MODEL_LABELS.get(model, model)


#: The phasings of a planning case shown side by side (``plan.engine.SEQUENCINGS``).
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


#: Words for the phases of a case's option, its cash flows, its phasings and share keys, and
#: the figures of its summary (the case's PDF and workbook, docs/planning.md).
PLAN_PHASE_LABELS: Mapping[str, str] = MappingProxyType(
    {"simplify": "Simplify", "standardise": "Standardise", "share": "Share"}
)
PLAN_FLOW_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "benefit": "Benefit",
        "one_off": "One-off costs",
        "recurring": "Recurring costs",
        "fee": "Management fee",
        "net": "Net",
        "cumulative": "Cumulative net",
        "discounted_cumulative": "Discounted cumulative net",
    }
)
PLAN_PHASING_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "case": "As phased in the case",
        "in_sequence": "Simplify → standardise → share",
        "share_first": "Share first",
    }
)
PLAN_SHARE_KEY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "baseline": "Baseline cost",
        "volume": "Volume",
        "equal": "Equal shares",
        "custom": "Agreed keys",
    }
)
PLAN_MEASURE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "npv": "Net present value",
        "payback_year": "Payback",
        "discounted_payback_year": "Discounted payback",
        "roi": "Return on investment",
        "run_rate_saving": "Run-rate saving a year",
        "mc_mean": "Mean NPV (Monte Carlo)",
        "mc_p10": "P10 NPV",
        "mc_p50": "P50 NPV",
        "mc_p90": "P90 NPV",
        "p_npv_positive": "Chance NPV is positive",
        "p_payback_within_3": "Chance of payback within 3 years",
        "draws": "Monte Carlo draws",
        "seed": "Monte Carlo seed",
    }
)


def plan_phase_label(code: str) -> str:
    return PLAN_PHASE_LABELS.get(code, code)


def plan_flow_label(code: str) -> str:
    return PLAN_FLOW_LABELS.get(code, code)


def plan_phasing_label(code: str) -> str:
    return PLAN_PHASING_LABELS.get(code, code)


def plan_share_key_label(code: str) -> str:
    return PLAN_SHARE_KEY_LABELS.get(code, code)


def plan_measure_label(code: str) -> str:
    return PLAN_MEASURE_LABELS.get(code, code)


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


#: Short titles of the anomaly warnings (their full meaning is the catalogue's,
#: ``standard.issue_codes``), for the columns where each return's warnings are counted.
WARNING_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "cost_per_fte_band": "Cost per FTE outside the band",
        "peer_outlier": "Far from peers",
        "year_on_year": "Doubled or halved in a year",
        "shared_without_model": "Shared cost without delivery model",
    }
)


def warning_label(code: str) -> str:
    """The short title of an anomaly warning's code (the code itself when it has none)."""
    return WARNING_LABELS.get(code, code)


#: Titles of a publication's scopes (``store.publications.SCOPES``).
PUBLICATION_SCOPE_LABELS: Mapping[str, str] = MappingProxyType(
    {"all": "All stored returns", "accepted": "Accepted returns only"}
)

#: The words that mark an organisation's own live figures before they are published.
DRAFT_WORDS = "Draft — not yet published"


def publication_scope_label(scope: str) -> str:
    """ "All stored returns" or "Accepted returns only"."""
    return PUBLICATION_SCOPE_LABELS.get(scope, scope)


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def coverage_sentence(scope: str, returns: int, organisations: int) -> str:
    """What a publication covered, for people: "It covers 12 returns of 6 organisations
    (accepted returns only)."."""
    return (
        f"It covers {_count(returns, 'return', 'returns')} of "
        f"{_count(organisations, 'organisation', 'organisations')} "
        f"({publication_scope_label(scope).lower()})."
    )


def draft_label(published_on: str | None) -> str:
    """The label of an organisation's draft figures: "Draft — not yet published; peers as
    published on 5 December 2026" (before any publication: "…; no peers yet")."""
    if published_on is None:
        return f"{DRAFT_WORDS}; your own figures only, no publication yet to compare with"
    return f"{DRAFT_WORDS}; peers as published on {published_on}"


#: Titles of the outcomes of a closed query on a return (``store.conversation.OUTCOMES``).
QUERY_OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "resolved": "Answered",
        "trusted": "Figure trusted",
        "excluded": "Figure excluded",
    }
)

#: Titles of the choices of the queries list (``/queries?state=``).
QUERY_STATE_LABELS: Mapping[str, str] = MappingProxyType(
    {"open": "Open queries", "closed": "Closed queries", "all": "All queries"}
)

#: Titles of the messages of a query's thread.
MESSAGE_KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {"question": "Question", "reply": "Reply", "close": "Closed"}
)

#: Who wrote in a query's thread or a note, by their role.
ROLE_LABELS: Mapping[str, str] = MappingProxyType(
    {"national": "national team", "footprint": "footprint", "organisation": "organisation"}
)


def outcome_label(outcome: str | None) -> str:
    """The words for a query's outcome ("" while it is open)."""
    if outcome is None:
        return ""
    return QUERY_OUTCOME_LABELS.get(outcome, outcome)


def query_state_label(state: str) -> str:
    return QUERY_STATE_LABELS.get(state, state)


def message_kind_label(kind: str) -> str:
    return MESSAGE_KIND_LABELS.get(kind, kind)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def warning_meaning(code: str | None) -> str:
    """The catalogue's words for an anomaly warning's code ("" for none); its short title is
    :func:`warning_label`."""
    if not code:
        return ""
    return describe(code).meaning


assert set(ORG_TYPE_LABELS) == {*DEFAULT_ORG_TYPES, ALL_ORG_TYPES}
assert set(GROUPING_LABELS) == set(GROUPINGS)
assert set(PLAN_MODEL_LABELS) == {*PLAN_MODELS, "status_quo"}
assert set(FUNCTION_LABELS) == {*DEFAULT_FUNCTIONS, ALL_FUNCTION}
assert tuple(KPI_LABELS) == KPIS
assert tuple(DELIVERY_MODEL_LABELS) == DELIVERY_MODELS
assert set(INDICATOR_LABELS) == set(DEFAULT_INDICATORS)
assert set(WARNING_LABELS) == {c.code for c in ISSUE_CODES if c.severity == "warning"}


#: Titles of the board scorecard's figures (programme methods §4; ``bench.scorecard``).
SCORECARD_FIGURE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "hr_cost_per_employee": "HR cost per employee (£)",
        "recruitment_cost_per_recruit": "Recruitment cost per FTE recruited (£)",
        "agency_pct_pay": "Agency cost (% of pay bill)",
        "sickness_pct_pay": "Sickness cost (% of pay bill)",
        "cost_per_invoice_paid": "Cost per supplier invoice paid (£)",
        "cost_per_invoice_raised": "Cost per customer invoice raised (£)",
        "pct_invoices_paid_30_days": "Invoices paid within 30 days (%)",
        "payroll_cost_per_payslip": "Payroll cost per payslip (£)",
        "payroll_error_rate": "Payslips in error (%)",
        "cost_per_helpdesk_call": "Cost per IT service desk call (£)",
        "imt_cost_per_workstation": "IM&T cost per workstation (£)",
        "procurement_pct_non_pay": "Procurement cost (% of non-pay spend)",
        "cost_per_order": "Cost per purchase order (£)",
        "pct_orders_electronic": "Orders placed electronically (%)",
        "estates_cost_per_m2": "Estates cost per m² of floor area (£)",
    }
)

#: Words for a scorecard figure's kind and better direction.
SCORECARD_KIND_LABELS: Mapping[str, str] = MappingProxyType({"cost": "Cost", "quality": "Quality"})
BETTER_LABELS: Mapping[str, str] = MappingProxyType(
    {"lower": "lower is better", "higher": "higher is better"}
)


def scorecard_figure_label(code: str) -> str:
    """The title of a scorecard figure (others as they are)."""
    return SCORECARD_FIGURE_LABELS.get(code, code)


def scorecard_kind_label(kind: str) -> str:
    """ "Cost" or "Quality" (others as they are)."""
    return SCORECARD_KIND_LABELS.get(kind, kind)


def better_label(better: str) -> str:
    """ "lower is better" or "higher is better" (others as they are)."""
    return BETTER_LABELS.get(better, better)
