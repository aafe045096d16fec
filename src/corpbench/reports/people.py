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


def format_millions(v: float | None) -> str:
    """£ in millions to one decimal, as the QIPP report's tables (738,212,345 -> 738.2)."""
    if v is None:
        return ""
    return f"{v / 1e6:,.1f}"


def format_thousands(v: float | None) -> str:
    """£ in thousands, rounded, with separators (1,112,220 -> 1,112); blank when undefined."""
    if v is None:
        return ""
    return f"{v / 1000:,.0f}"


def format_plain_pct(v: float | None, places: int = 2) -> str:
    """A percentage under a header that says %: 3.0178 -> 3.02."""
    if v is None:
        return ""
    return f"{v:.{places}f}"


#: Carter (2016): corporate and administration costs at most 7% of income by April 2018 and 6%
#: by 2020.
CARTER_CEILINGS: tuple[tuple[float, str], ...] = ((7.0, "April 2018"), (6.0, "2020"))


def carter_status(pct_turnover: float) -> str:
    """One sentence on the whole organisation against Carter's 7% and 6% ceilings."""
    met = [f"{p:g}% ({when})" for p, when in CARTER_CEILINGS if pct_turnover <= p]
    missed = [f"{p:g}% ({when})" for p, when in CARTER_CEILINGS if pct_turnover > p]
    text = f"Whole organisation: {pct_turnover:.2f}% of turnover"
    if not missed:
        return f"{text}, within Carter's ceilings of {' and '.join(met)}."
    if not met:
        return f"{text}, above Carter's ceilings of {' and '.join(missed)}."
    return f"{text}, within Carter's {met[0]} ceiling but above {missed[0]}."
