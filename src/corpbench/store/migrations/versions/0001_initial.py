"""The first tables: loads, the versioned register, versioned returns and peer lists.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "loads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_loads"),
    )
    op.create_table(
        "organisations",
        sa.Column("org_code", sa.String(length=10), nullable=False),
        sa.Column("first_load_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_load_id"], ["loads.id"], name="fk_organisations_first_load_id_loads"
        ),
        sa.PrimaryKeyConstraint("org_code", name="pk_organisations"),
    )
    op.create_table(
        "org_versions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("org_code", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("org_name", sa.Text(), nullable=False),
        sa.Column("org_type", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("footprint", sa.Text(), nullable=True),
        sa.Column("teaching", sa.Boolean(create_constraint=False), nullable=True),
        sa.ForeignKeyConstraint(["load_id"], ["loads.id"], name="fk_org_versions_load_id_loads"),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisations.org_code"],
            name="fk_org_versions_org_code_organisations",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_org_versions"),
        sa.UniqueConstraint("org_code", "version", name="uq_org_versions_org_code"),
    )
    op.create_index("ix_org_versions_load_id", "org_versions", ["load_id"])
    op.create_table(
        "return_versions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("org_code", sa.String(length=10), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("n_cost_lines", sa.Integer(), nullable=False),
        sa.Column("n_indicators", sa.Integer(), nullable=False),
        sa.Column("turnover", sa.Double(), nullable=False),
        sa.Column("total_pay", sa.Double(), nullable=False),
        sa.Column("total_fte", sa.Double(), nullable=False),
        sa.Column("running_costs", sa.Double(), nullable=True),
        sa.Column("non_pay", sa.Double(), nullable=True),
        sa.Column("employees", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(["load_id"], ["loads.id"], name="fk_return_versions_load_id_loads"),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisations.org_code"],
            name="fk_return_versions_org_code_organisations",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_return_versions"),
        sa.UniqueConstraint("org_code", "year", "version", name="uq_return_versions_org_code"),
    )
    op.create_index("ix_return_versions_load_id", "return_versions", ["load_id"])
    op.create_table(
        "cost_lines",
        sa.Column("return_version_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("function", sa.Text(), nullable=False),
        sa.Column("process", sa.Text(), nullable=True),
        sa.Column("pay_cost", sa.Double(), nullable=False),
        sa.Column("non_pay_cost", sa.Double(), nullable=False),
        sa.Column("fte", sa.Double(), nullable=False),
        sa.Column("shared_cost", sa.Double(), nullable=True),
        sa.Column("delivery_model", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("return_version_id", "seq", name="pk_cost_lines"),
    )
    op.create_table(
        "indicator_values",
        sa.Column("return_version_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("function", sa.Text(), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("return_version_id", "seq", name="pk_indicator_values"),
    )
    op.create_table(
        "peer_lists",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_peer_lists"),
        sa.UniqueConstraint("name", "version", name="uq_peer_lists_name"),
    )
    op.create_table(
        "peer_list_members",
        sa.Column("peer_list_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("org_code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisations.org_code"],
            name="fk_peer_list_members_org_code_organisations",
        ),
        sa.ForeignKeyConstraint(
            ["peer_list_id"],
            ["peer_lists.id"],
            name="fk_peer_list_members_peer_list_id_peer_lists",
        ),
        sa.PrimaryKeyConstraint("peer_list_id", "seq", name="pk_peer_list_members"),
    )


def downgrade() -> None:
    for table in (
        "peer_list_members",
        "peer_lists",
        "indicator_values",
        "cost_lines",
        "return_versions",
        "org_versions",
        "organisations",
        "loads",
    ):
        op.drop_table(table)
