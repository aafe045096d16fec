"""An independent XmR implementation for the tests of programme/spc.py: plain Python loops
written straight from NHSRplotthedots' published rules (R/ptd_spc_standard.R,
R/ptd_calculate_point_type.R, R/ptd_calculate_assurance_type.R, R/geom_ptd_icon.R), sharing
no code with the module under test."""

from __future__ import annotations

import math
from typing import Any

NAN = float("nan")


def _trend_windows(ys: list[float]) -> tuple[set[int], set[int]]:
    """Positions in a strictly rising, and in a strictly falling, window of 7 points."""
    rising: set[int] = set()
    falling: set[int] = set()
    for s in range(len(ys) - 6):
        w = ys[s : s + 7]
        if all(w[k + 1] > w[k] for k in range(6)):
            rising.update(range(s, s + 7))
        if all(w[k + 1] < w[k] for k in range(6)):
            falling.update(range(s, s + 7))
    return rising, falling


def reference_xmr(
    values: list[float],
    direction: str = "increase",
    target: float | None = None,
    rebase_at: tuple[int, ...] = (),
    fix_after: int | None = None,
    screen: bool = True,
) -> dict[str, Any]:
    n = len(values)
    group_of: list[int] = []
    g = 0
    for i in range(n):
        if i in rebase_at:
            g += 1
        group_of.append(g)
    points: list[dict[str, Any]] = []
    for gid in sorted(set(group_of)):
        idx = [i for i in range(n) if group_of[i] == gid]
        ys = [values[i] for i in idx]
        base = ys if fix_after is None else ys[:fix_after]
        mean = sum(base) / len(base)
        ranges = [abs(base[k] - base[k - 1]) for k in range(1, len(base))]
        amr = sum(ranges) / len(ranges) if ranges else NAN
        if screen:
            kept = [r for r in ranges if r < 3.267 * amr]
            amr = sum(kept) / len(kept) if kept else NAN
        lpl, upl = mean - 2.66 * amr, mean + 2.66 * amr
        near = 2 * 2.66 / 3
        nlpl, nupl = mean - near * amr, mean + near * amr
        side = [1 if y > mean else (-1 if y < mean else 0) for y in ys]
        outside = [y > upl or y < lpl for y in ys]
        close = [not outside[k] and (ys[k] < nlpl or ys[k] > nupl) for k in range(len(ys))]
        rising, falling = _trend_windows(ys)
        in_trend = rising | falling
        m = len(ys)
        for k in range(m):
            rules: list[str] = []
            if outside[k]:
                rules.append("above_upper_limit" if side[k] == 1 else "below_lower_limit")
            if k in in_trend:
                # the step to the right when the next point is in a trend too, else the step
                # to the left; anything but a rise reads "decreasing"
                if k + 1 in in_trend:
                    step = ys[k + 1] - ys[k]
                else:
                    step = ys[k] - ys[k - 1] if k > 0 else 0.0
                rules.append("trend_increasing" if step > 0 else "trend_decreasing")
            two = False
            if close[k]:
                for s in range(k - 2, k + 1):
                    if s < 0 or s + 3 > m:
                        continue
                    w = range(s, s + 3)
                    same = all(side[j] == 1 for j in w) or all(side[j] == -1 for j in w)
                    if same and sum(1 for j in w if close[j]) >= 2:
                        two = True
            if two:
                rules.append("two_of_three_above" if side[k] == 1 else "two_of_three_below")
            run = False
            for s in range(k - 6, k + 1):
                if (
                    s >= 0
                    and s + 7 <= m
                    and side[s] != 0
                    and all(side[j] == side[s] for j in range(s, s + 7))
                ):
                    run = True
            if run:
                rules.append("run_above_mean" if side[k] == 1 else "run_below_mean")
            if not rules:
                kind = "common_cause"
            else:
                high = rules[0] in (
                    "above_upper_limit",
                    "trend_increasing",
                    "two_of_three_above",
                    "run_above_mean",
                )
                if direction == "neutral":
                    kind = "special_cause_neutral_" + ("high" if high else "low")
                elif high == (direction == "increase"):
                    kind = "special_cause_improvement"
                else:
                    kind = "special_cause_concern"
            points.append(
                {
                    "index": idx[k],
                    "value": ys[k],
                    "mean": mean,
                    "lpl": lpl,
                    "upl": upl,
                    "nlpl": nlpl,
                    "nupl": nupl,
                    "rebase_group": gid,
                    "point_type": kind,
                    "rules": rules,
                }
            )
    last = points[-1]
    assurance = None
    if target is not None and direction != "neutral":
        if target > last["upl"]:
            assurance = "consistent_fail" if direction == "increase" else "consistent_pass"
        elif target < last["lpl"]:
            assurance = "consistent_pass" if direction == "increase" else "consistent_fail"
        else:
            assurance = "inconsistent"
    return {"points": points, "variation": last["point_type"], "assurance": assurance}


def same_number(a: float | None, b: float) -> bool:
    """A figure of the module (None for undefined) equals the reference's (NaN undefined)."""
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
