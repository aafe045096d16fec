"""Programmes of the programme tools (docs/programme.md), their readiness with versions, and the
lessons log.

A programme is one ``programmes`` row (footprint, round year, business case, who started it
when), never updated, and versions of its name and standing (``programme_versions``): version 1
when it is started, one more at each rename, a retired one when it is retired; the newest is in
force. Its answers to the readiness questions and its must-have statuses are versions too: every
save adds a row (``version`` one more than the newest for that programme and code) with who and
when; the current answer is the newest. Lessons are only added. Codes are
checked by the actions (``programme.readiness``, ``programme.lessons``); the store keeps what it
is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, Table, insert, select
from sqlalchemy.engine import Connection, RowMapping

from corpbench.store.models import (
    LESSONS,
    MUST_HAVE_STATUSES,
    PLAN_CASES,
    PROGRAMME_VERSIONS,
    PROGRAMMES,
    READINESS_ANSWERS,
)
from corpbench.store.records import StoreError
from corpbench.store.versioned import (
    VersionedTable,
    newest_versions,
    next_version,
    saved_by,
    saved_when,
)


@dataclass(frozen=True)
class ProgrammeRecord:
    """A programme as stored."""

    id: int
    name: str
    footprint: str | None
    year: str | None
    case_id: int | None
    created_at: datetime
    created_by: str
    retired_at: datetime | None


@dataclass(frozen=True)
class ProgrammeVersionRecord:
    """One version of a programme's name and standing."""

    version: int
    name: str
    retired: bool
    saved_at: datetime
    saved_by: str


@dataclass(frozen=True)
class AnswerVersion:
    """One version of a programme's answer to readiness question ``question``."""

    programme_id: int
    question: str
    version: int
    answer: str
    owner: str
    answered_on: date | None
    rag: str
    saved_at: datetime
    saved_by: str


@dataclass(frozen=True)
class MustHaveVersion:
    """One version of a programme's status on must-have ``must_have``."""

    programme_id: int
    must_have: str
    version: int
    met: bool
    evidence: str
    saved_at: datetime
    saved_by: str


@dataclass(frozen=True)
class LessonRecord:
    """An entry of the lessons log."""

    id: int
    lesson_date: date
    programme_id: int | None
    theme: str
    kind: str
    text: str
    example: bool
    source: str | None
    added_at: datetime
    added_by: str


def _programme(r: RowMapping) -> ProgrammeRecord:
    """A programme from a row of :func:`_current`: its newest version's name, retired when
    that version is a retired one (``retired_at`` its time)."""
    return ProgrammeRecord(
        int(r["id"]),
        str(r["current_name"]),
        None if r["footprint"] is None else str(r["footprint"]),
        None if r["year"] is None else str(r["year"]),
        None if r["case_id"] is None else int(r["case_id"]),
        r["created_at"],
        str(r["created_by"]),
        r["version_saved_at"] if r["retired"] else None,
    )


def _current() -> Select[Any]:
    """Every programme with its newest version (name, retired, when saved)."""
    newest = newest_versions(PROGRAMME_VERSIONS, ["programme_id"]).subquery()
    p = PROGRAMMES
    return select(
        p.c.id,
        p.c.footprint,
        p.c.year,
        p.c.case_id,
        p.c.created_at,
        p.c.created_by,
        newest.c.name.label("current_name"),
        newest.c.retired,
        newest.c.version,
        newest.c.saved_at.label("version_saved_at"),
    ).join(newest, newest.c.programme_id == p.c.id)


def _programme_row(conn: Connection, programme_id: int) -> RowMapping | None:
    return conn.execute(_current().where(PROGRAMMES.c.id == programme_id)).mappings().first()


def _answer(r: RowMapping) -> AnswerVersion:
    return AnswerVersion(
        int(r["programme_id"]),
        str(r["question"]),
        int(r["version"]),
        str(r["answer"]),
        str(r["owner"]),
        r["answered_on"],
        str(r["rag"]),
        r["saved_at"],
        str(r["saved_by"]),
    )


def _must_have(r: RowMapping) -> MustHaveVersion:
    return MustHaveVersion(
        int(r["programme_id"]),
        str(r["must_have"]),
        int(r["version"]),
        bool(r["met"]),
        str(r["evidence"]),
        r["saved_at"],
        str(r["saved_by"]),
    )


def _lesson(r: RowMapping) -> LessonRecord:
    return LessonRecord(
        int(r["id"]),
        r["lesson_date"],
        None if r["programme_id"] is None else int(r["programme_id"]),
        str(r["theme"]),
        str(r["kind"]),
        str(r["text"]),
        bool(r["example"]),
        None if r["source"] is None else str(r["source"]),
        r["added_at"],
        str(r["added_by"]),
    )


