"""Peer statistics: type-7 quantiles and the interquartile mean, by hand for groups of 1 to 8,
ties, and against numpy.quantile and scipy.stats.trim_mean."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import trim_mean

from bench.tables import Y1, Y2, kpi_rows
from corpbench.bench import STATS_COLUMNS, interquartile_mean, peer_stats, quantile7

#: group -> its pct_turnover values, and the statistics worked out by hand:
#: (n, mean, median, q1, q3, iqm, min, max)
HAND: dict[str, tuple[list[float], tuple[float, ...]]] = {
    # n = 1: every statistic is the value
    "g1": ([3.0], (1, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0)),
    # n = 2: q1 at h = 0.25 → 1 + 0.25·3; q3 at h = 0.75 → 1 + 0.75·3; nothing trimmed
    "g2": ([4.0, 1.0], (2, 2.5, 2.5, 1.75, 3.25, 2.5, 1.0, 4.0)),
    # n = 3: sorted 1, 2, 6; q1 at h = 0.5 → 1.5; q3 at h = 1.5 → 2 + 0.5·4 = 4
    "g3": ([2.0, 6.0, 1.0], (3, 3.0, 2.0, 1.5, 4.0, 3.0, 1.0, 6.0)),
    # n = 4: k = 1, sorted 1, 2, 3, 10 → iqm = (2 + 3)/2; q1 h = 0.75 → 1.75; q3 h = 2.25 → 4.75
    "g4": ([10.0, 1.0, 2.0, 3.0], (4, 4.0, 2.5, 1.75, 4.75, 2.5, 1.0, 10.0)),
    # n = 5: k = 1, sorted 1, 2, 3, 5, 100 → iqm = (2 + 3 + 5)/3; q1 h = 1 → 2; q3 h = 3 → 5
    "g5": ([5.0, 1.0, 100.0, 2.0, 3.0], (5, 22.2, 3.0, 2.0, 5.0, 10.0 / 3.0, 1.0, 100.0)),
    # ties, n = 4: sorted 2, 2, 2, 7 → iqm = (2 + 2)/2; q3 h = 2.25 → 2 + 0.25·5
    "ties": ([2.0, 7.0, 2.0, 2.0], (4, 3.25, 2.0, 2.0, 3.25, 2.0, 2.0, 7.0)),
    # n = 7: k = 1 → mean of 2..6; q1 h = 1.5 → 2.5; q3 h = 4.5 → 5.5
    "g7": ([7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0], (7, 4.0, 4.0, 2.5, 5.5, 4.0, 1.0, 7.0)),
    # n = 8: k = 2 → mean of 3, 4, 5, 60 = 18; q1 h = 1.75 → 2.75; q3 h = 5.25 → 60 + 0.25·10
    "g8": (
        [1.0, 2.0, 3.0, 4.0, 5.0, 60.0, 70.0, 80.0],
        (8, 28.125, 4.5, 2.75, 62.5, 18.0, 1.0, 80.0),
    ),
}


def _hand_tables() -> tuple[pl.DataFrame, pl.DataFrame]:
    kpis, groups = [], []
    for group, (values, _expected) in HAND.items():
        for i, value in enumerate(values):
            code = f"{group.upper()}X{i}"
            kpis.append((code, Y1, "finance", "pct_turnover", value))
            groups.append((code, group))
    return kpi_rows(kpis), pl.DataFrame(groups, schema=["org_code", "group"], orient="row")


@pytest.mark.parametrize("group", list(HAND))
def test_statistics_of_hand_computed_groups(group: str) -> None:
    kpis, groups = _hand_tables()
    stats = peer_stats(kpis, groups).filter(pl.col("group") == group)
    assert stats.columns == list(STATS_COLUMNS)
    (row,) = stats.rows()
    assert row[:4] == (group, Y1, "finance", "pct_turnover")
    assert row[4:] == pytest.approx(HAND[group][1], rel=1e-12)
    assert isinstance(row[4], int)


@pytest.mark.parametrize("group", list(HAND))
def test_scalar_helpers_match_the_hand_values(group: str) -> None:
    values, (_n, _mean, median, q1, q3, iqm, _lo, _hi) = HAND[group]
    assert quantile7(values, 0.5) == pytest.approx(median)
    assert quantile7(values, 0.25) == pytest.approx(q1)
    assert quantile7(values, 0.75) == pytest.approx(q3)
    assert interquartile_mean(values) == pytest.approx(iqm)


def test_iqm_trims_the_lowest_and_highest_quarter_only_from_n_4() -> None:
    # n = 3: an outlier is kept; n = 4: the outlier and the lowest value are dropped
    assert interquartile_mean([1.0, 2.0, 100.0]) == pytest.approx(103.0 / 3.0)
    assert interquartile_mean([1.0, 2.0, 3.0, 100.0]) == 2.5
    # n = 11: k = 2, the two lowest and two highest go
    assert interquartile_mean([float(v) for v in range(11)]) == 5.0


def test_scalar_helpers_reject_empty_input_and_bad_levels() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        quantile7([], 0.5)
    with pytest.raises(ValueError, match="at least one value"):
        interquartile_mean([])
    with pytest.raises(ValueError, match="between 0 and 1"):
        quantile7([1.0], 1.5)


def test_only_orgs_with_the_kpi_defined_count_and_years_are_separate() -> None:
    kpis = kpi_rows(
        [
            ("P1", Y1, "hr", "pct_pay", 1.0),
            ("P1", Y1, "hr", "pct_turnover", 5.0),
            ("P2", Y1, "hr", "pct_turnover", 7.0),  # no pct_pay (zero pay)
            ("P2", Y2, "hr", "pct_turnover", 100.0),
            ("P3", Y1, "hr", "pct_turnover", 1000.0),  # in no group
        ]
    )
    groups = pl.DataFrame({"org_code": ["P1", "P2"], "group": ["acute", "acute"]})
    stats = peer_stats(kpis, groups)
    assert stats.select("year", "kpi", "n", "mean", "iqm").rows() == [
        (Y1, "pct_pay", 1, 1.0, 1.0),
        (Y1, "pct_turnover", 2, 6.0, 6.0),
        (Y2, "pct_turnover", 1, 100.0, 100.0),
    ]


def test_rows_are_sorted_by_group_year_function_kpi() -> None:
    kpis = kpi_rows(
        [
            ("P1", Y2, "hr", "pct_turnover", 1.0),
            ("P1", Y1, "hr", "pct_turnover", 1.0),
            ("P1", Y1, "all", "pct_turnover", 1.0),
            ("P1", Y1, "all", "cost_per_fte", 1.0),
            ("P2", Y1, "hr", "pct_turnover", 1.0),
        ]
    )
    groups = pl.DataFrame({"org_code": ["P1", "P2"], "group": ["b", "a"]})
    keys = peer_stats(kpis, groups).select("group", "year", "function", "kpi").rows()
    assert keys == [
        ("a", Y1, "hr", "pct_turnover"),
        ("b", Y1, "all", "cost_per_fte"),
        ("b", Y1, "all", "pct_turnover"),
        ("b", Y1, "hr", "pct_turnover"),
        ("b", Y2, "hr", "pct_turnover"),
    ]


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(st.lists(finite, min_size=1, max_size=40), st.floats(min_value=0.0, max_value=1.0))
def test_quantile7_equals_numpy_default(values: list[float], p: float) -> None:
    assert quantile7(values, p) == pytest.approx(float(np.quantile(values, p)), rel=1e-9, abs=1e-6)


@given(st.lists(finite, min_size=1, max_size=40))
def test_interquartile_mean_equals_scipy_trim_mean(values: list[float]) -> None:
    assert interquartile_mean(values) == pytest.approx(
        float(trim_mean(values, 0.25)), rel=1e-9, abs=1e-6
    )


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), finite), min_size=1, max_size=60))
def test_peer_stats_equal_numpy_and_scipy_per_group(rows: list[tuple[str, float]]) -> None:
    kpis = kpi_rows([(f"O{i}", Y1, "hr", "pct_turnover", v) for i, (_g, v) in enumerate(rows)])
    groups = pl.DataFrame(
        {"org_code": [f"O{i}" for i in range(len(rows))], "group": [g for g, _ in rows]}
    )
    for group, _y, _f, _k, n, mean, median, q1, q3, iqm, lo, hi in peer_stats(kpis, groups).rows():
        values = [v for g, v in rows if g == group]
        expected = (
            len(values),
            float(np.mean(values)),
            float(np.quantile(values, 0.5)),
            float(np.quantile(values, 0.25)),
            float(np.quantile(values, 0.75)),
            float(trim_mean(values, 0.25)),
            min(values),
            max(values),
        )
        assert (n, mean, median, q1, q3, iqm, lo, hi) == pytest.approx(expected, rel=1e-9, abs=1e-6)
