"""programme/spc.py against NHSRplotthedots: its own test cases (ported from
tests/testthat/*.R and _snaps/ptd_spc_standard.md, commit 050b07d), an independent loop
implementation (reference_spc.py) on random series with rebases, fixed limits, targets and
all three directions, and hand-worked cases pinning each rule, screening, rebasing, the
short-group warning, the icons and the machine output."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpbench.programme import spc
from corpbench.programme.spc import SpcInputError, machine_output, xmr
from programme.reference_spc import reference_xmr, same_number

# set.seed(123); rnorm(20) in R: the series of test-ptd_spc_standard.R
RNORM_123 = [
    -0.560475646552213, -0.23017748948328, 1.55870831414912, 0.070508391424576,
    0.129287735160946, 1.71506498688328, 0.460916205989202, -1.26506123460653,
    -0.686852851893526, -0.445661970099958, 1.22408179743946, 0.359813827057364,
    0.400771450594052, 0.11068271594512, -0.555841134754075, 1.78691313680308,
    0.497850478229239, -1.96661715662964, 0.701355901563686, -0.472791407727934,
]  # fmt: skip


def _types(result: spc.SpcResult) -> list[str]:
    return [p.point_type for p in result.points]


def _agrees(values: list[float], **kw: object) -> None:
    ours = machine_output(
        xmr(
            values,
            improvement_direction=str(kw.get("direction", "increase")),
            target=kw.get("target"),  # type: ignore[arg-type]
            rebase_at=kw.get("rebase_at", ()),  # type: ignore[arg-type]
            fix_after_n_points=kw.get("fix_after"),  # type: ignore[arg-type]
            screen_outliers=bool(kw.get("screen", True)),
        )
    )
    ref = reference_xmr(values, **kw)  # type: ignore[arg-type]
    assert len(ours["points"]) == len(ref["points"])
    for p, r in zip(ours["points"], ref["points"], strict=True):
        for k in ("mean", "lpl", "upl", "nlpl", "nupl"):
            assert same_number(p[k], r[k]), (k, p, r)
        assert (p["index"], p["value"], p["rebase_group"]) == (
            r["index"],
            r["value"],
            r["rebase_group"],
        )
        assert (p["point_type"], p["rules"]) == (r["point_type"], r["rules"]), (p, r)
    assert ours["variation"] == ref["variation"]
    assert ours["assurance"] == ref["assurance"]


# --- NHSRplotthedots' own cases ------------------------------------------------------------


def test_snapshot_limits_of_ptd_spc_standard() -> None:
    """_snaps/ptd_spc_standard.md 'it returns expected values': r1, then y[15] = 10 screened
    (r2) and not screened (r3), at the snapshot's printed precision."""
    p = xmr(RNORM_123).points[0]
    assert (p.mean, p.lpl, p.upl) == pytest.approx((0.1416238, -3.01138, 3.294627), abs=5e-7)
    y = list(RNORM_123)
    y[14] = 10.0
    r2 = xmr(y).points[0]
    assert (r2.mean, r2.lpl, r2.upl) == pytest.approx((0.6694159, -2.383666, 3.722497), abs=5e-7)
    r3 = xmr(y, screen_outliers=False).points[0]
    assert (r3.lpl, r3.upl) == pytest.approx((-4.596625, 5.935457), abs=5e-7)
    # and the relative_to_mean column of r1 as the snapshot prints it (first 14)
    signs = [int(np.sign(q.value - q.mean)) for q in xmr(RNORM_123).points[:14]]
    assert signs == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1]


