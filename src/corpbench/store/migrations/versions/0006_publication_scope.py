"""What a publication covered: its scope (``all`` stored returns or ``accepted`` only) and the
return versions it holds (``publication_returns``), so that what was published never changes;
and the index on ``signin_failures`` (client, at) that the sign-in throttle counts by.

Publications made before this revision covered every return stored up to their load: their
coverage is written here from ``return_versions``, exactly as their figures were computed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.add_column(
            sa.Column("scope", sa.String(length=20), server_default="all", nullable=False)
        )
    op.create_table(
        "publication_returns",
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("return_version_id", sa.Integer(), nullable=False),
        sa.Column("org_code", sa.String(length=10), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name="fk_publication_returns_publication_id_publications",
        ),
        sa.ForeignKeyConstraint(
            ["return_version_id"],
            ["return_versions.id"],
            name="fk_publication_returns_return_version_id_return_versions",
        ),
        sa.PrimaryKeyConstraint(
            "publication_id", "return_version_id", name="pk_publication_returns"
        ),
    )
    op.create_index("ix_signin_failures_client", "signin_failures", ["client", "at"])
    # the coverage of the publications made before: every return current as of their load
    op.execute(
        """
        INSERT INTO publication_returns
            (publication_id, return_version_id, org_code, year, version)
        SELECT p.id, rv.id, rv.org_code, rv.year, rv.version
        FROM publications p
        JOIN return_versions rv ON rv.load_id <= p.load_id
        WHERE rv.version = (
            SELECT MAX(r2.version) FROM return_versions r2
            WHERE r2.org_code = rv.org_code AND r2.year = rv.year AND r2.load_id <= p.load_id
        )
        """
    )


def downgrade() -> None:
    op.drop_index("ix_signin_failures_client", table_name="signin_failures")
    op.drop_table("publication_returns")
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("scope")
