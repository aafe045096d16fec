"""The funnel of a stored proportion figure (bench/figure_funnel.py) on the hand-made
scorecard round of ``bench/scorecard_tables.py``."""

from __future__ import annotations

import pytest

from bench.scorecard_tables import BUNDLE
from corpbench.bench.figure_funnel import FUNNEL_FIGURES, figure_funnel, figure_parts_of_year
from corpbench.bench.funnel import FunnelInputError

Y1 = "2009/10"


def test_the_three_proportion_figures_are_offered() -> None:
    assert FUNNEL_FIGURES == (
        "pct_invoices_paid_30_days",
        "payroll_error_rate",
        "pct_orders_electronic",
    )


def test_orders_electronic_of_ac1_and_ac3() -> None:
    """AC1 2,400 of 3,000 and AC3 900 of 1,000 orders electronic (AC2 placed none): target
    3,300 / 4,000, each unit's ratio its own share."""
    parts = figure_parts_of_year(BUNDLE, "pct_orders_electronic", Y1)
    assert parts.rows() == [("AC1", 2400.0, 3000.0), ("AC3", 900.0, 1000.0)]
    result = figure_funnel(BUNDLE, "pct_orders_electronic", Y1)
    assert result.target == 3300 / 4000
    assert [(u.label, u.rr) for u in result.units] == [("AC1", 0.8), ("AC3", 0.9)]
    assert result.data_type == "PR"


def test_a_figure_with_one_organisation_is_refused() -> None:
    """% invoices paid in 30 days: AC1 only (AC2 paid no invoices, NR1 did not respond)."""
    with pytest.raises(FunnelInputError, match="1 organisation with pct_invoices_paid_30_days"):
        figure_funnel(BUNDLE, "pct_invoices_paid_30_days", Y1)


def test_a_cost_figure_is_not_a_proportion() -> None:
    with pytest.raises(ValueError, match="not a proportion figure"):
        figure_funnel(BUNDLE, "cost_per_order", Y1)
