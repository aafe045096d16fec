"""Figures rounded for people: money in £ with thousands separators, percentages, ranks.

Machine outputs never go through here; they keep full precision (reports/machine_csv.py).
"""

from __future__ import annotations

#: The methods an organisation's report shows side by side unless told otherwise.
DEFAULT_REPORT_METHODS: tuple[str, ...] = (
    "iqm",
    "median",
    "q1",
    "external:hackett_median",
    "external:hackett_best_in_class",
    "threshold:7",
    "threshold:6",
)

_TITLES = {
    "function": "function",
    "cost": "cost £",
    "pct_turnover": "% turnover",
    "pct_pay": "% pay",
    "pct_running_costs": "% running costs",
    "cost_per_fte": "cost per FTE £",
    "rank": "rank",
    "n": "peers",
    "peer_iqm": "peer IQM %",
    "peer_median": "peer median %",
    "peer_q1": "peer top quartile %",
}


def format_money(v: float | None) -> str:
    """£ rounded to the pound with thousands separators; blank when undefined."""
    if v is None:
        return ""
    return f"{v:,.0f}"


def format_pct(v: float | None, places: int = 2) -> str:
    if v is None:
        return ""
    return f"{v:.{places}f}%"


def format_number(v: float | None, places: int = 1) -> str:
    if v is None:
        return ""
    if isinstance(v, int):
        return f"{v:,d}"
    return f"{v:,.{places}f}"


def column_title(name: str) -> str:
    """A readable column title for an organisation report column."""
    if name in _TITLES:
        return _TITLES[name]
    if name.startswith("saving_"):
        return "saving £ " + name.removeprefix("saving_").replace("_", " ")
    if name.startswith("target_"):
        return "target % " + name.removeprefix("target_").replace("_", " ")
    return name.replace("_", " ")


def format_cell(name: str, v: object) -> str:
    """Format a report cell by what its column holds."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,d}"
    if isinstance(v, float):
        if name in ("cost", "cost_per_fte") or name.startswith("saving"):
            return format_money(v)
        if name.startswith(("pct_", "peer_", "target")):
            return format_pct(v)
        return format_number(v)
    return str(v)