def test_snapshot_summary_of_ptd_spc() -> None:
    """_snaps/ptd_spc.md 'it outputs expected content': all 20 points common cause; the two
    facets of 10 (here separate series, and the same as two rebase groups) with mean, lpl and
    upl 0.0746, −2.60, 2.75 and 0.209, −3.28, 3.70 as printed (3 significant figures)."""
    whole = xmr(RNORM_123, target=0.5)
    assert _types(whole) == ["common_cause"] * 20
    assert whole.warnings == ()  # 20 points: no short-group warning (s1 is not suppressed)
    expected = [(0.0746, -2.60, 2.75), (0.209, -3.28, 3.70)]
    rebased = xmr(RNORM_123, rebase_at=[10])
    for half, (mean, lpl, upl), first in zip(
        (RNORM_123[:10], RNORM_123[10:]), expected, (0, 10), strict=True
    ):
        p = xmr(half).points[0]
        assert float(f"{p.mean:.3g}") == mean
        assert float(f"{p.lpl:.3g}") == lpl
        assert float(f"{p.upl:.3g}") == upl
        q = rebased.points[first]
        assert (q.mean, q.lpl, q.upl) == pytest.approx((p.mean, p.lpl, p.upl), rel=1e-14)
    assert len(rebased.warnings) == 2  # each 10-point group warns (s3 is suppressed)


def test_fix_after_changes_the_limits() -> None:
    """test-ptd_spc_standard.R 'setting fix_after_n_points changes the calculations'."""
    s0, s1 = xmr(RNORM_123).points[0], xmr(RNORM_123, fix_after_n_points=12).points[0]
    assert s1.lpl != s0.lpl
    assert s1.upl != s0.upl
    first12 = RNORM_123[:12]
    assert s1.mean == pytest.approx(sum(first12) / 12, rel=1e-14)


def test_rebase_group_numbers() -> None:
    """test-ptd_spc_standard.R 'it sets the rebase_group field': a rebase at the 11th point."""
    assert [p.rebase_group for p in xmr(RNORM_123).points] == [0] * 20
    got = [p.rebase_group for p in xmr(RNORM_123, rebase_at=[10]).points]
    assert got == [0] * 10 + [1] * 10


def test_two_of_three_needs_the_same_side() -> None:
    """test-ptd_spc_standard.R: symmetric data, the last two points near opposite limits."""
    y = [1.0, -1.0] * 8
    y[14], y[15] = 5.5, -5.5
    assert _types(xmr(y))[-2:] == ["common_cause", "common_cause"]


def test_seven_point_one_side_mean_cases() -> None:
    """test-ptd_calculate_point_type.R 'ptd_seven_point_one_side_mean works as expected'."""
    runs = spc._runs
    assert runs(np.array([])).tolist() == []
    assert runs(np.ones(6)).tolist() == [0] * 6
    assert runs(np.array([1.0] * 6 + [-1.0])).tolist() == [0] * 7
    assert runs(np.array([1.0] * 8 + [-1.0])).tolist() == [0] * 6 + [1, 1, 0]
    assert runs(np.array([-1.0] * 8 + [1.0])).tolist() == [0] * 6 + [1, 1, 0]


def test_part_of_seven_cases() -> None:
    """test-ptd_calculate_point_type.R 'ptd_part_of_seven_trend works as expected'."""
    part = spc._part_of
    assert part(np.array([]), 7).tolist() == []
    assert part(np.zeros(6), 7).tolist() == [0] * 6
    assert part(np.array([0.0] * 6 + [1, 0]), 7).tolist() == [1] * 7 + [0]
    assert part(np.array([0.0] * 7 + [1, 0]), 7).tolist() == [0] + [1] * 7 + [0]
    assert part(np.array([0.0] * 6 + [-1, 0]), 7).tolist() == [1] * 7 + [0]
    assert part(np.array([0.0] * 7 + [-1, 0]), 7).tolist() == [0] + [1] * 7 + [0]


