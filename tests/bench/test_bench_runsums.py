"""run_sums: polars' group sum over runs of consecutive rows, bit for bit, without grouping."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tables import assert_bit_identical
from corpbench.bench import runsums
from corpbench.bench.runsums import MAX_STEPS, run_sums

#: Values where plain, pairwise and compensated summation part ways, lone -0.0, overflow.
SPECIAL = [0.0, -0.0, 1.0, 0.1, 0.3, 3.3, 1e-16, 1e16, -1e16, 1e308, -1e308, math.inf, -math.inf]

values = st.one_of(
    st.none(),
    st.sampled_from(SPECIAL),
    st.floats(allow_nan=False, width=64),
    st.floats(min_value=-1e6, max_value=1e6),
)


def polars_group_sums(frame: pl.DataFrame, starts: npt.NDArray[np.int64]) -> pl.DataFrame:
    """What the engine has always done: number the runs and let polars sum each group."""
    run = np.zeros(frame.height, dtype=np.int64)
    run[starts[1:]] = 1
    return (
        frame.with_columns(pl.Series("_run", np.cumsum(run)))
        .group_by("_run", maintain_order=True)
        .agg(pl.exclude("_run").sum())
        .drop("_run")
    )


def _runs_of(cuts: list[bool]) -> npt.NDArray[np.int64]:
    return np.array([0, *(i for i, cut in enumerate(cuts) if cut and i > 0)], dtype=np.int64)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(values, values, st.booleans()), min_size=1, max_size=60),
    st.sampled_from([0, 1, 3]),
)
def test_run_sums_are_polars_group_sums_bit_for_bit(
    rows: list[tuple[float | None, float | None, bool]], repeat: int
) -> None:
    # repeating the rows without cuts makes long runs (up to 4 × 60 rows)
    rows = rows + [(a, b, False) for _ in range(repeat) for a, b, _cut in rows]
    frame = pl.DataFrame(
        {"x": [r[0] for r in rows], "y": [r[1] for r in rows]},
        schema={"x": pl.Float64, "y": pl.Float64},
    )
    starts = _runs_of([r[2] for r in rows])
    got = pl.DataFrame(run_sums(frame, starts))
    assert_bit_identical(got, polars_group_sums(frame, starts))


def test_runs_of_one_row_keep_their_value_and_nulls_add_nothing() -> None:
    frame = pl.DataFrame({"x": [-0.0, None, -0.0, -0.0, None, None, None, 2.0]})
    starts = np.array([0, 1, 2, 4, 6], dtype=np.int64)
    got = run_sums(frame, starts)["x"].to_list()
    assert [str(v) for v in got] == ["-0.0", "0.0", "0.0", "0.0", "2.0"]
    assert_bit_identical(pl.DataFrame(run_sums(frame, starts)), polars_group_sums(frame, starts))


def test_the_compensation_is_kept_like_polars() -> None:
    # plain left-to-right addition gives 0.0 (1e16 + 1 rounds back to 1e16); Kahan keeps 2.0
    frame = pl.DataFrame({"x": [1e16, 1.0, 1.0, -1e16]})
    assert run_sums(frame, np.array([0], dtype=np.int64))["x"].to_list() == [2.0]


def test_runs_longer_than_the_step_limit_are_summed_by_polars() -> None:
    x = [1e16, 0.3, 0.7, 1e-16, 1.0] * (MAX_STEPS // 2)
    frame = pl.DataFrame({"x": [*x, 1.0, 2.0]})
    starts = np.array([0, len(x)], dtype=np.int64)
    assert_bit_identical(pl.DataFrame(run_sums(frame, starts)), polars_group_sums(frame, starts))


def test_integer_and_float_columns_each_sum_as_polars_does() -> None:
    frame = pl.DataFrame({"n": [1, 2, 3, 2**62, 2**62], "x": [0.1, 0.2, 0.3, 1e16, 1.0]})
    starts = np.array([0, 3], dtype=np.int64)
    got = pl.DataFrame(run_sums(frame, starts))
    assert got.schema == polars_group_sums(frame, starts).schema
    assert_bit_identical(got, polars_group_sums(frame, starts))


def test_no_rows_no_runs() -> None:
    frame = pl.DataFrame({"x": []}, schema={"x": pl.Float64})
    assert pl.DataFrame(run_sums(frame, np.zeros(0, dtype=np.int64))).height == 0


def test_this_polars_still_sums_groups_the_way_run_sums_does() -> None:
    # if this fails after a polars upgrade, run_sums hands every sum to polars (same figures,
    # slower): update runsums.py to the new summation
    assert runsums._polars_sums_alike()


def test_a_polars_that_sums_differently_gets_the_sums_done_by_polars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runsums, "_polars_sums_alike", lambda: False)
    monkeypatch.setattr(runsums, "_stepwise", None)  # never called
    frame = pl.DataFrame({"x": [1e16, 1.0, 1.0, -1e16, 0.5]})
    starts = np.array([0, 4], dtype=np.int64)
    assert_bit_identical(pl.DataFrame(run_sums(frame, starts)), polars_group_sums(frame, starts))
