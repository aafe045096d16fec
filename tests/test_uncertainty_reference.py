"""``corpbench export uncertainty`` against an independent implementation of the method page
(docs uncertainty.md; tests/reference/bootstrap.py), on random edge-case bundles, on SQLite and
on PostgreSQL.

The random bundles (tests/reference/random_bundles.py) have types of one, two and three
respondents (and more), a register type with no respondents, non-respondents with a finance row,
functions some organisations lack and functions costing 0; the engine's draws and the
reference's come from different random streams, so:

- the rows (level, key, year) are exactly the reference's, sorted by level then key;
- each estimate is exactly the figure of ``export summary`` / ``export savings`` (the same text)
  and the reference's exact figure within 1e-9 relative;
- each interval end lies within sampling error of the reference distribution: with 2,000 draws
  each side, the engine's 2.5th percentile lies between the reference's 0.5th and 6th
  percentiles and its 97.5th between the 94th and 99.5th (a miss is many standard errors away,
  and the bands hold for discrete distributions too, as quantiles are monotone).
"""

from __future__ import annotations

import random
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpbench.cli import app
from reference import read_bundle_dir
from reference.bootstrap import ref_bootstrap, ref_estimates
from reference.compare import parse_machine_csv
from reference.model import ALL, totals
from reference.random_bundles import random_bundle, write_bundle_dir
from reference.statistics import quantile7

DRAWS = 2000
METHODS = ("iqm", "median", "q1")
COLUMNS = ["level", "key", "year", "method", "estimate", "low", "high"]
#: Seeds of the random bundles: each runs one method (in turn) on each database.
SEEDS = range(6)
BASE_SEED = 1402


#: The reference draws per seed, shared by the SQLite and PostgreSQL cases.
_REFERENCE: dict[int, dict[tuple[str, str, str], list[float]]] = {}


def _run(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"CORPBENCH_DB": db_url})
    assert result.exit_code == 0, result.stderr or result.stdout
    return result.stdout


def _quantile(values: list[float], p: float) -> float:
    return float(quantile7([Fraction(v) for v in values], Fraction(p)))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-6


@pytest.mark.parametrize("seed", SEEDS)
def test_export_uncertainty_agrees_with_the_reference_bootstrap(
    seed: int, db_url: str, tmp_path: Path
) -> None:
    rng = random.Random(BASE_SEED + seed)
    method = METHODS[seed % len(METHODS)]
    folder = write_bundle_dir(random_bundle(rng), tmp_path / "bundle")
    _run(db_url, "load", str(folder))
    text = _run(db_url, "export", "uncertainty", "--method", method, "--draws", str(DRAWS))
    assert text.splitlines()[0].split(",") == COLUMNS
    rows = parse_machine_csv(text)
    b = read_bundle_dir(folder)

    keys = [(r["level"], r["key"], r["year"]) for r in rows]
    assert keys == sorted(keys)
    expected = ref_estimates(b, method)
    assert set(keys) == set(expected)
    assert {r["method"] for r in rows} == {method}

    # the estimates are the summary's and the savings' figures, exactly (the same text)
    summary = {
        (r["org_type"], r["year"]): r["saving_extrapolated"]
        for r in parse_machine_csv(_run(db_url, "export", "summary", "--method", method))
    }
    org_savings: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in parse_machine_csv(_run(db_url, "export", "savings", "--method", method)):
        if r["function"] != "all":
            org_savings[(r["org_code"], r["year"])].append(float(r["saving"]))
    for r in rows:
        figure = (r["level"], r["key"], r["year"])
        assert _close(float(r["estimate"]), expected[figure]), (figure, r, expected[figure])
        if r["level"] in ("all", "org_type"):
            assert r["estimate"] == summary[(r["key"], r["year"])]
        if r["level"] == "organisation":
            assert _close(float(r["estimate"]), sum(sorted(org_savings[(r["key"], r["year"])])))

    # the interval ends within sampling error of the reference distribution
    if seed not in _REFERENCE:
        _REFERENCE[seed] = ref_bootstrap(b, method, DRAWS, seed)
    reference = _REFERENCE[seed]
    for r in rows:
        figure = (r["level"], r["key"], r["year"])
        values = reference[figure]
        low, high = float(r["low"]), float(r["high"])
        assert low <= high
        band_low = (_quantile(values, 0.005), _quantile(values, 0.06))
        band_high = (_quantile(values, 0.94), _quantile(values, 0.995))
        assert band_low[0] - 1e-6 <= low <= band_low[1] + 1e-6, (figure, low, band_low)
        assert band_high[0] - 1e-6 <= high <= band_high[1] + 1e-6, (figure, high, band_high)


def test_export_uncertainty_refuses_a_fixed_target(sqlite_url: str, tmp_path: Path) -> None:
    folder = write_bundle_dir(random_bundle(random.Random(3)), tmp_path / "bundle")
    _run(sqlite_url, "load", str(folder))
    for method in ("threshold:6", "external:hackett_median"):
        result = CliRunner().invoke(
            app, ["export", "uncertainty", "--method", method], env={"CORPBENCH_DB": sqlite_url}
        )
        assert result.exit_code == 2
        assert "fixed target" in result.stderr
        assert result.stdout == ""


def test_the_seeds_cover_the_edge_cases_of_the_bootstrap(tmp_path: Path) -> None:
    """Across SEEDS: types of one, two and three respondents, a register type with none, a
    non-respondent with a finance row, and an organisation lacking a function others have."""
    sizes: set[int] = set()
    silent_type = non_respondent = lacking = False
    for seed in SEEDS:
        folder = write_bundle_dir(
            random_bundle(random.Random(BASE_SEED + seed)), tmp_path / str(seed)
        )
        b = read_bundle_dir(folder)
        for y in {y for (_o, y) in b.finance}:
            returns = {(o, f) for (o, yy, f) in totals(b) if yy == y and f != ALL}
            responded = {o for o, _f in returns}
            per_type: dict[str, int] = defaultdict(int)
            for o in responded:
                per_type[b.organisations[o].org_type] += 1
            sizes |= set(per_type.values())
            types = {org.org_type for org in b.organisations.values()}
            silent_type |= bool(types - set(per_type))
            non_respondent |= any(o not in responded for (o, yy) in b.finance if yy == y)
            functions = {f for _o, f in returns}
            lacking |= any((o, f) not in returns for o in responded for f in functions)
    assert {1, 2, 3} <= sizes
    assert silent_type
    assert non_respondent
    assert lacking
