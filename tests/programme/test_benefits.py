"""Benefits tracking (programme methods §3): benefits of a month, realised savings to date and
the three envelopes, checked against values worked by hand."""

from __future__ import annotations

import polars as pl
import pytest

from corpbench.bench.consortium import ConsortiumBaseline
from corpbench.programme.benefits import (
    BenefitLine,
    benefit_of,
    envelopes,
    line_problem,
    line_spc,
    month_index,
    month_of,
    planned_to_date,
    realised_savings,
)


def _line(number: int = 1, **kw: object) -> BenefitLine:
    base: dict[str, object] = {
        "number": number,
        "function": "finance",
        "description": "Payroll cost a month",
        "owner": "Director of Finance",
        "cashable": True,
        "baseline": 100_000.0,
        "target": 80_000.0,
        "improvement": "decrease",
    }
    base.update(kw)
    return BenefitLine(**base)  # type: ignore[arg-type]


def test_months_count_across_years() -> None:
    assert month_index("2017-01") - month_index("2016-12") == 1
    assert month_of(month_index("2017-04")) == "2017-04"
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_index("2017-13")


def test_benefit_is_movement_from_baseline_in_direction_of_improvement() -> None:
    down = _line()
    assert benefit_of(down, 90_000) == 10_000  # cost fell by 10k
    assert benefit_of(down, 105_000) == -5_000  # cost rose: a negative benefit
    up = _line(baseline=0.0, improvement="increase")
    assert benefit_of(up, 7_500) == 7_500
    assert benefit_of(_line(improvement="neutral", cashable=False), 1.0) == 0.0


def test_realised_savings_sum_cashable_lines_to_the_month() -> None:
    a = _line(actuals={"2017-04": 95_000, "2017-05": 90_000, "2017-06": 85_000})
    b = _line(2, baseline=0.0, improvement="increase", actuals={"2017-05": 2_000, "2017-07": 9})
    not_cash = _line(3, cashable=False, actuals={"2017-05": 1.0})
    # to 2017-05: a 5k + 10k, b 2k; the non-cashable line counts nothing
    assert realised_savings([a, b, not_cash], "2017-05") == 17_000
    # to 2017-07: a 5+10+15 = 30k, b 2,009
    assert realised_savings([a, b], "2017-07") == 32_009
    # the latest 2 months to 2017-06: a 10k + 15k, b 2k
    assert realised_savings([a, b], "2017-06", months=2) == 27_000


def test_planned_to_date_spreads_each_year_evenly() -> None:
    yearly = [0.0, 120_000.0, 240_000.0]
    assert planned_to_date(yearly, "2017-04", "2018-03") == 0.0  # year 0 has no benefit
    # 15 months: year 0 whole (0) + 3/12 of year 1 = 30,000
    assert planned_to_date(yearly, "2017-04", "2018-06") == pytest.approx(30_000)
    # 30 months: 0 + 120k + 6/12 × 240k = 240k
    assert planned_to_date(yearly, "2017-04", "2019-09") == pytest.approx(240_000)
    # after the horizon (36 months and more): everything, nothing more
    assert planned_to_date(yearly, "2017-04", "2025-01") == pytest.approx(360_000)
    assert planned_to_date(yearly, "2017-04", "2017-03") == 0.0  # before the start


def test_line_problems() -> None:
    assert line_problem(_line()) is None
    assert "baseline" in (line_problem(_line(baseline=None)) or "")
    assert "neutral" in (line_problem(_line(improvement="neutral")) or "")
    assert "YYYY-MM" in (line_problem(_line(actuals={"2017-4": 1.0})) or "")
    assert line_problem(_line(cashable=False, baseline=None, improvement="neutral")) is None


