"""The definitions of the board scorecard's fifteen figures (programme methods §4): each one's
machine code, function, kind (cost or quality), better direction and its ratio's parts. The
figures themselves are computed by :mod:`corpbench.bench.scorecard`, whose docstring explains
them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: What separates the words of a process name (as ``standard.vocab.normalise_process`` reads it).
PROCESS_SEPARATORS = r"[\s_]+"

Kind = Literal["cost", "quality"]
Better = Literal["lower", "higher"]


@dataclass(frozen=True)
class Part:
    """One side of a figure's ratio. ``source``: ``cost`` (a function's cost, or a process's
    with ``process``), ``indicator`` (the value of indicator ``name`` under ``function``),
    ``finance`` (finance column ``name``)."""

    source: Literal["cost", "indicator", "finance"]
    name: str = ""
    function: str = ""
    process: str | None = None
    #: a finance column used when the indicator is not recorded (``employees`` for HR)
    fallback: str | None = None

    @property
    def column(self) -> str:
        """The column of the wide parts table holding this part."""
        if self.source == "cost":
            return f"cost:{self.function}:{self.process or ''}"
        if self.source == "indicator":
            return f"indicator:{self.function}:{self.name}:{self.fallback or ''}"
        return f"finance:{self.name}"

    @property
    def words(self) -> str:
        """The part in a formula: ``cost(function[, process])``, the indicator's name (with
        ``(else finance.fallback)``) or the finance column's name."""
        if self.source == "cost":
            return f"cost({self.function}{f', {self.process}' if self.process else ''})"
        if self.source == "indicator" and self.fallback:
            return f"{self.name} (else finance.{self.fallback})"
        return self.name


@dataclass(frozen=True)
class Figure:
    """A scorecard figure: ``scale × numerator / denominator``."""

    code: str
    function: str
    kind: Kind
    better: Better
    numerator: Part
    denominator: Part
    scale: float = 1.0

    @property
    def formula(self) -> str:
        """The formula as programme methods §4 writes it, from the parts (so it cannot drift)."""
        scale = "" if self.scale == 1 else f"{self.scale:g} × "
        return f"{scale}{self.numerator.words} / {self.denominator.words}"


def _cost(function: str, process: str | None = None) -> Part:
    return Part("cost", function=function, process=process)


def _ind(function: str, name: str, fallback: str | None = None) -> Part:
    return Part("indicator", name=name, function=function, fallback=fallback)


def _fin(name: str) -> Part:
    return Part("finance", name=name)


#: The fifteen figures in the order people read them (function by function, cost then quality):
#: code, function, kind, better, then numerator and denominator (and the scale, 100 for a
#: percentage).
FIGURES: tuple[Figure, ...] = (
    Figure("hr_cost_per_employee", "hr", "cost", "lower",
           _cost("hr"), _ind("hr", "employees_served", fallback="employees")),
    Figure("recruitment_cost_per_recruit", "hr", "cost", "lower",
           _cost("hr", "recruitment"), _ind("hr", "recruits")),
    Figure("agency_pct_pay", "hr", "quality", "lower",
           _ind("hr", "agency_cost"), _fin("total_pay"), 100.0),
    Figure("sickness_pct_pay", "hr", "quality", "lower",
           _ind("hr", "sickness_cost"), _fin("total_pay"), 100.0),
    Figure("cost_per_invoice_paid", "finance", "cost", "lower",
           _cost("finance", "accounts_payable"), _ind("finance", "invoices_paid")),
    Figure("cost_per_invoice_raised", "finance", "cost", "lower",
           _cost("finance", "accounts_receivable"), _ind("finance", "invoices_raised")),
    Figure("pct_invoices_paid_30_days", "finance", "quality", "higher",
           _ind("finance", "invoices_paid_30_days"), _ind("finance", "invoices_paid"), 100.0),
    Figure("payroll_cost_per_payslip", "payroll", "cost", "lower",
           _cost("payroll"), _ind("payroll", "payslips")),
    Figure("payroll_error_rate", "payroll", "quality", "lower",
           _ind("payroll", "payslips_in_error"), _ind("payroll", "payslips"), 100.0),
    Figure("cost_per_helpdesk_call", "imt", "cost", "lower",
           _cost("imt", "service_desk"), _ind("imt", "helpdesk_calls")),
    Figure("imt_cost_per_workstation", "imt", "cost", "lower",
           _cost("imt"), _ind("imt", "workstations")),
    Figure("procurement_pct_non_pay", "procurement", "cost", "lower",
           _cost("procurement"), _fin("non_pay"), 100.0),
    Figure("cost_per_order", "procurement", "cost", "lower",
           _cost("procurement"), _ind("procurement", "orders_placed")),
    Figure("pct_orders_electronic", "procurement", "quality", "higher",
           _ind("procurement", "orders_electronic"), _ind("procurement", "orders_placed"), 100.0),
    Figure("estates_cost_per_m2", "estates", "cost", "lower",
           _cost("estates"), _ind("estates", "floor_area_m2")),
)  # fmt: skip

#: The figures by code.
FIGURES_BY_CODE: dict[str, Figure] = {f.code: f for f in FIGURES}

#: Machine codes of the figures, in reading order.
FIGURE_CODES: tuple[str, ...] = tuple(FIGURES_BY_CODE)

#: The three proportion figures (funnel plots, programme methods §5): count over count.
PROPORTION_FIGURES: tuple[str, ...] = (
    "pct_invoices_paid_30_days",
    "payroll_error_rate",
    "pct_orders_electronic",
)

#: The function each indicator a figure reads belongs to (its row in indicators.csv).
INDICATOR_FUNCTION: dict[str, str] = {
    part.name: part.function
    for fig in FIGURES
    for part in (fig.numerator, fig.denominator)
    if part.source == "indicator"
}
