"""View tables of the programme tools (docs/programme.md): a programme's readiness questions and
must-haves with their current answers, baseline completeness with labels, the resource plan,
and the lessons log (machine codes for CSV, titles for people). Nothing is computed here:
every figure comes from ``corpbench.programme``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Protocol

import polars as pl

from corpbench.programme.lessons import KINDS, THEMES
from corpbench.programme.readiness import (
    BASELINE_ITEMS,
    GATE_REASONS,
    MUST_HAVE_TITLES,
    MUST_HAVES,
    QUESTIONS,
    RAG_TITLES,
    RESOURCE_ROLES,
    Gate,
    ResourcePlan,
)
from corpbench.standard.labels import function_label


class AnswerLike(Protocol):
    @property
    def answer(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def answered_on(self) -> date | None: ...
    @property
    def rag(self) -> str: ...
    @property
    def version(self) -> int: ...


class MustHaveLike(Protocol):
    @property
    def met(self) -> bool: ...
    @property
    def evidence(self) -> str: ...
    @property
    def version(self) -> int: ...


class LessonRow(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def lesson_date(self) -> date: ...
    @property
    def programme_id(self) -> int | None: ...
    @property
    def theme(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def example(self) -> bool: ...
    @property
    def source(self) -> str | None: ...


def question_rows(answers: Mapping[str, AnswerLike]) -> list[dict[str, object]]:
    """One row per readiness question, in the checklist's order, with its current answer (blank
    and RAG ``none`` when not answered)."""
    rows: list[dict[str, object]] = []
    for q in QUESTIONS:
        a = answers.get(q.code)
        rows.append(
            {
                "code": q.code,
                "title": q.title,
                "question": q.checklist,
                "answer": "" if a is None else a.answer,
                "owner": "" if a is None else a.owner,
                "date": "" if a is None or a.answered_on is None else a.answered_on.isoformat(),
                # as people read it (the form keeps the typed YYYY-MM-DD above)
                "date_words": ""
                if a is None or a.answered_on is None
                else a.answered_on.strftime("%d %b %Y"),
                "rag": "none" if a is None else a.rag,
                "rag_label": "Not answered" if a is None else RAG_TITLES.get(a.rag, a.rag),
                "version": 0 if a is None else a.version,
            }
        )
    return rows


def must_have_rows(states: Mapping[str, MustHaveLike]) -> list[dict[str, object]]:
    """One row per must-have, in the checklist's order, with its current status."""
    rows: list[dict[str, object]] = []
    for m in MUST_HAVES:
        s = states.get(m.code)
        rows.append(
            {
                "code": m.code,
                "title": m.title,
                "met": None if s is None else s.met,
                "met_label": "Not recorded" if s is None else ("Met" if s.met else "Not met"),
                "evidence": "" if s is None else s.evidence,
                "version": 0 if s is None else s.version,
            }
        )
    return rows


def gate_sentence(gate: Gate) -> str:
    """The gate in one sentence for people."""
    if gate.ready:
        return "Ready for design: all ten must-haves are met, each with evidence."
    missing = "; ".join(f"{MUST_HAVE_TITLES[c]} ({GATE_REASONS[r]})" for c, r in gate.missing)
    count = len(gate.missing)
    return f"Not ready for design: {count} must-have{'s' if count != 1 else ''} missing: {missing}."


def completeness_rows(table: pl.DataFrame, names: Mapping[str, str]) -> list[dict[str, object]]:
    """The completeness table for people: organisation name, function label, a yes/no per item
    and the completeness as a whole percentage."""
    rows: list[dict[str, object]] = []
    for r in table.iter_rows(named=True):
        rows.append(
            {
                "org_code": r["org_code"],
                "org_name": names.get(r["org_code"], r["org_code"]),
                "function": function_label(r["function"]),
                **{item: "Yes" if r[item] else "No" for item in BASELINE_ITEMS},
                "completeness": f"{100 * r['completeness']:.0f}%",
            }
        )
    return rows


def resource_rows(plan: ResourcePlan) -> list[dict[str, object]]:
    """The resource plan's lines for people (role titles)."""
    return [
        {
            "role": RESOURCE_ROLES[line.role],
            "days_a_week": line.days_a_week,
            "person_days": line.person_days,
            "cost": line.cost,
        }
        for line in plan.lines
    ]


