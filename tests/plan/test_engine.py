"""The business case engine (planning methods §4) on cases worked by hand."""

from __future__ import annotations

import math

import pytest

from corpbench.plan import evaluate_plan, in_sequence, machine_output, parse_case, share_first
from corpbench.plan.case import Phase
from plan.cases import small


def _out(doc: dict) -> dict:
    return machine_output(evaluate_plan(parse_case(doc)))


def _col(out: dict, k: str) -> list[float]:
    return [y[k] for y in out["years"]]


def test_the_small_case_by_hand() -> None:
    # B = 1000, τ = 0.5 (co-operative: p = τ = 0.5), π = 0.5, s = d = 0.1, h = 0.5, λ = 0.5,
    # m = 0.1. Phases: simplify and standardise start 1 ramp 1; share start 2 ramp 2.
    # t = 0: every ρ = 0: C = 1000, benefit 0; one-off 200: net −200.
    # t = 1: ρs = ρd = 1, ρh = (1 − 2 + 1)/2 = 0: C = 1000·0.9·0.9·[0.5 + 0.5·1·1] = 810;
    #        benefit 190, recurring 10, charge 0: net 180, cumulative −20.
    # t = 2: ρh = 0.5, λ_t = 1 − 0.5·0.5 = 0.75:
    #        C = 810·[0.5 + 0.5·(1 − 0.25)·(0.5·0.75 + 0.5)] = 810·0.828125 = 670.78125;
    #        benefit 329.21875; SC = 0.5·0.5·810·(1 − 0.5)·(0.5·0.5 + 0.5) = 75.9375,
    #        fee 7.59375; net = 329.21875 − 10 − 7.59375 = 311.625; cumulative 291.625.
    # t = 3: ρh = 1, λ_t = 0.5: C = 810·[0.5 + 0.5·0.5·0.75] = 556.875, benefit 443.125;
    #        SC = 151.875, fee 15.1875; net 417.9375; cumulative 709.5625.
    out = _out(small())
    assert _col(out, "t") == [0, 1, 2, 3]
    assert _col(out, "benefit") == pytest.approx([0, 190, 329.21875, 443.125])
    assert _col(out, "one_off") == [200, 0, 0, 0]
    assert _col(out, "recurring") == [0, 10, 10, 10]
    assert _col(out, "fee") == pytest.approx([0, 0, 7.59375, 15.1875])
    assert _col(out, "net") == pytest.approx([-200, 180, 311.625, 417.9375])
    assert _col(out, "cumulative") == pytest.approx([-200, -20, 291.625, 709.5625])
    # NPV at 25%: −200 + 180/1.25 + 311.625/1.5625 + 417.9375/1.953125
    #           = −200 + 144 + 199.44 + 213.984 = 357.424
    assert out["npv"] == pytest.approx(357.424)
    assert out["payback_year"] == 2  # cumulative −200, −20, then 291.625
    assert out["discounted_payback_year"] == 2  # −200, −56, then 143.44
    assert out["roi"] == pytest.approx(709.5625 / 200)
    assert out["run_rate_saving"] == pytest.approx(443.125)


def test_models_beyond_the_cooperative_take_operational_activity_too() -> None:
    # company: p = τ + ω = 0.75; full ramp: C = 810·[0.25 + 0.75·0.5·0.75] = 430.3125
    doc = small()
    doc["option"]["model"] = "company"
    assert _out(doc)["run_rate_saving"] == pytest.approx(1000 - 430.3125)
    doc["option"]["model"] = "in_house_centralised"
    assert _out(doc)["run_rate_saving"] == pytest.approx(443.125)


