"""``corpbench programme``, ``readiness`` and ``lessons``: what they store and print, refusals
(exit 1, nothing stored), and the demo's pathfinder programmes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from cli.bundles import Y1
from cli.conftest import Cli
from corpbench import actions
from corpbench.actions import Actor
from corpbench.demo import PATHFINDERS
from corpbench.programme.lessons import EXAMPLES
from corpbench.store import Store


def test_programme_readiness_and_refusals(loaded: Cli) -> None:
    assert loaded("programme", "new", "P", "--footprint", "ZZZ").exit_code == 1
    made = loaded.ok("programme", "new", "NCL finance", "--footprint", "NCL", "--year", Y1,
                     "--by", "ann")  # fmt: skip
    assert made.stdout == f"Started programme 1 'NCL finance' (footprint NCL, year {Y1}).\n"
    bad = loaded("readiness", "set", "1", "direction", "--answer", "a", "--owner", "o",
                 "--rag", "green", "--date", "2026-13-01")  # fmt: skip
    assert bad.exit_code == 1
    assert "question direction, date: '2026-13-01' is not a date like 2026-03-31" in bad.stderr
    unknown = loaded("readiness", "set", "1", "nope", "--answer", "a", "--owner", "o",
                     "--rag", "red")  # fmt: skip
    assert unknown.exit_code == 1
    assert "question: 'nope' is not a readiness question" in unknown.stderr
    assert loaded("readiness", "set", "1", "mandate").exit_code == 1  # neither --met nor not
    with Store.open(loaded.db_url) as store:
        assert store.programmes.answer_versions(1) == []
        assert store.programmes.must_have_versions(1) == []
    ok = loaded.ok("readiness", "set", "1", "direction", "--answer", "Minute 12", "--owner",
                   "CEO", "--rag", "amber", "--by", "ann")  # fmt: skip
    assert ok.stdout.splitlines()[0] == "Saved direction of programme 1, version 1."
    again = loaded.ok("readiness", "set", "1", "direction", "--answer", "Minute 12", "--owner",
                      "CEO", "--rag", "green", "--by", "bob")  # fmt: skip
    assert again.stdout.splitlines()[0] == "Saved direction of programme 1, version 2."
    with Store.open(loaded.db_url) as store:
        versions = store.programmes.answer_versions(1)
        assert [(v.version, v.rag, v.saved_by) for v in versions] == [
            (1, "amber", "ann"),
            (2, "green", "bob"),
        ]
        assert store.audit.count("readiness_save") == 2
    shown = loaded.ok("programme", "show", "1").stdout
    assert "Partners: AC001, AC002, MH001." in shown
    assert "Not ready for design: 10 must-haves missing" in shown


def test_lessons_commands(loaded: Cli, tmp_path: Path) -> None:
    assert loaded.ok("lessons", "add", "--examples").stdout == (
        f"Added {len(EXAMPLES)} example lessons.\n"
    )
    assert loaded.ok("lessons", "add", "--examples").stdout == "The examples are loaded.\n"
    bad = loaded("lessons", "add", "--theme", "other", "--kind", "went_badly", "--text", "x")
    assert bad.exit_code == 1
    assert "kind: 'went_badly' is not one of went_well, went_less_well" in bad.stderr
    assert (
        loaded.ok(
            "lessons",
            "add",
            "--theme",
            "other",
            "--kind",
            "went_well",
            "--text",
            "+SUM(A1) tidy data",
            "--date",
            "2026-01-02",
        ).stdout
        == "Added lesson 14.\n"
    )
    out = tmp_path / "l.csv"
    loaded.ok("lessons", "export", out, "--theme", "other")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["id"], r["date"], r["example"], r["text"]) for r in rows] == [
        ("14", "2026-01-02", "false", "'+SUM(A1) tidy data")
    ]  # fmt: skip
    book = tmp_path / "l.xlsx"
    loaded.ok("lessons", "export", book, "--theme", "governance")
    sheet = openpyxl.load_workbook(book)["Lessons"]
    themes = [row[2].value for row in sheet.iter_rows(min_row=3)]
    assert themes == ["Governance"] * sum(e.theme == "governance" for e in EXAMPLES)
    assert loaded("lessons", "export", tmp_path / "l.txt").exit_code == 1


def test_demo_load_starts_the_pathfinder_programmes(cli: Cli) -> None:
    loaded = cli.ok("demo", "--load").stdout
    assert "Started 4 pathfinder programme(s) (0 already there)." in loaded
    assert f"Added {len(EXAMPLES)} example lessons (NHS Improvement, June 2018)." in loaded
    with Store.open(cli.db_url) as store:
        actor = Actor.command_line("t")
        found = actions.list_programmes(store, actor)
        cases = {v.case_id: v for v in actions.list_cases(store, actor)}
        assert [p.record.footprint for p in found] == [p.footprint for p in PATHFINDERS]
        for p, pathfinder in zip(found, PATHFINDERS, strict=True):
            assert p.record.case_id is not None
            assert cases[p.record.case_id].name == pathfinder.name
            assert p.partners == cases[p.record.case_id].partners
        ready = {p.record.footprint: actions.readiness(store, actor, p.id).gate.ready
                 for p in found}  # fmt: skip
        assert ready == {"North West London": False, "Greater Manchester": True,
                         "Mid and South Essex": False, "Kent and Medway": False}  # fmt: skip
    again = cli.ok("demo", "--load").stdout
    assert "Started 0 pathfinder programme(s) (4 already there)." in again
    assert "example lessons" not in again
