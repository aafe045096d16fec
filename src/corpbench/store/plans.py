"""Shared-service business cases of the planning workbench, saved as documents with versions.

A case is a number (``plan_cases``) and its versions (``plan_case_versions``): every save adds a
version with its name, footprint (or none, for a named list of organisations), partners, the
year of its baseline and the document's text as the user wrote it, with who and when; retiring
(deleting) a case adds a retired version keeping its last text. Nothing is updated in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, literal, select
from sqlalchemy.engine import Connection, RowMapping

from corpbench.store.models import PLAN_CASE_VERSIONS, PLAN_CASES
from corpbench.store.records import StoreError
from corpbench.store.versioned import VersionedTable, in_force, newest_versions, saved_when


@dataclass(frozen=True)
class PlanCaseVersion:
    """One version of case ``case_id``."""

    case_id: int
    version: int
    name: str
    footprint: str | None
    partners: tuple[str, ...]
    year: str
    format: str
    text: str
    retired: bool
    saved_at: datetime
    saved_by: str


def _version(r: RowMapping) -> PlanCaseVersion:
    return PlanCaseVersion(
        int(r["case_id"]),
        int(r["version"]),
        str(r["name"]),
        None if r["footprint"] is None else str(r["footprint"]),
        tuple(str(r["partners"]).split()),
        str(r["year"]),
        str(r["format"]),
        str(r["text"]),
        bool(r["retired"]),
        r["saved_at"],
        str(r["saved_by"]),
    )


class PlanCases(VersionedTable):
    """The cases of a store (``Store.plans``)."""

    def _add(
        self,
        conn: Connection,
        case_id: int,
        version: int,
        *,
        name: str,
        footprint: str | None,
        partners: Sequence[str],
        year: str,
        fmt: str,
        text: str,
        retired: bool,
        by: str,
        at: datetime,
    ) -> PlanCaseVersion:
        codes = tuple(partners)
        if any(not c or any(ch.isspace() for ch in c) for c in codes):
            raise StoreError("a partner code is blank or has a space")
        values = {
            "case_id": case_id,
            "version": version,
            "name": name,
            "footprint": footprint,
            "partners": " ".join(codes),
            "year": year,
            "format": fmt,
            "text": text,
            "retired": retired,
            "saved_at": at,
            "saved_by": by,
        }
        conn.execute(insert(PLAN_CASE_VERSIONS).values(**values))
        return PlanCaseVersion(
            case_id, version, name, footprint, codes, year, fmt, text, retired, at, by
        )

    def save(
        self,
        case_id: int | None,
        *,
        name: str,
        footprint: str | None,
        partners: Sequence[str],
        year: str,
        fmt: str,
        text: str,
        by: str,
        at: datetime | None = None,
    ) -> PlanCaseVersion:
        """Save a case: a new case (version 1) when ``case_id`` is None, else a new version of
        case ``case_id`` (refused when there is no such case in use). Every save is a version,
        even an unchanged one: people save to record that they agreed a text."""
        if not name.strip():
            raise StoreError("a case needs a name")
        if not by.strip():
            raise StoreError("the name of who saves a case (by) must not be empty")
        if fmt not in ("toml", "json"):
            raise StoreError(f"a case's format is toml or json, not {fmt!r}")
        saved_at = saved_when(at)
        with self.writing() as conn:
            if case_id is None:
                new_id = conn.execute(
                    insert(PLAN_CASES)
                    .values(created_at=saved_at, created_by=by)
                    .returning(PLAN_CASES.c.id)
                ).scalar_one()
                case_id, version = int(new_id), 1
            else:
                latest = in_force(self._latest(conn, case_id), f"no case {case_id}")
                version = latest.version + 1
            return self._add(
                conn,
                case_id,
                version,
                name=name.strip(),
                footprint=footprint,
                partners=partners,
                year=year,
                fmt=fmt,
                text=text,
                retired=False,
                by=by,
                at=saved_at,
            )

    def retire(self, case_id: int, *, by: str, at: datetime | None = None) -> PlanCaseVersion:
        """Delete case ``case_id``: a retired version keeping its last text (refused when there
        is no such case in use)."""
        saved_at = saved_when(at)
        with self.writing() as conn:
            latest = in_force(self._latest(conn, case_id), f"no case {case_id}")
            return self._add(
                conn,
                case_id,
                latest.version + 1,
                name=latest.name,
                footprint=latest.footprint,
                partners=latest.partners,
                year=latest.year,
                fmt=latest.format,
                text=latest.text,
                retired=True,
                by=by,
                at=saved_at,
            )

    @staticmethod
    def _latest(conn: Connection, case_id: int) -> PlanCaseVersion | None:
        t = PLAN_CASE_VERSIONS
        found = newest_versions(t, ["case_id"], t.c.case_id == case_id)
        row = conn.execute(found).mappings().first()
        return None if row is None else _version(row)

    def latest(self, case_id: int) -> PlanCaseVersion | None:
        """The newest version of case ``case_id`` (a retired one too), None for no such case."""
        with self.engine.connect() as conn:
            return self._latest(conn, case_id)

    def versions(self, case_id: int) -> list[PlanCaseVersion]:
        """Every version of case ``case_id``, oldest first."""
        t = PLAN_CASE_VERSIONS
        with self.engine.connect() as conn:
            rows = (
                conn.execute(select(t).where(t.c.case_id == case_id).order_by(t.c.version))
                .mappings()
                .all()
            )
        return [_version(r) for r in rows]

    def in_use(self) -> list[PlanCaseVersion]:
        """The newest version of every case not retired, by case number."""
        t = PLAN_CASE_VERSIONS
        newest = newest_versions(t, ["case_id"]).where(t.c.retired.is_(False))
        with self.engine.connect() as conn:
            rows = conn.execute(newest.order_by(t.c.case_id)).mappings().all()
        return [_version(r) for r in rows]

    def partner_in_any(self, org_code: str) -> bool:
        """Whether organisation ``org_code`` is a partner of a case in use (its newest version
        names it): one query, for the navigation of every page."""
        t = PLAN_CASE_VERSIONS
        spaced = literal(" ") + t.c.partners + literal(" ")
        found = (
            newest_versions(t, ["case_id"])
            .where(t.c.retired.is_(False), spaced.contains(f" {org_code} ", autoescape=True))
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.execute(found).first() is not None
