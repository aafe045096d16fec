"""Review of returns: each current (org, year) return is ``submitted`` until a national analyst
queries it (with a comment the organisation sees) or accepts it. Decisions are only ever added;
a new version of a return starts again as ``submitted``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import Connection, RowMapping

from corpbench.store import queries
from corpbench.store.models import LOADS, RETURN_REVIEWS
from corpbench.store.records import StoreError

STATUSES: tuple[str, ...] = ("submitted", "queried", "accepted")
#: The decisions an analyst can take (``submitted`` is where every version starts).
DECISIONS: tuple[str, ...] = ("queried", "accepted")


@dataclass(frozen=True)
class ReturnStatus:
    """Where the current version of a return stands."""

    org_code: str
    year: str
    version: int
    loaded_at: datetime
    loaded_by: str
    status: str
    comment: str
    decided_at: datetime | None
    decided_by: str | None


@dataclass(frozen=True)
class Decision:
    org_code: str
    year: str
    version: int
    status: str
    comment: str
    decided_at: datetime
    decided_by: str


def _decision(r: RowMapping) -> Decision:
    return Decision(
        r["org_code"],
        r["year"],
        r["version"],
        r["status"],
        r["comment"],
        r["decided_at"],
        r["decided_by"],
    )


class Reviews:
    """Review decisions of a store (``Store.reviews``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def statuses(self, year: str | None = None, org_code: str | None = None) -> list[ReturnStatus]:
        """The status of every current return (of ``year`` / ``org_code`` when given), by
        organisation then year."""
        current = queries.latest_return_versions(year).subquery()
        stmt = select(
            current.c.org_code,
            current.c.year,
            current.c.version,
            LOADS.c.loaded_at,
            LOADS.c.loaded_by,
        ).join(LOADS, LOADS.c.id == current.c.load_id)
        if org_code is not None:
            stmt = stmt.where(current.c.org_code == org_code)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
            decisions = self._latest_decisions(conn, org_code)
        result = []
        for code, yr, version, loaded_at, loaded_by in rows:
            d = decisions.get((code, yr, version))
            result.append(
                ReturnStatus(
                    code,
                    yr,
                    version,
                    loaded_at,
                    loaded_by,
                    d.status if d else "submitted",
                    d.comment if d else "",
                    d.decided_at if d else None,
                    d.decided_by if d else None,
                )
            )
        return sorted(result, key=lambda s: (s.org_code, s.year))

    @staticmethod
    def _latest_decisions(
        conn: Connection, org_code: str | None
    ) -> dict[tuple[str, str, int], Decision]:
        stmt = select(RETURN_REVIEWS).order_by(RETURN_REVIEWS.c.id)
        if org_code is not None:
            stmt = stmt.where(RETURN_REVIEWS.c.org_code == org_code)
        latest: dict[tuple[str, str, int], Decision] = {}
        for r in conn.execute(stmt).mappings():
            latest[(r["org_code"], r["year"], r["version"])] = _decision(r)
        return latest

    def decide(
        self,
        org_code: str,
        year: str,
        version: int,
        status: str,
        comment: str,
        *,
        by: str,
        at: datetime | None = None,
    ) -> ReturnStatus:
        """Record a decision on version ``version`` of the return, which must be the current
        one (a decision on an outdated version is refused, so nobody accepts what they have
        not seen). A query needs a comment."""
        if status not in DECISIONS:
            raise StoreError(f"a review decision is one of {', '.join(DECISIONS)}, not {status!r}")
        if status == "queried" and not comment.strip():
            raise StoreError("a query needs a comment for the organisation")
        current = [s for s in self.statuses(year, org_code) if s.year == year]
        if not current:
            raise StoreError(f"no return of {org_code} for {year}")
        if current[0].version != version:
            raise StoreError(
                f"version {version} of {org_code} {year} is not the current version "
                f"({current[0].version}); reload the page"
            )
        with self.engine.begin() as conn:
            conn.execute(
                insert(RETURN_REVIEWS).values(
                    org_code=org_code,
                    year=year,
                    version=version,
                    status=status,
                    comment=comment.strip(),
                    decided_at=at or datetime.now(UTC),
                    decided_by=by,
                )
            )
        return self.statuses(year, org_code)[0]

    def decisions(self, org_code: str) -> list[Decision]:
        """Every decision on the organisation's returns, oldest first."""
        stmt = (
            select(RETURN_REVIEWS)
            .where(RETURN_REVIEWS.c.org_code == org_code)
            .order_by(RETURN_REVIEWS.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [_decision(r) for r in rows]
