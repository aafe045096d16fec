"""The store that loses nothing: versioned register entries and returns, one transaction per
load, nothing ever updated in place or deleted."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import numpy as np
import polars as pl
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, OperationalError

from corpbench.standard.bundle import Bundle
from corpbench.store import bulk, queries, segments
from corpbench.store.accounts import Accounts
from corpbench.store.audit import AuditLog
from corpbench.store.benefits import Benefits
from corpbench.store.conversation import Conversation
from corpbench.store.engine import WRITE_OPTION, current_revision, head_revision, make_engine
from corpbench.store.engine import migrate as run_migrations
from corpbench.store.models import (
    LOADS,
    ORG_VERSIONS,
    ORGANISATIONS,
    PEER_LIST_MEMBERS,
    PEER_LISTS,
    PUBLICATIONS,
    RETURN_VERSIONS,
    ROUND_VERSIONS,
)
from corpbench.store.my_peers import MyPeerLists
from corpbench.store.plans import PlanCases
from corpbench.store.prepare import (
    FINANCE_FIELDS,
    ORG_COLUMNS,
    RETURN_KEY,
    Prepared,
    check,
    finish,
)
from corpbench.store.programmes import Programmes
from corpbench.store.publications import PublicationInfo, Publications
from corpbench.store.records import (
    LoadInfo,
    LoadResult,
    StoreError,
    StoreState,
    VersionInfo,
    VersionRef,
)
from corpbench.store.reviews import Reviews
from corpbench.store.rounds import Rounds

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: A column numbering the prepared returns (their row in ``Prepared.returns``).
_POSITION = "__position"


def _now(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    if at.tzinfo is None:
        raise StoreError("the load time must be timezone-aware")
    return at.astimezone(UTC)


def _latest(conn: Connection, stmt: Any, keys: list[str]) -> pl.DataFrame:
    sub = stmt.subquery()
    cols = [*keys, "version", "content_hash"]
    rows = conn.execute(select(*(sub.c[c] for c in cols)))
    schema: dict[str, pl.DataType] = {k: pl.String() for k in keys}
    schema.update(version=pl.Int64(), content_hash=pl.String())
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def _next_id(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1


def _diff(
    incoming: pl.DataFrame, latest: pl.DataFrame, keys: list[str], first_id: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split ``incoming`` into rows whose content differs from the latest stored version (with
    their new ``version`` and ``id``) and rows identical to it (with the stored ``version``)."""
    joined = incoming.join(
        latest.rename({"content_hash": "stored_hash"}), on=keys, how="left"
    ).sort(keys)
    same = pl.col("stored_hash") == pl.col("content_hash")
    unchanged = joined.filter(same.fill_null(False))
    changed = joined.filter(~same.fill_null(False)).with_columns(
        (pl.col("version").fill_null(0) + 1).alias("version"),
        pl.int_range(first_id, first_id + pl.len(), dtype=pl.Int64()).alias("id"),
    )
    return changed, unchanged


def _refs(df: pl.DataFrame, with_year: bool) -> list[VersionRef]:
    years = df["year"].to_list() if with_year else [None] * df.height
    return list(map(VersionRef, df["org_code"].to_list(), years, df["version"].to_list()))


