"""Publications freeze the round's figures: a publication names the last load (and peer-list
version) it covers, and since nothing stored is ever changed, the bundle as of that load gives
the same figures for ever. Organisations see the newest publication until the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, insert, select

from corpbench.store.models import LOADS, PEER_LISTS, PUBLICATIONS


@dataclass(frozen=True)
class PublicationInfo:
    id: int
    load_id: int
    peer_list_id: int
    published_at: datetime
    published_by: str
    note: str


class Publications:
    """Publications of a store (``Store.publications``)."""

    def __init__(self, engine: Engine, reader: Engine | None = None) -> None:
        self.engine = engine
        self.reader = reader or engine

    def publish(self, *, by: str, note: str = "", at: datetime | None = None) -> PublicationInfo:
        """Publish everything stored so far."""
        with self.engine.begin() as conn:
            load_id = conn.execute(select(func.coalesce(func.max(LOADS.c.id), 0))).scalar_one()
            peer_id = conn.execute(select(func.coalesce(func.max(PEER_LISTS.c.id), 0))).scalar_one()
            new_id = conn.execute(
                insert(PUBLICATIONS)
                .values(
                    load_id=int(load_id),
                    peer_list_id=int(peer_id),
                    published_at=at or datetime.now(UTC),
                    published_by=by,
                    note=note.strip(),
                )
                .returning(PUBLICATIONS.c.id)
            ).scalar_one()
        found = [p for p in self.all() if p.id == new_id]
        return found[0]

    def all(self) -> list[PublicationInfo]:
        """Every publication, oldest first."""
        with self.reader.connect() as conn:
            rows = conn.execute(select(PUBLICATIONS).order_by(PUBLICATIONS.c.id)).mappings()
            return [
                PublicationInfo(
                    r["id"],
                    r["load_id"],
                    r["peer_list_id"],
                    r["published_at"],
                    r["published_by"],
                    r["note"],
                )
                for r in rows
            ]

    def latest(self) -> PublicationInfo | None:
        """The newest publication, or None before the first."""
        found = self.all()
        return found[-1] if found else None
