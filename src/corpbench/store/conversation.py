"""The data-quality conversation on returns: queries (threads of messages) and notes.

A **query** is asked by the national team on an (org, year) return, optionally about one of its
anomaly warnings; its thread holds the question, replies (from the organisation or the national
team) and, last, the close with its outcome. A query is open until it is closed. New versions
of the return loaded after the question show in the thread as resubmissions (they are read from
the return's versions, not stored twice).

A **note** on a return ("commissioning costs excluded") has a number per (org, year) and
versions: a changed or withdrawn note is a new version, the latest version is the note.

Nothing here is updated or deleted: every message and every note version is a new row with who
wrote it and when.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Engine, and_, func, insert, select, true
from sqlalchemy.engine import Connection, RowMapping

from corpbench.store.models import (
    LOADS,
    QUERY_MESSAGES,
    RETURN_NOTES,
    RETURN_QUERIES,
    RETURN_VERSIONS,
)
from corpbench.store.records import StoreError

MessageKind = Literal["question", "reply", "close"]
#: What a closed query concluded about the figure asked about: answered with no more to say,
#: the figure trusted as it is, or the figure to be excluded from the benchmark.
OUTCOMES: tuple[str, ...] = ("resolved", "trusted", "excluded")


@dataclass(frozen=True)
class Message:
    """One message of a query's thread."""

    id: int
    kind: MessageKind
    text: str
    outcome: str
    return_version: int
    at: datetime
    by: str
    role: str


@dataclass(frozen=True)
class Resubmission:
    """A version of the return loaded after the query was asked."""

    version: int
    at: datetime
    by: str
    source: str


@dataclass(frozen=True)
class Query:
    """A query on a return with its thread (messages oldest first) and the versions of the
    return loaded since it was asked."""

    id: int
    org_code: str
    year: str
    version: int
    warning_code: str | None
    warning_text: str | None
    opened_at: datetime
    opened_by: str
    messages: tuple[Message, ...]
    resubmissions: tuple[Resubmission, ...]

    @property
    def closed(self) -> bool:
        return any(m.kind == "close" for m in self.messages)

    @property
    def outcome(self) -> str | None:
        """The outcome of the close (None while open)."""
        return next((m.outcome for m in self.messages if m.kind == "close"), None)

    @property
    def question(self) -> str:
        return self.messages[0].text if self.messages else ""

    @property
    def last_at(self) -> datetime:
        """When the thread last moved (a message or a resubmission)."""
        times = [
            self.opened_at,
            *(m.at for m in self.messages),
            *(r.at for r in self.resubmissions),
        ]
        return max(times)

    @property
    def thread(self) -> list[Message | Resubmission]:
        """Messages and resubmissions in the order they happened."""
        items: list[Message | Resubmission] = [*self.messages, *self.resubmissions]
        # a resubmission sorts after a message of the same instant (it answers it)
        return sorted(items, key=lambda i: (i.at, isinstance(i, Resubmission)))

    @property
    def awaiting(self) -> str | None:
        """Whose turn it is on an open query: ``organisation`` when the national team wrote
        last (and nothing was resubmitted since), else ``national``; None once closed."""
        if self.closed:
            return None
        last = self.thread[-1] if self.thread else None
        if isinstance(last, Message) and last.role == "national":
            return "organisation"
        return "national"

    def to_dict(self) -> dict[str, Any]:
        """The query as JSON-ready data (``corpbench query list --json``, the JSON API): codes,
        not words; times in ISO 8601; the thread in order, a resubmission as ``new_version``."""
        return {
            "id": self.id,
            "org_code": self.org_code,
            "year": self.year,
            "version": self.version,
            "warning_code": self.warning_code,
            "warning_text": self.warning_text,
            "state": "closed" if self.closed else "open",
            "outcome": self.outcome,
            "awaiting": self.awaiting,
            "opened_at": self.opened_at.isoformat(),
            "opened_by": self.opened_by,
            "thread": [
                {
                    "kind": i.kind,
                    "text": i.text,
                    "outcome": i.outcome or None,
                    "return_version": i.return_version,
                    "at": i.at.isoformat(),
                    "by": i.by,
                    "role": i.role,
                }
                if isinstance(i, Message)
                else {
                    "kind": "new_version",
                    "return_version": i.version,
                    "at": i.at.isoformat(),
                    "by": i.by,
                    "source": i.source,
                }
                for i in self.thread
            ],
        }


