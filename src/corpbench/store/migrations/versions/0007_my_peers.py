""" "My peers": named peer lists owned by an organisation or a footprint, versioned like the
national peer lists (``my_peer_lists``, ``my_peer_list_members``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "my_peer_lists",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_kind", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_my_peer_lists"),
        sa.UniqueConstraint(
            "owner_kind", "owner", "name", "version", name="uq_my_peer_lists_owner_kind"
        ),
    )
    op.create_table(
        "my_peer_list_members",
        sa.Column("my_peer_list_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("org_code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["my_peer_list_id"],
            ["my_peer_lists.id"],
            name="fk_my_peer_list_members_my_peer_list_id_my_peer_lists",
        ),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisations.org_code"],
            name="fk_my_peer_list_members_org_code_organisations",
        ),
        sa.PrimaryKeyConstraint("my_peer_list_id", "seq", name="pk_my_peer_list_members"),
    )


def downgrade() -> None:
    op.drop_table("my_peer_list_members")
    op.drop_table("my_peer_lists")