def test_seven_point_trend_cases() -> None:
    """test-ptd_calculate_point_type.R 'ptd_seven_point_trend works as expected'."""

    def t(v: list[float]) -> list[float]:
        return spc._trends(np.array(v, dtype=float)).tolist()

    assert t([]) == []
    assert t([1, 2, 3, 4, 5, 6]) == [0] * 6
    assert t([1, 2, 3, 3, 4, 5, 6]) == [0] * 7
    assert t([1, 2, 3, 4, 5, 6, 7]) == [0] * 6 + [1]
    assert t([2, 1, 2, 3, 4, 5, 6, 7, 3]) == [0] * 7 + [1, 0]
    assert t([7, 6, 5, 4, 3, 2, 1]) == [0] * 6 + [-1]
    assert t([2, 7, 6, 5, 4, 3, 2, 1, 3]) == [0] * 7 + [-1, 0]


@pytest.mark.parametrize(
    ("close", "rtm", "expected"),
    [
        ([0, 0, 0], [0], [0, 0, 0]),
        ([1, 0, 1], [1, 1, 1], [1, 0, 1]),
        ([0, 1, 1], [1, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 1], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 0, 1, 1, 0, 0, 0]),
        ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
        ([1, 0, 1], [1, -1, 1], [0, 0, 0]),
        ([0, 1, 1], [1, -1, 1], [0, 0, 0]),
        ([1, 1, 0], [1, -1, 1], [0, 0, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1], [0] * 7),
        ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
    ],
)
def test_part_of_two_in_three_cases(close: list[int], rtm: list[int], expected: list[int]) -> None:
    """test-ptd_calculate_point_type.R 'ptd_part_of_two_in_three works as expected' and the
    opposite-sides cases (rtm padded with 0 where R recycles a shorter vector's zeros)."""
    r = np.array((rtm * len(close))[: len(close)] if len(rtm) < len(close) else rtm, float)
    if rtm == [0]:
        r = np.zeros(len(close))
    got = spc._two_in_three(np.array(close, dtype=bool), r)
    assert got.tolist() == expected


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("increase", ["consistent_fail", "consistent_pass", "inconsistent"]),
        ("decrease", ["consistent_pass", "consistent_fail", "inconsistent"]),
        ("neutral", [None, None, None]),
    ],
)
def test_assurance_cases(direction: str, expected: list[str | None]) -> None:
    """test-ptd_calculate_assurance_type.R: limits (1, 3), (5, 7), (1, 5) against target 4."""
    limits = [(1.0, 3.0), (5.0, 7.0), (1.0, 5.0)]
    assert [spc._assurance(direction, 4.0, lo, hi) for lo, hi in limits] == expected
    assert spc._assurance(direction, None, 1.0, 3.0) is None


def test_assurance_uses_the_last_rebase_group() -> None:
    """test-ptd_calculate_assurance_type.R 'when rebase': the last row's limits decide."""
    y = [10.0, 12.0] * 7 + [30.0, 31.0] * 7  # group 0 limits around 11, group 1 around 30.5
    r = xmr(y, rebase_at=[14], target=20.0)
    assert r.points[-1].lpl > 20.0  # so the target is below the last group's limits
    assert (r.assurance, r.assurance_icon) == ("consistent_pass", "pass")
    r = xmr(y, rebase_at=[14], target=20.0, improvement_direction="decrease")
    assert (r.assurance, r.assurance_icon) == ("consistent_fail", "fail")


@pytest.mark.parametrize(("n", "warns"), [(1, True), (11, True), (12, True), (13, False)])
def test_short_group_warning(n: int, warns: bool) -> None:
    """ptd_add_short_group_warnings.R: default threshold 13 (n() < 13)."""
    r = xmr([float(i % 3) for i in range(n)])
    assert bool(r.warnings) is warns
    if warns:
        assert f"has {n} point" in r.warnings[0]
        assert "trial limits" in r.warnings[0]


def test_short_group_warning_names_the_short_rebase_group() -> None:
    """test-ptd_add_short_group_warnings.R 'warning on one facet': a group of 5 points."""
    y = [float(i % 4) for i in range(60)]
    r = xmr(y, rebase_at=[35, 40])
    assert len(r.warnings) == 1
    assert r.warnings[0].startswith("rebase group 1 (points 35–39) has 5 points")