@dataclass(frozen=True)
class Note:
    """The current (or one past) version of a note on a return."""

    org_code: str
    year: str
    number: int
    version: int
    text: str
    withdrawn: bool
    return_version: int
    at: datetime
    by: str

    def to_dict(self) -> dict[str, Any]:
        """The note as JSON-ready data."""
        return {
            "org_code": self.org_code,
            "year": self.year,
            "number": self.number,
            "version": self.version,
            "text": self.text,
            "withdrawn": self.withdrawn,
            "return_version": self.return_version,
            "written_at": self.at.isoformat(),
            "written_by": self.by,
        }


def _message(r: RowMapping) -> Message:
    return Message(
        r["id"],
        r["kind"],
        r["text"],
        r["outcome"],
        r["return_version"],
        r["written_at"],
        r["written_by"],
        r["role"],
    )


def _note(r: RowMapping) -> Note:
    return Note(
        r["org_code"],
        r["year"],
        r["number"],
        r["version"],
        r["text"],
        bool(r["withdrawn"]),
        r["return_version"],
        r["written_at"],
        r["written_by"],
    )


def _current_version(conn: Connection, org_code: str, year: str) -> int:
    """The current version of the return; StoreError when there is none."""
    found = conn.execute(
        select(func.max(RETURN_VERSIONS.c.version)).where(
            RETURN_VERSIONS.c.org_code == org_code, RETURN_VERSIONS.c.year == year
        )
    ).scalar_one()
    if found is None:
        raise StoreError(f"there is no return of {org_code} for {year}")
    return int(found)