def _baseline() -> ConsortiumBaseline:
    functions = pl.DataFrame({"function": ["finance", "all"], "cost": [3.0e6, 10.0e6]})
    partners = pl.DataFrame(
        {
            "org_code": ["AA1", "BB2"],
            "cost": [6.0e6, 4.0e6],
            "turnover": [80.0e6, 70.0e6],
            "pct_turnover": [7.5, 4.0e6 / 70.0e6 * 100],
        }
    )
    return ConsortiumBaseline(
        year="2016/17",
        named=("AA1", "BB2"),
        partner_codes=("AA1", "BB2"),
        functions=functions,
        volumes=pl.DataFrame(),
        partners=partners,
        partner_functions=pl.DataFrame(),
        employees=None,
        employees_from_fte=(),
        employees_missing=(),
        scale=None,
    )


def test_envelopes_worked_by_hand() -> None:
    # 14 months from 2017-04 to 2018-05, saving 1k a month more than the month before
    months = [month_of(month_index("2017-04") + i) for i in range(14)]
    actual = {m: 100_000.0 - 10_000.0 * (i + 1) / 10 for i, m in enumerate(months)}
    line = _line(actuals=actual)
    ev = envelopes([line], yearly_benefit=[12_000.0, 24_000.0], baseline=_baseline())
    assert ev.through == "2018-05"
    assert ev.start == "2017-04"
    # savings 1k, 2k, …, 14k: Σ = 105k; the latest 12 months 3k…14k = 102k
    assert ev.realised == pytest.approx(105_000)
    assert ev.realised_12 == pytest.approx(102_000)
    # (a) 14 months: 12k (year 0) + 2/12 × 24k = 16k; realised 105k is 656.25% of it
    assert ev.case_to_date == pytest.approx(16_000)
    assert ev.case_pct == pytest.approx(656.25)
    # (b) 20% of 10m = 2m a year; 102k is 5.1% of it
    assert ev.baseline_cost == 10.0e6
    assert ev.som_envelope == pytest.approx(2.0e6)
    assert ev.som_pct == pytest.approx(5.1)
    # (c) AA1 7.5%: over both; BB2 5.714%: within both; together 10m / 150m = 6.667%
    assert ev.ceilings == (7.0, 6.0)
    aa1, bb2 = ev.partners
    assert (aa1.org_code, aa1.within) == ("AA1", (False, False))
    assert bb2.within == (True, True)
    assert ev.together is not None
    assert ev.together_after is not None
    assert ev.together.pct == pytest.approx(100 * 10 / 150)
    assert ev.together.within == (True, False)
    assert ev.together_after.pct == pytest.approx(100 * (10e6 - 102_000) / 150e6)


def test_envelopes_without_case_baseline_or_actuals() -> None:
    ev = envelopes([_line()])
    assert ev.through is None
    assert ev.realised == 0.0
    assert ev.case_to_date is None
    assert ev.case_pct is None
    assert ev.som_envelope is None
    assert ev.som_pct is None
    assert ev.partners == ()
    assert ev.together is None
    # a case whose planned benefit to date is 0: no percentage, not a division by zero
    ev = envelopes([_line(actuals={"2017-04": 90_000.0})], yearly_benefit=[0.0, 5.0])
    assert ev.case_to_date == 0.0
    assert ev.case_pct is None


def test_a_line_is_charted_over_its_actuals_in_month_order() -> None:
    # months given out of order; a one-off fall in the last month is special cause improvement
    # for a cost that improves downwards: mean 1260/13 = 96.9, moving ranges 2 (the 40 is
    # screened out, over 3.267 × 62/12), lower limit 96.9 − 2.66 × 2 = 91.6 > 60
    flat = {month_of(month_index("2017-04") + i): 100.0 + (1 if i % 2 else -1) for i in range(12)}
    flat["2018-04"] = 60.0
    line = _line(actuals=dict(reversed(list(flat.items()))), target=80.0)
    result = line_spc(line)
    assert result is not None
    assert [p.value for p in result.points][:3] == [99.0, 101.0, 99.0]
    assert result.points[-1].value == 60.0
    assert result.variation == "special_cause_improvement"
    assert line_spc(_line()) is None
