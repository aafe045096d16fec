"""Vocabularies of the data standard v1: organisation types, functions, processes, indicators,
KPIs, delivery models, peer groupings and the external comparator tables shipped by default."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

STANDARD_VERSION = "1"

#: The pseudo-function that sums every function of an organisation.
ALL_FUNCTION = "all"

DEFAULT_ORG_TYPES: tuple[str, ...] = (
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

DEFAULT_FUNCTIONS: tuple[str, ...] = (
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

DELIVERY_MODELS: tuple[str, ...] = ("in_house", "shared", "outsourced", "mixed")

#: The shared-service delivery models of a planning case (planning methods §3; QIPP's five
#: models, more sharing = less control). Off- and onshoring are the case's location factor.
PLAN_MODELS: tuple[str, ...] = (
    "in_house_centralised",
    "cooperative",
    "company",
    "joint_venture",
    "outsourced",
)

ActivityClass = Literal["T", "O", "S"]

#: Recommended process codes per function with their QIPP Table 14 class
#: (T transactional, O operational, S strategic).
_PROCESS_TABLE: dict[str, dict[str, ActivityClass]] = {
    "finance": {
        "accounts_payable": "T",
        "accounts_receivable": "T",
        "general_ledger": "T",
        "financial_accounting": "O",
        "treasury": "O",
        "costing": "O",
        "management_accounting": "S",
        "financial_planning": "S",
    },
    "hr": {
        "employee_records": "T",
        "recruitment": "T",
        "hr_advice": "T",
        "training_administration": "T",
        "employee_relations": "O",
        "learning_development": "O",
        "workforce_planning": "O",
        "medical_staffing": "O",
        "hr_strategy": "S",
        "organisational_development": "S",
    },
    "payroll": {
        "payroll_processing": "T",
        "pensions_administration": "T",
        "expenses": "T",
    },
    "imt": {
        "service_desk": "T",
        "infrastructure_operations": "T",
        "application_support": "T",
        "application_development": "T",
        "architecture": "O",
        "business_relationship": "O",
        "it_strategy": "S",
        "programme_management": "S",
    },
    "procurement": {
        "purchase_order_processing": "T",
        "catalogue_management": "T",
        "requisition_processing": "T",
        "sourcing_execution": "O",
        "supply_data_management": "O",
        "contract_management": "S",
        "procurement_strategy": "S",
    },
    "estates": {
        "maintenance": "T",
        "facilities_helpdesk": "T",
        "property_management": "O",
        "capital_projects": "O",
        "estates_strategy": "S",
    },
    "governance_risk": {
        "incident_reporting": "T",
        "claims_handling": "O",
        "internal_audit": "O",
        "risk_management": "O",
        "board_governance": "S",
    },
    "legal": {
        "legal_transactions": "T",
        "litigation": "O",
        "legal_advice": "S",
    },
    "communications": {
        "media_monitoring": "T",
        "internal_communications": "O",
        "external_affairs": "S",
    },
}
PROCESS_CLASSES: MappingProxyType[str, MappingProxyType[str, ActivityClass]] = MappingProxyType(
    {f: MappingProxyType(p) for f, p in _PROCESS_TABLE.items()}
)


class IndicatorKind(StrEnum):
    VOLUME = "volume"
    PERFORMANCE = "performance"


#: Indicator codes of data standard §1 and programme methods §4 (the board's scorecard).
DEFAULT_INDICATORS: MappingProxyType[str, IndicatorKind] = MappingProxyType(
    {
        "employees_served": IndicatorKind.VOLUME,
        "recruits": IndicatorKind.VOLUME,
        "invoices_paid": IndicatorKind.VOLUME,
        "invoices_raised": IndicatorKind.VOLUME,
        "payslips": IndicatorKind.VOLUME,
        "helpdesk_calls": IndicatorKind.VOLUME,
        "workstations": IndicatorKind.VOLUME,
        "orders_placed": IndicatorKind.VOLUME,
        "orders_electronic": IndicatorKind.VOLUME,
        "floor_area_m2": IndicatorKind.VOLUME,
        "agency_cost": IndicatorKind.VOLUME,
        "sickness_cost": IndicatorKind.VOLUME,
        "invoices_paid_30_days": IndicatorKind.PERFORMANCE,
        "payslips_in_error": IndicatorKind.PERFORMANCE,
        "debtor_days": IndicatorKind.PERFORMANCE,
        "creditor_days": IndicatorKind.PERFORMANCE,
        "helpdesk_response_hours": IndicatorKind.PERFORMANCE,
        "mgmt_accounts_working_days": IndicatorKind.PERFORMANCE,
    }
)

#: KPI codes of data standard §2, in the order people read them.
KPIS: tuple[str, ...] = (
    "pct_turnover",
    "pct_pay",
    "pct_running_costs",
    "cost_per_fte",
    "cost_per_org_fte",
    "shared_pct",
)

#: The grouping of each organisation with its most similar peers of the same type (groups
#: ``similar:CODE``; docs/figures.md "Similar organisations").
SIMILAR = "similar"

#: The grouping by the size band of the round of each year (by the organisation's turnover that
#: year; docs/figures.md "Size bands").
SIZE_BAND = "size_band"

#: Peer groupings offered by ``export stats --group`` (a named custom list is ``peers:NAME``).
GROUPINGS: tuple[str, ...] = (
    "org_type",
    "region",
    "footprint",
    "teaching",
    "region_type",
    SIMILAR,
    SIZE_BAND,
)

#: External comparator tables shipped by default: % of turnover per function (Hackett, as quoted
#: in QIPP 2010 Table 7).
EXTERNAL_TABLES: MappingProxyType[str, MappingProxyType[str, float]] = MappingProxyType(
    {
        "hackett_median": MappingProxyType(
            {"finance": 1.157, "hr": 0.777, "procurement": 0.379, "imt": 2.252}
        ),
        "hackett_best_in_class": MappingProxyType(
            {"finance": 0.609, "hr": 0.477, "procurement": 0.318, "imt": 1.496}
        ),
    }
)

_PROCESS_SEP = re.compile(r"[\s_]+")


def normalise_process(process: str | None) -> str | None:
    """The comparison key of a process name: case and the space/underscore difference ignored.

    ``None`` or a blank name means "the whole function" and stays ``None``.
    """
    if process is None:
        return None
    key = _PROCESS_SEP.sub("_", process.strip().lower()).strip("_")
    return key or None


@dataclass(frozen=True)
class Vocabulary:
    """The configured vocabularies a bundle is checked against (defaults: the standard's lists)."""

    org_types: tuple[str, ...] = DEFAULT_ORG_TYPES
    functions: tuple[str, ...] = DEFAULT_FUNCTIONS
    indicators: MappingProxyType[str, IndicatorKind] = field(
        default_factory=lambda: DEFAULT_INDICATORS
    )
    delivery_models: tuple[str, ...] = DELIVERY_MODELS

    def process_class(self, function: str, process: str | None) -> ActivityClass | None:
        """The Table 14 class of a recognised process code, else ``None``."""
        key = normalise_process(process)
        if key is None:
            return None
        return PROCESS_CLASSES.get(function, MappingProxyType({})).get(key)
