"""Sums over runs of consecutive rows, bit for bit as polars' group sum gives them.

The figures of the data standard are sums of rows in key order, and the engine has always let
polars add them up: ``group_by(keys).agg(pl.col(c).sum())``. For floats polars adds a group's
values in row order with Kahan's compensated summation (skipping nulls, and returning a group of
one row as its value), and grouping a few million rows into hundreds of thousands of groups
costs most of the time of the function totals. When the rows are in key order every group is a
run of consecutive rows, so :func:`run_sums` performs the same additions, in the same order, on
NumPy arrays, a step for every row position of the runs at once: the same bits, several times
faster.

Should a polars version ever sum groups differently, :func:`run_sums` notices (it checks its
result against polars' on a few values where the summation methods differ) and lets polars sum
the runs, as it also does for runs too long for the step-wise loop to pay off.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
import polars as pl

#: Longest run summed step by step; longer runs are left to polars (one loop step per row).
MAX_STEPS = 256


class _Steps:
    """The runs of given lengths (in order, possibly 0) laid out step by step: ``order`` sorts
    the runs by decreasing length, so that the runs still going at step j are the first
    ``counts[j]`` of that order, and ``rows`` lists the value of step 0 of every run, then of
    step 1 of every run still going, and so on."""

    def __init__(self, lengths: npt.NDArray[np.int64]) -> None:
        self.n_runs = len(lengths)
        # a stable sort of 16-bit keys is a radix sort
        self.order = np.argsort((-lengths).astype(np.int16), kind="stable")
        by_length = lengths[self.order]
        firsts = (np.cumsum(lengths) - lengths)[self.order]
        steps = int(by_length[0]) if self.n_runs else 0
        self.counts: list[int] = np.searchsorted(
            -by_length, -np.arange(steps), side="left"
        ).tolist()
        self.rows = (
            np.concatenate([firsts[:c] + j for j, c in enumerate(self.counts)])
            if steps
            else np.zeros(0, dtype=np.int64)
        )

    def kahan(self, values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Kahan sums of the runs of ``values``, from 0.0 as polars does, with its guard keeping
        the compensation finite.

        The guard changes nothing while every step stays finite, and a run that takes a step
        to infinity or NaN never comes back to a finite sum; so the sums are first made without
        it, and made again with it only when one of them is not finite."""
        stepped = values[self.rows]
        totals = self._steps(stepped, guard=False)
        if not np.isfinite(totals).all():
            totals = self._steps(stepped, guard=True)
        out = np.empty(self.n_runs)
        out[self.order] = totals
        return out

    def _steps(self, stepped: npt.NDArray[np.float64], *, guard: bool) -> npt.NDArray[np.float64]:
        n = self.n_runs
        total, error = np.zeros(n), np.zeros(n)
        y, t, e, finite = np.empty(n), np.empty(n), np.empty(n), np.empty(n, dtype=bool)
        offset = 0
        with np.errstate(all="ignore"):  # overflow to infinity and inf - inf are part of sums
            for c in self.counts:
                x = stepped[offset : offset + c]
                offset += c
                s, err, yc, tc, ec = total[:c], error[:c], y[:c], t[:c], e[:c]
                np.subtract(x, err, out=yc)  # y = x - err
                np.add(s, yc, out=tc)  # t = sum + y
                np.subtract(tc, s, out=ec)
                np.copyto(s, tc)  # sum = t
                if guard:
                    np.subtract(ec, yc, out=ec)  # e = (t - sum) - y
                    np.isfinite(ec, out=finite[:c])
                    np.copyto(err, ec, where=finite[:c])  # err = e unless e is not finite
                else:
                    np.subtract(ec, yc, out=err)  # err = (t - sum) - y
        return total


def _stepwise(frame: pl.DataFrame, starts: npt.NDArray[np.int64]) -> dict[str, pl.Series]:
    """:func:`run_sums` step by step (Float64 columns, runs of at most :data:`MAX_STEPS`
    rows)."""
    lengths = np.diff(starts, append=frame.height).astype(np.int64)
    single = lengths == 1
    all_rows: _Steps | None = None
    out = {}
    for name, values in frame.to_dict().items():
        x = values.to_numpy()
        if values.null_count():
            # nulls are skipped: the runs of the other values
            valid = values.is_not_null().to_numpy()
            sums = _Steps(np.add.reduceat(valid.astype(np.int64), starts)).kahan(x[valid])
            lone = np.where(valid, x, 0.0)
        else:
            all_rows = all_rows or _Steps(lengths)
            sums = all_rows.kahan(x)
            lone = x
        # a run of one row is its value (a null one 0.0), not that value added to 0.0
        sums[single] = lone[starts[single]]
        out[name] = pl.Series(name, sums, dtype=pl.Float64)
    return out


def _grouped(frame: pl.DataFrame, starts: npt.NDArray[np.int64]) -> dict[str, pl.Series]:
    """:func:`run_sums` by polars' own group sum, keyed by run number."""
    run = np.zeros(frame.height, dtype=np.int64)
    run[starts[1:]] = 1
    sums = (
        frame.with_columns(pl.Series("_run", np.cumsum(run)))
        .group_by("_run", maintain_order=True)
        .agg(pl.exclude("_run").sum())
    )
    return {name: sums[name] for name in frame.columns}


@cache
def _polars_sums_alike() -> bool:
    """True when :func:`_stepwise` gives polars' group sums on values where Kahan's, plain and
    pairwise summation all differ (and with nulls, lone values, -0.0 and overflow)."""
    runs: list[list[float | None]] = [
        [1e16, 1.0, 1.0, -1e16],  # Kahan 2.0, plain 0.0
        [3.3, 0.1, 0.1, 1e-3, 7.25, 1e-9],
        [-0.0],
        [-0.0, -0.0],
        [None],
        [None, None],
        [None, 2.5, None, 0.1],
        [1e308, 1e308, 7.0, 1.0],  # overflow: the compensation must stay finite
        [1e16, 0.3, 0.7, 1e-16, 1e-16, 1.0] * 30,  # long enough for pairwise summation
    ]
    values = pl.Series("x", [v for run in runs for v in run], dtype=pl.Float64)
    frame = pl.DataFrame([values, values.fill_null(0.5).alias("y")])
    starts = np.cumsum([0] + [len(run) for run in runs[:-1]]).astype(np.int64)
    ours, theirs = _stepwise(frame, starts), _grouped(frame, starts)
    return all(
        np.array_equal(ours[c].to_numpy().view(np.int64), theirs[c].to_numpy().view(np.int64))
        for c in frame.columns
    )


def run_sums(frame: pl.DataFrame, starts: npt.NDArray[np.int64]) -> dict[str, pl.Series]:
    """The sum of each column of ``frame`` over each run of consecutive rows, the runs starting
    at the rows ``starts`` (ascending, the first 0): exactly what polars' group sum gives for
    groups made of those rows (``group_by(run).agg(pl.all().sum())``)."""
    if frame.height == 0:
        return _grouped(frame, starts)
    longest = int(np.diff(starts, append=frame.height).max())
    floats = [c for c, t in frame.schema.items() if t == pl.Float64]
    if longest > MAX_STEPS or not floats or not _polars_sums_alike():
        return _grouped(frame, starts)
    out = _stepwise(frame.select(floats), starts)
    others = frame.drop(floats)
    if others.width:
        out.update(_grouped(others, starts))
    return {name: out[name] for name in frame.columns}
