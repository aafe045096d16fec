"""Programme tools (docs/programme.md): programmes, their readiness answers and must-have
statuses kept as versions, and the lessons log (``programmes``, ``readiness_answers``,
``must_have_statuses``, ``lessons``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("footprint", sa.Text(), nullable=True),
        sa.Column("year", sa.String(length=7), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["plan_cases.id"], name="fk_programmes_case_id_plan_cases"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_programmes"),
    )
    op.create_table(
        "readiness_answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("rag", sa.String(length=5), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_readiness_answers_programme_id_programmes",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_readiness_answers"),
        sa.UniqueConstraint(
            "programme_id", "question", "version", name="uq_readiness_answers_programme_id"
        ),
    )
    op.create_index(
        "ix_readiness_answers_programme_id",
        "readiness_answers",
        ["programme_id"],
        unique=False,
    )
    op.create_table(
        "must_have_statuses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("must_have", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_must_have_statuses_programme_id_programmes",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_must_have_statuses"),
        sa.UniqueConstraint(
            "programme_id", "must_have", "version", name="uq_must_have_statuses_programme_id"
        ),
    )
    op.create_index(
        "ix_must_have_statuses_programme_id",
        "must_have_statuses",
        ["programme_id"],
        unique=False,
    )
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("theme", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("example", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_lessons_programme_id_programmes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_lessons"),
    )
    op.create_index("ix_lessons_programme_id", "lessons", ["programme_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_lessons_programme_id", table_name="lessons")
    op.drop_table("lessons")
    op.drop_index("ix_must_have_statuses_programme_id", table_name="must_have_statuses")
    op.drop_table("must_have_statuses")
    op.drop_index("ix_readiness_answers_programme_id", table_name="readiness_answers")
    op.drop_table("readiness_answers")
    op.drop_table("programmes")
