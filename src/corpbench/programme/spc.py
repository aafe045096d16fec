"""XmR statistical process control in the Making Data Count style (programme methods §3).

The figures follow NHSRplotthedots (R package, nhs-r-community/NHSRplotthedots) rule for rule,
so that a chart drawn here and one drawn by an NHS analyst from the same series agree:

* per rebase group: mean of the (first ``fix_after_n_points``) values; moving ranges
  ``|y[i] − y[i−1]|`` of those values; moving ranges not below 3.267 × their mean are screened
  out (by default) and the mean moving range taken again; process limits mean ± 2.66 × mean MR;
  near limits mean ± (2/3 × 2.66) × mean MR (``ptd_spc_standard.R``);
* special causes, by priority (``ptd_calculate_point_type.R``): a point outside the limits; a
  point in a trend of 7 points each strictly above (below) the one before; a point beyond a near
  limit (but inside the limits) in a window of 3 consecutive points all on the same side of the
  mean with at least 2 of them beyond a near limit; a point in a run of 7 on one side of the
  mean (a point on the mean breaks a run);
* the variation is the last point's type, the assurance compares the target with the last
  point's limits in the direction of improvement (``ptd_calculate_assurance_type.R``);
* a group shorter than 13 points (NHSRplotthedots' default threshold: its message says
  "n < 12", its code tests ``n() < 13``) has trial limits and gives a warning.

Undefined limits (a group of one point; or, with screening, a group whose moving ranges are all
0, since ``0 < 3.267 × 0`` fails and every range is screened out) are NaN here and ``None`` in
the machine output; as in R, a comparison with them is false, so only trends and runs can flag
points in such a group and the assurance is "inconsistent".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

#: Process limits at mean ± LIMIT × mean moving range (3 sigma of the XmR chart).
LIMIT = 2.66
#: Near ("2 sigma") limits at mean ± LIMIT_CLOSE × mean moving range.
LIMIT_CLOSE = 2 * (LIMIT / 3)
#: Moving ranges at or above SCREEN_FACTOR × their mean are screened out before the limits.
SCREEN_FACTOR = 3.267
#: Points in a run on one side of the mean, and in a trend, that make a special cause.
RUN_LENGTH = 7
TREND_LENGTH = 7
#: A rebase group with fewer points than this has trial limits (NHSRplotthedots' default).
WARNING_THRESHOLD = 13
#: fix_after_n_points below this is refused, as NHSRplotthedots refuses it.
MIN_FIX_AFTER = 12

IMPROVEMENT_DIRECTIONS = ("increase", "decrease", "neutral")
POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
ASSURANCES = ("consistent_pass", "consistent_fail", "inconsistent")
#: Rule names a point may carry in :attr:`SpcPoint.rules`, in priority order.
RULES = (
    "above_upper_limit",
    "below_lower_limit",
    "trend_increasing",
    "trend_decreasing",
    "two_of_three_above",
    "two_of_three_below",
    "run_above_mean",
    "run_below_mean",
)

#: The rules that flag a point as high (the others flag it low).
HIGH_RULES = frozenset(
    {"above_upper_limit", "trend_increasing", "two_of_three_above", "run_above_mean"}
)

FloatArray = npt.NDArray[np.float64]


class SpcInputError(ValueError):
    """Input to :func:`xmr` that cannot be charted; ``field`` names the argument at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SpcPoint:
    """One point of the chart with its group's limits (NaN where undefined)."""

    index: int
    value: float
    mean: float
    lpl: float
    upl: float
    nlpl: float
    nupl: float
    rebase_group: int
    point_type: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class SpcResult:
    """A whole XmR chart: its points, the variation and assurance of the last point, the icon
    names (NHSRplotthedots' file names without ``.svg``) and any warnings in words."""

    points: tuple[SpcPoint, ...]
    variation: str
    assurance: str | None
    assurance_icon: str | None
    variation_icon: str
    warnings: tuple[str, ...]
    improvement_direction: str = "increase"
    target: float | None = None