class Conversation:
    """Queries and notes of a store (``Store.conversation``)."""

    def __init__(
        self, engine: Engine, writing: Callable[[], AbstractContextManager[Connection]]
    ) -> None:
        self.engine = engine
        self._writing = writing

    # -- queries ---------------------------------------------------------------------------

    def open(
        self,
        org_code: str,
        year: str,
        text: str,
        *,
        by: str,
        role: str,
        warning_code: str | None = None,
        warning_text: str | None = None,
        at: datetime | None = None,
    ) -> Query:
        """Ask a query on the current version of the return, with ``text`` as its question."""
        if not text.strip():
            raise StoreError("a query needs a question")
        when = at or datetime.now(UTC)
        with self._writing() as conn:
            version = _current_version(conn, org_code, year)
            query_id = int(
                conn.execute(
                    insert(RETURN_QUERIES)
                    .values(
                        org_code=org_code,
                        year=year,
                        version=version,
                        warning_code=warning_code,
                        warning_text=warning_text,
                        opened_at=when,
                        opened_by=by,
                    )
                    .returning(RETURN_QUERIES.c.id)
                ).scalar_one()
            )
            self._add(conn, query_id, "question", text, "", version, when, by, role)
        found = self.query(query_id)
        assert found is not None
        return found

    def reply(
        self, query_id: int, text: str, *, by: str, role: str, at: datetime | None = None
    ) -> Query:
        """Add a reply to an open query."""
        if not text.strip():
            raise StoreError("a reply needs some text")
        return self._append(query_id, "reply", text, "", by, role, at)

    def close(
        self,
        query_id: int,
        outcome: str,
        text: str = "",
        *,
        by: str,
        role: str,
        at: datetime | None = None,
    ) -> Query:
        """Close an open query with ``outcome`` (one of :data:`OUTCOMES`) and a last word."""
        if outcome not in OUTCOMES:
            raise StoreError(
                f"the outcome of a query is one of {', '.join(OUTCOMES)}, not {outcome!r}"
            )
        return self._append(query_id, "close", text, outcome, by, role, at)

    def _append(
        self,
        query_id: int,
        kind: MessageKind,
        text: str,
        outcome: str,
        by: str,
        role: str,
        at: datetime | None,
    ) -> Query:
        with self._writing() as conn:
            row = conn.execute(
                select(RETURN_QUERIES).where(RETURN_QUERIES.c.id == query_id)
            ).first()
            if row is None:
                raise StoreError(f"there is no query {query_id}")
            closed = conn.execute(
                select(func.count()).where(
                    QUERY_MESSAGES.c.query_id == query_id, QUERY_MESSAGES.c.kind == "close"
                )
            ).scalar_one()
            if closed:
                raise StoreError(f"query {query_id} is closed")
            version = _current_version(conn, row.org_code, row.year)
            self._add(
                conn, query_id, kind, text, outcome, version, at or datetime.now(UTC), by, role
            )
        found = self.query(query_id)
        assert found is not None
        return found

    @staticmethod
    def _add(
        conn: Connection,
        query_id: int,
        kind: MessageKind,
        text: str,
        outcome: str,
        version: int,
        at: datetime,
        by: str,
        role: str,
    ) -> None:
        conn.execute(
            insert(QUERY_MESSAGES).values(
                query_id=query_id,
                kind=kind,
                text=text.strip(),
                outcome=outcome,
                return_version=version,
                written_at=at,
                written_by=by,
                role=role,
            )
        )

    def query(self, query_id: int) -> Query | None:
        """Query ``query_id`` with its thread, or None."""
        found = self._queries(RETURN_QUERIES.c.id == query_id)
        return found[0] if found else None

    def queries(
        self, org_code: str | None = None, year: str | None = None, *, state: str | None = None
    ) -> list[Query]:
        """The queries (of ``org_code`` / ``year`` when given; only ``open`` or ``closed`` ones
        when ``state`` says), newest first."""
        conditions = []
        if org_code is not None:
            conditions.append(RETURN_QUERIES.c.org_code == org_code)
        if year is not None:
            conditions.append(RETURN_QUERIES.c.year == year)
        found = self._queries(and_(true(), *conditions))
        if state == "open":
            found = [q for q in found if not q.closed]
        elif state == "closed":
            found = [q for q in found if q.closed]
        return found

    def open_count(self, org_code: str | None = None) -> int:
        """How many queries are open (on ``org_code``'s returns when given)."""
        closed = select(QUERY_MESSAGES.c.query_id).where(QUERY_MESSAGES.c.kind == "close")
        stmt = (
            select(func.count())
            .select_from(RETURN_QUERIES)
            .where(RETURN_QUERIES.c.id.not_in(closed))
        )
        if org_code is not None:
            stmt = stmt.where(RETURN_QUERIES.c.org_code == org_code)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def _queries(self, condition: ColumnElement[bool]) -> list[Query]:
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    select(RETURN_QUERIES).where(condition).order_by(RETURN_QUERIES.c.id.desc())
                )
                .mappings()
                .all()
            )
            if not rows:
                return []
            ids = [r["id"] for r in rows]
            messages: dict[int, list[Message]] = {i: [] for i in ids}
            for m in conn.execute(
                select(QUERY_MESSAGES)
                .where(QUERY_MESSAGES.c.query_id.in_(ids))
                .order_by(QUERY_MESSAGES.c.id)
            ).mappings():
                messages[m["query_id"]].append(_message(m))
            returns = {(r["org_code"], r["year"]) for r in rows}
            versions: dict[tuple[str, str], list[Resubmission]] = {}
            for v in conn.execute(
                select(
                    RETURN_VERSIONS.c.org_code,
                    RETURN_VERSIONS.c.year,
                    RETURN_VERSIONS.c.version,
                    LOADS.c.loaded_at,
                    LOADS.c.loaded_by,
                    LOADS.c.source,
                )
                .join(LOADS, LOADS.c.id == RETURN_VERSIONS.c.load_id)
                .where(RETURN_VERSIONS.c.org_code.in_(sorted({org for org, _ in returns})))
                .order_by(RETURN_VERSIONS.c.version)
            ):
                if (v.org_code, v.year) in returns:
                    versions.setdefault((v.org_code, v.year), []).append(
                        Resubmission(v.version, v.loaded_at, v.loaded_by, v.source)
                    )
        return [
            Query(
                r["id"],
                r["org_code"],
                r["year"],
                r["version"],
                r["warning_code"],
                r["warning_text"],
                r["opened_at"],
                r["opened_by"],
                tuple(messages[r["id"]]),
                tuple(
                    v
                    for v in versions.get((r["org_code"], r["year"]), [])
                    if v.version > r["version"]
                ),
            )
            for r in rows
        ]

    # -- notes -----------------------------------------------------------------------------

    def add_note(
        self, org_code: str, year: str, text: str, *, by: str, at: datetime | None = None
    ) -> Note:
        """Add a note (the next number of the return, version 1) to the return."""
        if not text.strip():
            raise StoreError("a note needs some text")
        with self._writing() as conn:
            version = _current_version(conn, org_code, year)
            number = (
                int(
                    conn.execute(
                        select(func.coalesce(func.max(RETURN_NOTES.c.number), 0)).where(
                            RETURN_NOTES.c.org_code == org_code, RETURN_NOTES.c.year == year
                        )
                    ).scalar_one()
                )
                + 1
            )
            return self._write_note(conn, org_code, year, number, 1, text, False, version, by, at)

    def revise_note(
        self,
        org_code: str,
        year: str,
        number: int,
        text: str | None = None,
        *,
        withdraw: bool = False,
        by: str,
        at: datetime | None = None,
    ) -> Note:
        """A new version of note ``number``: its new ``text``, or the note withdrawn (its text
        kept). A withdrawn note cannot change again; an unchanged text adds no version."""
        with self._writing() as conn:
            latest = self._latest_note(conn, org_code, year, number)
            if latest is None:
                raise StoreError(
                    f"there is no note {number} on the return of {org_code} for {year}"
                )
            if latest.withdrawn:
                raise StoreError(f"note {number} on {org_code} {year} is withdrawn")
            new_text = latest.text if text is None else text.strip()
            if not new_text:
                raise StoreError("a note needs some text (withdraw it instead)")
            if new_text == latest.text and not withdraw:
                return latest
            version = _current_version(conn, org_code, year)
            return self._write_note(
                conn,
                org_code,
                year,
                number,
                latest.version + 1,
                new_text,
                withdraw,
                version,
                by,
                at,
            )

    @staticmethod
    def _latest_note(conn: Connection, org_code: str, year: str, number: int) -> Note | None:
        row = (
            conn.execute(
                select(RETURN_NOTES)
                .where(
                    RETURN_NOTES.c.org_code == org_code,
                    RETURN_NOTES.c.year == year,
                    RETURN_NOTES.c.number == number,
                )
                .order_by(RETURN_NOTES.c.version.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        return None if row is None else _note(row)

    @staticmethod
    def _write_note(
        conn: Connection,
        org_code: str,
        year: str,
        number: int,
        version: int,
        text: str,
        withdrawn: bool,
        return_version: int,
        by: str,
        at: datetime | None,
    ) -> Note:
        values = {
            "org_code": org_code,
            "year": year,
            "number": number,
            "version": version,
            "text": text.strip(),
            "withdrawn": withdrawn,
            "return_version": return_version,
            "written_at": at or datetime.now(UTC),
            "written_by": by,
        }
        conn.execute(insert(RETURN_NOTES).values(**values))
        return Note(
            org_code,
            year,
            number,
            version,
            text.strip(),
            withdrawn,
            return_version,
            values["written_at"],  # type: ignore[arg-type]
            by,
        )

    def notes(
        self, org_code: str, year: str | None = None, *, withdrawn: bool = False
    ) -> list[Note]:
        """The current version of every note on ``org_code``'s returns (of ``year`` when
        given), by year then number; withdrawn notes only when ``withdrawn``."""
        stmt = select(RETURN_NOTES).where(RETURN_NOTES.c.org_code == org_code)
        if year is not None:
            stmt = stmt.where(RETURN_NOTES.c.year == year)
        latest: dict[tuple[str, int], Note] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(stmt.order_by(RETURN_NOTES.c.version)).mappings():
                latest[(r["year"], r["number"])] = _note(r)
        return [n for _, n in sorted(latest.items()) if withdrawn or not n.withdrawn]

    def note_history(self, org_code: str, year: str, number: int) -> list[Note]:
        """Every version of note ``number``, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(RETURN_NOTES)
                .where(
                    RETURN_NOTES.c.org_code == org_code,
                    RETURN_NOTES.c.year == year,
                    RETURN_NOTES.c.number == number,
                )
                .order_by(RETURN_NOTES.c.version)
            ).mappings()
            return [_note(r) for r in rows]
