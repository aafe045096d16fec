"""Fast moves of whole tables between polars frames and the database, inside the caller's
transaction.

Writing: PostgreSQL (psycopg) gets ``COPY ... FROM STDIN`` in CSV (a null is an unquoted empty
field, an empty string is ``""``); SQLite gets one prepared ``executemany`` of plain tuples;
any other database falls back to a Core ``executemany``. Reading: the DBAPI cursor's rows (binary
protocol on psycopg, which measured faster than ``COPY TO``, whose rows arrive one message each)
go into polars frames chunk by chunk. Reading passes values through as the driver gives them, so
it is meant for text and number columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
from sqlalchemy import Select, Table
from sqlalchemy.engine import Connection

#: Rows per executemany batch on SQLite (keeps the tuple list's memory bounded).
SQLITE_BATCH = 200_000
#: Rows per COPY chunk written to PostgreSQL (bounds the CSV text held in memory).
COPY_CHUNK_ROWS = 250_000
#: Rows fetched at a time when reading (bounds the Python tuples held in memory).
FETCH_ROWS = 100_000


def _is_psycopg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


def insert_frame(conn: Connection, table: Table, df: pl.DataFrame) -> None:
    """Insert every row of ``df`` (its columns named as ``table``'s) into ``table``."""
    if df.height == 0:
        return
    columns = df.columns
    if _is_psycopg(conn):
        _copy_in(conn, table, df)
    elif conn.dialect.name == "sqlite":
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'  # noqa: S608 - our names
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            for start in range(0, df.height, SQLITE_BATCH):
                part = df.slice(start, SQLITE_BATCH)
                cursor.executemany(
                    sql, list(zip(*(part[c].to_list() for c in columns), strict=True))
                )
        finally:
            cursor.close()
    else:
        conn.execute(table.insert(), df.to_dicts())


def _copy_in(conn: Connection, table: Table, df: pl.DataFrame) -> None:
    names = ", ".join(f'"{c}"' for c in df.columns)
    sql = f'COPY "{table.name}" ({names}) FROM STDIN WITH (FORMAT csv)'
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(sql) as copy:
            for start in range(0, df.height, COPY_CHUNK_ROWS):
                part = df.slice(start, COPY_CHUNK_ROWS)
                copy.write(part.write_csv(include_header=False, quote_style="necessary"))
    finally:
        cursor.close()


def read_frame(
    conn: Connection, stmt: Select[Any], schema: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    """The rows of ``stmt`` as a frame with ``schema`` (the select's columns, in order), fetched
    in chunks of :data:`FETCH_ROWS` so that no more than a chunk of Python tuples is alive."""
    compiled = stmt.compile(dialect=conn.dialect)
    params: Any = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or ())
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor(binary=True) if _is_psycopg(conn) else dbapi.cursor()
    parts = [pl.DataFrame(schema=dict(schema))]
    try:
        cursor.execute(str(compiled), params)
        while rows := cursor.fetchmany(FETCH_ROWS):
            parts.append(pl.DataFrame(rows, schema=dict(schema), orient="row"))
    finally:
        cursor.close()
    return pl.concat(parts, rechunk=True)
