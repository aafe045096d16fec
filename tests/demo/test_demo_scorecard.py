"""The demo round populates the board scorecard: every one of the fifteen figures is defined
for most responding organisations of every year, and each figure's peer median is in a
plausible range (so the demo pages show a full scorecard, not an empty one)."""

from __future__ import annotations

import polars as pl

from corpbench.bench.groups import peer_groups
from corpbench.bench.scorecard import FIGURE_CODES, scorecard
from corpbench.standard.bundle import Bundle

#: Plausible ranges of the national median of each figure (£ or %), wide on purpose: they catch
#: a unit or formula slip (× 100, a missing process), not the demo's calibration.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "hr_cost_per_employee": (50, 2_000),
    "recruitment_cost_per_recruit": (50, 5_000),
    "agency_pct_pay": (1, 10),
    "sickness_pct_pay": (1, 10),
    "cost_per_invoice_paid": (0.5, 50),
    "cost_per_invoice_raised": (1, 200),
    "pct_invoices_paid_30_days": (50, 100),
    "payroll_cost_per_payslip": (0.5, 30),
    "payroll_error_rate": (0.05, 5),
    "cost_per_helpdesk_call": (1, 200),
    "imt_cost_per_workstation": (100, 10_000),
    "procurement_pct_non_pay": (0.1, 5),
    "cost_per_order": (1, 200),
    "pct_orders_electronic": (10, 100),
    "estates_cost_per_m2": (1, 100),
}


def test_every_figure_is_populated_for_most_demo_respondents(demo_bundle: Bundle) -> None:
    card = scorecard(demo_bundle, peer_groups(demo_bundle.organisations))
    respondents = demo_bundle.function_costs.select("org_code", "year").unique()
    for year in respondents["year"].unique().to_list():
        n = respondents.filter(pl.col("year") == year).height
        counts = dict(card.filter(pl.col("year") == year).group_by("figure").len().iter_rows())
        for figure in FIGURE_CODES:
            # performance measures are recorded by about 70% of organisations, volumes by 90%
            assert counts.get(figure, 0) >= 0.5 * n, (year, figure, counts.get(figure), n)
    medians = card.group_by("figure").agg(pl.col("value").median())
    for figure, median in medians.iter_rows():
        low, high = PLAUSIBLE[figure]
        assert low <= median <= high, (figure, median)