def programme_in_use(conn: Connection, programme_id: int) -> None:
    """``StoreError`` unless programme ``programme_id`` is stored and not retired (what its
    readiness, lessons and benefit lines hang on)."""
    found = _programme_row(conn, programme_id)
    if found is None or found["retired"]:
        raise StoreError(f"no programme {programme_id}")


class Programmes(VersionedTable):
    """The programmes of a store with their readiness and the lessons log
    (``Store.programmes``)."""

    # --- programmes -----------------------------------------------------------------------

    def create(
        self,
        *,
        name: str,
        footprint: str | None,
        year: str | None,
        case_id: int | None,
        by: str,
        at: datetime | None = None,
    ) -> ProgrammeRecord:
        """Add programme ``name``; ``case_id`` must be a stored business case."""
        if not name.strip():
            raise StoreError("a programme needs a name")
        when = saved_when(at)
        with self.writing() as conn:
            if case_id is not None and (
                conn.execute(select(PLAN_CASES.c.id).where(PLAN_CASES.c.id == case_id)).first()
                is None
            ):
                raise StoreError(f"no case {case_id}")
            new_id = conn.execute(
                insert(PROGRAMMES)
                .values(
                    name=name.strip(),
                    footprint=footprint,
                    year=year,
                    case_id=case_id,
                    created_at=when,
                    created_by=saved_by(by),
                    retired_at=None,
                )
                .returning(PROGRAMMES.c.id)
            ).scalar_one()
            self._add_version(conn, int(new_id), 1, name.strip(), False, when, by)
        return ProgrammeRecord(int(new_id), name.strip(), footprint, year, case_id, when, by, None)

    @staticmethod
    def _add_version(
        conn: Connection,
        programme_id: int,
        version: int,
        name: str,
        retired: bool,
        at: datetime,
        by: str,
    ) -> None:
        conn.execute(
            insert(PROGRAMME_VERSIONS).values(
                programme_id=programme_id,
                version=version,
                name=name,
                retired=retired,
                saved_at=at,
                saved_by=saved_by(by),
            )
        )

    def _change(
        self, programme_id: int, *, name: str | None, retired: bool, by: str, at: datetime | None
    ) -> ProgrammeRecord:
        """Add the next version of programme ``programme_id`` (in use): ``name`` (None: the
        name it has) and ``retired``; the programme as it then is."""
        when = saved_when(at)
        with self.writing() as conn:
            found = _programme_row(conn, programme_id)
            if found is None or found["retired"]:
                raise StoreError(f"no programme {programme_id}")
            version = int(found["version"]) + 1
            new_name = str(found["current_name"]) if name is None else name
            self._add_version(conn, programme_id, version, new_name, retired, when, by)
            row = _programme_row(conn, programme_id)
        assert row is not None
        return _programme(row)

    def rename(
        self, programme_id: int, name: str, *, by: str, at: datetime | None = None
    ) -> ProgrammeRecord:
        """Give programme ``programme_id`` (in use) the name ``name``: a new version, the
        earlier names kept in the older ones; the programme as renamed."""
        if not name.strip():
            raise StoreError("a programme needs a name")
        return self._change(programme_id, name=name.strip(), retired=False, by=by, at=at)

    def retire(self, programme_id: int, *, by: str, at: datetime | None = None) -> ProgrammeRecord:
        """Retire programme ``programme_id`` (in use): a retired version, so that it leaves the
        lists; its readiness, lessons and benefit lines stay stored. The programme as retired."""
        return self._change(programme_id, name=None, retired=True, by=by, at=at)

    def versions(self, programme_id: int) -> list[ProgrammeVersionRecord]:
        """Every version of programme ``programme_id``'s name and standing, oldest first."""
        t = PROGRAMME_VERSIONS
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    select(t).where(t.c.programme_id == programme_id).order_by(t.c.version)
                )
                .mappings()
                .all()
            )
        return [
            ProgrammeVersionRecord(
                int(r["version"]),
                str(r["name"]),
                bool(r["retired"]),
                r["saved_at"],
                str(r["saved_by"]),
            )
            for r in rows
        ]

    def get(self, programme_id: int) -> ProgrammeRecord | None:
        """Programme ``programme_id`` (a retired one too), None for no such programme."""
        with self.engine.connect() as conn:
            row = _programme_row(conn, programme_id)
        return None if row is None else _programme(row)

    def in_use(self) -> list[ProgrammeRecord]:
        """Every programme not retired, by number."""
        with self.engine.connect() as conn:
            rows = conn.execute(_current().order_by(PROGRAMMES.c.id)).mappings().all()
        return [_programme(r) for r in rows if not r["retired"]]

    # --- readiness ------------------------------------------------------------------------

    @staticmethod
    def _next_version(
        conn: Connection, table: Table, code_column: str, programme_id: int, code: str
    ) -> int:
        return next_version(
            conn, table, table.c.programme_id == programme_id, table.c[code_column] == code
        )

    def save_answer(
        self,
        programme_id: int,
        question: str,
        *,
        answer: str,
        owner: str,
        answered_on: date | None,
        rag: str,
        by: str,
        at: datetime | None = None,
    ) -> AnswerVersion:
        """Add a version of the answer to ``question`` of programme ``programme_id``."""
        when = saved_when(at)
        with self.writing() as conn:
            programme_in_use(conn, programme_id)
            version = self._next_version(
                conn, READINESS_ANSWERS, "question", programme_id, question
            )
            saved = AnswerVersion(
                programme_id, question, version, answer, owner, answered_on, rag, when, saved_by(by)
            )
            conn.execute(
                insert(READINESS_ANSWERS).values(
                    programme_id=programme_id,
                    question=question,
                    version=version,
                    answer=answer,
                    owner=owner,
                    answered_on=answered_on,
                    rag=rag,
                    saved_at=when,
                    saved_by=by,
                )
            )
        return saved

    def save_must_have(
        self,
        programme_id: int,
        must_have: str,
        *,
        met: bool,
        evidence: str,
        by: str,
        at: datetime | None = None,
    ) -> MustHaveVersion:
        """Add a version of the status of ``must_have`` for programme ``programme_id``."""
        when = saved_when(at)
        with self.writing() as conn:
            programme_in_use(conn, programme_id)
            version = self._next_version(
                conn, MUST_HAVE_STATUSES, "must_have", programme_id, must_have
            )
            saved = MustHaveVersion(
                programme_id, must_have, version, met, evidence, when, saved_by(by)
            )
            conn.execute(
                insert(MUST_HAVE_STATUSES).values(
                    programme_id=programme_id,
                    must_have=must_have,
                    version=version,
                    met=met,
                    evidence=evidence,
                    saved_at=when,
                    saved_by=by,
                )
            )
        return saved

    def answer_versions(self, programme_id: int) -> list[AnswerVersion]:
        """Every version of every answer of programme ``programme_id``, by question then
        version."""
        t = READINESS_ANSWERS
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    select(t)
                    .where(t.c.programme_id == programme_id)
                    .order_by(t.c.question, t.c.version)
                )
                .mappings()
                .all()
            )
        return [_answer(r) for r in rows]

    def must_have_versions(self, programme_id: int) -> list[MustHaveVersion]:
        """Every version of every must-have status of programme ``programme_id``, by code then
        version."""
        t = MUST_HAVE_STATUSES
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    select(t)
                    .where(t.c.programme_id == programme_id)
                    .order_by(t.c.must_have, t.c.version)
                )
                .mappings()
                .all()
            )
        return [_must_have(r) for r in rows]

    def answers(self, programme_id: int) -> dict[str, AnswerVersion]:
        """The current (newest) answer of each question answered, by question code."""
        return {v.question: v for v in self.answer_versions(programme_id)}

    def must_haves(self, programme_id: int) -> dict[str, MustHaveVersion]:
        """The current (newest) status of each must-have recorded, by code."""
        return {v.must_have: v for v in self.must_have_versions(programme_id)}

    # --- lessons --------------------------------------------------------------------------

    def add_lessons(self, entries: Sequence[dict[str, object]], *, by: str) -> list[int]:
        """Add lessons log entries (each a mapping of ``lesson_date``, ``programme_id``,
        ``theme``, ``kind``, ``text``, ``example``, ``source``) in one transaction; their
        numbers."""
        when = saved_when(None)
        ids: list[int] = []
        with self.writing() as conn:
            for entry in entries:
                pid = entry.get("programme_id")
                if pid is not None:
                    programme_in_use(conn, int(str(pid)))
                new_id = conn.execute(
                    insert(LESSONS)
                    .values(
                        lesson_date=entry["lesson_date"],
                        programme_id=pid,
                        theme=entry["theme"],
                        kind=entry["kind"],
                        text=entry["text"],
                        example=bool(entry.get("example", False)),
                        source=entry.get("source"),
                        added_at=when,
                        added_by=saved_by(by),
                    )
                    .returning(LESSONS.c.id)
                ).scalar_one()
                ids.append(int(new_id))
        return ids

    def lessons(self) -> list[LessonRecord]:
        """Every lessons log entry, newest date first (then newest added first)."""
        t = LESSONS
        with self.engine.connect() as conn:
            rows = (
                conn.execute(select(t).order_by(t.c.lesson_date.desc(), t.c.id.desc()))
                .mappings()
                .all()
            )
        return [_lesson(r) for r in rows]

    def has_examples(self) -> bool:
        """Whether the pathfinders' example lessons are loaded."""
        t = LESSONS
        with self.engine.connect() as conn:
            return conn.execute(select(t.c.id).where(t.c.example).limit(1)).first() is not None
