"""Words for the views: the standard's labels (:mod:`corpbench.standard.labels`, their one
home) with what only the views add: the total row of the savings tables, the phrases of labels
inside sentences, which KPIs are percentages and the method list that every "side by side"
table shows."""

from __future__ import annotations

from collections.abc import Mapping

from corpbench.standard import labels as standard_labels
from corpbench.standard.labels import (
    FUNCTION_LABELS,
    KPI_LABELS,
    delivery_model_label,
    group_label,
    grouping_label,
    indicator_label,
    kpi_label,
    method_label,
    org_type_label,
    process_label,
    publication_scope_label,
    warning_label,
)

#: The row of an organisation's total saving in the savings-by-method tables (data standard §2:
#: the sum of its function savings, or its saving on ``all`` under a threshold method).
TOTAL_ROW = "total"

#: KPIs whose values are percentages (the others are £).
PERCENT_KPIS: frozenset[str] = frozenset(
    {"pct_turnover", "pct_pay", "pct_running_costs", "shared_pct"}
)


#: Titles of the view tables' columns where people read them (workbooks, the report's XLSX);
#: machine outputs keep the column names.
COLUMN_TITLES: dict[str, str] = {
    "function_label": "Function",
    "kpi_label": "KPI",
    "cost": "Cost (£)",
    "fte": "FTE",
    **KPI_LABELS,
    "rank": "Rank (1 = lowest % of turnover)",
    "n": "Peers",
    "peer_iqm": "Peer IQM (% of turnover)",
    "peer_median": "Peer median (% of turnover)",
    "peer_q1": "Peer top quartile (% of turnover)",
    "target": "Target (% of turnover)",
    "saving": "Saving (£)",
    "position": "Position",
    "label": "Organisation",
    "org_code": "Organisation code",
    "org_name": "Organisation name",
    "value": "Value",
    "is_self": "This organisation",
    "this_organisation": "This organisation",
    "year": "Year",
    "peer_n": "Peers",
    "iqm": "IQM",
    "median": "Median",
    "q1": "Top quartile (25th percentile)",
    "q3": "75th percentile",
    "min": "Lowest",
    "max": "Highest",
}


def function_label(function: str) -> str:
    """The title of a function (its code when it is not a standard one)."""
    if function == TOTAL_ROW:
        return "Total saving"
    return standard_labels.function_label(function)


def function_phrase(function: str) -> str:
    """The function's title inside a sentence: "finance", "whole organisation", but "HR" and
    "IM&T" as they are."""
    label = function_label(function)
    if label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def kpi_phrase(kpi: str) -> str:
    """The KPI's title inside a sentence: "cost as % of turnover", "cost per function FTE (£)"."""
    label = kpi_label(kpi)
    return label[:1].lower() + label[1:]


def side_by_side_methods(external_tables: Mapping[str, object]) -> tuple[str, ...]:
    """The methods shown side by side: iqm, median, q1, every external table (sorted), then
    Carter's thresholds 7% and 6%."""
    external = tuple(f"external:{name}" for name in sorted(external_tables))
    return ("iqm", "median", "q1", *external, "threshold:7", "threshold:6")


__all__ = [
    "COLUMN_TITLES",
    "FUNCTION_LABELS",
    "KPI_LABELS",
    "PERCENT_KPIS",
    "TOTAL_ROW",
    "delivery_model_label",
    "function_label",
    "function_phrase",
    "group_label",
    "grouping_label",
    "indicator_label",
    "kpi_label",
    "kpi_phrase",
    "method_label",
    "org_type_label",
    "process_label",
    "publication_scope_label",
    "side_by_side_methods",
    "warning_label",
]
