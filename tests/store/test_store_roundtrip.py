"""current() gives back exactly what was loaded: values, nulls, booleans and text as given."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from corpbench.standard.bundle import SCHEMAS, Bundle
from corpbench.store import Store
from store.bundles import SHA_A, Y1, Y2, bundle, cost, fin, ind, org

ODD_TEXT = [
    "Accounts Payable",
    "accounts_payable ",
    "",
    "  leading and trailing  ",
    'quote " comma , pipe | semicolon ;',
    "line\nbreak",
    "Zürich — café ✓ 日本",
    "\\N",
    "NULL",
    "9:x|~",
]


def _rich_bundle() -> Bundle:
    codes = ["RAA01", "RBB02", "RCC03"]
    orgs = [
        org("RAA01", footprint="North Central London", teaching=True),
        org("RBB02", footprint=None, teaching=None, org_type="mental_health"),
        org("RCC03", footprint="", teaching=False, org_name='O\'Brien & Sons "Trust"'),
    ]
    finance = [
        fin("RAA01", Y1, running_costs=190_000_000.25, non_pay=0.0, employees=3_512.0),
        fin("RAA01", Y2, turnover=0.1 + 0.2, total_pay=0.0, total_fte=0.0),
        fin("RBB02", Y1, turnover=1e-300, total_pay=1.7976931348623157e308, employees=None),
        fin("RCC03", Y1, turnover=123_456_789.123456789),
    ]
    costs = [
        cost(
            code,
            "finance",
            text,
            Y1,
            pay_cost=1_000.0 + i / 3,
            shared_cost=(None if i % 2 else i * 0.1),
            delivery_model=(None, "in_house", "shared", "outsourced", "mixed")[i % 5],
        )
        for code in codes
        for i, text in enumerate(ODD_TEXT)
    ]
    costs += [
        cost("RAA01", "hr", None, Y2, fte=0.0, non_pay_cost=0.0),
        cost("RAA01", "imt", "Service Desk", Y2, pay_cost=5e-324),
    ]
    indicators = [
        ind("RAA01", "finance", "invoices_paid", 45_000.0),
        ind("RAA01", "finance", "debtor_days", -3.5),
        ind("RBB02", "hr", "recruits", 0.0, Y1),
    ]
    return bundle(orgs=orgs, finance=finance, costs=costs, indicators=indicators)


def _sorted(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort(df.columns, nulls_last=True)


def test_current_equals_what_was_loaded(store: Store) -> None:
    loaded = _rich_bundle()
    store.load(loaded, by="a", source="s", sha256=SHA_A)
    current = store.current()
    for name in SCHEMAS:
        got = current.table(name)
        want = loaded.table(name)
        assert got.schema == want.schema, name
        assert_frame_equal(_sorted(got), _sorted(want), check_exact=True)
    assert current.present == frozenset(SCHEMAS)


def test_lines_come_back_in_the_order_loaded_within_each_return(store: Store) -> None:
    store.load(_rich_bundle(), by="a", source="s", sha256=SHA_A)
    lines = store.current().function_costs.filter(pl.col("org_code") == "RBB02")
    assert lines["process"].to_list() == ODD_TEXT


def test_empty_process_and_null_process_stay_distinct(store: Store) -> None:
    store.load(_rich_bundle(), by="a", source="s", sha256=SHA_A)
    lines = store.current(year=Y2).function_costs
    assert lines["process"].to_list() == [None, "Service Desk"]
    y1 = store.current(year=Y1).function_costs.filter(pl.col("org_code") == "RAA01")
    assert y1["process"].to_list().count("") == 1
    assert y1["process"].null_count() == 0


def test_teaching_true_false_and_null_round_trip(store: Store) -> None:
    store.load(_rich_bundle(), by="a", source="s", sha256=SHA_A)
    register = store.current().organisations
    assert register.select("org_code", "teaching", "footprint").rows() == [
        ("RAA01", True, "North Central London"),
        ("RBB02", None, None),
        ("RCC03", False, ""),
    ]


def test_empty_store_gives_empty_canonical_tables(store: Store) -> None:
    current = store.current()
    for name, schema in SCHEMAS.items():
        assert current.table(name).height == 0
        assert dict(current.table(name).schema) == dict(schema)


def test_reloading_what_current_returned_adds_no_version(store: Store) -> None:
    store.load(_rich_bundle(), by="a", source="s", sha256=SHA_A)
    result = store.load(store.current(), by="a", source="s", sha256=SHA_A)
    assert result.new_org_versions == []
    assert result.new_return_versions == []
    assert len(result.unchanged_return_versions) == 4


def test_year_filter_is_a_value_not_sql(store: Store) -> None:
    store.load(_rich_bundle(), by="a", source="s", sha256=SHA_A)
    hostile = store.current(year="2009/10' OR '1'='1")
    assert hostile.finance.height == 0
    assert hostile.function_costs.height == 0
    assert store.current(year=Y1).finance.height == 3


def test_returns_come_in_byte_order_of_org_code_then_year(store: Store) -> None:
    codes = ["RZ001", "R0001", "RA001", "R9999"]
    store.load(
        bundle(
            orgs=[org(c) for c in codes],
            finance=[fin(c, y) for c in codes for y in (Y2, Y1)],
            costs=[cost(c, "hr", None, y) for c in codes for y in (Y2, Y1)],
        ),
        by="a",
        source="s",
        sha256=SHA_A,
    )
    current = store.current()
    expected = [(c, y) for c in sorted(codes) for y in (Y1, Y2)]
    assert current.organisations["org_code"].to_list() == sorted(codes)
    assert current.finance.select("org_code", "year").rows() == expected
    assert current.function_costs.select("org_code", "year").rows() == expected
