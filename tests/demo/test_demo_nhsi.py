"""The NHS Improvement 2016/17 demo round: its definition, its fictional register (about 230
trusts in six types, every one responding, in the 44 STP footprints), the six functions with the
definition's processes, and its calibration computed by the engine from the data: total spend
£3.3-3.5bn, median-method saving £480-510m, IM&T 30-36% and governance and risk 22-28% of it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from corpbench.bench.engine import Benchmark
from corpbench.demo import DEMO_ROUNDS, NHSI_ROUND, demo_round, generate, generate_rounds
from corpbench.demo.calibrate import reference_summary
from corpbench.standard.bundle import Bundle
from corpbench.standard.rounds import read_round

YEAR = "2016/17"
NHSI_FILE = Path(__file__).resolve().parents[2] / "src/corpbench/demo/nhsi-2017.toml"
PATHFINDERS = {
    ("North West London", "London"),
    ("Greater Manchester", "North"),
    ("Mid and South Essex", "Midlands and East"),
    ("Kent and Medway", "South"),
}
SIX = {"finance", "governance_risk", "hr", "imt", "legal", "procurement"}


@pytest.fixture(scope="module")
def nhsi() -> Bundle:
    return generate(round=NHSI_ROUND)


@pytest.fixture(scope="module")
def bench(nhsi: Bundle) -> Benchmark:
    return Benchmark.from_bundle(nhsi)


def test_the_definition_names_the_round_its_year_types_functions_and_footprints() -> None:
    definition = read_round(NHSI_FILE)
    assert (definition.name, definition.years) == ("nhsi-2017", (YEAR,))
    assert set(definition.org_type_codes) == {
        "acute",
        "acute_teaching",
        "specialist",
        "mental_health",
        "community",
        "ambulance",
    }
    assert all(t.label and t.label != t.code for t in definition.org_types)
    assert set(definition.function_codes) == SIX
    assert definition.regions == ("London", "North", "Midlands and East", "South")
    footprints = {(f.name, f.region) for f in definition.footprints}
    assert len(footprints) == 44
    assert footprints >= PATHFINDERS
    bands = definition.size_bands
    assert [b.min_turnover for b in bands] == [0, *(b.max_turnover for b in bands[:-1])]
    assert NHSI_ROUND.definition_text() == NHSI_FILE.read_text(encoding="utf-8")


def test_about_230_trusts_every_one_responding_in_the_six_types(nhsi: Bundle) -> None:
    orgs = nhsi.organisations
    assert 220 <= orgs.height <= 240
    assert set(orgs["org_type"]) == set(read_round(NHSI_FILE).org_type_codes)
    assert set(nhsi.finance["org_code"]) == set(orgs["org_code"])
    assert set(nhsi.function_costs["org_code"]) == set(orgs["org_code"])
    assert set(nhsi.finance["year"]) == {YEAR}
    teaching = dict(orgs.group_by("org_type").agg(pl.col("teaching").all()).iter_rows())
    assert teaching["acute_teaching"] is True


def test_trusts_fill_every_footprint_of_their_region(nhsi: Bundle) -> None:
    definition = read_round(NHSI_FILE)
    places = set(nhsi.organisations.select("footprint", "region").iter_rows())
    assert places == {(f.name, f.region) for f in definition.footprints}
    per_footprint = nhsi.organisations.group_by("footprint").len()["len"]
    assert per_footprint.min() >= 5  # type: ignore[operator]


def test_codes_and_names_are_distinct_from_the_qipp_demos() -> None:
    qipp, nhsi = generate(), generate(round=NHSI_ROUND)
    assert not set(qipp.organisations["org_code"]) & set(nhsi.organisations["org_code"])
    assert not set(qipp.organisations["org_name"]) & set(nhsi.organisations["org_name"])
    assert nhsi.organisations["org_code"].str.contains(r"^Z[A-Z]\d{5}$").all()


def test_every_trust_returns_the_six_functions_in_the_definitions_processes(
    nhsi: Bundle,
) -> None:
    processes = read_round(NHSI_FILE).process_classes
    fc = nhsi.function_costs
    lines = fc.select("org_code", "function").unique()
    assert dict(lines.group_by("function").len().iter_rows()) == dict.fromkeys(
        SIX, nhsi.organisations.height
    )
    for function in SIX:
        assert set(fc.filter(pl.col("function") == function)["process"]) == set(
            processes[function]
        ), function
    indicators = read_round(NHSI_FILE).indicators
    assert set(nhsi.indicators["indicator"]) <= set(indicators)
    assert set(nhsi.indicators["function"]) <= SIX


def test_same_seed_same_round_other_seed_other_values(nhsi: Bundle) -> None:
    again = generate(round=NHSI_ROUND, seed=NHSI_ROUND.seed)
    assert again.function_costs.equals(nhsi.function_costs)
    other = generate(round=NHSI_ROUND, seed=1)
    assert not other.function_costs.equals(nhsi.function_costs)
    assert other.organisations["org_type"].equals(nhsi.organisations["org_type"])


def test_every_round_bundle_holds_both_registers_and_all_three_years() -> None:
    both = generate_rounds()
    assert both.organisations.height == generate().organisations.height + 232
    assert sorted(set(both.finance["year"])) == ["2009/10", "2010/11", YEAR]
    assert [r.name for r in DEMO_ROUNDS] == ["qipp-2010", "nhsi-2017"]
    assert demo_round("nhsi-2017") is NHSI_ROUND
    with pytest.raises(ValueError, match="qipp-2010, nhsi-2017"):
        demo_round("nhsi-2018")


def test_total_spend_3_3_to_3_5bn_and_median_saving_480_to_510m(bench: Benchmark) -> None:
    national = bench.summary("median", year=YEAR).filter(pl.col("org_type") == "all")
    row = national.row(0, named=True)
    assert row["eligible"] == row["respondents"] == 232
    assert 3.3e9 <= row["spend_extrapolated"] <= 3.5e9
    assert 480e6 <= row["saving_extrapolated"] <= 510e6


def test_imt_30_to_36_and_governance_22_to_28_percent_of_the_saving(bench: Benchmark) -> None:
    savings = bench.savings("median", year=YEAR).filter(pl.col("function") != "all")
    by_function = dict(savings.group_by("function").agg(pl.col("saving").sum()).iter_rows())
    total = sum(by_function.values())
    assert 0.30 <= by_function["imt"] / total <= 0.36
    assert 0.22 <= by_function["governance_risk"] / total <= 0.28
    # the largest two, as NHS Improvement found
    assert sorted(by_function, key=by_function.__getitem__)[-2:] == ["governance_risk", "imt"]


def test_calibration_holds_for_other_seeds_too() -> None:
    """The constants match the expected figures, not one seed's luck."""
    for seed in (5, 99):
        engine = Benchmark.from_bundle(generate(round=NHSI_ROUND, seed=seed))
        row = engine.summary("median", year=YEAR).filter(pl.col("org_type") == "all").row(0)
        saving = row[-1]
        assert 470e6 <= saving <= 520e6, seed


def test_the_calibrations_reference_summary_agrees_with_the_engine(
    nhsi: Bundle, bench: Benchmark
) -> None:
    ours = reference_summary(nhsi, YEAR, "median").sort("org_type")
    engine = bench.summary("median", year=YEAR).filter(pl.col("org_type") != "all").sort("org_type")
    assert ours["org_type"].to_list() == engine["org_type"].to_list()
    for c in ("spend_extrapolated", "saving_extrapolated"):
        assert ours[c].to_list() == pytest.approx(engine[c].to_list(), rel=1e-9), c
