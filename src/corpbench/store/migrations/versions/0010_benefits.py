"""Benefits tracking (docs/programme.md "Benefits"): a programme's benefit lines with their
versions, and the monthly actual and planned values of each line as versions
(``benefit_lines``, ``benefit_line_versions``, ``benefit_values``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "benefit_lines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_benefit_lines_programme_id_programmes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_benefit_lines"),
        sa.UniqueConstraint("programme_id", "number", name="uq_benefit_lines_programme_id"),
    )
    op.create_index(
        "ix_benefit_lines_programme_id", "benefit_lines", ["programme_id"], unique=False
    )
    op.create_table(
        "benefit_line_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("function", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("cashable", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("baseline", sa.Double(), nullable=True),
        sa.Column("target", sa.Double(), nullable=True),
        sa.Column("improvement", sa.String(length=8), nullable=False),
        sa.Column("retired", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"], ["benefit_lines.id"], name="fk_benefit_line_versions_line_id_benefit_lines"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_benefit_line_versions"),
        sa.UniqueConstraint("line_id", "version", name="uq_benefit_line_versions_line_id"),
    )
    op.create_index(
        "ix_benefit_line_versions_line_id", "benefit_line_versions", ["line_id"], unique=False
    )
    op.create_table(
        "benefit_values",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"], ["benefit_lines.id"], name="fk_benefit_values_line_id_benefit_lines"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_benefit_values"),
        sa.UniqueConstraint(
            "line_id", "month", "kind", "version", name="uq_benefit_values_line_id"
        ),
    )
    op.create_index("ix_benefit_values_line_id", "benefit_values", ["line_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_benefit_values_line_id", table_name="benefit_values")
    op.drop_table("benefit_values")
    op.drop_index("ix_benefit_line_versions_line_id", table_name="benefit_line_versions")
    op.drop_table("benefit_line_versions")
    op.drop_index("ix_benefit_lines_programme_id", table_name="benefit_lines")
    op.drop_table("benefit_lines")
