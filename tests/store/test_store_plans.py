"""Business cases in the store: every save a version with who and when, retiring a retired
version, nothing overwritten, and the newest version of each case in use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from corpbench.store import Store, StoreError

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def _save(store: Store, case_id: int | None, text: str, **kw: object) -> int:
    fields: dict[str, object] = {
        "name": "A case",
        "footprint": "NCL",
        "partners": ["AC001", "AC002"],
        "year": "2009/10",
        "fmt": "toml",
        "by": "a@nhs.test",
        **kw,
    }
    saved = store.plans.save(case_id, text=text, **fields)  # type: ignore[arg-type]
    return saved.case_id


def test_versions_are_added_never_overwritten(store: Store) -> None:
    first = _save(store, None, "horizon = 1\n", at=T0)
    second = _save(store, None, "horizon = 2\n", name="Other", footprint=None, partners=[])
    assert (first, second) == (1, 2)
    # the same text again is a version too: a save records who agreed it and when
    _save(store, first, "horizon = 1\n", by="b@nhs.test", at=T0 + timedelta(hours=1))
    _save(store, first, "horizon = 3\n", name="Renamed", at=T0 + timedelta(hours=2))
    versions = store.plans.versions(first)
    assert [(v.version, v.name, v.text, v.saved_by) for v in versions] == [
        (1, "A case", "horizon = 1\n", "a@nhs.test"),
        (2, "A case", "horizon = 1\n", "b@nhs.test"),
        (3, "Renamed", "horizon = 3\n", "a@nhs.test"),
    ]
    assert [v.saved_at for v in versions] == [T0 + timedelta(hours=h) for h in (0, 1, 2)]
    assert versions[0].partners == ("AC001", "AC002")
    assert versions[0].footprint == "NCL"
    assert [(v.case_id, v.version) for v in store.plans.in_use()] == [(1, 3), (2, 1)]
    other = store.plans.latest(second)
    assert other is not None
    assert (other.footprint, other.partners) == (None, ())


def test_retiring_adds_a_retired_version_keeping_the_text(store: Store) -> None:
    case = _save(store, None, "horizon = 1\n")
    gone = store.plans.retire(case, by="c@nhs.test")
    assert (gone.version, gone.retired, gone.text, gone.saved_by) == (
        2, True, "horizon = 1\n", "c@nhs.test"
    )  # fmt: skip
    assert store.plans.in_use() == []
    with pytest.raises(StoreError, match="no case 1"):
        store.plans.retire(case, by="c@nhs.test")
    with pytest.raises(StoreError, match="no case 1"):
        _save(store, case, "horizon = 2\n")
    with pytest.raises(StoreError, match="no case 9"):
        _save(store, 9, "horizon = 2\n")
    assert [v.retired for v in store.plans.versions(case)] == [False, True]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "a case needs a name"),
        ({"by": ""}, "the name of who saves a case"),
        ({"fmt": "yaml"}, "a case's format is toml or json"),
        ({"partners": ["AC 001"]}, "a partner code is blank or has a space"),
    ],
)
def test_bad_fields_are_refused(store: Store, fields: dict[str, object], message: str) -> None:
    with pytest.raises(StoreError, match=message):
        _save(store, None, "horizon = 1\n", **fields)
    assert store.plans.in_use() == []


def test_an_organisation_is_a_partner_while_the_newest_version_of_a_case_names_it(
    store: Store,
) -> None:
    assert not store.plans.partner_in_any("AC001")
    case = _save(store, None, "horizon = 1\n", partners=["AC001", "AC002"])
    # a whole code only: AC00 and C001 are parts of codes, not partners
    assert [store.plans.partner_in_any(c) for c in ("AC001", "AC002", "AC00", "C001", "AC003")] == [
        True,
        True,
        False,
        False,
        False,
    ]
    # the newest version counts: AC001 dropped, then the case retired
    _save(store, case, "horizon = 2\n", partners=["AC002"])
    assert not store.plans.partner_in_any("AC001")
    assert store.plans.partner_in_any("AC002")
    store.plans.retire(case, by="c@nhs.test")
    assert not store.plans.partner_in_any("AC002")
    # a code with the pattern characters of LIKE is matched as written
    _save(store, None, "horizon = 1\n", partners=["A%1"])
    assert store.plans.partner_in_any("A%1")
    assert not store.plans.partner_in_any("A%")


def test_the_newest_version_of_each_case_is_the_one_in_use(store: Store) -> None:
    # versions interleaved across cases: case 1 has 3, case 2 has 1, case 3 is retired
    one = _save(store, None, "v1\n")
    two = _save(store, None, "w1\n", name="Two")
    _save(store, one, "v2\n")
    three = _save(store, None, "x1\n", name="Three")
    _save(store, one, "v3\n")
    store.plans.retire(three, by="c@nhs.test")
    assert [(v.case_id, v.version, v.text) for v in store.plans.in_use()] == [
        (one, 3, "v3\n"),
        (two, 1, "w1\n"),
    ]
    latest = store.plans.latest(three)
    assert latest is not None
    assert (latest.version, latest.retired) == (2, True)
    assert store.plans.latest(99) is None
