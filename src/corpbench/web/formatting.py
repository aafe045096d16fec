"""Figures rounded for people on pages (:mod:`corpbench.formatting`), with a dash for an
undefined one: the template filters and the charts' data tables use these same functions."""

from __future__ import annotations

from corpbench.formatting import (
    format_millions,
    format_number,
    format_plain_pct,
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