_LESSON_SCHEMA = {
    "id": pl.Int64,
    "date": pl.Date,
    "programme_id": pl.Int64,
    "theme": pl.String,
    "kind": pl.String,
    "example": pl.Boolean,
    "text": pl.String,
    "source": pl.String,
}


def lessons_machine_table(lessons: Sequence[LessonRow]) -> pl.DataFrame:
    """The lessons as a machine table (codes; the CSV download), in the order given."""
    return pl.DataFrame(
        [
            (x.id, x.lesson_date, x.programme_id, x.theme, x.kind, x.example, x.text, x.source)
            for x in lessons
        ],
        schema=_LESSON_SCHEMA,
        orient="row",
    )


def lessons_label_table(
    lessons: Sequence[LessonRow], programme_names: Mapping[int, str]
) -> pl.DataFrame:
    """The lessons for people (the XLSX download): titles for codes, the programme's name."""
    return pl.DataFrame(
        {
            "Date": [x.lesson_date for x in lessons],
            "Programme": [
                "" if x.programme_id is None else programme_names.get(x.programme_id, "")
                for x in lessons
            ],
            "Theme": [THEMES.get(x.theme, x.theme) for x in lessons],
            "Kind": [KINDS.get(x.kind, x.kind) for x in lessons],
            "Example": ["Pathfinder example" if x.example else "" for x in lessons],
            "Lesson": [x.text for x in lessons],
            "Source": [x.source or "" for x in lessons],
        },
        schema={
            "Date": pl.Date,
            "Programme": pl.String,
            "Theme": pl.String,
            "Kind": pl.String,
            "Example": pl.String,
            "Lesson": pl.String,
            "Source": pl.String,
        },
    )


class SavedAnswer(AnswerLike, Protocol):
    @property
    def question(self) -> str: ...
    @property
    def saved_at(self) -> datetime: ...
    @property
    def saved_by(self) -> str: ...


class SavedMustHave(MustHaveLike, Protocol):
    @property
    def must_have(self) -> str: ...
    @property
    def saved_at(self) -> datetime: ...
    @property
    def saved_by(self) -> str: ...


def answer_history_rows(versions: Sequence[SavedAnswer]) -> list[dict[str, object]]:
    """Every version of every answer for people: by question in the checklist's order, then
    newest version first; the question's title, the RAG in words, who saved it and when."""
    order = {q.code: i for i, q in enumerate(QUESTIONS)}
    titles = {q.code: q.title for q in QUESTIONS}
    rows: list[dict[str, object]] = []
    for a in sorted(versions, key=lambda a: (order.get(a.question, 99), -a.version)):
        rows.append(
            {
                "code": a.question,
                "title": titles.get(a.question, a.question),
                "version": a.version,
                "answer": a.answer,
                "owner": a.owner,
                "date": "" if a.answered_on is None else a.answered_on.isoformat(),
                "date_words": "" if a.answered_on is None else a.answered_on.strftime("%d %b %Y"),
                "rag": a.rag,
                "rag_label": RAG_TITLES.get(a.rag, a.rag),
                "saved_at": a.saved_at.strftime("%d %b %Y %H:%M UTC"),
                "saved_by": a.saved_by,
            }
        )
    return rows


def must_have_history_rows(versions: Sequence[SavedMustHave]) -> list[dict[str, object]]:
    """Every version of every must-have status for people, as :func:`answer_history_rows`."""
    order = {m.code: i for i, m in enumerate(MUST_HAVES)}
    rows: list[dict[str, object]] = []
    for m in sorted(versions, key=lambda m: (order.get(m.must_have, 99), -m.version)):
        rows.append(
            {
                "code": m.must_have,
                "title": MUST_HAVE_TITLES.get(m.must_have, m.must_have),
                "version": m.version,
                "met": m.met,
                "met_label": "Met" if m.met else "Not met",
                "evidence": m.evidence,
                "saved_at": m.saved_at.strftime("%d %b %Y %H:%M UTC"),
                "saved_by": m.saved_by,
            }
        )
    return rows
