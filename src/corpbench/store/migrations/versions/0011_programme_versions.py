"""Programmes' names and standing as versions (``programme_versions``): a rename or a
retirement adds a version instead of changing the ``programmes`` row; every programme stored
so far gets its version 1 (its name, retired when its ``retired_at`` is set, saved when and
by whom it was started).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programme_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("retired", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_programme_versions_programme_id_programmes",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_programme_versions"),
        sa.UniqueConstraint("programme_id", "version", name="uq_programme_versions_programme_id"),
    )
    op.create_index(
        "ix_programme_versions_programme_id",
        "programme_versions",
        ["programme_id"],
        unique=False,
    )
    op.execute(
        "INSERT INTO programme_versions "
        "(programme_id, version, name, retired, saved_at, saved_by) "
        "SELECT id, 1, name, retired_at IS NOT NULL, created_at, created_by FROM programmes"
    )


def downgrade() -> None:
    op.drop_index("ix_programme_versions_programme_id", table_name="programme_versions")
    op.drop_table("programme_versions")
