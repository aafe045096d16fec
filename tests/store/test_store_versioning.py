"""Returns and register entries are versioned: a change adds a version, identical data adds
none, nothing is ever overwritten, and current() reads the latest version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from corpbench.store import Store, VersionRef
from store.bundles import SHA_A, SHA_B, Y1, Y2, bundle, cost, fin, ind, one_org_bundle, org

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def test_first_load_adds_version_1_of_register_entry_and_return(store: Store) -> None:
    result = store.load(one_org_bundle(), by="alice", source="r.zip", sha256=SHA_A, at=T0)
    assert result.new_org_versions == [VersionRef("RAA01", None, 1)]
    assert result.new_return_versions == [VersionRef("RAA01", Y1, 1)]
    assert result.unchanged_org_versions == []
    assert result.unchanged_return_versions == []
    assert result.changed


def test_identical_reload_adds_no_version_and_reports_the_stored_one(store: Store) -> None:
    store.load(one_org_bundle(), by="alice", source="r.zip", sha256=SHA_A, at=T0)
    again = store.load(one_org_bundle(), by="bob", source="r2.zip", sha256=SHA_B)
    assert again.new_org_versions == []
    assert again.new_return_versions == []
    assert again.unchanged_org_versions == [VersionRef("RAA01", None, 1)]
    assert again.unchanged_return_versions == [VersionRef("RAA01", Y1, 1)]
    assert not again.changed
    assert [v.version for v in store.history("RAA01")] == [1, 1]
    # the load itself is still recorded, with nothing added
    assert [(x.loaded_by, x.org_versions, x.return_versions) for x in store.loads()] == [
        ("alice", 1, 1),
        ("bob", 0, 0),
    ]


def test_row_order_does_not_make_a_new_version(store: Store) -> None:
    first = one_org_bundle()
    store.load(first, by="a", source="s", sha256=SHA_A)
    shuffled = bundle(
        orgs=first.organisations.rows(named=True),
        finance=first.finance.rows(named=True),
        costs=list(reversed(first.function_costs.rows(named=True))),
        indicators=first.indicators.rows(named=True),
    )
    assert store.load(shuffled, by="a", source="s", sha256=SHA_A).new_return_versions == []


def test_changed_cost_adds_version_2_and_current_reads_it(store: Store) -> None:
    store.load(one_org_bundle(pay=1_000.0), by="a", source="v1.csv", sha256=SHA_A, at=T0)
    result = store.load(one_org_bundle(pay=1_000.5), by="b", source="v2.csv", sha256=SHA_B)
    assert result.new_return_versions == [VersionRef("RAA01", Y1, 2)]
    assert result.unchanged_org_versions == [VersionRef("RAA01", None, 1)]
    current = store.current()
    assert sorted(current.function_costs["pay_cost"].to_list()) == [1_000.0, 1_000.5]
    assert current.function_costs.height == 2  # version 1's lines are not mixed in


def test_a_changed_indicator_alone_makes_a_new_return_version(store: Store) -> None:
    store.load(one_org_bundle(), by="a", source="s", sha256=SHA_A)
    changed = bundle(
        finance=[fin("RAA01")],
        costs=one_org_bundle().function_costs.rows(named=True),
        indicators=[ind("RAA01", "finance", "invoices_paid", 12_001.0)],
    )
    result = store.load(changed, by="a", source="s", sha256=SHA_A)
    assert result.new_return_versions == [VersionRef("RAA01", Y1, 2)]
    assert store.current().indicators["value"].to_list() == [12_001.0]


def test_old_versions_are_kept_whole(store: Store, db_url: str) -> None:
    from sqlalchemy import create_engine, text

    from corpbench.store.segments import decode

    store.load(one_org_bundle(pay=1.0), by="a", source="s", sha256=SHA_A)
    store.load(one_org_bundle(pay=2.0), by="a", source="s", sha256=SHA_A)
    store.load(one_org_bundle(pay=3.0), by="a", source="s", sha256=SHA_A)
    engine = create_engine(db_url)
    with engine.connect() as conn:
        versions: dict[int, int] = dict(
            conn.execute(text("SELECT id, version FROM return_versions")).all()
        )
        blobs = conn.execute(
            text("SELECT data FROM line_segments WHERE kind = 'function_costs' ORDER BY id")
        ).scalars()
        stored = [decode(bytes(b), "function_costs") for b in blobs]
    engine.dispose()
    first_lines = [
        (versions[r["return_version_id"]], r["pay_cost"])
        for df in stored
        for r in df.filter(pl.col("seq") == 0).iter_rows(named=True)
    ]
    assert first_lines == [(1, 1.0), (2, 2.0), (3, 3.0)]
    assert store.current().function_costs["pay_cost"].to_list() == [3.0, 1_000.0]


def test_reverting_to_earlier_content_is_a_new_version(store: Store) -> None:
    store.load(one_org_bundle(pay=1.0), by="a", source="s", sha256=SHA_A)
    store.load(one_org_bundle(pay=2.0), by="a", source="s", sha256=SHA_A)
    back = store.load(one_org_bundle(pay=1.0), by="a", source="s", sha256=SHA_A)
    assert back.new_return_versions == [VersionRef("RAA01", Y1, 3)]


def test_register_change_adds_org_version_and_current_shows_it(store: Store) -> None:
    store.load(bundle(orgs=[org("RAA01"), org("RBB02")]), by="a", source="s", sha256=SHA_A)
    renamed = bundle(orgs=[org("RAA01", org_name="New name", teaching=True), org("RBB02")])
    result = store.load(renamed, by="a", source="s", sha256=SHA_A)
    assert result.new_org_versions == [VersionRef("RAA01", None, 2)]
    assert result.unchanged_org_versions == [VersionRef("RBB02", None, 1)]
    register = store.current().organisations
    assert register.rows() == [
        ("RAA01", "New name", "acute", "London", None, True),
        ("RBB02", "Trust RBB02", "acute", "London", None, False),
    ]
    assert [(v.kind, v.version) for v in store.history("RAA01")] == [
        ("register", 1),
        ("register", 2),
    ]


def test_register_entry_missing_from_a_later_bundle_is_kept(store: Store) -> None:
    store.load(bundle(orgs=[org("RAA01"), org("RBB02")]), by="a", source="s", sha256=SHA_A)
    store.load(bundle(orgs=[org("RBB02", region="North")]), by="a", source="s", sha256=SHA_A)
    assert store.current().organisations["org_code"].to_list() == ["RAA01", "RBB02"]
    assert store.known_org_codes() == {"RAA01", "RBB02"}


def test_null_and_empty_footprint_are_different_versions(store: Store) -> None:
    store.load(bundle(orgs=[org("RAA01", footprint=None)]), by="a", source="s", sha256=SHA_A)
    result = store.load(bundle(orgs=[org("RAA01", footprint="")]), by="a", source="s", sha256=SHA_A)
    assert result.new_org_versions == [VersionRef("RAA01", None, 2)]


def test_several_orgs_and_years_are_versioned_independently(store: Store) -> None:
    codes = ["RAA01", "RBB02", "RCC03"]
    first = bundle(
        orgs=[org(c) for c in codes],
        finance=[fin(c, y) for c in codes for y in (Y1, Y2)],
        costs=[cost(c, "hr", None, y) for c in codes for y in (Y1, Y2)],
    )
    result = store.load(first, by="a", source="s", sha256=SHA_A)
    assert len(result.new_return_versions) == 6
    second = bundle(
        finance=[fin(c, y) for c in codes for y in (Y1, Y2)],
        costs=[
            cost(c, "hr", None, y, fte=9.0 if (c, y) == ("RBB02", Y2) else 2.5)
            for c in codes
            for y in (Y1, Y2)
        ],
    )
    result = store.load(second, by="a", source="s", sha256=SHA_A)
    assert result.new_return_versions == [VersionRef("RBB02", Y2, 2)]
    assert len(result.unchanged_return_versions) == 5
    current = store.current()
    assert current.finance.select("org_code", "year").rows() == [
        (c, y) for c in codes for y in (Y1, Y2)
    ]
    ftes = current.function_costs.filter(pl.col("org_code") == "RBB02")["fte"].to_list()
    assert ftes == [2.5, 9.0]
    only_y2 = store.current(year=Y2)
    assert only_y2.finance["year"].unique().to_list() == [Y2]
    assert only_y2.function_costs.height == 3
    assert only_y2.organisations.height == 3  # the register is not per year


def test_return_of_org_in_the_register_but_not_the_bundle_is_accepted(store: Store) -> None:
    store.load(bundle(orgs=[org("RAA01")]), by="a", source="s", sha256=SHA_A)
    result = store.load(
        bundle(finance=[fin("RAA01", Y2)], costs=[cost("RAA01", "imt", "service_desk", Y2)]),
        by="a",
        source="s",
        sha256=SHA_A,
        at=T0 + timedelta(days=1),
    )
    assert result.new_return_versions == [VersionRef("RAA01", Y2, 1)]


def test_current_after_a_load_is_the_overlay_of_the_bundle_on_the_store(store: Store) -> None:
    from polars.testing import assert_frame_equal

    from corpbench.standard.bundle import SCHEMAS, overlay

    first = bundle(
        orgs=[org("RAA01"), org("RBB02")],
        finance=[fin("RAA01"), fin("RAA01", Y2), fin("RBB02")],
        costs=[cost("RAA01", "hr", None), cost("RAA01", "hr", None, Y2), cost("RBB02", "imt", "x")],
        indicators=[ind("RAA01", "hr", "recruits", 5.0), ind("RBB02", "imt", "workstations", 9.0)],
    )
    store.load(first, by="a", source="s", sha256=SHA_A)
    before = store.current()
    second = bundle(
        orgs=[org("RBB02", region="North"), org("RCC03")],
        finance=[fin("RAA01", turnover=1.0), fin("RCC03", Y2)],
        costs=[cost("RAA01", "legal", None), cost("RCC03", "hr", None, Y2)],
    )
    store.load(second, by="a", source="s", sha256=SHA_A)
    expected = overlay(before, second)
    after = store.current()
    for name in SCHEMAS:
        got, want = after.table(name), expected.table(name)
        assert_frame_equal(got.sort(got.columns), want.sort(want.columns), check_exact=True)
    # RAA01 2009/10 was replaced whole: its indicator went with the old version
    assert after.indicators["org_code"].to_list() == ["RBB02"]
