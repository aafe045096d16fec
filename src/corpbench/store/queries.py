"""Read-side queries of the store: latest versions, the current bundle, history and loads."""

from __future__ import annotations

from typing import Any, Literal

import polars as pl
from sqlalchemy import Integer, Select, and_, cast, func, select
from sqlalchemy.engine import Connection, Row

from corpbench.standard.bundle import SCHEMAS, Bundle
from corpbench.store import bulk, segments
from corpbench.store.models import (
    LOADS,
    ORG_VERSIONS,
    ORGANISATIONS,
    PEER_LIST_MEMBERS,
    PEER_LISTS,
    PUBLICATION_RETURNS,
    RETURN_VERSIONS,
)
from corpbench.store.records import LoadInfo, VersionInfo

RV = RETURN_VERSIONS
OV = ORG_VERSIONS
LD = LOADS

FINANCE_COLUMNS = tuple(SCHEMAS["finance"])


def latest_org_versions(upto_load: int | None = None) -> Select[Any]:
    """The latest register version of every organisation (as of load ``upto_load``)."""
    inner = select(OV.c.org_code, func.max(OV.c.version).label("version"))
    if upto_load is not None:
        inner = inner.where(OV.c.load_id <= upto_load)
    latest = inner.group_by(OV.c.org_code).subquery()
    return select(OV).join(
        latest, and_(OV.c.org_code == latest.c.org_code, OV.c.version == latest.c.version)
    )


def latest_return_versions(year: str | None = None, upto_load: int | None = None) -> Select[Any]:
    """The latest version of every (org, year) return, optionally of one year, as of load
    ``upto_load`` when given (then versions added by later loads are ignored)."""
    inner = select(RV.c.org_code, RV.c.year, func.max(RV.c.version).label("version"))
    if year is not None:
        inner = inner.where(RV.c.year == year)
    if upto_load is not None:
        inner = inner.where(RV.c.load_id <= upto_load)
    latest = inner.group_by(RV.c.org_code, RV.c.year).subquery()
    return select(RV).join(
        latest,
        and_(
            RV.c.org_code == latest.c.org_code,
            RV.c.year == latest.c.year,
            RV.c.version == latest.c.version,
        ),
    )


def current_register(conn: Connection, upto_load: int | None = None) -> pl.DataFrame:
    """The latest register entry of every organisation (as of load ``upto_load`` when given),
    in the canonical ``organisations`` schema, by org_code."""
    org_schema = dict(SCHEMAS["organisations"])
    # teaching read as 0/1 (SQLite has no boolean type), turned back into a boolean below
    org_stmt = latest_org_versions(upto_load).with_only_columns(
        *(OV.c[c] for c in org_schema if c != "teaching"), cast(OV.c.teaching, Integer)
    )
    # ordered here, not in SQL, so that every database gives the same (byte) order
    return (
        bulk.read_frame(conn, org_stmt, {**org_schema, "teaching": pl.Int64()})
        .with_columns(pl.col("teaching").cast(pl.Boolean()))
        .sort("org_code")
    )


def published_return_versions(publication_id: int) -> Select[Any]:
    """The return versions publication ``publication_id`` covered."""
    covered = select(PUBLICATION_RETURNS.c.return_version_id).where(
        PUBLICATION_RETURNS.c.publication_id == publication_id
    )
    return select(RV).where(RV.c.id.in_(covered))


def current_bundle(
    conn: Connection,
    year: str | None = None,
    upto_load: int | None = None,
    publication_id: int | None = None,
) -> Bundle:
    """The latest register entry of every organisation and the latest version of every return
    (of ``year`` when given; as of load ``upto_load`` when given), as the canonical bundle
    tables; returns in (org_code, year) order, lines in the order they were loaded. With
    ``publication_id`` the returns are those the publication covered instead."""
    organisations = current_register(conn, upto_load)
    if publication_id is not None:
        chosen = published_return_versions(publication_id)
        if year is not None:
            chosen = chosen.where(RV.c.year == year)
    else:
        chosen = latest_return_versions(year, upto_load)
    returns = chosen.subquery()
    fin_stmt = select(returns.c.id, *(returns.c[c] for c in FINANCE_COLUMNS))
    finance = (
        bulk.read_frame(conn, fin_stmt, {"id": pl.Int64(), **SCHEMAS["finance"]})
        .sort("org_code", "year")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64()).alias("rank"))
    )
    keys = finance.select(pl.col("id").alias("return_version_id"), "org_code", "year", "rank")

    def lines(name: str) -> pl.DataFrame:
        joined = segments.read(conn, name, keys)
        # sorted only when needed: a load's lines are stored in return id order, which is the
        # (org_code, year) order whenever the current versions come from one load
        order = pl.struct("rank", "seq")
        if joined.height > 1 and not joined.select(order.is_sorted()).item():
            joined = joined.sort("rank", "seq")
        return joined.select(*SCHEMAS[name])

    return Bundle(
        organisations=organisations,
        finance=finance.select(*FINANCE_COLUMNS),
        function_costs=lines("function_costs"),
        indicators=lines("indicators"),
        present=frozenset(SCHEMAS),
    )


