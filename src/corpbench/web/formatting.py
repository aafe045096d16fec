"""Figures rounded for people on pages (:mod:`corpbench.formatting`), with a dash for an
undefined one: the template filters and the charts' data tables use these same functions."""

from __future__ import annotations

from typing import Any

from corpbench.formatting import (
    format_millions,
    format_number,
    format_pct,
    format_plain_pct,
    format_pounds,
    format_thousands,
)
from corpbench.views.labels import PERCENT_KPIS

DASH = "–"


def thousands(value: float | None) -> str:
    return DASH if value is None else format_thousands(value)


def millions(value: float | None) -> str:
    return DASH if value is None else format_millions(value)


def pct(value: float | None) -> str:
    return DASH if value is None else format_plain_pct(value)


def number(value: float | None, digits: int = 0) -> str:
    return DASH if value is None else format_number(value, digits)


def kpi_value(kpi: str, value: float | None) -> str:
    """A KPI's value: a percentage to 2 places, or £ to the pound."""
    return pct(value) if kpi in PERCENT_KPIS else number(value)


def money(value: float | None) -> str:
    """£ to the pound, a minus sign before the £ for a loss (a dash when undefined)."""
    if value is None:
        return DASH
    return format_pounds(value)


def plan_figure(value: Any, kind: str) -> str:
    """A figure of a business case by its kind (``corpbench.web.plan_page.Figure``): money,
    a year (none: not within the horizon), a ratio (none: no one-off costs), a percentage, a
    whole number or text."""
    if kind == "year":
        return "not within the horizon" if value is None else f"year {value}"
    if kind == "ratio":
        return "no one-off costs" if value is None else format_number(value, 2)
    if value is None:
        return DASH
    if kind == "money":
        return money(value)
    if kind == "pct":
        return format_pct(value, 1)
    if kind == "number":
        return format_number(value, 0)
    return str(value)
