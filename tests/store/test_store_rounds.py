"""Round definitions are versioned in the store like the register, and a round holding returns
cannot lose a code they use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from corpbench.standard.rounds import default_round_text, parse_round
from corpbench.store import Store, StoreError
from corpbench.store.engine import current_revision, make_engine, migrate
from store.bundles import SHA_A, bundle, cost, fin, ind, one_org_bundle, org

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"
AT = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def _add(store: Store, text: str, by: str = "ana") -> tuple[int, bool]:
    saved = store.rounds.add(parse_round(text), text, by=by, at=AT)
    return saved.round.version, saved.changed


def test_an_empty_store_knows_the_built_in_default_round(store: Store) -> None:
    rounds = store.rounds.all()
    assert [(r.name, r.version, r.built_in) for r in rounds] == [("qipp-2010", 0, True)]
    owner = store.rounds.of_year("2010/11")
    assert owner is not None
    assert owner.name == "qipp-2010"
    assert store.rounds.of_year("2021/22") is None


def test_a_round_gets_a_new_version_only_when_its_text_changes(store: Store) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert _add(store, text) == (1, True)
    assert _add(store, text, by="bo") == (1, False)
    changed = text.replace('label = "Legal services"', 'label = "Legal"')
    assert _add(store, changed, by="bo") == (2, True)
    assert store.rounds.versions("example-2022") == [(1, AT, "ana"), (2, AT, "bo")]
    owner = store.rounds.of_year("2021/22")
    assert owner is not None
    assert (owner.name, owner.version, owner.added_by) == ("example-2022", 2, "bo")
    assert owner.text == changed
    assert owner.definition.functions[2].label == "Legal"
    assert [r.name for r in store.rounds.all()] == ["qipp-2010", "example-2022"]


def test_the_default_round_file_added_as_it_is_is_unchanged(store: Store) -> None:
    assert _add(store, default_round_text()) == (0, False)


def test_a_year_belongs_to_one_round(store: Store) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"2021/22"', '"2010/11"')
    other = text.replace('name = "example-2022"', 'name = "other"')
    with pytest.raises(StoreError, match=r"2010/11 \(round qipp-2010\)"):
        _add(store, other)
    assert [r.name for r in store.rounds.all()] == ["qipp-2010"]


def test_a_round_holding_returns_cannot_lose_a_code_they_use(store: Store) -> None:
    store.load(one_org_bundle(), by="a", source="s", sha256=SHA_A)  # 2009/10: finance, hr
    text = default_round_text()
    no_hr = text.replace('code = "hr"', 'code = "human_resources"')
    with pytest.raises(StoreError) as caught:
        _add(store, no_hr)
    assert "2009/10 returns use function(s) hr" in str(caught.value)
    no_acute = text.replace('code = "acute"\n', 'code = "acute_trust"\n')
    with pytest.raises(StoreError, match=r"2009/10 returns use organisation type\(s\) acute"):
        _add(store, no_acute)
    no_invoices = text.replace('    "invoices_paid",\n', "")
    with pytest.raises(StoreError, match=r"indicator\(s\) invoices_paid"):
        _add(store, no_invoices)
    only_2010 = text.replace('years = ["2009/10", "2010/11"]', 'years = ["2010/11"]')
    with pytest.raises(StoreError, match=r"year 2009/10 holds 1 return\(s\)"):
        _add(store, only_2010)
    assert store.rounds.versions("qipp-2010") == []
    # a code no return uses may go
    no_legal = text.replace('code = "legal"', 'code = "legal_services"')
    assert _add(store, no_legal) == (1, True)


def test_a_new_round_must_hold_the_returns_already_stored_in_its_years(store: Store) -> None:
    y = "2021/22"
    store.load(
        bundle(
            orgs=[org("RXX01", org_type="specialist")],
            finance=[fin("RXX01", y)],
            costs=[cost("RXX01", "estates", None, y)],
            indicators=[ind("RXX01", "finance", "payslips", 1.0, y)],
        ),
        by="a",
        source="s",
        sha256=SHA_A,
    )
    with pytest.raises(StoreError) as caught:
        _add(store, EXAMPLE.read_text(encoding="utf-8"))
    assert str(caught.value).endswith("2021/22 returns use function(s) estates")


def test_who_adds_a_round_must_be_named(store: Store) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    with pytest.raises(StoreError, match="by"):
        store.rounds.add(parse_round(text), text, by=" ")


def test_migration_0004_adds_round_versions_and_steps_back(db_url: str) -> None:
    from alembic import command

    from corpbench.store.engine import alembic_config

    engine = make_engine(db_url)
    try:
        migrate(engine, "0003")
        assert "round_versions" not in inspect(engine).get_table_names()
        migrate(engine)
        assert "round_versions" in inspect(engine).get_table_names()
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0003")
        assert "round_versions" not in inspect(engine).get_table_names()
        assert current_revision(engine) == "0003"
    finally:
        engine.dispose()
