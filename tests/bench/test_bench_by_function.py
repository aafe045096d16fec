"""The national picture by function, against hand-computed figures."""

from __future__ import annotations

import polars as pl
import pytest

from corpbench.bench.engine import Benchmark
from corpbench.standard.bundle import conform

Y = "2009/10"


def _bench() -> Benchmark:
    # Four acute respondents and one acute non-respondent (factor 5/4), one ambulance (1/1).
    orgs = conform(
        "organisations",
        pl.DataFrame(
            {
                "org_code": ["ORG01", "ORG02", "ORG03", "ORG04", "ORG05", "AMB01"],
                "org_name": ["a", "b", "c", "d", "e", "f"],
                "org_type": ["acute"] * 5 + ["ambulance"],
                "region": ["R"] * 6,
            }
        ),
    )
    finance = conform(
        "finance",
        pl.DataFrame(
            {
                "org_code": ["ORG01", "ORG02", "ORG03", "ORG04", "AMB01"],
                "year": [Y] * 5,
                "turnover": [100e6, 200e6, 50e6, 80e6, 20e6],
                "total_pay": [60e6] * 5,
                "total_fte": [1000.0] * 5,
            }
        ),
    )
    costs = conform(
        "function_costs",
        pl.DataFrame(
            {
                "org_code": ["ORG01", "ORG01", "ORG02", "ORG03", "ORG04", "AMB01"],
                "year": [Y] * 6,
                "function": ["finance", "hr", "finance", "finance", "finance", "finance"],
                "pay_cost": [1e6, 500_000.0, 3e6, 400_000.0, 1.6e6, 200_000.0],
                "non_pay_cost": [0.0] * 6,
                "fte": [10.0] * 6,
                "shared_cost": [None, None, 1e6, None, None, None],
            }
        ),
    )
    return Benchmark(orgs, finance, costs)


def _rows(frame: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {r["function"]: r for r in frame.iter_rows(named=True)}


def test_by_function_extrapolates_each_type_by_its_response_rate() -> None:
    rows = _rows(_bench().summary_by_function("iqm", year=Y))
    assert set(rows) == {"finance", "hr"}  # no `all` row
    fin, hr = rows["finance"], rows["hr"]
    assert fin["spend"] == pytest.approx(6_200_000)
    # acute 6,000,000 × 5/4 + ambulance 200,000 × 1/1
    assert fin["spend_extrapolated"] == pytest.approx(7_700_000)
    assert fin["shared"] == pytest.approx(1_000_000)
    assert fin["shared_extrapolated"] == pytest.approx(1_250_000)
    assert hr["spend_extrapolated"] == pytest.approx(625_000)
    # acute finance % turnover 1.0, 1.5, 0.8, 2.0 -> IQM 1.25: Beta 500,000 + Delta 600,000
    assert fin["saving"] == pytest.approx(1_100_000)
    assert fin["saving_extrapolated"] == pytest.approx(1_375_000)
    assert hr["saving"] == 0.0
    assert fin["saving_share_pct"] == pytest.approx(100.0)
    assert hr["saving_share_pct"] == pytest.approx(0.0)


def test_threshold_methods_have_no_function_breakdown_of_savings() -> None:
    rows = _rows(_bench().summary_by_function("threshold:1", year=Y))
    assert rows["finance"]["spend"] == pytest.approx(6_200_000)
    assert rows["finance"]["saving"] is None
    assert rows["finance"]["saving_share_pct"] is None


def test_external_method_breaks_savings_down_by_function() -> None:
    q = _rows(_bench().summary_by_function("external:hackett_median", year=Y))
    # Hackett finance 1.157%: ORG02 3m − 2.314m = 686,000; ORG04 1.6m − 0.9256m = 674,400
    assert q["finance"]["saving"] == pytest.approx(686_000 + 674_400)
    assert q["hr"]["saving"] == pytest.approx(0.0)
