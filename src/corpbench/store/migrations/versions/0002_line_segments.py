"""Lines as immutable Parquet segments: create ``line_segments``, move every stored cost line and
indicator value into it (one set of segments per load, as ``Store.load`` now writes them), and
drop ``cost_lines`` and ``indicator_values``.

Content hashes of returns change definition (``corpbench.store.returnhash``: fixed-width records
instead of line texts), so this migration recomputes the hash of every stored return version
from its stored finance row and lines; otherwise identical data loaded after the upgrade would
look changed and add a version. Register (organisation) hashes keep their definition.
Apart from that hash function, this migration does not use the package's models or segment code,
which may change after it; a later change of the return hash definition needs its own migration
that recomputes the hashes again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from typing import Any

import polars as pl
import sqlalchemy as sa
from alembic import op

from corpbench.store.returnhash import return_hashes

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEGMENT_ROWS = 1_000_000

_TEXT = pl.String()
_FLOAT = pl.Float64()
#: The columns of the old line tables (after ``return_version_id`` and ``seq``), as in 0001.
_LINES: dict[str, tuple[str, dict[str, pl.DataType]]] = {
    "function_costs": (
        "cost_lines",
        {
            "function": _TEXT,
            "process": _TEXT,
            "pay_cost": _FLOAT,
            "non_pay_cost": _FLOAT,
            "fte": _FLOAT,
            "shared_cost": _FLOAT,
            "delivery_model": _TEXT,
        },
    ),
    "indicators": (
        "indicator_values",
        {"function": _TEXT, "indicator": _TEXT, "value": _FLOAT},
    ),
}
_FINANCE = ("turnover", "total_pay", "total_fte", "running_costs", "non_pay", "employees")
_NOT_NULL = {"function", "pay_cost", "non_pay_cost", "fte", "indicator", "value"}


def _segments_table() -> sa.TableClause:
    return sa.table(
        "line_segments",
        sa.column("id", sa.Integer()),
        sa.column("load_id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("n_rows", sa.Integer()),
        sa.column("first_return_version_id", sa.Integer()),
        sa.column("last_return_version_id", sa.Integer()),
        sa.column("sha256", sa.String()),
        sa.column("data", sa.LargeBinary()),
    )


def _line_table(name: str, columns: dict[str, pl.DataType]) -> sa.TableClause:
    cols: list[sa.ColumnClause[Any]] = [
        sa.column("return_version_id", sa.Integer()),
        sa.column("seq", sa.Integer()),
    ]
    for c, t in columns.items():
        kind: sa.types.TypeEngine[Any] = sa.Double() if t == _FLOAT else sa.Text()
        cols.append(sa.column(c, kind))
    return sa.table(name, *cols)


def _rehash(
    conn: sa.Connection, rv: sa.TableClause, load_id: int, lines: dict[str, pl.DataFrame]
) -> None:
    """Replace the content hashes of the return versions of ``load_id`` (definition 1, a hash
    of line texts) by definition 2 (``corpbench.store.returnhash``) of the same content."""
    key = ["return_version_id"]
    stmt = sa.select(rv.c.id, *(rv.c[c] for c in _FINANCE)).where(rv.c.load_id == load_id)
    schema: dict[str, pl.DataType] = {"return_version_id": pl.Int64()}
    schema.update({c: _FLOAT for c in _FINANCE})
    finance = pl.DataFrame([tuple(r) for r in conn.execute(stmt)], schema=schema, orient="row")
    tables = {"finance": finance, **{k: v.drop("seq") for k, v in lines.items()}}
    hashes = finance.select(
        pl.col("return_version_id").alias("b_id"), return_hashes(finance, tables, key)
    )
    if hashes.height:
        conn.execute(
            sa.update(rv).where(rv.c.id == sa.bindparam("b_id")),
            [{"b_id": i, "content_hash": h} for i, h in hashes.iter_rows()],
        )


def upgrade() -> None:
    op.create_table(
        "line_segments",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("n_rows", sa.Integer(), nullable=False),
        sa.Column("first_return_version_id", sa.Integer(), nullable=False),
        sa.Column("last_return_version_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["load_id"], ["loads.id"], name="fk_line_segments_load_id_loads"),
        sa.PrimaryKeyConstraint("id", name="pk_line_segments"),
    )
    op.create_index("ix_line_segments_load_id", "line_segments", ["load_id"])
    conn = op.get_bind()
    rv = sa.table(
        "return_versions",
        sa.column("id", sa.Integer()),
        sa.column("load_id", sa.Integer()),
        sa.column("content_hash", sa.String()),
        *(sa.column(c, sa.Double()) for c in _FINANCE),
    )
    segs = _segments_table()
    next_id = 1
    load_ids = sorted(int(x) for x in conn.execute(sa.select(rv.c.load_id).distinct()).scalars())
    for load_id in load_ids:
        lines: dict[str, pl.DataFrame] = {}
        for kind, (name, columns) in _LINES.items():
            old = _line_table(name, columns)
            stmt = (
                sa.select(*old.c)
                .join(rv, rv.c.id == old.c.return_version_id)
                .where(rv.c.load_id == load_id)
                .order_by(old.c.return_version_id, old.c.seq)
            )
            schema = {"return_version_id": pl.Int64(), "seq": pl.Int64(), **columns}
            rows = [tuple(r) for r in conn.execute(stmt)]
            lines[kind] = pl.DataFrame(rows, schema=schema, orient="row")
            for start in range(0, lines[kind].height, SEGMENT_ROWS):
                part = lines[kind].slice(start, SEGMENT_ROWS)
                buffer = io.BytesIO()
                part.write_parquet(
                    buffer, compression="zstd", compression_level=3, statistics=False
                )
                data = buffer.getvalue()
                ids = part["return_version_id"]
                conn.execute(
                    sa.insert(segs).values(
                        id=next_id,
                        load_id=load_id,
                        kind=kind,
                        n_rows=part.height,
                        first_return_version_id=ids.min(),
                        last_return_version_id=ids.max(),
                        sha256=hashlib.sha256(data).hexdigest(),
                        data=data,
                    )
                )
                next_id += 1
        _rehash(conn, rv, load_id, lines)
    op.drop_table("indicator_values")
    op.drop_table("cost_lines")


def downgrade() -> None:
    conn = op.get_bind()
    for name, columns in _LINES.values():
        sa_cols = [
            sa.Column(c, sa.Text() if t == _TEXT else sa.Double(), nullable=c not in _NOT_NULL)
            for c, t in columns.items()
        ]
        op.create_table(
            name,
            sa.Column("return_version_id", sa.Integer(), nullable=False),
            sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
            *sa_cols,
            sa.PrimaryKeyConstraint("return_version_id", "seq", name=f"pk_{name}"),
        )
    segs = _segments_table()
    stmt = sa.select(segs.c.kind, segs.c.data).order_by(segs.c.id)
    for kind, data in conn.execute(stmt).all():
        name, columns = _LINES[kind]
        lines = pl.read_parquet(io.BytesIO(bytes(data)))
        if lines.height:
            conn.execute(sa.insert(_line_table(name, columns)), lines.to_dicts())
    op.drop_index("ix_line_segments_load_id", table_name="line_segments")
    op.drop_table("line_segments")
