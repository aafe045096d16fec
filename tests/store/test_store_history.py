"""history() and loads() record who loaded what, when (UTC), from which file and its SHA-256."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from corpbench.store import Store, StoreError, VersionInfo
from store.bundles import SHA_A, SHA_B, Y1, Y2, bundle, cost, fin, ind, one_org_bundle, org

T0 = datetime(2026, 1, 5, 9, 30, 15, 123456, tzinfo=UTC)


def test_history_lists_every_version_with_who_when_source_and_sha(store: Store) -> None:
    first = store.load(
        one_org_bundle(pay=1.0), by="alice", source="/in/r1.zip", sha256=SHA_A, at=T0
    )
    t1 = T0 + timedelta(hours=2)
    second = store.load(
        bundle(
            orgs=[org("RAA01", region="North")],
            finance=[fin("RAA01"), fin("RAA01", Y2)],
            costs=[cost("RAA01", "hr", None), cost("RAA01", "hr", None, Y2)],
        ),
        by="bob",
        source="r2.xlsx",
        sha256=SHA_B.upper(),
        at=t1,
    )
    history = store.history("RAA01")
    assert history == [
        VersionInfo(
            "register", "RAA01", None, 1, T0, "alice", "/in/r1.zip", SHA_A, first.load_id, 0, 0
        ),
        VersionInfo(
            "return", "RAA01", Y1, 1, T0, "alice", "/in/r1.zip", SHA_A, first.load_id, 2, 1
        ),
        VersionInfo(
            "register", "RAA01", None, 2, t1, "bob", "r2.xlsx", SHA_B, second.load_id, 0, 0
        ),
        VersionInfo("return", "RAA01", Y1, 2, t1, "bob", "r2.xlsx", SHA_B, second.load_id, 1, 0),
        VersionInfo("return", "RAA01", Y2, 1, t1, "bob", "r2.xlsx", SHA_B, second.load_id, 1, 0),
    ]
    assert all(
        v.loaded_at.tzinfo is not None and v.loaded_at.utcoffset() == timedelta(0) for v in history
    )


def test_load_time_given_in_another_zone_is_stored_as_utc(store: Store) -> None:
    paris = timezone(timedelta(hours=1))
    store.load(
        one_org_bundle(),
        by="a",
        source="s",
        sha256=SHA_A,
        at=datetime(2026, 3, 1, 10, 0, tzinfo=paris),
    )
    (entry,) = store.loads()
    assert entry.loaded_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert entry.loaded_at.tzinfo == UTC


def test_default_load_time_is_now_in_utc(store: Store) -> None:
    before = datetime.now(UTC)
    result = store.load(one_org_bundle(), by="a", source="s", sha256=SHA_A)
    after = datetime.now(UTC)
    assert before <= result.loaded_at <= after
    assert store.loads()[0].loaded_at == result.loaded_at


def test_history_of_unknown_org_is_empty(store: Store) -> None:
    store.load(one_org_bundle(), by="a", source="s", sha256=SHA_A)
    assert store.history("RZZ99") == []


def test_history_of_other_orgs_is_not_mixed_in(store: Store) -> None:
    store.load(
        bundle(
            orgs=[org("RAA01"), org("RBB02")],
            finance=[fin("RBB02")],
            indicators=[ind("RBB02", "hr", "recruits", 3.0)],
        ),
        by="a",
        source="s",
        sha256=SHA_A,
    )
    assert [(v.kind, v.year) for v in store.history("RAA01")] == [("register", None)]
    assert [(v.kind, v.year, v.cost_lines, v.indicators) for v in store.history("RBB02")] == [
        ("register", None, 0, 0),
        ("return", Y1, 0, 1),
    ]


def test_loads_lists_every_load_oldest_first_with_counts(store: Store) -> None:
    store.load(one_org_bundle(pay=1.0), by="alice", source="one.zip", sha256=SHA_A, at=T0)
    store.load(
        one_org_bundle(pay=1.0), by="bob", source="two.zip", sha256=SHA_B, at=T0 + timedelta(1)
    )
    store.load(
        one_org_bundle(pay=5.0), by="carol", source="three.zip", sha256=SHA_A, at=T0 + timedelta(2)
    )
    assert [
        (x.load_id, x.loaded_by, x.source, x.sha256, x.org_versions, x.return_versions)
        for x in store.loads()
    ] == [
        (1, "alice", "one.zip", SHA_A, 1, 1),
        (2, "bob", "two.zip", SHA_B, 0, 0),
        (3, "carol", "three.zip", SHA_A, 0, 1),
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sha256": "abc"}, "SHA-256"),
        ({"by": "  "}, "by"),
        ({"at": datetime(2026, 1, 1)}, "timezone"),
    ],
    ids=["short-sha", "blank-by", "naive-time"],
)
def test_load_refuses_bad_provenance(store: Store, kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"by": "a", "source": "s", "sha256": SHA_A, **kwargs}
    with pytest.raises(StoreError, match=message):
        store.load(one_org_bundle(), **args)  # type: ignore[arg-type]
    assert store.loads() == []
