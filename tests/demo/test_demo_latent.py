"""The sampling helpers of the demo generator, on hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from corpbench.demo import generate
from corpbench.demo.latent import mean_one, normal_quantile, stratified


def test_normal_quantile_matches_known_values_in_body_and_tails() -> None:
    p = np.array([0.5, 0.975, 0.025, 0.8413447460685429, 1e-6, 0.999])
    expected = [0.0, 1.959963984540054, -1.959963984540054, 1.0, -4.753424308822899, 3.090232306]
    assert normal_quantile(p) == pytest.approx(expected, abs=1e-8)


def test_stratified_gives_each_group_its_midpoint_quantiles_in_score_order() -> None:
    groups = np.array([0, 1, 0, 0, 1, 0])
    score = np.array([0.9, 5.0, 0.1, 0.5, -1.0, 0.3])
    z = stratified(groups, score)
    q = normal_quantile(np.array([1 / 8, 3 / 8, 5 / 8, 7 / 8]))
    # group 0 (indices 0, 2, 3, 5) ranked by score: 2 < 5 < 3 < 0
    assert z[[2, 5, 3, 0]] == pytest.approx(q)
    # group 1 (indices 4 < 1): quantiles at 1/4 and 3/4
    assert z[[4, 1]] == pytest.approx(normal_quantile(np.array([0.25, 0.75])))
    assert stratified(np.array([3]), np.array([1.0])) == pytest.approx([0.0])


def test_mean_one_scales_each_group_to_weighted_mean_one() -> None:
    groups = np.array([0, 0, 1])
    out = mean_one(np.array([1.0, 3.0, 5.0]), groups, np.array([3.0, 1.0, 2.0]))
    # group 0: weighted mean (3·1 + 1·3)/4 = 1.5 -> 1/1.5, 3/1.5; group 1: 5/5
    assert out == pytest.approx([2 / 3, 2.0, 1.0])
    assert mean_one(np.array([2.0, 4.0]), np.array([0, 0])) == pytest.approx([2 / 3, 4 / 3])


def test_three_year_round_keeps_drifting_and_changing_respondents() -> None:
    years = ("2009/10", "2010/11", "2011/12")
    bundle = generate(years=years)
    fc = bundle.function_costs
    sets = [set(fc.filter(fc["year"] == y)["org_code"]) for y in years]
    assert sets[0] != sets[1] != sets[2]
    assert sorted(bundle.finance["year"].unique()) == list(years)
