"""Read-side queries of the store: latest versions, the current bundle, history and loads."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import Select, and_, func, select
from sqlalchemy.engine import Connection

from corpbench.standard.bundle import SCHEMAS, Bundle
from corpbench.store import bulk
from corpbench.store.models import (
    COST_LINES,
    INDICATOR_VALUES,
    LOADS,
    ORG_VERSIONS,
    ORGANISATIONS,
    PEER_LIST_MEMBERS,
    PEER_LISTS,
    RETURN_VERSIONS,
)
from corpbench.store.records import LoadInfo, VersionInfo

RV = RETURN_VERSIONS
OV = ORG_VERSIONS
CL = COST_LINES
IV = INDICATOR_VALUES
LD = LOADS

FINANCE_COLUMNS = tuple(SCHEMAS["finance"])
COST_COLUMNS = tuple(c for c in SCHEMAS["function_costs"] if c not in ("org_code", "year"))
INDICATOR_COLUMNS = tuple(c for c in SCHEMAS["indicators"] if c not in ("org_code", "year"))


def latest_org_versions() -> Select[Any]:
    """The latest register version of every organisation."""
    latest = (
        select(OV.c.org_code, func.max(OV.c.version).label("version"))
        .group_by(OV.c.org_code)
        .subquery()
    )
    return select(OV).join(
        latest, and_(OV.c.org_code == latest.c.org_code, OV.c.version == latest.c.version)
    )


def latest_return_versions(year: str | None = None) -> Select[Any]:
    """The latest version of every (org, year) return, optionally of one year."""
    inner = select(RV.c.org_code, RV.c.year, func.max(RV.c.version).label("version"))
    if year is not None:
        inner = inner.where(RV.c.year == year)
    latest = inner.group_by(RV.c.org_code, RV.c.year).subquery()
    return select(RV).join(
        latest,
        and_(
            RV.c.org_code == latest.c.org_code,
            RV.c.year == latest.c.year,
            RV.c.version == latest.c.version,
        ),
    )


def _frame(rows: list[Any], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def current_bundle(conn: Connection, year: str | None = None) -> Bundle:
    """The latest register entry of every organisation and the latest version of every return
    (of ``year`` when given), as the canonical bundle tables; returns in (org_code, year) order,
    lines in the order they were loaded."""
    org_cols = list(SCHEMAS["organisations"])
    org_stmt = latest_org_versions().with_only_columns(*(OV.c[c] for c in org_cols))
    # ordered here, not in SQL, so that every database gives the same (byte) order
    organisations = _frame(list(conn.execute(org_stmt)), dict(SCHEMAS["organisations"])).sort(
        "org_code"
    )

    returns = latest_return_versions(year).subquery()
    fin_stmt = select(returns.c.id, *(returns.c[c] for c in FINANCE_COLUMNS))
    finance_schema = {"id": pl.Int64(), **SCHEMAS["finance"]}
    finance = (
        _frame(list(conn.execute(fin_stmt)), finance_schema)
        .sort("org_code", "year")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64()).alias("rank"))
    )
    ids = select(returns.c.id)
    keys = finance.select("id", "org_code", "year", "rank")

    def lines(table: Any, columns: tuple[str, ...], name: str) -> pl.DataFrame:
        stmt = select(table.c.return_version_id, table.c.seq, *(table.c[c] for c in columns)).where(
            table.c.return_version_id.in_(ids)
        )
        schema: dict[str, pl.DataType] = {"return_version_id": pl.Int64(), "seq": pl.Int64()}
        schema.update({c: SCHEMAS[name][c] for c in columns})
        df = bulk.read_frame(conn, stmt, schema)
        # sorted here, not in SQL: PostgreSQL would first sort a million rows of text
        return (
            df.join(keys, left_on="return_version_id", right_on="id", how="inner")
            .sort("rank", "seq")
            .select(*SCHEMAS[name])
        )

    return Bundle(
        organisations=organisations,
        finance=finance.select(*FINANCE_COLUMNS),
        function_costs=lines(CL, COST_COLUMNS, "function_costs"),
        indicators=lines(IV, INDICATOR_COLUMNS, "indicators"),
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
    infos = [
        VersionInfo(
            kind="register",
            org_code=org_code,
            year=None,
            version=r.version,
            loaded_at=r.loaded_at,
            loaded_by=r.loaded_by,
            source=r.source,
            sha256=r.sha256,
            load_id=r.load_id,
            cost_lines=0,
            indicators=0,
        )
        for r in reg
    ]
    ret = conn.execute(
        select(RV.c.year, RV.c.version, RV.c.load_id, RV.c.n_cost_lines, RV.c.n_indicators, LD)
        .join(LD, LD.c.id == RV.c.load_id)
        .where(RV.c.org_code == org_code)
    )
    infos += [
        VersionInfo(
            kind="return",
            org_code=org_code,
            year=r.year,
            version=r.version,
            loaded_at=r.loaded_at,
            loaded_by=r.loaded_by,
            source=r.source,
            sha256=r.sha256,
            load_id=r.load_id,
            cost_lines=r.n_cost_lines,
            indicators=r.n_indicators,
        )
        for r in ret
    ]
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


def latest_peer_lists(conn: Connection) -> dict[str, list[str]]:
    """The latest version of every named peer list, by name, members in their saved order."""
    pl_t = PEER_LISTS
    pm = PEER_LIST_MEMBERS
    latest = (
        select(pl_t.c.name, func.max(pl_t.c.version).label("version"))
        .group_by(pl_t.c.name)
        .subquery()
    )
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
