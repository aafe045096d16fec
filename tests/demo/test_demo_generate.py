"""The demo generator: determinism, QIPP 2010 Table 4 counts, structure of the round and drift."""

from __future__ import annotations

import polars as pl
import pytest

from corpbench.demo import DEFAULT_YEARS, generate
from corpbench.standard import DEFAULT_INDICATORS, PROCESS_CLASSES
from corpbench.standard.bundle import SCHEMAS, Bundle

TABLES = ("organisations", "finance", "function_costs", "indicators")

# QIPP 2010 Table 4 as given for the demo round (eligible, respondents in 2009/10).
TABLE4 = {
    "acute": (62, 54),
    "acute_ft": (124, 72),
    "pct_commissioner": (50, 46),
    "pct_provider": (50, 46),
    "pct_undifferentiated": (52, 48),
    "mental_health": (21, 21),
    "mental_health_ft": (32, 17),
    "ambulance": (11, 9),
    "community": (2, 2),
}
# The rates the report prints (Table 4), rounded to whole per cent.
TABLE4_RATE_PCT = {
    "acute": 87,
    "acute_ft": 58,
    "pct_commissioner": 92,
    "pct_provider": 92,
    "pct_undifferentiated": 92,
    "mental_health": 100,
    "mental_health_ft": 53,
    "ambulance": 82,
    "community": 100,
}


def respondents(bundle: Bundle, year: str) -> pl.DataFrame:
    """org_code, org_type of the organisations with function_costs rows in ``year``."""
    codes = bundle.function_costs.filter(pl.col("year") == year).select("org_code").unique()
    return codes.join(bundle.organisations.select("org_code", "org_type"), on="org_code")


def per_type(bundle: Bundle, year: str) -> dict[str, tuple[int, int]]:
    eligible = dict(bundle.organisations.group_by("org_type").len().iter_rows())
    responded = dict(respondents(bundle, year).group_by("org_type").len().iter_rows())
    return {t: (eligible[t], responded.get(t, 0)) for t in eligible}


def test_same_seed_gives_identical_bundle(demo_bundle: Bundle) -> None:
    again = generate(seed=2010)
    for name in TABLES:
        assert again.table(name).equals(demo_bundle.table(name)), name
    assert again.present == demo_bundle.present == frozenset(TABLES)


def test_other_seed_gives_other_values_but_same_counts(demo_bundle: Bundle) -> None:
    other = generate(seed=7)
    assert not other.function_costs.equals(demo_bundle.function_costs)
    assert per_type(other, "2009/10") == per_type(demo_bundle, "2009/10") == TABLE4


def test_tables_have_the_canonical_schemas(demo_bundle: Bundle) -> None:
    for name in TABLES:
        assert dict(demo_bundle.table(name).schema) == dict(SCHEMAS[name]), name


def test_first_year_eligible_and_respondents_are_table4_exactly(demo_bundle: Bundle) -> None:
    counts = per_type(demo_bundle, "2009/10")
    assert counts == TABLE4
    assert sum(e for e, _ in counts.values()) == 404
    assert sum(r for _, r in counts.values()) == 315
    assert round(100 * 315 / 404) == 78
    for org_type, (e, r) in counts.items():
        assert round(100 * r / e) == TABLE4_RATE_PCT[org_type], org_type


def test_scale_multiplies_counts_rounding_and_never_drops_a_type() -> None:
    bundle = generate(scale=2.0, years=("2009/10",))
    counts = per_type(bundle, "2009/10")
    assert counts == {t: (2 * e, 2 * r) for t, (e, r) in TABLE4.items()}
    tiny = per_type(generate(scale=0.1, years=("2009/10",)), "2009/10")
    assert tiny["community"] == (1, 1)  # 0.2 rounds to 0, kept at 1
    assert tiny["acute_ft"] == (12, 7)  # 12.4 -> 12, 7.2 -> 7


def test_non_positive_scale_or_no_years_is_refused() -> None:
    with pytest.raises(ValueError, match="scale"):
        generate(scale=0)
    with pytest.raises(ValueError, match="year"):
        generate(years=())


