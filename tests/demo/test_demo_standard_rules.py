"""Every value the demo generator writes obeys data standard v1 §1, checked here rule by rule
(independently of the project's validator) and through the project's reader and validator."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from corpbench.demo import generate, write_demo
from corpbench.ingest.readers import read_bundle
from corpbench.ingest.validate import validate_bundle
from corpbench.standard import (
    DEFAULT_FUNCTIONS,
    DEFAULT_INDICATORS,
    DEFAULT_ORG_TYPES,
    DELIVERY_MODELS,
)
from corpbench.standard.bundle import Bundle

CODE = r"^[A-Z0-9]{3,10}$"
YEAR = r"^\d{4}/\d{2}$"


def rule_violations(bundle: Bundle) -> list[str]:
    """The names of the data-standard rules that some row of ``bundle`` breaks."""
    orgs, fin = bundle.organisations, bundle.finance
    fc, ind = bundle.function_costs, bundle.indicators
    bad: list[str] = []

    def check(name: str, ok: bool) -> None:
        if not ok:
            bad.append(name)

    check("org_code pattern", orgs["org_code"].str.contains(CODE).all())
    check("org_code unique", orgs["org_code"].is_unique().all())
    for c in ("org_name", "org_type", "region"):
        check(f"{c} required", orgs[c].null_count() == 0 and (orgs[c].str.len_chars() > 0).all())
    check("org_type vocabulary", orgs["org_type"].is_in(list(DEFAULT_ORG_TYPES)).all())
    register = orgs["org_code"].implode()

    for name, df in (("finance", fin), ("function_costs", fc), ("indicators", ind)):
        check(f"{name} org in register", df["org_code"].is_in(register).all())
        check(f"{name} year pattern", df["year"].str.contains(YEAR).all())
        first = df["year"].str.slice(0, 4).cast(pl.Int64)
        second = df["year"].str.slice(5, 2).cast(pl.Int64)
        check(f"{name} consecutive years", ((first + 1) % 100 == second).all())
    for name, df in (("function_costs", fc), ("indicators", ind)):
        has_finance = df.join(fin, on=["org_code", "year"], how="anti").height == 0
        check(f"{name} has finance row", has_finance)
        check(f"{name} function vocabulary", df["function"].is_in(list(DEFAULT_FUNCTIONS)).all())

    check("finance key unique", fin.select("org_code", "year").is_unique().all())
    for c, strict in (("turnover", True), ("total_pay", False), ("total_fte", False)):
        col = fin[c]
        check(f"{c} required", col.null_count() == 0)
        check(f"{c} bound", ((col > 0) if strict else (col >= 0)).all())
    for c, strict in (("running_costs", True), ("non_pay", False), ("employees", False)):
        col = fin[c].drop_nulls()
        check(f"{c} bound", ((col > 0) if strict else (col >= 0)).all())

    key = ["org_code", "year", "function", "process"]
    check("function_costs key unique", fc.select(key).is_unique().all())
    for c in ("pay_cost", "non_pay_cost", "fte"):
        check(f"{c} required", fc[c].null_count() == 0)
        check(f"{c} bound", (fc[c] >= 0).all())
    shared = fc.drop_nulls("shared_cost")
    check("shared_cost bound", (shared["shared_cost"] >= 0).all())
    check(
        "shared_cost at most cost",
        (shared["shared_cost"] <= shared["pay_cost"] + shared["non_pay_cost"]).all(),
    )
    models = fc["delivery_model"].drop_nulls()
    check("delivery_model vocabulary", models.is_in(list(DELIVERY_MODELS)).all())

    check(
        "indicators key unique",
        ind.select("org_code", "year", "function", "indicator").is_unique().all(),
    )
    check("indicator vocabulary", ind["indicator"].is_in(list(DEFAULT_INDICATORS)).all())
    check("indicator value required", ind["value"].null_count() == 0)

    numbers = [df[c] for df in (fin, fc, ind) for c, t in df.schema.items() if t == pl.Float64()]
    check("numbers finite", all(s.drop_nulls().is_finite().all() for s in numbers))
    return bad


def test_rule_checker_catches_planted_violations(demo_bundle: Bundle) -> None:
    fc = demo_bundle.function_costs.head(3)
    # one organisation's code lower-cased everywhere, so that only its pattern is wrong
    code = demo_bundle.function_costs["org_code"][0]
    renamed = pl.when(pl.col("org_code") == code).then(pl.lit("za1")).otherwise(pl.col("org_code"))
    broken = Bundle.from_tables(
        organisations=demo_bundle.organisations.with_columns(renamed.alias("org_code")),
        finance=demo_bundle.finance.with_columns(renamed.alias("org_code")),
        function_costs=pl.concat(
            [fc, fc.head(1).with_columns(shared_cost=pl.col("pay_cost") * 10)]
        ).with_columns(renamed.alias("org_code")),
        indicators=demo_bundle.indicators.head(2).with_columns(renamed.alias("org_code")),
    )
    assert set(rule_violations(broken)) == {
        "org_code pattern",
        "function_costs key unique",
        "shared_cost at most cost",
    }


@pytest.mark.parametrize(("seed", "scale"), [(2010, 1.0), (11, 3.0)])
def test_generated_rounds_break_no_data_standard_rule(seed: int, scale: float) -> None:
    bundle = generate(seed=seed, scale=scale)
    assert rule_violations(bundle) == []


def test_shared_cost_always_has_a_sharing_delivery_model(demo_bundle: Bundle) -> None:
    fc = demo_bundle.function_costs
    assert fc["delivery_model"].null_count() == 0
    in_house = fc.filter(pl.col("delivery_model") == "in_house")
    assert (in_house["shared_cost"] == 0).all()
    sharing = fc.filter(pl.col("delivery_model") != "in_house")
    assert (sharing["shared_cost"] > 0).all()
    whole = fc.filter(pl.col("delivery_model").is_in(["shared", "outsourced"]))
    assert (whole["shared_cost"] == whole["pay_cost"] + whole["non_pay_cost"]).all()


def test_written_demo_passes_the_project_validator_and_reads_back_equal(
    tmp_path: Path, demo_bundle: Bundle
) -> None:
    paths = write_demo(tmp_path)
    assert [p.name for p in paths] == [
        "organisations.csv",
        "finance.csv",
        "function_costs.csv",
        "indicators.csv",
    ]
    report, loaded = validate_bundle(read_bundle(tmp_path, max_file_bytes=10**9))
    assert report.ok, report.to_json()
    assert report.errors == []
    assert loaded is not None
    for name in ("organisations", "finance", "function_costs", "indicators"):
        ours = demo_bundle.table(name)
        theirs = loaded.table(name)
        assert theirs.sort(theirs.columns).equals(ours.sort(ours.columns)), name
