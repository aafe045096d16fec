"""Option appraisal (planning methods §5): hand-worked scores, ranks and weight intervals, and
the exact intervals against a brute-force scan of the weight."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from corpbench.plan import appraise_options, parse_case
from corpbench.plan.case import Principle
from plan.cases import small

PRINCIPLES = [
    Principle("cost", 2),
    Principle("control", 1),
    Principle("speed", 1),
    Principle("values", 4),
]
OPTIONS = {
    "status_quo": {"cost": 2, "control": 10, "speed": 8, "values": 5},
    "cooperative": {"cost": 6, "control": 7, "speed": 6, "values": 5},
    "outsourced": {"cost": 9, "control": 3, "speed": 4, "values": 5},
}


def test_scores_ranks_and_intervals_by_hand() -> None:
    a = appraise_options(PRINCIPLES, OPTIONS)
    # weights 2/8, 1/8, 1/8, 4/8
    assert a.weights == {"cost": 0.25, "control": 0.125, "speed": 0.125, "values": 0.5}
    # status quo 0.5 + 1.25 + 1 + 2.5 = 5.25; co-operative 1.5 + 0.875 + 0.75 + 2.5 = 5.625;
    # outsourced 2.25 + 0.375 + 0.5 + 2.5 = 5.625
    assert a.scores == {"status_quo": 5.25, "cooperative": 5.625, "outsourced": 5.625}
    assert a.ranks == {"status_quo": 3, "cooperative": 1, "outsourced": 1}  # 1, 1, 3
    assert a.top == "cooperative"  # the first of the options sharing rank 1
    assert a.not_discriminating == ["values"]
    # cost, w' = x, others × (1 − x)/0.75:
    #   co-operative − outsourced = −3x + (1 − x)·0.75/0.75 = 1 − 4x ≥ 0 → x ≤ 1/4
    #   co-operative − status quo = 4x + (1 − x)(4.125 − 4.75)/0.75 ≥ 0 → x ≥ 5/29
    lo, hi = a.weight_intervals["cost"]
    assert lo == pytest.approx(5 / 29, abs=1e-15)
    assert hi == 0.25
    # values is flat: the others' proportions decide, and co-operative never falls behind
    assert a.weight_intervals["values"] == (0.0, 1.0)


def test_a_single_principle_holding_all_the_weight() -> None:
    a = appraise_options(
        [Principle("cost", 1), Principle("control", 0)],
        {"status_quo": {"cost": 1, "control": 10}, "outsourced": {"cost": 9, "control": 0}},
    )
    assert a.top == "outsourced"
    # w_c = 1: the others share 1 − x equally: outsourced − status quo = 8x − 10(1 − x) ≥ 0
    assert a.weight_intervals["cost"] == pytest.approx((10 / 18, 1.0))
    # control at x: outsourced − sq = (1 − x)·8 − 10x ≥ 0 → x ≤ 8/18
    assert a.weight_intervals["control"] == pytest.approx((0.0, 8 / 18))


def _scan(principles: list[Principle], options: dict, c: str, top: str) -> np.ndarray:
    """Grid points x of [0, 1] where ``top`` scores at least every option (floats)."""
    names = [p.name for p in principles]
    w = np.array([p.weight for p in principles], dtype=float)
    w = w / w.sum()
    i = names.index(c)
    xs = np.linspace(0, 1, 4001)
    ok = []
    for x in xs:
        share = (1 - x) / (1 - w[i]) if w[i] < 1 else None
        wk = w * share if share is not None else np.full(len(w), (1 - x) / (len(w) - 1))
        wk[i] = x
        score = {o: float(np.dot(wk, [options[o][n] for n in names])) for o in options}
        ok.append(all(score[top] >= score[o] - 1e-9 for o in options))
    return xs[np.array(ok)]


@pytest.mark.parametrize("seed", range(25))
def test_weight_intervals_against_a_brute_force_scan(seed: int) -> None:
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(rng.randint(2, 5))]
    principles = [Principle(n, rng.choice([0, 1, 2, 3, 5, 0.5])) for n in names]
    if sum(p.weight for p in principles) == 0:
        principles[0] = Principle("p0", 1)
    options = {
        o: {n: rng.randint(0, 10) for n in names}
        for o in ("status_quo", "cooperative", "company", "outsourced")[: rng.randint(2, 4)]
    }
    a = appraise_options(principles, options)
    # ranks by brute force: 1 + the number of options scoring strictly more (exactly)
    total = sum(Fraction(p.weight) for p in principles)
    exact = {
        o: sum(Fraction(p.weight) / total * options[o][p.name] for p in principles) for o in options
    }
    assert a.ranks == {o: 1 + sum(exact[x] > exact[o] for x in options) for o in options}
    assert a.not_discriminating == [n for n in names if len({options[o][n] for o in options}) == 1]
    step = 1 / 4000
    for c in names:
        lo, hi = a.weight_intervals[c]
        inside = _scan(principles, options, c, a.top)
        assert lo <= a.weights[c] + 1e-12
        assert a.weights[c] <= hi + 1e-12
        assert inside.min() == pytest.approx(lo, abs=step)
        assert inside.max() == pytest.approx(hi, abs=step)
        # one interval: every grid point between its ends keeps the top
        between = np.linspace(0, 1, 4001)
        between = between[(between >= lo + 1e-9) & (between <= hi - 1e-9)]
        assert set(np.round(between, 9)) <= set(np.round(inside, 9))


def test_the_case_appraisal_comes_from_its_document() -> None:
    doc = small()
    doc["principles"] = [{"name": p.name, "weight": p.weight} for p in PRINCIPLES]
    doc["options_scored"] = OPTIONS
    case = parse_case(doc)
    from corpbench.plan import appraise

    assert appraise(case) == appraise_options(PRINCIPLES, OPTIONS)