# --- hand-worked cases pinning each rule ----------------------------------------------------


def test_limits_by_hand() -> None:
    # y = 1, 3, 2, 4: mean 2.5; ranges 2, 1, 2 → mean 5/3 (all < 3.267 × 5/3 kept)
    p = xmr([1, 3, 2, 4]).points[0]
    assert p.mean == 2.5
    assert p.upl == pytest.approx(2.5 + 2.66 * 5 / 3, rel=1e-15)
    assert p.lpl == pytest.approx(2.5 - 2.66 * 5 / 3, rel=1e-15)
    assert p.nupl == pytest.approx(2.5 + (2 * 2.66 / 3) * 5 / 3, rel=1e-15)
    assert p.nlpl == pytest.approx(2.5 - (2 * 2.66 / 3) * 5 / 3, rel=1e-15)


def test_screening_removes_a_large_range_and_narrows_the_limits() -> None:
    # nine points 0,1,0,...,0 then 20: ranges 1 × 8 and 20 → mean 28/9; 20 ≥ 3.267 × 28/9
    # = 10.16 is screened, the mean range becomes 1 and the limits mean ± 2.66
    y = [float(i % 2) for i in range(9)] + [20.0]
    mean = sum(y) / 10
    screened, raw = xmr(y).points[0], xmr(y, screen_outliers=False).points[0]
    assert screened.upl == pytest.approx(mean + 2.66 * 1.0, rel=1e-14)
    assert raw.upl == pytest.approx(mean + 2.66 * 28 / 9, rel=1e-14)
    assert screened.lpl == pytest.approx(mean - 2.66, rel=1e-14)


def test_screening_a_constant_series_leaves_no_limits() -> None:
    # all ranges 0: 0 < 3.267 × 0 fails, every range is screened out, the limits are undefined
    r = xmr([5.0] * 13, target=3.0)
    assert math.isnan(r.points[0].upl)
    assert r.assurance == "inconsistent"
    assert machine_output(r)["points"][0]["upl"] is None
    unscreened = xmr([5.0] * 13, screen_outliers=False).points[0]
    assert (unscreened.lpl, unscreened.upl) == (5.0, 5.0)


def test_run_of_seven_above_the_mean() -> None:
    # 7 points above a mean held low by 7 points below: with values 1 and 2 the mean is 1.5
    # and the ranges 0 except one 1, so the limits are wide enough for no point outside
    y = [1.0, 1.2, 0.8, 1.0, 1.2, 0.8, 1.1, 2.0, 2.2, 1.8, 2.0, 2.2, 1.8, 2.1]
    r = xmr(y)
    assert all(p.rules in ((), ("run_below_mean",), ("run_above_mean",)) for p in r.points)
    assert [p.rules for p in r.points[7:]] == [("run_above_mean",)] * 7
    assert _types(r)[7:] == ["special_cause_improvement"] * 7
    assert _types(xmr(y, improvement_direction="decrease"))[7:] == ["special_cause_concern"] * 7
    assert _types(xmr(y, improvement_direction="neutral"))[:7] == ["special_cause_neutral_low"] * 7


def test_six_on_one_side_is_no_run_and_a_point_on_the_mean_breaks_one() -> None:
    # mean 0: six above then one exactly on the mean then six above
    y = [1.0, -1.0] * 3 + [1.0] * 6 + [0.0] + [1.0] * 6 + [-12.0]
    r = xmr(y, screen_outliers=False)
    assert r.points[0].mean == pytest.approx(0.0, abs=1e-15)
    assert not any(p.rules for p in r.points[6:19])


