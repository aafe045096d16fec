"""Words for people: titles of functions, KPIs and savings methods, and the method list that
every "side by side" table shows."""

from __future__ import annotations

from collections.abc import Mapping

from corpbench.standard import ALL_FUNCTION, KPIS

#: Titles of the standard's functions and of ``all``.
FUNCTION_LABELS: Mapping[str, str] = {
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

#: The row of an organisation's total saving in the savings-by-method tables (data standard §2:
#: the sum of its function savings, or its saving on ``all`` under a threshold method).
TOTAL_ROW = "total"

#: Titles of the KPIs of data standard §2, with their unit.
KPI_LABELS: Mapping[str, str] = {
    "pct_turnover": "Cost as % of turnover",
    "pct_pay": "Cost as % of pay bill",
    "pct_running_costs": "Cost as % of running costs",
    "cost_per_fte": "Cost per function FTE (£)",
    "cost_per_org_fte": "Cost per organisation FTE (£)",
    "shared_pct": "Shared cost as % of cost",
}
assert tuple(KPI_LABELS) == KPIS

#: KPIs whose values are percentages (the others are £).
PERCENT_KPIS: frozenset[str] = frozenset(
    {"pct_turnover", "pct_pay", "pct_running_costs", "shared_pct"}
)


def function_label(function: str) -> str:
    """The title of a function (its code when it is not a standard one)."""
    if function == TOTAL_ROW:
        return "Total saving"
    return FUNCTION_LABELS.get(function, function)


def function_phrase(function: str) -> str:
    """The function's title inside a sentence: "finance", "whole organisation", but "HR" and
    "IM&T" as they are."""
    label = function_label(function)
    if label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def kpi_label(kpi: str) -> str:
    return KPI_LABELS.get(kpi, kpi)


def kpi_phrase(kpi: str) -> str:
    """The KPI's title inside a sentence: "cost as % of turnover", "cost per function FTE (£)"."""
    label = kpi_label(kpi)
    return label[:1].lower() + label[1:]


def method_label(method: str) -> str:
    """A short column title for a savings method."""
    labels = {
        "iqm": "IQM",
        "median": "median",
        "q1": "top quartile",
        "external:hackett_median": "Hackett median",
        "external:hackett_best_in_class": "Hackett best",
    }
    if method in labels:
        return labels[method]
    if method.startswith("threshold:"):
        return f"{method.removeprefix('threshold:')}% ceiling"
    return method.removeprefix("external:")


def side_by_side_methods(external_tables: Mapping[str, object]) -> tuple[str, ...]:
    """The methods shown side by side: iqm, median, q1, every external table (sorted), then
    Carter's thresholds 7% and 6%."""
    external = tuple(f"external:{name}" for name in sorted(external_tables))
    return ("iqm", "median", "q1", *external, "threshold:7", "threshold:6")


__all__ = [
    "FUNCTION_LABELS",
    "KPI_LABELS",
    "PERCENT_KPIS",
    "TOTAL_ROW",
    "function_label",
    "function_phrase",
    "kpi_label",
    "kpi_phrase",
    "method_label",
    "side_by_side_methods",
]
