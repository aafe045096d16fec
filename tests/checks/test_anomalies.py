"""Anomaly warnings: each rule flags what it should and nothing else."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tables import assert_bit_identical
from corpbench.bench.totals import totals_by_level
from corpbench.checks import anomalies
from corpbench.checks.anomalies import (
    AnomalyRules,
    anomaly_issues,
    find_anomalies,
    next_year,
)
from corpbench.ingest import read_bundle, validate_bundle
from corpbench.ingest.issues import Severity
from corpbench.standard import Vocabulary
from corpbench.standard.bundle import Bundle
from reference.random_bundles import random_bundle, write_bundle_dir

Y1, Y2 = "2009/10", "2010/11"


def _bundle(
    costs: list[dict[str, object]], n_orgs: int = 6, years: tuple[str, ...] = (Y1,)
) -> Bundle:
    codes = [f"ORG{i:02d}" for i in range(1, n_orgs + 1)]
    orgs = pl.DataFrame(
        {
            "org_code": codes,
            "org_name": codes,
            "org_type": ["acute"] * n_orgs,
            "region": ["R"] * n_orgs,
        }
    )
    finance = pl.DataFrame(
        [
            {"org_code": c, "year": y, "turnover": 100e6, "total_pay": 60e6, "total_fte": 2000.0}
            for c in codes
            for y in years
        ]
    )
    rows = [
        {"process": None, "non_pay_cost": 0.0, "shared_cost": None, "delivery_model": None, **r}
        for r in costs
    ]
    return Bundle.from_tables(
        organisations=orgs, finance=finance, function_costs=pl.DataFrame(rows)
    )


def _normal(
    code: str, pay: float = 1_000_000.0, fte: float = 22.0, year: str = Y1
) -> dict[str, object]:
    return {"org_code": code, "year": year, "function": "finance", "pay_cost": pay, "fte": fte}


def _rules(found: pl.DataFrame) -> list[tuple[str, str, str, str]]:
    return [
        (r["org_code"], r["function"], r["rule"], r["kpi"]) for r in found.iter_rows(named=True)
    ]


def test_a_clean_round_has_no_anomaly() -> None:
    data = _bundle([_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 7)])
    assert find_anomalies(data).is_empty()


def test_cost_per_fte_outside_the_plausible_band_is_flagged() -> None:
    costs = [_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 5)]
    costs.append(_normal("ORG05", 1_040_000, fte=200.0))  # £5,200 per FTE: too low
    costs.append(_normal("ORG06", 1_050_000, fte=5.0))  # £210,000 per FTE: too high
    found = find_anomalies(_bundle(costs)).filter(pl.col("rule") == "cost_per_fte_band")
    assert _rules(found) == [
        ("ORG05", "finance", "cost_per_fte_band", "cost_per_fte"),
        ("ORG06", "finance", "cost_per_fte_band", "cost_per_fte"),
    ]
    assert found["value"].to_list() == pytest.approx([5_200.0, 210_000.0])
    assert found["lower"].to_list() == [15_000.0, 15_000.0]
    assert found["upper"].to_list() == [150_000.0, 150_000.0]
    assert "£5200" in found["message"][0]


def test_a_kpi_beyond_three_iqr_of_its_peers_is_flagged() -> None:
    # % of turnover 1.00, 1.01, ..., 1.04 and one at 3.0: q1 1.0125, q3 1.0375 (n=6),
    # IQR 0.025, upper fence 1.0375 + 0.075 = 1.1125 -> 3.0 is far out; pct_pay also
    costs = [_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * (i - 1), fte=22.0) for i in range(1, 6)]
    costs.append(_normal("ORG06", 3_000_000, fte=66.0))
    found = find_anomalies(_bundle(costs)).filter(pl.col("rule") == "peer_outlier")
    assert set(_rules(found)) == {
        ("ORG06", "all", "peer_outlier", "pct_turnover"),
        ("ORG06", "finance", "peer_outlier", "pct_turnover"),
        ("ORG06", "all", "peer_outlier", "pct_pay"),
        ("ORG06", "finance", "peer_outlier", "pct_pay"),
    }
    row = found.filter((pl.col("function") == "finance") & (pl.col("kpi") == "pct_turnover"))
    assert row["upper"][0] == pytest.approx(1.0375 + 3 * 0.025)
    assert row["lower"][0] == pytest.approx(1.0125 - 3 * 0.025)


def test_groups_smaller_than_the_minimum_are_not_judged() -> None:
    costs = [_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 5)]
    costs.append(_normal("ORG05", 9_000_000, fte=200.0))
    data = _bundle(costs, n_orgs=5)
    assert "peer_outlier" in find_anomalies(data)["rule"].to_list()
    unjudged = find_anomalies(data, rules=AnomalyRules(min_peers=6))
    assert "peer_outlier" not in unjudged["rule"].to_list()


def test_a_cost_that_more_than_doubles_year_on_year_is_flagged() -> None:
    costs = [_normal("ORG01"), _normal("ORG01", 2_100_000, fte=46.0, year=Y2)]
    costs += [_normal("ORG02"), _normal("ORG02", 1_900_000, fte=40.0, year=Y2)]  # ×1.9: fine
    found = find_anomalies(_bundle(costs, n_orgs=2, years=(Y1, Y2)))
    found = found.filter(pl.col("rule") == "year_on_year")
    assert _rules(found) == [
        ("ORG01", "all", "year_on_year", "cost"),
        ("ORG01", "finance", "year_on_year", "cost"),
    ]
    assert found["year"].to_list() == [Y2, Y2]
    assert found["lower"][0] == pytest.approx(500_000)
    assert found["upper"][0] == pytest.approx(2_000_000)


def test_next_year_follows_the_financial_year_format() -> None:
    years = pl.DataFrame({"y": ["2009/10", "1999/00", "2019/20"]})
    out = years.select(next_year(pl.col("y")))["y"].to_list()
    assert out == ["2010/11", "2000/01", "2020/21"]


def test_shared_cost_without_a_delivery_model_is_flagged_per_line() -> None:
    costs = [
        {**_normal("ORG01"), "process": "accounts_payable", "shared_cost": 100.0},
        {**_normal("ORG01"), "process": "treasury", "shared_cost": 0.0},
        {**_normal("ORG02"), "shared_cost": 50.0, "delivery_model": "shared"},
    ]
    found = find_anomalies(_bundle(costs, n_orgs=2)).filter(
        pl.col("rule") == "shared_without_model"
    )
    assert found.select("org_code", "process", "value").rows() == [
        ("ORG01", "accounts_payable", 100.0)
    ]


def test_load_warnings_cover_only_the_new_bundles_returns() -> None:
    stored = _bundle([_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 7)])
    stored_bad = _bundle(
        [_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 6)]
        + [_normal("ORG06", 1_060_000, fte=2.0)]
    )
    new = Bundle.from_tables(
        finance=stored.finance.filter(pl.col("org_code") == "ORG01"),
        function_costs=pl.DataFrame(
            [{**_normal("ORG01", 1_010_000, fte=500.0), "non_pay_cost": 0.0}]
        ),
    )
    issues = anomaly_issues(stored_bad, new)
    # ORG06's stored anomaly is not this load's business; ORG01's new one is
    assert "cost_per_fte_band" in {i.code for i in issues}
    assert {i.code for i in issues} <= {"cost_per_fte_band", "peer_outlier"}
    assert all(i.severity is Severity.WARNING for i in issues)
    assert all(i.message.startswith("ORG01 2009/10 ") for i in issues)
    band = next(i for i in issues if i.code == "cost_per_fte_band")
    assert band.column == "cost_per_fte"
    assert band.value == repr(1_010_000 / 500)


def test_a_process_level_warning_names_the_process() -> None:
    costs = [{**_normal("ORG01"), "process": "accounts_payable", "shared_cost": 100.0}]
    new = _bundle(costs, n_orgs=1)
    issues = anomaly_issues(Bundle(), new)
    shared = next(i for i in issues if i.code == "shared_without_model")
    assert shared.message.startswith("ORG01 2009/10 finance (accounts_payable): shared cost")
    assert (shared.column, shared.value) == ("shared_cost", "100.0")


# --- find_anomalies on integer keys gives the rules as defined, bit for bit -------------------

#: Amounts with ties (quartiles between equal values), zeros, pairs whose quotient polars and
#: Python round differently (3e8 / 2.5e8) and sums whose order shows in the last bits.
AMOUNTS = [0.0, 0.1, 0.3, 1.0, 9.99, 2500.0, 40_000.0, 123_456.78, 1e6, 2.5e8, 3e8, 1e16]
FTES = [None, 0.0, 0.5, 1.0, 2.5, 22.0]
#: Years with a gap and one not written YYYY/YY (followed by 2013/14 all the same).
YEARS = ["2009/10", "2010/11", "2011/12", "2012/14", "2013/14", "1999/00"]
TYPES = ["acute", "acute", "community", " ", None]
FUNCTIONS = ["admin", "al", "finance", "hr", "Zeta"]

RULES = [
    AnomalyRules(),
    AnomalyRules(iqr_factor=0.5, min_peers=2, year_on_year_factor=1.2),
    AnomalyRules(
        outlier_kpis=("pct_turnover", "shared_pct", "cost_per_org_fte", "pct_running_costs"),
        min_peers=1,
        iqr_factor=0.0,
    ),
    AnomalyRules(outlier_kpis=(), cost_per_fte_low=0.0),
]


@st.composite
def bundles(draw: st.DrawFn, amounts: list[float] = AMOUNTS) -> Bundle:
    """Small rounds of several organisation types and years, with missing and zero figures."""
    n = draw(st.integers(1, 10))
    codes = [f"O{i:02d}" for i in range(n)]
    orgs = pl.DataFrame(
        {
            "org_code": codes,
            "org_name": codes,
            "org_type": [draw(st.sampled_from(TYPES)) for _ in codes],
            "region": ["R"] * n,
        },
        schema_overrides={"org_type": pl.String},
    )
    years = draw(st.lists(st.sampled_from(YEARS), min_size=1, max_size=3, unique=True))
    money = st.sampled_from(amounts)
    finance, costs = [], []
    for code in codes:
        for year in years:
            if draw(st.integers(0, 5)) > 0:
                finance.append(
                    {
                        "org_code": code,
                        "year": year,
                        "turnover": draw(st.one_of(st.none(), money)),
                        "total_pay": draw(st.one_of(st.none(), money)),
                        "total_fte": draw(st.sampled_from(FTES)),
                        "running_costs": draw(st.one_of(st.none(), money)),
                    }
                )
            if draw(st.integers(0, 4)) == 0:
                continue
            for function in draw(st.lists(st.sampled_from(FUNCTIONS), max_size=4, unique=True)):
                processes = draw(
                    st.lists(st.sampled_from([None, "p", "q"]), min_size=1, max_size=3, unique=True)
                )
                costs += [
                    {
                        "org_code": code,
                        "year": year,
                        "function": function,
                        "process": process,
                        "pay_cost": draw(money),
                        "non_pay_cost": draw(money),
                        "fte": draw(st.sampled_from(FTES)),
                        "shared_cost": draw(st.one_of(st.none(), money)),
                        "delivery_model": draw(st.sampled_from([None, "shared"])),
                    }
                    for process in processes
                ]
    schema = {
        "turnover": pl.Float64,
        "total_pay": pl.Float64,
        "total_fte": pl.Float64,
        "running_costs": pl.Float64,
        "fte": pl.Float64,
        "shared_cost": pl.Float64,
        "process": pl.String,
        "delivery_model": pl.String,
    }
    cost_table = pl.DataFrame(costs, schema_overrides=schema) if costs else None
    if cost_table is not None and draw(st.booleans()):
        cost_table = cost_table.sample(fraction=1.0, shuffle=True, seed=draw(st.integers(0, 9)))
    tables = {"organisations": orgs}
    if finance:
        tables["finance"] = pl.DataFrame(finance, schema_overrides=schema)
    if cost_table is not None:
        tables["function_costs"] = cost_table
    return Bundle.from_tables(**tables)


def _as_defined(data: Bundle, rules: AnomalyRules) -> pl.DataFrame:
    return anomalies._anomalies(data, rules, integer_keys=False).sort(
        anomalies.SORT_KEY, nulls_last=False
    )


def _takes_integer_keys(data: Bundle, rules: AnomalyRules) -> bool:
    needed = sorted({"cost_per_fte", *rules.outlier_kpis})
    levels = totals_by_level(data.function_costs, shared="shared_pct" in needed)
    return anomalies._coded_kpis(*levels, data, needed) is not None


@settings(max_examples=60, deadline=None)
@given(bundles(), st.sampled_from(RULES))
def test_anomalies_on_integer_keys_are_the_anomalies_as_defined(
    data: Bundle, rules: AnomalyRules
) -> None:
    assert _takes_integer_keys(data, rules)
    assert_bit_identical(find_anomalies(data, rules=rules), _as_defined(data, rules))


@settings(max_examples=20, deadline=None)
@given(bundles(amounts=[*AMOUNTS, -0.0]), st.sampled_from(RULES))
def test_a_kpi_of_minus_zero_is_judged_as_defined(data: Bundle, rules: AnomalyRules) -> None:
    # -0.0 sorts equal to 0.0: quartiles over both could take either sign, so such data goes
    # the defined way (and gives the same rows either way)
    assert_bit_identical(find_anomalies(data, rules=rules), _as_defined(data, rules))


def test_minus_zero_duplicates_nulls_and_odd_years_take_the_defined_way() -> None:
    clean = _bundle([_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 7)])
    rules = AnomalyRules()
    assert _takes_integer_keys(clean, rules)
    minus_zero = Bundle.from_tables(
        organisations=clean.organisations,
        finance=clean.finance,
        function_costs=clean.function_costs.with_columns(
            pl.when(pl.col("org_code") == "ORG01").then(-0.0).otherwise(pl.col(c)).alias(c)
            for c in ("pay_cost", "non_pay_cost")
        ),
    )
    twice = pl.concat([clean.finance, clean.finance.head(1)])
    odd_year = clean.function_costs.with_columns(pl.lit("Y2009").alias("year"))
    # 2009/10 and 2009/11 are both followed by 2010/11
    same_next = pl.concat(
        [
            clean.function_costs,
            clean.function_costs.with_columns(pl.lit("2009/11").alias("year")),
            clean.function_costs.with_columns(pl.lit("2010/11").alias("year")),
        ]
    )
    for data in (
        minus_zero,
        Bundle.from_tables(
            organisations=clean.organisations, finance=twice, function_costs=clean.function_costs
        ),
        Bundle.from_tables(
            organisations=pl.concat([clean.organisations, clean.organisations.head(1)]),
            finance=clean.finance,
            function_costs=clean.function_costs,
        ),
        Bundle.from_tables(
            organisations=clean.organisations,
            finance=clean.finance,
            function_costs=clean.function_costs.with_columns(pl.lit(None, pl.String).alias("year")),
        ),
        Bundle.from_tables(
            organisations=clean.organisations,
            finance=clean.finance,
            function_costs=clean.function_costs.with_columns(pl.lit("all").alias("function")),
        ),
        Bundle.from_tables(
            organisations=clean.organisations, finance=clean.finance, function_costs=odd_year
        ),
        Bundle.from_tables(
            organisations=clean.organisations, finance=clean.finance, function_costs=same_next
        ),
    ):
        assert not _takes_integer_keys(data, rules)
    assert_bit_identical(find_anomalies(minus_zero), _as_defined(minus_zero, rules))
    with pytest.raises(pl.exceptions.InvalidOperationError):
        find_anomalies(
            Bundle.from_tables(organisations=clean.organisations, function_costs=odd_year)
        )
    with pytest.raises(ValueError, match="unknown KPI codes: nope"):
        find_anomalies(clean, rules=AnomalyRules(outlier_kpis=("nope",)))


@pytest.mark.parametrize("seed", range(6))
def test_random_valid_rounds_give_the_anomalies_as_defined(seed: int, tmp_path: Path) -> None:
    rows = random_bundle(random.Random(seed))
    raw = read_bundle(write_bundle_dir(rows, tmp_path), max_file_bytes=2**26)
    report, data = validate_bundle(raw, vocab=Vocabulary())
    assert data is not None, report
    for rules in RULES:
        assert _takes_integer_keys(data, rules)
        assert_bit_identical(find_anomalies(data, rules=rules), _as_defined(data, rules))