def test_trend_of_seven_and_its_direction_rule() -> None:
    # 7 strictly rising points inside wide limits, then a fall
    y = [0.0, 5.0, 0.0, 5.0, 2.0, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 2.0]
    r = xmr(y)
    rising = [p.index for p in r.points if p.rules == ("trend_increasing",)]
    assert rising == [5, 6, 7, 8, 9, 10, 11]
    assert _types(r)[5:12] == ["special_cause_improvement"] * 7
    # six rises only (one tie) is no trend
    y2 = [0.0, 5.0, 0.0, 5.0, 2.0, 1.0, 1.5, 2.0, 2.0, 3.0, 3.5, 4.0, 2.0]
    assert not any("trend_increasing" in p.rules for p in xmr(y2).points)


def test_trend_peak_takes_the_direction_to_its_right() -> None:
    # a rise of 7 (1…7) then a fall of 7 (7…1) sharing the peak, after wide swings that keep
    # every point inside the limits (mean 69/18 = 3.83): the peak is read as decreasing (the
    # step to its right); 4…7…4 are also a run of 7 above the mean, which the trend outranks
    y = [10.0, -5, 10, -5, 10, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    r = xmr(y)
    assert r.points[0].mean == pytest.approx(69 / 18)
    assert [p.rules[0] for p in r.points[5:11]] == ["trend_increasing"] * 6
    assert [p.rules[0] for p in r.points[11:]] == ["trend_decreasing"] * 7
    assert [p.index for p in r.points if "run_above_mean" in p.rules] == list(range(8, 15))
    assert _types(r)[11] == "special_cause_concern"


def test_two_of_three_beyond_the_near_limit() -> None:
    # 20 points ±1, then 5, 1, 5, then ±1 again: mean 11/29, ranges sum 68 over 28 → mean
    # range 17/7, near upper limit 11/29 + (2·2.66/3)·17/7 = 4.686, upper limit 6.839; the two
    # 5s are between, all three points above the mean: the 5s are flagged, the 1 is not
    y = [1.0, -1.0] * 10 + [5.0, 1.0, 5.0] + [-1.0, 1.0] * 3
    r = xmr(y, screen_outliers=False)
    p = r.points[20]
    assert p.mean == pytest.approx(11 / 29)
    assert p.nupl == pytest.approx(11 / 29 + 2 * 2.66 / 3 * 17 / 7)
    assert p.nupl < 5.0 < p.upl
    assert [q.rules for q in r.points[19:24]] == [
        (),
        ("two_of_three_above",),
        (),
        ("two_of_three_above",),
        (),
    ]
    # one 5 alone is not enough
    y[22] = 1.0
    assert not any(q.rules for q in xmr(y, screen_outliers=False).points)


def test_a_point_outside_the_limits() -> None:
    y = [1.0, -1.0] * 7 + [-9.0]
    r = xmr(y, improvement_direction="decrease")
    assert r.points[-1].rules[0] == "below_lower_limit"
    assert r.variation == "special_cause_improvement"
    assert r.variation_icon == "improvement_low"
    assert xmr(y).variation_icon == "concern_low"
    assert xmr(y, improvement_direction="neutral").variation_icon == "neutral_low"


def test_rebase_gives_each_group_its_own_limits() -> None:
    y = [1.0, 2.0] * 5 + [11.0, 13.0] * 5
    r = xmr(y, rebase_at=[10])
    assert r.points[0].mean == 1.5
    assert r.points[10].mean == 12.0
    assert r.points[10].upl == pytest.approx(12.0 + 2.66 * 2.0)
    assert {p.point_type for p in r.points} == {"common_cause"}
    # rebase at 0 numbers the groups from 1, as cumsum(rebase) does
    assert xmr(y, rebase_at=[0]).points[0].rebase_group == 1


def test_machine_output_contract() -> None:
    out = machine_output(xmr([1, 3, 2, 4, 3], target=10))
    assert list(out) == ["points", "variation", "assurance", "assurance_icon"]
    assert list(out["points"][0]) == [
        "index", "value", "mean", "lpl", "upl", "nlpl", "nupl", "rebase_group", "point_type",
        "rules",
    ]  # fmt: skip
    assert isinstance(out["points"][0]["value"], float)
    assert out["assurance"] == "consistent_fail"
    assert out["assurance_icon"] == "fail"
    assert machine_output(xmr([1.0]))["points"][0]["lpl"] is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"values": []}, "values"),
        ({"values": [1.0, float("nan")]}, "values"),
        ({"values": [1.0, float("inf")]}, "values"),
        ({"values": [1.0, "x"]}, "values"),
        ({"values": [1.0, 2.0], "rebase_at": [2]}, "rebase_at"),
        ({"values": [1.0, 2.0], "rebase_at": [-1]}, "rebase_at"),
        ({"values": [1.0, 2.0], "improvement_direction": "up"}, "improvement_direction"),
        ({"values": [1.0, 2.0], "target": float("nan")}, "target"),
        ({"values": [1.0, 2.0], "target": "5"}, "target"),
        ({"values": [1.0, 2.0], "rebase_at": [1.5]}, "rebase_at"),
        ({"values": [1.0, 2.0], "fix_after_n_points": 11}, "fix_after_n_points"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    values = kwargs.pop("values")
    with pytest.raises(SpcInputError) as e:
        xmr(values, **kwargs)  # type: ignore[arg-type]
    assert e.value.field == field
    assert str(e.value).startswith(field)


# --- the independent implementation on random series ----------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_random_series_agree_with_the_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    kind = seed % 4
    if kind == 0:
        y = rng.normal(0, 1, n)
    elif kind == 1:
        y = np.cumsum(rng.normal(0.3 if seed % 8 < 4 else -0.3, 1, n))  # drifts: trends, runs
    elif kind == 2:
        y = rng.integers(0, 4, n).astype(float)  # ties: points on the mean, flat steps
    else:
        y = rng.normal(0, 1, n) + np.where(np.arange(n) > n // 2, 3.0, 0.0)  # a shift
    values = [float(v) for v in y]
    rebase = tuple(sorted({int(i) for i in rng.integers(0, n, int(rng.integers(0, 3)))}))
    direction = ("increase", "decrease", "neutral")[seed % 3]
    target = float(rng.normal(0, 2)) if seed % 5 else None
    fix_after = (None, 12, 20)[seed % 3 if seed % 7 else 1]
    _agrees(
        values,
        direction=direction,
        target=target,
        rebase_at=rebase,
        fix_after=fix_after,
        screen=bool(seed % 6),
    )


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.integers(-3, 3).map(float), min_size=1, max_size=40),
    direction=st.sampled_from(["increase", "decrease", "neutral"]),
    target=st.none() | st.integers(-4, 4).map(float),
    rebase=st.lists(st.integers(0, 39), max_size=3),
    fix_after=st.none() | st.integers(12, 30),
    screen=st.booleans(),
)
def test_small_integer_series_agree_with_the_reference(
    values: list[float],
    direction: str,
    target: float | None,
    rebase: list[int],
    fix_after: int | None,
    screen: bool,
) -> None:
    rebase_at = tuple(sorted({r for r in rebase if r < len(values)}))
    _agrees(
        values,
        direction=direction,
        target=target,
        rebase_at=rebase_at,
        fix_after=fix_after,
        screen=screen,
    )


def test_every_code_has_words() -> None:
    from corpbench.standard import spc_labels

    assert set(spc_labels.SPC_POINT_TYPE_LABELS) == set(spc.POINT_TYPES)
    assert set(spc_labels.SPC_RULE_LABELS) == set(spc.RULES)
    assert set(spc_labels.SPC_ASSURANCE_LABELS) == set(spc.ASSURANCES)
    assert set(spc_labels.SPC_DIRECTION_LABELS) == set(spc.IMPROVEMENT_DIRECTIONS)
    icons = {
        spc.variation_icon_name(t, d) for t in spc.POINT_TYPES for d in ("increase", "decrease")
    }
    assert icons | set(spc.ASSURANCE_ICONS.values()) == set(spc_labels.SPC_ICON_LABELS)