def test_delay_and_optimism_bias() -> None:
    # delay 1: every ramp one year later; benefits × 0.9, one-off × 1.5, recurring × 1.2
    doc = small()
    doc["optimism_bias"] = {"delay_years": 1, "benefits": 0.1, "capex": 0.5, "opex": 0.2}
    out = _out(doc)
    assert _col(out, "benefit") == pytest.approx([0, 0, 0.9 * 190, 0.9 * 329.21875])
    assert _col(out, "one_off") == [300, 0, 0, 0]
    assert _col(out, "recurring") == pytest.approx([0, 12, 12, 12])
    assert _col(out, "fee") == pytest.approx([0, 0, 0, 7.59375])  # fees are not biased
    # the run-rate saving is at full ramp with no delay, benefits still reduced
    assert out["run_rate_saving"] == pytest.approx(0.9 * 443.125)
    # ROI: Σ net / Σ one-off (the biased one-off)
    net = [-300, -12, 0.9 * 190 - 12, 0.9 * 329.21875 - 12 - 7.59375]
    assert out["roi"] == pytest.approx(sum(net) / 300)


def test_a_fractional_delay_ramps_part_of_a_year() -> None:
    # delay 0.5: ρs(1) = (1 − 1 − 0.5 + 1)/1 = 0.5; C = 1000·0.95·0.95 = 902.5 at t = 1
    doc = small()
    doc["optimism_bias"] = {"delay_years": 0.5}
    assert _out(doc)["years"][1]["benefit"] == pytest.approx(1000 - 902.5)


def test_a_ramp_of_one_year_is_immediate_and_longer_ramps_are_linear() -> None:
    doc = small()
    doc["option"]["phases"]["simplify"] = {"start": 1, "ramp": 4}
    doc["option"]["standardise"] = {}
    doc["option"]["share"] = {}
    doc["option"]["location_factor"] = 1
    # only simplify, 10% over 4 years: ρ = 1/4, 2/4, 3/4 in years 1 … 3
    assert _col(_out(doc), "benefit") == pytest.approx([0, 25, 50, 75])


def test_no_one_off_costs_has_no_roi() -> None:
    doc = small()
    doc["option"]["one_off"] = []
    out = _out(doc)
    assert out["roi"] is None
    # never negative: cumulative 0 at t = 0, then positive: payback 0
    assert out["payback_year"] == 0
    assert out["discounted_payback_year"] == 0


def test_a_case_that_never_pays_back() -> None:
    doc = small()
    doc["option"]["one_off"] = [{"year": 0, "amount": 5000}]
    out = _out(doc)
    assert out["years"][-1]["cumulative"] == pytest.approx(709.5625 - 4800)
    assert out["payback_year"] is None
    assert out["discounted_payback_year"] is None
    assert out["roi"] == pytest.approx((709.5625 - 4800) / 5000)


def test_payback_can_differ_from_discounted_payback() -> None:
    # one-off 1000 at t = 0: cumulative −1000, −820, −508.375, −90.4375: not reached;
    # one-off 850: −850, −670, −358.375, 59.5625: payback 3; discounted −850, −706,
    # −506.56, −292.58: never.
    doc = small()
    doc["option"]["one_off"] = [{"year": 0, "amount": 850}]
    out = _out(doc)
    assert out["payback_year"] == 3
    assert out["discounted_payback_year"] is None


def test_payback_counts_from_the_first_negative_cumulative() -> None:
    # a one-off in year 2 only: cumulative 0, 190 − 10 = 180, 180 + 311.625 − 400 = 91.625:
    # never negative: payback 0; with 600: 180 − 288.375 = −108.375 at t = 2, then
    # −108.375 + 417.9375 = 309.5625: payback 3.
    doc = small()
    doc["option"]["one_off"] = [{"year": 2, "amount": 400}]
    assert _out(doc)["payback_year"] == 0
    doc["option"]["one_off"] = [{"year": 2, "amount": 600}]
    assert _out(doc)["payback_year"] == 3


def test_defaults_of_section_3() -> None:
    case = parse_case(
        {
            "functions": {"hr": {"cost": 100, "transactional": 0.5, "operational": 0}},
            "option": {"model": "outsourced", "share": {"hr": 0.2}},
        }
    )
    assert case.horizon == 10
    assert case.discount_rate == 0.035
    assert case.functions[0].pay_share == 0.75
    assert case.option.location_factor == 1
    assert case.option.management_fee == 0
    assert case.option.phases["share"] == Phase(1, 1)
    out = machine_output(evaluate_plan(case))
    # full from year 1: C = 100·[0.5 + 0.5·0.8] = 90: benefit 10 a year for years 1 … 10
    assert _col(out, "benefit") == pytest.approx([0] + [10] * 10)
    assert out["npv"] == pytest.approx(sum(10 / 1.035**t for t in range(1, 11)))
    assert out["payback_year"] == 0
    assert out["tornado"] == []
    assert out["monte_carlo"] is None
    assert out["appraisal"] is None
    assert out["gain_share"] is None


