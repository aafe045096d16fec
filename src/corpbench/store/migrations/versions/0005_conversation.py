"""The data-quality conversation: queries on returns with their messages, and notes on
returns (``return_queries``, ``query_messages``, ``return_notes``). New tables only.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _org(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["org_code"], ["organisations.org_code"], name=f"fk_{table}_org_code_organisations"
    )


def upgrade() -> None:
    op.create_table(
        "return_queries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_code", sa.String(length=10), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("warning_code", sa.String(length=40), nullable=True),
        sa.Column("warning_text", sa.Text(), nullable=True),
        _when("opened_at"),
        sa.Column("opened_by", sa.Text(), nullable=False),
        _org("return_queries"),
        sa.PrimaryKeyConstraint("id", name="pk_return_queries"),
    )
    op.create_index("ix_return_queries_org_code", "return_queries", ["org_code"])
    op.create_table(
        "query_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("query_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("return_version", sa.Integer(), nullable=False),
        _when("written_at"),
        sa.Column("written_by", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["query_id"], ["return_queries.id"], name="fk_query_messages_query_id_return_queries"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_query_messages"),
    )
    op.create_index("ix_query_messages_query_id", "query_messages", ["query_id"])
    op.create_table(
        "return_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_code", sa.String(length=10), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("return_version", sa.Integer(), nullable=False),
        _when("written_at"),
        sa.Column("written_by", sa.Text(), nullable=False),
        _org("return_notes"),
        sa.PrimaryKeyConstraint("id", name="pk_return_notes"),
        sa.UniqueConstraint(
            "org_code", "year", "number", "version", name="uq_return_notes_org_code"
        ),
    )
    op.create_index("ix_return_notes_org_code", "return_notes", ["org_code"])


def downgrade() -> None:
    for name in ("return_notes", "query_messages", "return_queries"):
        op.drop_table(name)
