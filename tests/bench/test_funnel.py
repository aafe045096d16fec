"""Funnel plots (bench/funnel.py) against FunnelPlotR.

Three kinds of check: FunnelPlotR's own test cases (tests/testthat of
nhs-r-community/FunnelPlotR 9020d49, each test citing its file), cases worked by hand, and an
independent plain-Python implementation of its R code (tests/bench/funnel_reference.py) on
random proportions and ratios, adjusted and not.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from bench.funnel_reference import poisson_lower, reference_funnel
from corpbench.bench import funnel_limits as fl
from corpbench.bench.funnel import (
    MACHINE_KEYS,
    UNIT_KEYS,
    FunnelInputError,
    Limits,
    funnel,
    machine_output,
    outlier_flags,
)

REL = 1e-9

# The data of test-funnel_plot.R and test-classes_methods.R
NUM = [100, 150, 180, 80, 120, 225]
DEN = [108, 112, 165, 95, 100, 220]
GROUPS = list("abcdef")


# --- FunnelPlotR's tests/testthat ------------------------------------------------------------


def test_phi_of_the_package_example() -> None:
    """test-classes_methods.R: funnel_plot(dt, num, denom, group) (SR, SHMI) has
    round(phi, 6) == 2.948033."""
    r = funnel(NUM, DEN, GROUPS, data_type="SR")
    assert round(r.phi, 6) == 2.948033
    assert len(r.units) == 6


def test_poisson_limits() -> None:
    """test-poisson_limits.R: calculate_limits(number_seq = c(15, 20, 30), target = 1,
    draw_adjusted = FALSE), rounded as the R test rounds them."""
    lims = fl.calculate_limits(np.array([15.0, 20.0, 30.0]), "SR", "SHMI", 0.0, 1.0, adjusted=False)
    assert [round(v, 7) for v in lims.ll95] == [0.5596924, 0.6108260, 0.6746958]
    assert [round(v, 6) for v in lims.ul95] == [1.649348, 1.544419, 1.427562]
    assert [round(v, 7) for v in lims.ll998] == [0.3862650, 0.4479107, 0.5289724]
    assert [round(v, 6) for v in lims.ul998] == [2.082907, 1.902094, 1.702771]


def test_aggregation_by_group() -> None:
    """test-aggregate_fun.R: groups a, a, a, b, b, c are summed; rr rounded to 6 places."""
    r = funnel(
        [100, 150, 180, 89, 120, 225],
        [102, 135, 165, 95, 100, 220],
        ["a", "a", "a", "b", "b", "c"],
        data_type="SR",
        sr_method="CQC",
    )
    assert [u.label for u in r.units] == ["a", "b", "c"]
    assert [round(u.rr, 6) for u in r.units] == [1.069652, 1.071795, 1.022727]
    assert [u.denominator for u in r.units] == [402, 195, 220]


def test_funnel_plot_orderings() -> None:
    """test-funnel_plot.R: b (draw_adjusted FALSE) has LCL95[5] > a's OD95LCL[5], and
    b's OD95LCL[5] < c's (CQC, trim_by 0.05); [5] is group e. (The R test multiplies by 100,
    which scales both sides alike.)"""
    a = funnel(NUM, DEN, GROUPS, data_type="SR")
    b = funnel(NUM, DEN, GROUPS, data_type="SR", draw_adjusted=False, limits=95)
    c = funnel(NUM, DEN, GROUPS, data_type="SR", sr_method="CQC", trim_by=0.05, limits=95)
    assert b.units[4].label == "e"
    assert b.units[4].unadjusted.ll95 > a.units[4].adjusted.ll95
    assert b.units[4].adjusted.ll95 < c.units[4].adjusted.ll95
    # b: adjusted limits drawn with τ² = 0, so they are SHMI's exp(−1.959964 / √100)
    assert b.units[4].adjusted.ll95 == pytest.approx(math.exp(-1.959964 / 10), rel=1e-15)


def test_limits_lookup_ends() -> None:
    """test-build_limits_lookup.R: PR at target 0.5 with τ² 0 has ul95[1] < 1 and
    ll95[1] > 0; CQC with τ² 0.02 has ll95[1] < 1 < ul95[1]; 1000 rows from 3 (PR)."""
    x = fl.r_seq(3.0, 250.0, 1000)
    assert len(x) == 1000
    assert x[0] == 3.0
    assert x[-1] == 250.0
    y = fl.calculate_limits(x, "PR", "SHMI", 0.0, 0.5, adjusted=False)
    assert y.ul95[0] < 1
    assert y.ll95[0] > 0
    z = fl.calculate_limits(fl.r_seq(1.1, 250.0, 1000), "SR", "CQC", 0.02, 1.0, adjusted=True)
    assert z.ll95[0] < 1 < z.ul95[0]


OUTLIER_RR = [1, 0.95, 1.05, 0.8, 1.2, 0.6, 1.4, 0.4, 1.6, 0]


@pytest.mark.parametrize(
    ("limits", "want95", "want998"),
    [
        (  # unadjusted: UCL95 1.1, LCL95 0.9, UCL99 1.41, LCL99 0.59
            Limits(0.9, 1.1, 0.59, 1.41),
            [0, 0, 0, 1, 1, 1, 1, 1, 1, 1],
            [0, 0, 0, 0, 0, 0, 0, 1, 1, 1],
        ),
        (  # adjusted: OD95UCL 1.21, OD95LCL 0.79, OD99UCL 1.62, OD99LCL 0.38
            Limits(0.79, 1.21, 0.38, 1.62),
            [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        ),
    ],
)
def test_outlier_rule(limits: Limits, want95: list[int], want998: list[int]) -> None:
    """test-outliers_func.R: its rr values against its limits, at 95 and 99(.8)."""
    flags = [outlier_flags(rr, limits, any_drawn=True) for rr in OUTLIER_RR]
    assert [int(f[0]) for f in flags] == want95
    assert [int(f[1]) for f in flags] == want998
    assert not any(any(outlier_flags(rr, limits, any_drawn=False)) for rr in OUTLIER_RR)


# --- worked by hand --------------------------------------------------------------------------


def test_two_proportions_by_hand() -> None:
    """25/100 and 75/100: p̄ = 1/2, z = (π/6 − π/4)·20 = ∓5π/3. Winsorised at 10% of two
    values (index 1.1): ±(0.9·5π/3 − 0.1·5π/3) = ±4π/3, so φ = 16π²/9. w = 4n = 400 each:
    τ² = (2φ − 1) / (800 − 400), and √(s² + τ²) = √(32π²/9) / 20 = √2·π/15."""
    r = funnel([25, 75], [100, 100], ["A", "B"])
    assert r.target == 0.5
    assert [u.z for u in r.units] == pytest.approx([-5 * math.pi / 3, 5 * math.pi / 3])
    assert r.phi == pytest.approx(16 * math.pi**2 / 9, rel=1e-14)
    assert r.tau2 == pytest.approx((32 * math.pi**2 / 9 - 1) / 400, rel=1e-14)
    assert r.draw_adjusted
    spread = math.sqrt(2) * math.pi / 15
    lim = r.units[0].limits
    assert lim.ll95 == pytest.approx(math.sin(math.pi / 4 - 1.959964 * spread) ** 2, rel=1e-13)
    assert lim.ul95 == pytest.approx(math.sin(math.pi / 4 + 1.959964 * spread) ** 2, rel=1e-13)
    # π/4 − 3.090232·spread < 0: the arcsine limit has turned back, but n = 100 is the
    # lookup's last row, which FunnelPlotR's monotonic cut leaves as it is.
    assert math.pi / 4 - 3.090232 * spread < 0
    assert lim.ll998 == pytest.approx(math.sin(math.pi / 4 - 3.090232 * spread) ** 2, rel=1e-13)
    # below n = 100 the turned-back lower limit is cut to 0
    x = np.array(r.curve.x)
    turned = math.pi / 4 - 3.090232 * np.sqrt(1 / (4 * x) + r.tau2) < 0
    assert (r.curve.adjusted.ll998[:-1][turned[:-1]] == 0).all()
    # 0.25 and 0.75 lie inside the limits at 95%: no outliers
    assert not any(u.outlier95 or u.outlier998 for u in r.units)


def test_no_overdispersion_falls_back_to_unadjusted() -> None:
    """Equal proportions: every z is 0, φ = 0 ≤ 1, so the funnel is drawn unadjusted."""
    r = funnel([10, 20, 40], [100, 200, 400], ["A", "B", "C"])
    assert (r.phi, r.tau2) == (0.0, 0.0)
    assert not r.draw_adjusted
    assert r.draw_unadjusted
    u = r.units[2]
    s = 1 / (2 * math.sqrt(400))
    assert u.limits == u.unadjusted
    assert u.limits.ul95 == pytest.approx(math.sin(math.asin(math.sqrt(0.1)) + 1.959964 * s) ** 2)


def test_unadjusted_on_request_reports_phi_and_tau2_as_zero() -> None:
    """draw_adjusted = FALSE: FunnelPlotR sets φ and τ² to 0 before drawing."""
    r = funnel([25, 75], [100, 100], ["A", "B"], draw_adjusted=False, draw_unadjusted=True)
    assert (r.phi, r.tau2, r.draw_adjusted) == (0.0, 0.0, False)
    # 25% of 100 against 50%: z = −5π/3 ≈ −5.24 beyond 99.8% limits, unadjusted
    assert r.units[0].outlier95
    assert r.units[0].outlier998


def test_no_limits_drawn_flags_no_outliers() -> None:
    r = funnel([25, 75], [100, 100], ["A", "B"], draw_adjusted=False)
    assert not any(u.outlier95 or u.outlier998 for u in r.units)


def test_shmi_truncation_drops_the_extreme_ranks() -> None:
    """12 units, trim_by 0.1 (k = 10): rank r is kept when 0 < ⌊10r/13⌋ < 9, so ranks 1 and
    12 are dropped and φ is the mean z² of the other ten."""
    obs = [50, 80, 90, 95, 100, 100, 105, 110, 120, 130, 140, 300]
    exp_ = [100.0] * 12
    r = funnel(obs, exp_, [f"U{i}" for i in range(12)], data_type="SR")
    z = [10 * math.log(o / 100) for o in obs]
    assert r.phi == pytest.approx(sum(v * v for v in z[1:11]) / 10, rel=1e-13)


def test_shmi_rounds_expected_to_two_decimals_but_not_rr() -> None:
    r = funnel([10, 20], [9.996, 20.004], ["A", "B"], data_type="SR")
    assert [u.denominator for u in r.units] == [10.0, 20.0]
    assert r.units[0].rr == 10 / 9.996
    assert r.units[0].z == pytest.approx(math.sqrt(10) * math.log(10 / 10))


# --- against the independent implementation --------------------------------------------------


def _compare(got: dict[str, object], want: dict[str, object]) -> None:
    assert set(got) == set(MACHINE_KEYS)
    for key in ("target", "phi", "tau2"):
        assert got[key] == pytest.approx(want[key], rel=REL, abs=1e-15), key
    assert got["draw_adjusted"] == want["draw_adjusted"]
    assert got["n_units"] == want["n_units"]
    for g, w in zip(got["units"], want["units"], strict=True):  # type: ignore[call-overload]
        assert tuple(g) == UNIT_KEYS
        assert g["label"] == w["label"]
        for key in ("rr", "z", "ll95", "ul95", "ll998", "ul998"):
            assert g[key] == pytest.approx(w[key], rel=REL, abs=1e-12), (g["label"], key)
        for key, lo, hi in (("outlier95", "ll95", "ul95"), ("outlier998", "ll998", "ul998")):
            near = min(abs(w["rr"] - w[lo]), abs(w["rr"] - w[hi])) < 1e-9
            if not near:  # a point on a limit may fall either side of the last bit
                assert g[key] == w[key], (g["label"], key)


def _random_pr(rng: random.Random, n: int, spread: float) -> tuple[list[int], list[int]]:
    den = [rng.randint(5, 3000) for _ in range(n)]
    base = rng.uniform(0.05, 0.95)
    num = []
    for d in den:
        p = min(max(rng.gauss(base, spread), 0.0), 1.0)
        num.append(sum(1 for _ in range(d) if rng.random() < p) if d < 200 else round(p * d))
    return num, den


@pytest.mark.parametrize("seed", range(12))
def test_random_proportions_match_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 60)
    num, den = _random_pr(rng, n, spread=rng.choice([0.0, 0.01, 0.05, 0.15]))
    labels = [f"org{i}" for i in range(n)]
    kw = {
        "draw_adjusted": rng.random() < 0.8,
        "draw_unadjusted": rng.random() < 0.3,
        "trim_by": rng.choice([0.0, 0.05, 0.1, 0.2]),
    }
    got = machine_output(funnel(num, den, labels, **kw))  # type: ignore[arg-type]
    _compare(got, reference_funnel(num, den, labels, **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("method", ["SHMI", "CQC"])
def test_random_ratios_match_the_reference(seed: int, method: str) -> None:
    rng = random.Random(1000 + seed)
    n = rng.randint(3 if method == "CQC" else 5, 50)
    exp_ = [round(rng.uniform(2, 800), rng.choice([0, 2, 4])) for _ in range(n)]
    ratio_sd = rng.choice([0.0, 0.05, 0.3])
    obs = [
        max(1, round(e * math.exp(rng.gauss(0, ratio_sd)) + rng.gauss(0, math.sqrt(e))))
        for e in exp_
    ]
    labels = [f"trust {i}" for i in range(n)]
    kw = {
        "data_type": "SR",
        "sr_method": method,
        "draw_adjusted": rng.random() < 0.8,
        "draw_unadjusted": rng.random() < 0.3,
        "trim_by": rng.choice([0.05, 0.1, 0.2]),
    }
    got = machine_output(funnel(obs, exp_, labels, **kw))  # type: ignore[arg-type]
    _compare(got, reference_funnel(obs, exp_, labels, **kw))  # type: ignore[arg-type]


def test_reference_gamma_quantile_is_sound() -> None:
    """The reference's own Poisson quantile against a case known in closed form: for shape 1
    the gamma is exponential, P(1, x) = 1 − e^−x."""
    assert poisson_lower(1.0, 0.025) == pytest.approx(-math.log(0.975), rel=1e-12)


def test_machine_output_keys_and_nonfinite_z() -> None:
    """SHMI with no events: z = −∞ becomes null; draw_adjusted false needs no φ."""
    r = funnel([0, 12, 9], [10, 10, 10], ["A", "B", "C"], data_type="SR", draw_adjusted=False)
    out = machine_output(r)
    assert tuple(out) == MACHINE_KEYS
    assert out["units"][0]["z"] is None
    assert out["units"][1]["z"] == pytest.approx(math.sqrt(10) * math.log(1.2))


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kw", "field", "unit", "words"),
    [
        (([1, 2], [10], ["A", "B"]), {}, "denominator", None, "1 values and labels 2"),
        (([1, 2], [10, 0], ["A", "B"]), {}, "denominator", "B", "expected a number > 0"),
        (([1, 2], [10, -3], ["A", "B"]), {}, "denominator", "B", "'B' (position 2)"),
        (([11, 2], [10, 5], ["A", "B"]), {}, "numerator", "A", "more than its denominator"),
        (([-1, 2], [10, 5], ["A", "B"]), {}, "numerator", "A", "≥ 0"),
        (([1, 2], [10, 5], ["A", ""]), {}, "labels", None, "position 2"),
        (([1], [10], ["A"]), {}, "labels", None, "at least 2"),
        (([1, 2], [10, 5], ["A", "B"]), {"data_type": "RC"}, "data_type", None, "PR or SR"),
        (([1, 2], [10, 5], ["A", "B"]), {"sr_method": "X"}, "sr_method", None, "SHMI or CQC"),
        (([1, 2], [10, 5], ["A", "B"]), {"trim_by": 0.5}, "trim_by", None, "0.5"),
        (([1, 2], [10, 5], ["A", "B"]), {"limits": 90}, "limits", None, "95 or 99"),
        (([1, 2], [10, math.nan], ["A", "B"]), {}, "denominator", "B", "nan"),
        (([True, 2], [10, 5], ["A", "B"]), {}, "numerator", "A", "is True"),
        (([1, 2], [10, 5], ["A", "B"]), {"draw_adjusted": 1}, "draw_adjusted", None, "true or"),
    ],
)
def test_bad_input_names_field_and_unit(
    args: tuple[list[float], list[float], list[str]],
    kw: dict[str, object],
    field: str,
    unit: str | None,
    words: str,
) -> None:
    with pytest.raises(FunnelInputError) as info:
        funnel(*args, **kw)  # type: ignore[arg-type]
    assert info.value.field == field
    assert info.value.unit == unit
    assert words in str(info.value)


def test_numpy_numbers_are_numbers() -> None:
    r = funnel(np.array([10, 20]), np.array([100.0, 100.0]), ["A", "B"])
    assert r.target == 30 / 200


def test_shmi_trim_that_leaves_too_few_units_is_refused() -> None:
    with pytest.raises(FunnelInputError) as info:
        funnel(NUM, DEN, GROUPS, data_type="SR", trim_by=0.0)
    assert info.value.field == "trim_by"
