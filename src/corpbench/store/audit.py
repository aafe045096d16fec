"""The audit log: sign-ins, uploads, review decisions, publications, exports, user, token and
peer list changes, round definitions added, queries and notes on returns, business cases saved
and retired, programmes started, renamed and retired, their readiness and lessons, benefit lines
and their values. Rows are only ever added."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select

from corpbench.store.models import AUDIT_EVENTS

#: The actions the log records.
ACTIONS: tuple[str, ...] = (
    "signin",
    "signin_failed",
    "signout",
    "upload",
    "upload_rejected",
    "review",
    "publish",
    "export",
    "user_add",
    "user_change",
    "token_create",
    "token_revoke",
    "peer_list",
    "my_peers",
    "round_add",
    "query_open",
    "query_reply",
    "query_close",
    "return_note",
    "plan_save",
    "plan_retire",
    "programme_save",
    "programme_retire",
    "readiness_save",
    "lesson_add",
    "benefit_save",
    "benefit_upload",
)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]
    client: str


class AuditLog:
    """The audit log of a store (``Store.audit``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(
        self,
        actor: str,
        action: str,
        target: str = "",
        detail: dict[str, Any] | None = None,
        *,
        client: str = "",
        at: datetime | None = None,
    ) -> None:
        """Add an entry (``action`` one of :data:`ACTIONS`)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        with self.engine.begin() as conn:
            conn.execute(
                insert(AUDIT_EVENTS).values(
                    at=at or datetime.now(UTC),
                    actor=actor,
                    action=action,
                    target=target,
                    detail=json.dumps(detail or {}, sort_keys=True, default=str),
                    client=client,
                )
            )

    def count(self, action: str | None = None) -> int:
        stmt = select(func.count()).select_from(AUDIT_EVENTS)
        if action is not None:
            stmt = stmt.where(AUDIT_EVENTS.c.action == action)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def entries(
        self, *, action: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[AuditEntry]:
        """Entries, newest first."""
        stmt = select(AUDIT_EVENTS).order_by(AUDIT_EVENTS.c.id.desc()).limit(limit).offset(offset)
        if action is not None:
            stmt = stmt.where(AUDIT_EVENTS.c.action == action)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [
            AuditEntry(
                r["id"],
                r["at"],
                r["actor"],
                r["action"],
                r["target"],
                json.loads(r["detail"]),
                r["client"],
            )
            for r in rows
        ]
