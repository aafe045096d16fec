"""Programme actions through both doors: the command line (``--by NAME``) and the web app
(signed in as NAME) leave the same stored programme, readiness versions and lesson, and the same
audit entries (all of it but time and client)."""

from __future__ import annotations

from actions.conftest import Twins, last_entry
from actions.test_parity import _post
from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import Actor
from corpbench.store import Store
from web.conftest import NATIONAL


def test_a_programme_its_readiness_and_a_lesson_are_stored_and_audited_the_same(
    twins: Twins,
) -> None:
    twins.cli.ok("programme", "new", "NCL finance", "--footprint", "NCL", "--year", Y1,
                 "--by", NATIONAL)  # fmt: skip
    assert _post(twins, "/programmes", {"name": "NCL finance", "footprint": "NCL",
                                        "year": Y1, "case": ""}) == 303  # fmt: skip

    def programmes(store: Store) -> list[tuple[object, ...]]:
        return [(p.id, p.name, p.footprint, p.year, p.case_id, p.created_by)
                for p in store.programmes.in_use()]  # fmt: skip

    assert programmes(twins.cli_store) == programmes(twins.web.store)
    assert programmes(twins.web.store) == [(1, "NCL finance", "NCL", Y1, None, NATIONAL)]
    assert last_entry(twins.cli_store, "programme_save") == last_entry(
        twins.web.store, "programme_save"
    )

    twins.cli.ok("readiness", "set", "1", "direction", "--answer", "Minute 12", "--owner",
                 "CEO", "--date", "2026-01-05", "--rag", "amber", "--by", NATIONAL)  # fmt: skip
    assert _post(twins, "/programmes/1/readiness", {
        "direction-answer": "Minute 12", "direction-owner": "CEO",
        "direction-date": "2026-01-05", "direction-rag": "amber"}) == 303  # fmt: skip
    twins.cli.ok("readiness", "set", "1", "mandate", "--met", "--evidence", "Minute 12",
                 "--by", NATIONAL)  # fmt: skip
    assert _post(twins, "/programmes/1/readiness", {
        "direction-answer": "Minute 12", "direction-owner": "CEO",
        "direction-date": "2026-01-05", "direction-rag": "amber",
        "mandate-met": "1", "mandate-evidence": "Minute 12"}) == 303  # fmt: skip

    def readiness(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        return (
            [(a.question, a.version, a.answer, a.owner, a.answered_on, a.rag, a.saved_by)
             for a in store.programmes.answer_versions(1)],
            [(m.must_have, m.version, m.met, m.evidence, m.saved_by)
             for m in store.programmes.must_have_versions(1)],
        )  # fmt: skip

    assert readiness(twins.cli_store) == readiness(twins.web.store)
    assert len(readiness(twins.web.store)[0]) == 1  # the unchanged answer was not saved again
    assert [e.detail for e in twins.cli_store.audit.entries(action="readiness_save")] == [
        e.detail for e in twins.web.store.audit.entries(action="readiness_save")
    ]

    twins.cli.ok("lessons", "add", "--theme", "baseline", "--kind", "went_well", "--text",
                 "Volumes were there", "--date", "2026-02-01", "--programme", "1",
                 "--by", NATIONAL)  # fmt: skip
    assert _post(twins, "/lessons", {"theme": "baseline", "kind": "went_well",
                                     "text": "Volumes were there", "date": "2026-02-01",
                                     "programme": "1"}) == 303  # fmt: skip

    def lessons(store: Store) -> list[tuple[object, ...]]:
        return [(x.id, x.lesson_date, x.programme_id, x.theme, x.kind, x.text, x.added_by)
                for x in store.programmes.lessons()]  # fmt: skip

    assert lessons(twins.cli_store) == lessons(twins.web.store)
    assert last_entry(twins.cli_store, "lesson_add") == last_entry(twins.web.store, "lesson_add")


def test_a_rename_and_a_retirement_are_stored_and_audited_the_same(twins: Twins) -> None:
    for store in (twins.cli_store, twins.web.store):
        actions.new_programme(store, Actor.command_line(NATIONAL), name="NCL finance",
                              footprint="NCL", year=Y1)  # fmt: skip
        actions.new_programme(store, Actor.command_line(NATIONAL), name="Kept", footprint="NCL")

    said = twins.cli.ok("programme", "rename", "1", "NCL  back office", "--by", NATIONAL)
    assert "Renamed programme 1 'NCL back office'." in said.stdout
    assert _post(twins, "/programmes/1/rename", {"name": "NCL  back office"}) == 303
    assert last_entry(twins.cli_store, "programme_save") == last_entry(
        twins.web.store, "programme_save"
    )
    assert last_entry(twins.web.store, "programme_save")[3]["renamed_from"] == "NCL finance"

    # a bad name is refused by both doors, nothing stored
    refused = twins.cli("programme", "rename", "1", "  ", "--by", NATIONAL)
    assert refused.exit_code != 0
    assert "a programme needs a name" in refused.stderr
    assert _post(twins, "/programmes/1/rename", {"name": "  "}) == 400

    said = twins.cli.ok("programme", "retire", "1", "--by", NATIONAL)
    assert "Retired programme 1 'NCL back office'." in said.stdout
    assert _post(twins, "/programmes/1/retire", {"confirm": "1"}) == 303

    def programmes(store: Store) -> list[tuple[object, ...]]:
        found = [store.programmes.get(n) for n in (1, 2)]
        return [(p.id, p.name, p.footprint, p.year, p.retired_at is None)
                for p in found if p is not None]  # fmt: skip

    assert programmes(twins.cli_store) == programmes(twins.web.store)
    assert programmes(twins.web.store) == [
        (1, "NCL back office", "NCL", Y1, False),
        (2, "Kept", "NCL", None, True),
    ]
    assert [p.id for p in twins.web.store.programmes.in_use()] == [2]
    assert last_entry(twins.cli_store, "programme_retire") == last_entry(
        twins.web.store, "programme_retire"
    )
    for store in (twins.cli_store, twins.web.store):
        changes = [e.action for e in store.audit.entries() if e.action.startswith("programme")]
        assert changes == ["programme_retire", "programme_save", "programme_save",
                           "programme_save"]  # fmt: skip
    listed = twins.cli.ok("programme", "list")
    assert "Kept" in listed.stdout
    assert "back office" not in listed.stdout