def _validate(
    values: Sequence[float],
    improvement_direction: str,
    target: float | None,
    rebase_at: Sequence[int],
    fix_after_n_points: int | None,
) -> tuple[FloatArray, list[int]]:
    if improvement_direction not in IMPROVEMENT_DIRECTIONS:
        raise SpcInputError(
            "improvement_direction",
            f"{improvement_direction!r} is not one of {', '.join(IMPROVEMENT_DIRECTIONS)}",
        )
    try:
        y = np.asarray([float(v) for v in values], dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise SpcInputError("values", f"expected numbers ({e})") from None
    if y.size == 0:
        raise SpcInputError("values", "no values: expected at least one number")
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        raise SpcInputError(
            "values", f"value at index {int(bad[0])} is {y[bad[0]]}: expected a finite number"
        )
    if target is not None:
        ok = isinstance(target, (int, float, np.integer, np.floating))
        if isinstance(target, bool) or not ok or not math.isfinite(float(target)):
            raise SpcInputError("target", f"{target!r} is not a finite number")
    rebases: list[int] = []
    for r in rebase_at:
        if isinstance(r, bool) or not isinstance(r, (int, np.integer)):
            raise SpcInputError("rebase_at", f"{r!r} is not a whole-number index")
        if not 0 <= int(r) < y.size:
            raise SpcInputError(
                "rebase_at", f"index {r} is out of range: expected 0 to {y.size - 1}"
            )
        rebases.append(int(r))
    if fix_after_n_points is not None and (
        isinstance(fix_after_n_points, bool)
        or not isinstance(fix_after_n_points, (int, np.integer))
        or fix_after_n_points < MIN_FIX_AFTER
    ):
        raise SpcInputError(
            "fix_after_n_points",
            f"{fix_after_n_points!r}: expected a whole number of at least {MIN_FIX_AFTER}",
        )
    return y, rebases


def _mean(x: FloatArray) -> float:
    """Mean as R's ``mean(na.rm = TRUE)`` gives it (an accurate sum; NaN when empty)."""
    return math.fsum(x.tolist()) / x.size if x.size else math.nan


def _group_limits(y: FloatArray, fix_after: int | None, screen: bool) -> tuple[float, float]:
    """(mean, mean moving range) of one rebase group, on its first ``fix_after`` points."""
    fixed = y if fix_after is None else y[:fix_after]
    mean = _mean(fixed)
    mr = np.abs(np.diff(fixed))
    amr = _mean(mr)
    if screen:
        # NaN < NaN is False: with no ranges (or a NaN mean) everything is screened out
        amr = _mean(mr[mr < SCREEN_FACTOR * amr]) if mr.size else math.nan
    return mean, amr


def _windows(x: FloatArray, length: int) -> FloatArray:
    """Every run of ``length`` consecutive elements, one per row (none when too short)."""
    if x.size < length:
        return np.empty((0, length))
    return np.lib.stride_tricks.sliding_window_view(x, length)


def _runs(rtm: FloatArray) -> FloatArray:
    """1 where a point ends RUN_LENGTH points all on the same (non-zero) side of the mean
    (``ptd_seven_point_one_side_mean``)."""
    out = np.zeros(rtm.size)
    w = _windows(rtm, RUN_LENGTH)
    if len(w):
        out[RUN_LENGTH - 1 :] = (w[:, -1] != 0) & np.all(w == w[:, -1:], axis=1)
    return out


def _part_of(flags: FloatArray, length: int) -> FloatArray:
    """1 where the point or one of the next ``length − 1`` points ends a flagged window
    (``ptd_part_of_seven_trend``)."""
    if flags.size == 0:
        return np.zeros(0)
    ends = (np.abs(flags) == 1).astype(np.float64)
    padded = np.concatenate([ends, np.zeros(length - 1)])
    out: FloatArray = np.any(_windows(padded, length) == 1, axis=1).astype(np.float64)
    return out


def _trends(y: FloatArray) -> FloatArray:
    """+1 (−1) where a point ends TREND_LENGTH points each strictly above (below) the one
    before (``ptd_seven_point_trend``)."""
    out = np.zeros(y.size)
    steps = _windows(np.sign(np.diff(y)), TREND_LENGTH - 1)
    if len(steps):
        up, down = np.all(steps == 1, axis=1), np.all(steps == -1, axis=1)
        out[TREND_LENGTH - 1 :] = np.where(up, 1.0, np.where(down, -1.0, 0.0))
    return out


def _two_in_three(close: npt.NDArray[np.bool_], rtm: FloatArray) -> FloatArray:
    """1 where a point is beyond a near limit in a window of 3 all on one side of the mean
    with at least 2 beyond a near limit: the windows ending at, around and starting at it
    (``ptd_two_in_three`` and ``ptd_part_of_two_in_three``)."""
    n = close.size
    if n == 0:
        return np.zeros(0)
    # windows over the series padded with two zeros each side, as R pads it: window j
    # covers original points j−2 … j, so point i lies in windows i, i+1 and i+2
    c = _windows(np.concatenate([[0.0, 0.0], close.astype(np.float64), [0.0, 0.0]]), 3)
    r = _windows(np.concatenate([[0.0, 0.0], rtm, [0.0, 0.0]]), 3)
    ok = (c.sum(axis=1) >= 2) & (np.abs(r.sum(axis=1)) == 3)
    hit = ok[:n] | ok[1 : n + 1] | ok[2 : n + 2]
    out: FloatArray = (hit & close).astype(np.float64)
    return out


def _group_points(
    y: FloatArray, mean: float, amr: float
) -> tuple[list[str], list[tuple[str, ...]]]:
    """Each point's direction of special cause (+1 high, −1 low, 0 none) as a word, and the
    rules it is part of, for one rebase group."""
    lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
    nlpl, nupl = mean - LIMIT_CLOSE * amr, mean + LIMIT_CLOSE * amr
    with np.errstate(invalid="ignore"):
        outside = (y > upl) | (y < lpl)  # False against NaN limits, as case_when treats NA
        close = ~outside & ((y < nlpl) | (y > nupl))
    rtm = np.sign(y - mean)
    trend = _part_of(_trends(y), TREND_LENGTH)
    two3 = _two_in_three(close, rtm)
    run = _part_of(_runs(rtm), RUN_LENGTH)
    # a trend point takes its direction from the step to its right when the next point is in
    # a trend too, else from the step to its left (ptd_special_cause_type's sdy)
    sdy = np.sign(np.diff(y))
    right = np.concatenate([sdy, sdy[-1:]]) if sdy.size else np.zeros(1)
    left = np.concatenate([[0.0], sdy])
    nxt = np.concatenate([trend[1:], [0.0]])
    trend_dir = np.where((nxt != 0) & (trend != 0), right, left)
    sides: list[str] = []
    rules: list[tuple[str, ...]] = []
    # plain Python lists for the per-point words (numpy scalars are slow one at a time)
    columns = zip(
        rtm.tolist(),
        outside.tolist(),
        trend.tolist(),
        trend_dir.tolist(),
        two3.tolist(),
        run.tolist(),
        strict=True,
    )
    for side, out, in_trend, direction, in_two3, in_run in columns:
        above = side > 0
        r: list[str] = []
        if out:
            r.append("above_upper_limit" if side == 1 else "below_lower_limit")
        if in_trend:
            r.append("trend_increasing" if direction == 1 else "trend_decreasing")
        if in_two3:
            r.append("two_of_three_above" if above else "two_of_three_below")
        if in_run:
            r.append("run_above_mean" if above else "run_below_mean")
        rules.append(tuple(r))
        # the first (highest-priority) rule decides the point's type, as case_when does
        sides.append("" if not r else ("high" if r[0] in HIGH_RULES else "low"))
    return sides, rules


def _point_type(side: str, direction: str) -> str:
    if not side:
        return "common_cause"
    if direction == "neutral":
        return f"special_cause_neutral_{side}"
    good = "high" if direction == "increase" else "low"
    return "special_cause_improvement" if side == good else "special_cause_concern"


def _assurance(direction: str, target: float | None, lpl: float, upl: float) -> str | None:
    if target is None or direction == "neutral":
        return None
    increasing = direction == "increase"
    if target > upl:
        return "consistent_fail" if increasing else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if increasing else "consistent_fail"
    return "inconsistent"  # also when the limits are undefined (NA comparisons)


def variation_icon_name(point_type: str, direction: str) -> str:
    """NHSRplotthedots' variation icon for a last point's type (``ptd_get_icons``)."""
    if point_type == "common_cause":
        return "common_cause"
    if point_type.startswith("special_cause_neutral_"):
        return "neutral_" + point_type.removeprefix("special_cause_neutral_")
    if point_type == "special_cause_concern":
        return "concern_" + ("low" if direction == "increase" else "high")
    return "improvement_" + ("high" if direction == "increase" else "low")


ASSURANCE_ICONS = {
    "consistent_pass": "pass",
    "consistent_fail": "fail",
    "inconsistent": "inconsistent",
}


def xmr(
    values: Sequence[float],
    *,
    improvement_direction: str = "increase",
    target: float | None = None,
    rebase_at: Sequence[int] = (),
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> SpcResult:
    """The XmR chart of ``values`` in order (index 0 first) as NHSRplotthedots computes it.

    ``rebase_at`` holds 0-based indices at which a new rebase group starts (its own mean and
    limits); groups are numbered from 0, and from 1 if index 0 is given, as ``cumsum(rebase)``
    numbers them. Raises :class:`SpcInputError` naming the field on bad input.
    """
    y, rebases = _validate(values, improvement_direction, target, rebase_at, fix_after_n_points)
    flags = np.zeros(y.size, dtype=np.int64)
    flags[sorted(set(rebases))] = 1
    groups = np.cumsum(flags)
    points: list[SpcPoint] = []
    warnings: list[str] = []
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        gy = y[idx]
        mean, amr = _group_limits(gy, fix_after_n_points, screen_outliers)
        sides, rules = _group_points(gy, mean, amr)
        if gy.size < WARNING_THRESHOLD:
            warnings.append(
                f"rebase group {int(g)} (points {int(idx[0])}–{int(idx[-1])}) has "
                f"{gy.size} point{'s' if gy.size != 1 else ''}, fewer than "
                f"{WARNING_THRESHOLD}: its limits are trial limits, to be revised with "
                "each new point until fix_after_n_points is reached"
            )
        lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
        nlpl, nupl = mean - LIMIT_CLOSE * amr, mean + LIMIT_CLOSE * amr
        points.extend(
            SpcPoint(
                index=i,
                value=v,
                mean=mean,
                lpl=lpl,
                upl=upl,
                nlpl=nlpl,
                nupl=nupl,
                rebase_group=int(g),
                point_type=_point_type(side, improvement_direction),
                rules=r,
            )
            for i, v, side, r in zip(idx.tolist(), gy.tolist(), sides, rules, strict=True)
        )
    last = points[-1]
    assurance = _assurance(improvement_direction, target, last.lpl, last.upl)
    return SpcResult(
        points=tuple(points),
        variation=last.point_type,
        assurance=assurance,
        assurance_icon=ASSURANCE_ICONS[assurance] if assurance else None,
        variation_icon=variation_icon_name(last.point_type, improvement_direction),
        warnings=tuple(warnings),
        improvement_direction=improvement_direction,
        target=None if target is None else float(target),
    )


def _num(v: float) -> float | None:
    return None if math.isnan(v) else v


def machine_output(result: SpcResult) -> dict[str, Any]:
    """The JSON contract (docs/spc.md): points with full-precision floats (``None`` where a
    limit is undefined), the variation, the assurance and its icon."""
    return {
        "points": [
            {
                "index": p.index,
                "value": p.value,
                "mean": _num(p.mean),
                "lpl": _num(p.lpl),
                "upl": _num(p.upl),
                "nlpl": _num(p.nlpl),
                "nupl": _num(p.nupl),
                "rebase_group": p.rebase_group,
                "point_type": p.point_type,
                "rules": list(p.rules),
            }
            for p in result.points
        ],
        "variation": result.variation,
        "assurance": result.assurance,
        "assurance_icon": result.assurance_icon,
    }
