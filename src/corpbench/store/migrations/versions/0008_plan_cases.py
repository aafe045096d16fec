"""The planning workbench: shared-service business cases saved as documents with versions
(``plan_cases``, ``plan_case_versions``; docs/planning.md).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_cases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_cases"),
    )
    op.create_table(
        "plan_case_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("footprint", sa.Text(), nullable=True),
        sa.Column("partners", sa.Text(), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("format", sa.String(length=4), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("retired", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["plan_cases.id"], name="fk_plan_case_versions_case_id_plan_cases"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_plan_case_versions"),
        sa.UniqueConstraint("case_id", "version", name="uq_plan_case_versions_case_id"),
    )
    op.create_index(
        "ix_plan_case_versions_case_id", "plan_case_versions", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_plan_case_versions_case_id", table_name="plan_case_versions")
    op.drop_table("plan_case_versions")
    op.drop_table("plan_cases")
