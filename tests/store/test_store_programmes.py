"""Programmes in the store: readiness answers and must-have statuses are versions (a change is a
new row, the current one the newest), nothing is overwritten, and lessons are only added."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from corpbench.store import Store, StoreError

T1 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 2, 5, 9, 0, tzinfo=UTC)


def test_answers_and_must_haves_keep_every_version(store: Store) -> None:
    p = store.programmes.create(name="P", footprint="NCL", year=None, case_id=None, by="a")
    assert p.id == 1
    store.programmes.save_answer(
        1, "direction", answer="none yet", owner="CEO", answered_on=date(2026, 1, 5),
        rag="red", by="a", at=T1,
    )  # fmt: skip
    store.programmes.save_answer(
        1, "direction", answer="board minute 12", owner="CEO", answered_on=date(2026, 2, 5),
        rag="green", by="b", at=T2,
    )  # fmt: skip
    store.programmes.save_answer(
        1, "decisions", answer="STP board", owner="SRO", answered_on=None, rag="amber", by="a"
    )
    versions = store.programmes.answer_versions(1)
    assert [(v.question, v.version, v.answer, v.rag, v.saved_by) for v in versions] == [
        ("decisions", 1, "STP board", "amber", "a"),
        ("direction", 1, "none yet", "red", "a"),
        ("direction", 2, "board minute 12", "green", "b"),
    ]
    assert versions[1].answered_on == date(2026, 1, 5)
    assert versions[1].saved_at == T1
    assert versions[2].saved_at == T2
    current = store.programmes.answers(1)
    assert current["direction"].answer == "board minute 12"
    assert current["decisions"].answered_on is None

    store.programmes.save_must_have(1, "mandate", met=False, evidence="", by="a")
    store.programmes.save_must_have(1, "mandate", met=True, evidence="minute 12", by="b")
    assert [(v.version, v.met, v.evidence) for v in store.programmes.must_have_versions(1)] == [
        (1, False, ""),
        (2, True, "minute 12"),
    ]
    assert store.programmes.must_haves(1)["mandate"].met is True


def test_refusals_store_nothing(store: Store) -> None:
    with pytest.raises(StoreError, match="no programme 3"):
        store.programmes.save_answer(
            3, "direction", answer="x", owner="y", answered_on=None, rag="red", by="a"
        )
    with pytest.raises(StoreError, match="no case 4"):
        store.programmes.create(name="P", footprint=None, year=None, case_id=4, by="a")
    with pytest.raises(StoreError, match="a programme needs a name"):
        store.programmes.create(name=" ", footprint=None, year=None, case_id=None, by="a")
    with pytest.raises(StoreError, match="no programme 5"):
        store.programmes.add_lessons(
            [
                {"lesson_date": date(2026, 1, 1), "programme_id": None, "theme": "other",
                 "kind": "went_well", "text": "stored only with the next"},
                {"lesson_date": date(2026, 1, 1), "programme_id": 5, "theme": "other",
                 "kind": "went_well", "text": "x"},
            ],
            by="a",
        )  # fmt: skip
    assert store.programmes.in_use() == []
    assert store.programmes.lessons() == []


def test_lessons_are_added_newest_date_first(store: Store) -> None:
    store.programmes.create(name="P", footprint=None, year=None, case_id=None, by="a")
    ids = store.programmes.add_lessons(
        [
            {"lesson_date": date(2018, 6, 1), "programme_id": None, "theme": "baseline",
             "kind": "went_well", "text": "old", "example": True, "source": "seed 000"},
            {"lesson_date": date(2026, 3, 1), "programme_id": 1, "theme": "governance",
             "kind": "do_differently", "text": "new"},
        ],
        by="a",
    )  # fmt: skip
    assert ids == [1, 2]
    assert store.programmes.has_examples()
    found = store.programmes.lessons()
    assert [(x.id, x.text, x.example, x.programme_id, x.source) for x in found] == [
        (2, "new", False, 1, None),
        (1, "old", True, None, "seed 000"),
    ]
    assert found[1].lesson_date == date(2018, 6, 1)


def test_a_rename_and_a_retirement_are_new_versions_of_that_programme_only(store: Store) -> None:
    store.programmes.create(name="P", footprint="NCL", year="2016/17", case_id=None, by="a")
    store.programmes.create(name="Q", footprint="NCL", year=None, case_id=None, by="a")
    store.programmes.save_answer(
        1, "direction", answer="minute 12", owner="CEO", answered_on=None, rag="green", by="a"
    )
    renamed = store.programmes.rename(1, "  P two ", by="b", at=T1)
    assert (renamed.id, renamed.name, renamed.footprint, renamed.year, renamed.retired_at) == (
        1, "P two", "NCL", "2016/17", None
    )  # fmt: skip
    with pytest.raises(StoreError, match=r"^a programme needs a name$"):
        store.programmes.rename(1, "  ", by="b")
    gone = store.programmes.retire(1, by="c", at=T2)
    assert gone.retired_at is not None
    assert gone.retired_at.replace(tzinfo=UTC) == T2  # SQLite gives it back without a zone
    assert [p.id for p in store.programmes.in_use()] == [2]
    # a retired programme is kept, with what hangs on it, but nothing more is done to it
    stored = store.programmes.get(1)
    assert stored is not None
    assert stored.name == "P two"
    assert [a.answer for a in store.programmes.answer_versions(1)] == ["minute 12"]
    for change in (
        lambda: store.programmes.retire(1, by="c"),
        lambda: store.programmes.rename(1, "P three", by="c"),
        lambda: store.programmes.retire(9, by="c"),
    ):
        with pytest.raises(StoreError, match=r"^no programme [19]$"):
            change()
    other = store.programmes.get(2)
    assert other is not None
    assert (other.name, other.retired_at) == ("Q", None)
    # nothing overwritten: every name and the retirement are versions, with who and when
    history = [(v.version, v.name, v.retired, v.saved_by) for v in store.programmes.versions(1)]
    assert history == [(1, "P", False, "a"), (2, "P two", False, "b"), (3, "P two", True, "c")]
    assert store.programmes.versions(1)[1].saved_at.replace(tzinfo=UTC) == T1
    assert [(v.version, v.name) for v in store.programmes.versions(2)] == [(1, "Q")]