def test_location_factor_lowers_the_pay_cost_of_what_is_shared() -> None:
    # h = 0, λ = 0.7, π = 0.75, p = 0.5: C = 100·[0.5 + 0.5·(0.75·0.7 + 0.25)] = 88.75
    case = parse_case(
        {
            "horizon": 1,
            "functions": {"hr": {"cost": 100, "transactional": 0.5, "operational": 0}},
            "option": {"model": "outsourced", "location_factor": 0.7, "management_fee": 0.5},
        }
    )
    out = machine_output(evaluate_plan(case))
    assert out["years"][1]["benefit"] == pytest.approx(11.25)
    # SC = 1·0.5·100·1·(0.75·0.7 + 0.25) = 38.75; fee = 0.5·38.75
    assert out["years"][1]["fee"] == pytest.approx(19.375)


def test_sequencing_both_ways() -> None:
    case = parse_case(small())
    seq = in_sequence(case).option.phases
    assert seq["simplify"] == Phase(1, 1)
    assert seq["standardise"] == Phase(2, 1)
    assert seq["share"] == Phase(3, 2)
    first = share_first(case).option.phases
    assert first["share"] == Phase(1, 2)
    assert first["simplify"] == Phase(3, 1)
    assert first["standardise"] == Phase(4, 1)
    # share first: t = 1: ρh = 1/2, nothing simplified: C = 1000·[0.5 + 0.5·0.75·0.875]
    out = machine_output(evaluate_plan(share_first(case)))
    assert out["years"][1]["benefit"] == pytest.approx(1000 - 828.125)
    assert not math.isclose(out["npv"], machine_output(evaluate_plan(case))["npv"])


def test_a_figure_known_exactly_and_the_tornado_order() -> None:
    from corpbench.plan import monte_carlo, tornado

    doc = small()
    doc["uncertain"] = {
        "option.management_fee": {"low": 0.1, "mode": 0.1, "high": 0.1},
        # one-off 100 … 300 moves NPV by 200; fee 0 … 0.2 by the discounted charges × 0.2
        "option.one_off.0.amount": {"low": 100, "mode": 200, "high": 300},
        "option.share.finance": {"low": 0.4, "mode": 0.5, "high": 0.6},
    }
    case = parse_case(doc)
    bars = tornado(case)
    assert [b.parameter for b in bars][-1] == "option.management_fee"
    fee = next(b for b in bars if b.parameter == "option.management_fee")
    assert fee.npv_low == fee.npv_high == pytest.approx(357.424)
    one_off = next(b for b in bars if b.parameter == "option.one_off.0.amount")
    assert (one_off.npv_low, one_off.npv_high) == pytest.approx((457.424, 257.424))
    only_fee = parse_case(
        {**doc, "uncertain": {"option.management_fee": doc["uncertain"]["option.management_fee"]}}
    )
    mc = monte_carlo(only_fee, draws=50)
    assert mc is not None
    assert mc.p10 == mc.p50 == mc.p90 == pytest.approx(357.424)
    assert mc.p_npv_positive == 1
    assert mc.p_payback_within_3 == 1  # payback in year 2


def test_figures_in_words() -> None:
    from corpbench.standard.labels import plan_model_label, plan_parameter_label

    assert plan_parameter_label("functions.hr.cost") == "HR cost"
    assert plan_parameter_label("option.share.imt") == "IM&T share rate"
    assert plan_parameter_label("option.phases.share.start") == "Start of the share phase (years)"
    assert plan_parameter_label("option.one_off.0.amount") == "One-off cost 1"
    assert plan_parameter_label("optimism_bias.capex") == "Optimism bias on one-off costs"
    assert plan_parameter_label("discount_rate") == "Discount rate"
    assert plan_model_label("status_quo") == "Status quo"
    assert plan_model_label("joint_venture") == "Joint venture"
