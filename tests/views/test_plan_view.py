"""views/plan.py: a case's tables hold the evaluation's figures, checked against the hand-worked
examples of docs/planning.md and the tests' independent implementation (tests/plan/reference.py)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from corpbench.views.plan import plan_view
from plan import reference
from plan.cases import small
from plan.report_cases import complete, complete_view, evaluation, never_pays_back, small_view, tied


def test_the_small_case_by_hand() -> None:
    v = small_view()
    years = v.years
    assert years["t"].to_list() == [0, 1, 2, 3]
    assert years["benefit"].to_list() == pytest.approx([0, 190, 329.21875, 443.125])
    assert years["one_off"].to_list() == pytest.approx([200, 0, 0, 0])
    assert years["recurring"].to_list() == pytest.approx([0, 10, 10, 10])
    assert years["fee"].to_list() == pytest.approx([0, 0, 7.59375, 15.1875])
    assert years["net"].to_list() == pytest.approx([-200, 180, 311.625, 417.9375])
    assert years["cumulative"].to_list() == pytest.approx([-200, -20, 291.625, 709.5625])
    # −200, 180/1.25 = 144, 311.625/1.25² = 199.44, 417.9375/1.25³ = 213.984
    assert years["discounted_cumulative"].to_list() == pytest.approx([-200, -56, 143.44, 357.424])
    assert v.npv == pytest.approx(357.424)
    assert (v.payback_year, v.discounted_payback_year) == (2, 2)
    assert v.roi == pytest.approx(709.5625 / 200)
    assert v.run_rate_saving == pytest.approx(443.125)
    summary = dict(zip(v.summary["measure"], v.summary["value"], strict=True))
    assert summary == pytest.approx(
        {
            "npv": 357.424,
            "payback_year": 2,
            "discounted_payback_year": 2,
            "roi": 3.5478125,
            "run_rate_saving": 443.125,
        }
    )
    # a certain case has no tornado, Monte Carlo, appraisal or partners
    for table in (v.tornado, v.histogram, v.percentiles, v.options, v.partners, v.scenarios):
        assert table.is_empty()
    assert v.tornado_base is None
    assert v.top is None


def test_the_waterfall_steps_down_from_the_benefit_to_the_net() -> None:
    w = small_view().waterfall.filter(small_view().waterfall["t"] == 2)
    assert w["step"].to_list() == ["benefit", "one_off", "recurring", "fee", "net"]
    assert w["step_label"].to_list() == [
        "Benefit",
        "One-off costs",
        "Recurring costs",
        "Management fee",
        "Net",
    ]
    assert w["amount"].to_list() == pytest.approx([329.21875, 0, -10, -7.59375, 311.625])
    assert w["start"].to_list() == pytest.approx([0, 329.21875, 329.21875, 319.21875, 0])
    assert w["end"].to_list() == pytest.approx([329.21875, 329.21875, 319.21875, 311.625, 311.625])


def test_sequencings_are_the_case_phased_both_ways() -> None:
    s = small_view().sequencings
    assert s["phasing"].to_list() == ["case", "in_sequence", "share_first"]
    assert s["phasing_label"].to_list() == [
        "As phased in the case",
        "Simplify → standardise → share",
        "Share first",
    ]
    # in sequence: simplify 1 (ramp 1), standardise 2 (ramp 1), share 3 (ramp 2);
    # share first: share 1 (ramp 2), simplify 3, standardise 4
    assert s["simplify_start"].to_list() == [1, 1, 3]
    assert s["standardise_start"].to_list() == [1, 2, 4]
    assert s["share_start"].to_list() == [2, 3, 1]
    for row, phases in zip(
        s.iter_rows(named=True),
        (
            {"simplify": 1, "standardise": 1, "share": 2},
            {"simplify": 1, "standardise": 2, "share": 3},
            {"simplify": 3, "standardise": 4, "share": 1},
        ),
        strict=True,
    ):
        doc = small()
        for name, start in phases.items():
            doc["option"]["phases"][name]["start"] = start
        expected = reference.summary(doc)
        assert row["npv"] == pytest.approx(expected["npv"])
        assert row["payback_year"] == expected["payback_year"]
        assert row["discounted_payback_year"] == expected["discounted_payback_year"]


def test_the_complete_case_against_the_reference() -> None:
    v = complete_view()
    doc = complete()
    expected = reference.summary(doc)
    assert v.npv == pytest.approx(expected["npv"])
    assert v.years["net"].to_list() == pytest.approx([y["net"] for y in expected["years"]])
    bars = reference.tornado(doc)
    assert v.tornado["parameter"].to_list() == [b[0] for b in bars]
    assert v.tornado["npv_low"].to_list() == pytest.approx([b[1] for b in bars])
    assert v.tornado["npv_high"].to_list() == pytest.approx([b[2] for b in bars])
    swings = [
        abs(h - lo) for lo, h in zip(v.tornado["npv_low"], v.tornado["npv_high"], strict=False)
    ]
    assert swings == sorted(swings, reverse=True)
    assert v.tornado["parameter_label"].to_list()[0] == "Delay (years)"
    # the base: every uncertain figure at its mode (here the case's own values)
    at_mode = doc
    for path, spec in doc["uncertain"].items():
        at_mode = reference.set_figure(at_mode, path, spec["mode"])
    assert v.tornado_base == pytest.approx(reference.npv(at_mode))


def test_monte_carlo_tables_are_the_librarys() -> None:
    v = complete_view()
    mc = evaluation(complete()).monte_carlo
    assert mc is not None
    assert v.histogram["count"].to_list() == list(mc.counts)
    assert sum(v.histogram["count"]) == 10_000
    assert v.histogram["bin_start"].to_list() == list(mc.bin_edges[:-1])
    assert v.histogram["bin_end"].to_list() == list(mc.bin_edges[1:])
    assert v.percentiles["label"].to_list() == ["P10", "P50", "P90"]
    assert v.percentiles["value"].to_list() == [mc.p10, mc.p50, mc.p90]
    summary = dict(zip(v.summary["measure"], v.summary["value"], strict=True))
    assert summary["p_npv_positive"] == mc.p_npv_positive
    assert summary["draws"] == 10_000
    assert summary["seed"] == 2016


def test_appraisal_tables() -> None:
    v = complete_view()
    o = {r["option"]: r for r in v.options.iter_rows(named=True)}
    # 0.4 × 6 + 0.3 × 7 + 0.2 × 6 + 0.1 × 8 = 6.5 and so on (docs/planning.md)
    assert {k: r["score"] for k, r in o.items()} == pytest.approx(
        {"status_quo": 5.8, "cooperative": 6.5, "company": 6.1, "outsourced": 5.4}
    )
    assert {k: r["rank"] for k, r in o.items()} == {
        "status_quo": 3,
        "cooperative": 1,
        "company": 2,
        "outsourced": 4,
    }
    assert [k for k, r in o.items() if r["top"]] == ["cooperative"]
    assert o["cooperative"]["option_label"] == "Shared service co-operative"
    assert not any(r["tied"] for r in o.values())
    p = {r["principle"]: r for r in v.principles.iter_rows(named=True)}
    assert p["saving"]["stays_top_from"] == pytest.approx(float(Fraction(17, 53)))
    assert p["saving"]["stays_top_to"] == pytest.approx(4 / 7)
    assert [k for k, r in p.items() if not r["discriminating"]] == ["accountable"]
    assert v.scored.height == 16


def test_tied_options_are_marked() -> None:
    v = plan_view(evaluation(tied()), name="Tied")
    o = {r["option"]: r for r in v.options.iter_rows(named=True)}
    assert o["cooperative"]["rank"] == o["company"]["rank"] == 1
    assert o["cooperative"]["tied"]
    assert o["company"]["tied"]
    assert not o["status_quo"]["tied"]
    # of options tied at rank 1 the top is the first in the case's order
    assert o["cooperative"]["top"]
    assert not o["company"]["top"]


def test_gain_share_tables() -> None:
    v = complete_view()
    p = {r["org_code"]: r for r in v.partners.iter_rows(named=True)}
    assert p["RX1"]["partner"] == "Rowan Hospital"
    assert p["RX2"]["partner"] == "RX2"
    # keys 3.5 / 8, 2.7 / 8, 1.8 / 8 of the baselines
    assert [p[c]["key"] for c in ("RX1", "RX2", "RX3")] == pytest.approx([0.4375, 0.3375, 0.225])
    assert p["RX1"]["npv"] == pytest.approx(0.4375 * v.npv)
    # RX1 leaving: 2 × (309,272.73 + 257,727.27) + 250,000
    assert p["RX1"]["exit_charge"] == pytest.approx(1_384_000)
    s = v.scenarios
    join = s.filter((s["scenario"] == "join") & (s["partner_code"] == "RX1"))
    assert join["charge_change"].to_list() == pytest.approx(
        [-1_200_000 * 180_000 * (1 / 400_000 - 1 / 490_000) * 1.05]
    )
    assert join["scenario_label"].to_list() == ["RX4 joins"]
    leave = s.filter((s["scenario"] == "leave") & (s["org_code"] == "RX1"))
    assert leave["partner"].to_list() == ["RX2", "RX3"]
    assert leave["scenario_label"].to_list() == ["Rowan Hospital leaves"] * 2
    assert leave["charge_change"].to_list() == pytest.approx([309_272.727273, 257_727.272727])


def test_a_case_that_never_pays_back() -> None:
    v = plan_view(evaluation(never_pays_back()), name="Never")
    assert v.payback_year is None
    assert v.discounted_payback_year is None
    assert v.years["cumulative"].to_list()[-1] == pytest.approx(709.5625 - 4800)
    summary = dict(zip(v.summary["measure"], v.summary["value"], strict=True))
    assert summary["payback_year"] is None


def test_inputs_in_words() -> None:
    v = complete_view()
    rows = {r["figure"]: r for r in v.inputs.iter_rows(named=True)}
    assert rows["option.model"]["value"] == "Shared service co-operative"
    assert rows["share_key"]["value"] == "Baseline cost"
    assert rows["optimism_bias.capex"]["number"] == 0.2
    assert rows["optimism_bias.capex"]["label"] == "Optimism bias on one-off costs"
    assert v.functions["function_label"].to_list() == ["Finance", "HR", "Payroll"]
    assert v.functions["pay_share"].to_list() == [0.75, 0.8, 0.75]
    assert v.phases["phase_label"].to_list() == ["Simplify", "Standardise", "Share"]
    assert v.costs["amount"].to_list() == [1_500_000, 1_000_000, 150_000]