def _new_lines(prepared: Prepared, new_rets: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """The cost lines and indicator values of the new return versions, each with its
    ``return_version_id``."""
    # the new version id of each return by its row in prepared.returns, 0 for unchanged
    version_ids = np.zeros(prepared.returns.height, dtype=np.int64)
    version_ids[new_rets[_POSITION].to_numpy()] = new_rets["id"].to_numpy()
    out: list[tuple[str, pl.DataFrame]] = []
    for kind, lines in (
        ("function_costs", prepared.cost_lines),
        ("indicators", prepared.indicators),
    ):
        rv_ids = version_ids[prepared.line_positions[kind].to_numpy()]
        rows = lines.with_columns(pl.Series("return_version_id", rv_ids))
        if not bool((rv_ids > 0).all()):
            rows = rows.filter(pl.col("return_version_id") > 0)
        out.append((kind, rows))
    return out


def _write_register(
    conn: Connection, organisations: pl.DataFrame, known: set[str], load_id: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add the new organisation codes of ``organisations`` (register rows with their hashes)
    and a version of every changed register entry; the new and the unchanged entries."""
    new_codes = sorted(set(organisations["org_code"].to_list()) - known)
    if new_codes:
        bulk.insert_frame(
            conn,
            ORGANISATIONS,
            pl.DataFrame({"org_code": new_codes, "first_load_id": load_id}),
        )
    org_keys = ["org_code"]
    new_orgs, same_orgs = _diff(
        organisations,
        _latest(conn, queries.latest_org_versions(), org_keys),
        org_keys,
        _next_id(conn, ORG_VERSIONS),
    )
    bulk.insert_frame(
        conn,
        ORG_VERSIONS,
        new_orgs.select(
            "id",
            "org_code",
            "version",
            pl.lit(load_id).alias("load_id"),
            "content_hash",
            *ORG_COLUMNS[1:],
        ),
    )
    return new_orgs, same_orgs


class Store:
    """A corpbench database. Open with :meth:`Store.open`; close (or use ``with``) when done."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: For one-statement reads: on PostgreSQL in autocommit, so that a lookup is one round
        #: trip rather than BEGIN, the query and ROLLBACK (measured: three times faster).
        self.reader = (
            engine
            if engine.dialect.name == "sqlite"
            else engine.execution_options(isolation_level="AUTOCOMMIT")
        )

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Open the store at ``url`` (an SQLAlchemy URL), bringing its schema to the newest
        migration unless ``migrate`` is False (then the schema must already be current)."""
        try:
            engine = make_engine(url)
        except (ArgumentError, ValueError, ImportError) as exc:
            raise StoreError(f"not a usable database URL: {exc}") from exc
        try:
            if migrate:
                run_migrations(engine)
            elif current_revision(engine) != head_revision():
                raise StoreError(
                    f"the database at {engine.url!r} is not at the current schema; "
                    "open it with migrations enabled"
                )
        except OperationalError as exc:
            engine.dispose()
            raise StoreError(f"cannot open the database at {engine.url!r}: {exc.orig}") from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction; writers are serialised (SQLite ``BEGIN IMMEDIATE``,
        PostgreSQL an exclusive lock on ``loads``) so version numbers cannot race."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("LOCK TABLE loads IN EXCLUSIVE MODE")
                yield conn

    # -- writing -------------------------------------------------------------------------

    def load(
        self, bundle: Bundle, *, by: str, source: str, sha256: str, at: datetime | None = None
    ) -> LoadResult:
        """Store ``bundle`` in one transaction, recording who loaded it (``by``), when (``at``,
        default now, UTC), from which file (``source``) and the file's SHA-256. Changed register
        entries and returns get a new version; identical ones get none. On any failure nothing
        is stored."""
        loaded_at = _now(at)
        digest = sha256.strip().lower()
        if not _SHA256.match(digest):
            raise StoreError(f"not a SHA-256 digest: {sha256!r}")
        if not by.strip():
            raise StoreError("the loader's name (by) must not be empty")
        checked = check(bundle)
        # the returns are hashed on another thread while this one writes the register
        with ThreadPoolExecutor(max_workers=1) as hasher, self._writing() as conn:
            hashing = hasher.submit(finish, checked)
            load_id = int(
                conn.execute(
                    insert(LOADS)
                    .values(loaded_at=loaded_at, loaded_by=by, source=source, sha256=digest)
                    .returning(LOADS.c.id)
                ).scalar_one()
            )
            known = queries.known_org_codes(conn)
            bundle_orgs = set(checked.organisations["org_code"].to_list())
            missing = sorted(set(checked.finance["org_code"].to_list()) - known - bundle_orgs)
            if missing:
                raise StoreError(
                    f"{len(missing)} organisation code(s) with returns are not in the register, "
                    f"e.g. {missing[0]}"
                )
            new_orgs, same_orgs = _write_register(conn, checked.organisations, known, load_id)
            prepared = hashing.result()
            new_rets, same_rets = _diff(
                prepared.returns.with_columns(
                    pl.int_range(pl.len(), dtype=pl.Int64()).alias(_POSITION)
                ),
                _latest(conn, queries.latest_return_versions(), list(RETURN_KEY)),
                list(RETURN_KEY),
                _next_id(conn, RETURN_VERSIONS),
            )
            # the lines' segments are encoded on another thread (polars releases the GIL)
            # while this one writes the register and return rows
            with ThreadPoolExecutor(max_workers=1) as pool:
                encoded = {
                    kind: pool.submit(segments.encode_segments, lines, kind)
                    for kind, lines in _new_lines(prepared, new_rets)
                }
                bulk.insert_frame(
                    conn,
                    RETURN_VERSIONS,
                    new_rets.select(
                        "id",
                        *RETURN_KEY,
                        "version",
                        pl.lit(load_id).alias("load_id"),
                        "content_hash",
                        "n_cost_lines",
                        "n_indicators",
                        *FINANCE_FIELDS,
                    ),
                )
                for kind, future in encoded.items():
                    segments.write(conn, load_id, kind, future.result())
        return LoadResult(
            load_id=load_id,
            loaded_at=loaded_at,
            new_org_versions=_refs(new_orgs, with_year=False),
            unchanged_org_versions=_refs(same_orgs, with_year=False),
            new_return_versions=_refs(new_rets, with_year=True),
            unchanged_return_versions=_refs(same_rets, with_year=True),
        )

    def save_peer_list(
        self, name: str, org_codes: Iterable[str], *, by: str, at: datetime | None = None
    ) -> int:
        """Save a named custom peer group (members in the given order, repeats dropped) and
        return its version: a new version when it differs from the latest, else the latest.
        Every code must be in the register."""
        saved_at = _now(at)
        clean = name.strip()
        if not clean:
            raise StoreError("a peer list needs a name")
        members = list(dict.fromkeys(org_codes))
        with self._writing() as conn:
            unknown = sorted(set(members) - queries.known_org_codes(conn))
            if unknown:
                raise StoreError(f"peer list {clean!r}: unknown organisation code(s) {unknown}")
            table = PEER_LISTS
            latest = queries.latest_peer_lists(conn).get(clean)
            version = int(
                conn.execute(
                    select(func.coalesce(func.max(table.c.version), 0)).where(table.c.name == clean)
                ).scalar_one()
            )
            if latest == members:
                return version
            list_id = int(
                conn.execute(
                    insert(table)
                    .values(name=clean, version=version + 1, saved_at=saved_at, saved_by=by)
                    .returning(table.c.id)
                ).scalar_one()
            )
            if members:
                conn.execute(
                    insert(PEER_LIST_MEMBERS),
                    [
                        {"peer_list_id": list_id, "seq": i, "org_code": code}
                        for i, code in enumerate(members)
                    ],
                )
            return version + 1

    # -- reading -------------------------------------------------------------------------

    def current(self, year: str | None = None, *, upto_load: int | None = None) -> Bundle:
        """The latest register entry of every organisation and the latest version of every
        (org, year) return (only ``year``'s returns when given), as they stood after load
        ``upto_load`` when given (a publication)."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # one snapshot for all four tables
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                return queries.current_bundle(conn, year, upto_load)

    def register(self) -> pl.DataFrame:
        """The latest register entry of every organisation (the ``organisations`` table of
        :meth:`current`, without reading any return)."""
        with self.engine.connect() as conn:
            return queries.current_register(conn)

    def published(self, publication: PublicationInfo) -> Bundle:
        """What ``publication`` covered: the register as of its load and the return versions
        it covered (every current one, or the accepted ones only), as a bundle."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                return queries.current_bundle(
                    conn, upto_load=publication.load_id, publication_id=publication.id
                )

    def known_org_codes(self) -> set[str]:
        """Every organisation code in the register."""
        with self.engine.connect() as conn:
            return queries.known_org_codes(conn)

    def history(self, org_code: str) -> list[VersionInfo]:
        """Every version of ``org_code``'s register entry and returns, oldest first (empty for
        an unknown code)."""
        with self.engine.connect() as conn:
            return queries.history(conn, org_code)

    def loads(self) -> list[LoadInfo]:
        """Every load, oldest first."""
        with self.engine.connect() as conn:
            return queries.loads(conn)

    def peer_lists(self, *, upto_id: int | None = None) -> dict[str, list[str]]:
        """The latest version of every named peer list (as of peer-list version ``upto_id``)."""
        with self.engine.connect() as conn:
            return queries.latest_peer_lists(conn, upto_id)

    # -- the web app's records -----------------------------------------------------------

    @property
    def accounts(self) -> Accounts:
        """Users, API tokens and sessions."""
        return Accounts(self.engine, self.reader)

    @property
    def audit(self) -> AuditLog:
        """The audit log."""
        return AuditLog(self.engine)

    @property
    def reviews(self) -> Reviews:
        """Review decisions on returns."""
        return Reviews(self.engine)

    @property
    def rounds(self) -> Rounds:
        """Round definitions, versioned."""
        return Rounds(self.engine, self._writing)

    @property
    def my_peers(self) -> MyPeerLists:
        """ "My peers" lists of organisations and footprints, versioned."""
        return MyPeerLists(self.engine, self._writing)

    @property
    def plans(self) -> PlanCases:
        """Shared-service business cases of the planning workbench, versioned."""
        return PlanCases(self.engine, self._writing)

    @property
    def programmes(self) -> Programmes:
        """Programmes with their readiness (versioned) and the lessons log."""
        return Programmes(self.engine, self._writing)

    @property
    def benefits(self) -> Benefits:
        """Benefit lines of programmes and their monthly values, versioned."""
        return Benefits(self.engine, self._writing)

    @property
    def conversation(self) -> Conversation:
        """Queries on returns and notes on returns."""
        return Conversation(self.engine, self._writing)

    @property
    def publications(self) -> Publications:
        """Publications of the round's figures."""
        return Publications(self.engine, self.reader)

    def state(self) -> StoreState:
        """The newest load, peer-list version, publication and round version (0 for none), in
        one query: the live figures change only with the first two and the fourth (a round's
        size bands and labels), the published ones with the third, so caches key on them."""
        newest = [
            select(func.coalesce(func.max(t.c.id), 0)).scalar_subquery()
            for t in (LOADS, PEER_LISTS, PUBLICATIONS, ROUND_VERSIONS)
        ]
        with self.reader.connect() as conn:
            load_id, peer_id, pub_id, round_id = conn.execute(select(*newest)).one()
        return StoreState(int(load_id), int(peer_id), int(pub_id), int(round_id))
