"""Figures written for people: money in £ with thousands separators, in thousands or millions,
percentages and plain numbers, each blank when undefined.

Pages, the board PDF and the command line's tables round through here; machine outputs never do
(they keep full precision: documents/machine_csv.py). It imports nothing of corpbench, so every
layer may use it.
"""

from __future__ import annotations


def format_money(v: float | None) -> str:
    """£ rounded to the pound with thousands separators; blank when undefined."""
    if v is None:
        return ""
    return f"{v:,.0f}"


def format_pounds(v: float | None) -> str:
    """£ to the pound with a minus sign before the £ for a loss (−£1,200); blank when
    undefined."""
    if v is None:
        return ""
    return f"−£{format_money(-v)}" if v < 0 else f"£{format_money(v)}"


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