def known_org_codes(conn: Connection) -> set[str]:
    """Every organisation code the register has ever held."""
    table = ORGANISATIONS
    return set(conn.execute(select(table.c.org_code)).scalars())


def history(conn: Connection, org_code: str) -> list[VersionInfo]:
    """Every version of the organisation's register entry and returns, oldest load first
    (within a load: the register entry, then returns by year)."""
    reg = conn.execute(
        select(OV.c.version, OV.c.load_id, LD)
        .join(LD, LD.c.id == OV.c.load_id)
        .where(OV.c.org_code == org_code)
    )
    ret = conn.execute(
        select(RV.c.year, RV.c.version, RV.c.load_id, RV.c.n_cost_lines, RV.c.n_indicators, LD)
        .join(LD, LD.c.id == RV.c.load_id)
        .where(RV.c.org_code == org_code)
    )

    def info(r: Row[Any], kind: Literal["register", "return"]) -> VersionInfo:
        is_return = kind == "return"
        return VersionInfo(
            kind=kind,
            org_code=org_code,
            year=r.year if is_return else None,
            version=r.version,
            loaded_at=r.loaded_at,
            loaded_by=r.loaded_by,
            source=r.source,
            sha256=r.sha256,
            load_id=r.load_id,
            cost_lines=r.n_cost_lines if is_return else 0,
            indicators=r.n_indicators if is_return else 0,
        )

    infos = [info(r, "register") for r in reg] + [info(r, "return") for r in ret]
    return sorted(infos, key=lambda v: (v.load_id, v.kind != "register", v.year or "", v.version))


def loads(conn: Connection) -> list[LoadInfo]:
    """Every load, oldest first, with the number of versions it added."""
    n_org = select(func.count()).where(OV.c.load_id == LD.c.id).scalar_subquery()
    n_ret = select(func.count()).where(RV.c.load_id == LD.c.id).scalar_subquery()
    rows = conn.execute(select(LD, n_org.label("n_org"), n_ret.label("n_ret")).order_by(LD.c.id))
    return [
        LoadInfo(
            load_id=r.id,
            loaded_at=r.loaded_at,
            loaded_by=r.loaded_by,
            source=r.source,
            sha256=r.sha256,
            org_versions=r.n_org,
            return_versions=r.n_ret,
        )
        for r in rows
    ]


def latest_peer_lists(conn: Connection, upto_id: int | None = None) -> dict[str, list[str]]:
    """The latest version of every named peer list (among versions with id up to ``upto_id``
    when given), by name, members in their saved order."""
    pl_t = PEER_LISTS
    pm = PEER_LIST_MEMBERS
    inner = select(pl_t.c.name, func.max(pl_t.c.version).label("version"))
    if upto_id is not None:
        inner = inner.where(pl_t.c.id <= upto_id)
    latest = inner.group_by(pl_t.c.name).subquery()
    heads = select(pl_t.c.id, pl_t.c.name).join(
        latest, and_(pl_t.c.name == latest.c.name, pl_t.c.version == latest.c.version)
    )
    result: dict[str, list[str]] = {name: [] for _, name in conn.execute(heads)}
    heads_sq = heads.subquery()
    members = conn.execute(
        select(heads_sq.c.name, pm.c.org_code)
        .join(pm, pm.c.peer_list_id == heads_sq.c.id)
        .order_by(heads_sq.c.name, pm.c.seq)
    )
    for name, code in members:
        result[name].append(code)
    return dict(sorted(result.items()))
