"""Publications freeze the round's figures: a publication names the last load (and peer-list
version) it covers and the return versions it covered (every current return, or with scope
``accepted`` only those whose latest review decision is accepted). Since nothing stored is ever
changed, the register as of that load and those return versions give the same figures for ever.
Organisations see the newest publication until the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.engine import Connection

from corpbench.store import queries
from corpbench.store.models import (
    LOADS,
    PEER_LISTS,
    PUBLICATION_RETURNS,
    PUBLICATIONS,
    RETURN_REVIEWS,
)
from corpbench.store.records import StoreError

#: What a publication may cover: every current return stored, or only the accepted ones.
SCOPES: tuple[str, ...] = ("all", "accepted")


@dataclass(frozen=True)
class PublicationInfo:
    id: int
    load_id: int
    peer_list_id: int
    published_at: datetime
    published_by: str
    note: str
    #: ``all`` or ``accepted`` (see :data:`SCOPES`)
    scope: str = "all"
    #: how many returns (organisation, year) it covered
    returns: int = 0
    #: how many organisations had a covered return
    organisations: int = 0


@dataclass(frozen=True)
class CoveredReturn:
    """A return version a publication covered."""

    org_code: str
    year: str
    version: int


def _accepted_versions(conn: Connection) -> set[tuple[str, str, int]]:
    """The (org, year, version) return versions whose latest review decision is accepted."""
    rr = RETURN_REVIEWS
    latest = (
        select(func.max(rr.c.id).label("id")).group_by(rr.c.org_code, rr.c.year, rr.c.version)
    ).subquery()
    rows = conn.execute(
        select(rr.c.org_code, rr.c.year, rr.c.version)
        .join(latest, latest.c.id == rr.c.id)
        .where(rr.c.status == "accepted")
    )
    return {(str(o), str(y), int(v)) for o, y, v in rows}


class Publications:
    """Publications of a store (``Store.publications``)."""

    def __init__(self, engine: Engine, reader: Engine | None = None) -> None:
        self.engine = engine
        self.reader = reader or engine

    def publish(
        self, *, by: str, note: str = "", at: datetime | None = None, scope: str = "all"
    ) -> PublicationInfo:
        """Publish the current returns stored so far (with ``scope`` ``accepted``, only those
        whose latest review decision is accepted), recording which return versions it
        covered."""
        if scope not in SCOPES:
            raise StoreError(f"a publication's scope is one of {', '.join(SCOPES)}, not {scope!r}")
        with self.engine.begin() as conn:
            load_id = int(conn.execute(select(func.coalesce(func.max(LOADS.c.id), 0))).scalar_one())
            peer_id = conn.execute(select(func.coalesce(func.max(PEER_LISTS.c.id), 0))).scalar_one()
            new_id = conn.execute(
                insert(PUBLICATIONS)
                .values(
                    load_id=load_id,
                    peer_list_id=int(peer_id),
                    published_at=at or datetime.now(UTC),
                    published_by=by,
                    note=note.strip(),
                    scope=scope,
                )
                .returning(PUBLICATIONS.c.id)
            ).scalar_one()
            current = queries.latest_return_versions(upto_load=load_id).subquery()
            rows = [
                {
                    "publication_id": new_id,
                    "return_version_id": rv_id,
                    "org_code": org,
                    "year": year,
                    "version": version,
                }
                for rv_id, org, year, version in conn.execute(
                    select(current.c.id, current.c.org_code, current.c.year, current.c.version)
                )
            ]
            if scope == "accepted":
                accepted = _accepted_versions(conn)
                rows = [r for r in rows if (r["org_code"], r["year"], r["version"]) in accepted]
            if rows:
                conn.execute(insert(PUBLICATION_RETURNS), rows)
        return self.get(int(new_id))

    def all(self) -> list[PublicationInfo]:
        """Every publication, oldest first, with the counts of what it covered."""
        pr = PUBLICATION_RETURNS
        counts = (
            select(
                pr.c.publication_id,
                func.count().label("n_returns"),
                func.count(func.distinct(pr.c.org_code)).label("n_orgs"),
            ).group_by(pr.c.publication_id)
        ).subquery()
        stmt = (
            select(PUBLICATIONS, counts.c.n_returns, counts.c.n_orgs)
            .outerjoin(counts, counts.c.publication_id == PUBLICATIONS.c.id)
            .order_by(PUBLICATIONS.c.id)
        )
        with self.reader.connect() as conn:
            rows = conn.execute(stmt).mappings()
            return [
                PublicationInfo(
                    r["id"],
                    r["load_id"],
                    r["peer_list_id"],
                    r["published_at"],
                    r["published_by"],
                    r["note"],
                    r["scope"],
                    int(r["n_returns"] or 0),
                    int(r["n_orgs"] or 0),
                )
                for r in rows
            ]

    def get(self, publication_id: int) -> PublicationInfo:
        """Publication ``publication_id``; :class:`StoreError` when there is none."""
        found = [p for p in self.all() if p.id == publication_id]
        if not found:
            raise StoreError(f"there is no publication {publication_id}")
        return found[0]

    def latest(self) -> PublicationInfo | None:
        """The newest publication, or None before the first."""
        found = self.all()
        return found[-1] if found else None

    def covered(self, publication_id: int) -> list[CoveredReturn]:
        """The return versions publication ``publication_id`` covered, by organisation then
        year."""
        pr = PUBLICATION_RETURNS
        stmt = (
            select(pr.c.org_code, pr.c.year, pr.c.version)
            .where(pr.c.publication_id == publication_id)
            .order_by(pr.c.org_code, pr.c.year)
        )
        with self.reader.connect() as conn:
            return [CoveredReturn(o, y, int(v)) for o, y, v in conn.execute(stmt)]