def test_non_respondents_have_no_cost_rows_and_some_have_finance(demo_bundle: Bundle) -> None:
    year = "2009/10"
    responded = set(respondents(demo_bundle, year)["org_code"])
    finance = set(demo_bundle.finance.filter(pl.col("year") == year)["org_code"])
    silent = set(demo_bundle.organisations["org_code"]) - responded
    assert len(silent) == 404 - 315
    assert responded <= finance
    silent_with_finance = silent & finance
    assert 0 < len(silent_with_finance) < len(silent)
    indicator_orgs = set(demo_bundle.indicators.filter(pl.col("year") == year)["org_code"])
    assert indicator_orgs <= responded


#: QIPP 2010 collected these seven functions only.
QIPP_SEVEN = ("finance", "hr", "imt", "procurement", "estates", "payroll", "governance_risk")


def test_every_line_is_broken_into_all_recommended_processes(demo_bundle: Bundle) -> None:
    fc = demo_bundle.function_costs
    for function in QIPP_SEVEN:
        processes = PROCESS_CLASSES[function]
        rows = fc.filter(pl.col("function") == function)
        assert set(rows["process"].unique()) == set(processes), function
        per_line = rows.group_by("org_code", "year").agg(pl.col("process").n_unique())
        assert (per_line["process"] == len(processes)).all(), function
    assert fc["process"].null_count() == 0


def test_every_respondent_returns_qipps_seven_functions_and_no_other(
    demo_bundle: Bundle,
) -> None:
    lines = demo_bundle.function_costs.select("org_code", "year", "function").unique()
    returns = lines.select("org_code", "year").unique().height
    share = dict(lines.group_by("function").len().iter_rows())
    assert share == dict.fromkeys(QIPP_SEVEN, returns)


def test_indicators_use_the_scorecard_codes_with_consistent_values(demo_bundle: Bundle) -> None:
    ind = demo_bundle.indicators
    assert set(ind["indicator"].unique()) == set(DEFAULT_INDICATORS)
    assert ind["value"].min() >= 0  # type: ignore[operator]
    wide = ind.pivot(on="indicator", index=["org_code", "year"], values="value")
    for part, whole in (
        ("invoices_paid_30_days", "invoices_paid"),
        ("orders_electronic", "orders_placed"),
        ("payslips_in_error", "payslips"),
    ):
        both = wide.drop_nulls([part, whole])
        assert both.height > 0
        assert (both[part] <= both[whole]).all(), part
    # No (org, year, function, indicator) twice.
    assert ind.select("org_code", "year", "function", "indicator").is_unique().all()


def test_second_year_drifts_a_few_percent_with_some_joiners_and_leavers(
    demo_bundle: Bundle,
) -> None:
    first, second = DEFAULT_YEARS
    r1 = set(respondents(demo_bundle, first)["org_code"])
    r2 = set(respondents(demo_bundle, second)["org_code"])
    assert 0 < len(r1 - r2) <= 0.1 * len(r1)
    assert 0 < len(r2 - r1) <= 0.1 * len(r1)
    fin = demo_bundle.finance.pivot(on="year", index="org_code", values="turnover").drop_nulls()
    growth = (fin[second] / fin[first] - 1).median()
    assert 0.0 < growth < 0.06  # type: ignore[operator]
    cost = (
        demo_bundle.function_costs.group_by("org_code", "year")
        .agg((pl.col("pay_cost") + pl.col("non_pay_cost")).sum().alias("cost"))
        .pivot(on="year", index="org_code", values="cost")
        .drop_nulls()
    )
    change = (cost[second] / cost[first] - 1).abs()
    assert change.median() < 0.08  # type: ignore[operator]
    assert change.max() < 0.5  # type: ignore[operator]


def test_register_is_fictional_with_regions_footprints_and_teaching(demo_bundle: Bundle) -> None:
    orgs = demo_bundle.organisations
    assert orgs["org_code"].str.starts_with("Z").all()  # no real ODS code starts with Z
    assert orgs["org_name"].is_unique().all()
    assert orgs["region"].n_unique() == 10
    assert orgs["footprint"].null_count() == 0
    teaching = orgs.group_by("org_type").agg(pl.col("teaching").sum())
    taught = dict(teaching.iter_rows())
    assert taught["acute"] > 0
    assert taught["acute_ft"] > 0
    assert taught["ambulance"] == 0
    assert taught["pct_commissioner"] == 0


def test_single_year_round_has_only_that_year() -> None:
    bundle = generate(years=("2011/12",))
    for name in ("finance", "function_costs", "indicators"):
        assert bundle.table(name)["year"].unique().to_list() == ["2011/12"]
