"""Round definitions in the store, versioned like the register: a new version of a round only
when its text changed, with who added it and when. A year belongs to one round; a year no stored
round names belongs to the built-in default round when that round names it.

A new version must still hold the returns stored in its years: it cannot drop a year that holds
returns, nor an organisation type, function or indicator they use."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.engine import Connection

from corpbench.standard.labels import learn_round
from corpbench.standard.rounds import (
    DEFAULT_ROUND_FILE,
    RoundDefinition,
    RoundsByYear,
    default_round_text,
    parse_round,
)
from corpbench.store import queries
from corpbench.store.models import ROUND_VERSIONS
from corpbench.store.records import StoreError


@dataclass(frozen=True)
class RoundVersionInfo:
    """One version of a round: its definition, its TOML text, who added it and when (version 0,
    no one, no time: the built-in default round, not stored)."""

    definition: RoundDefinition
    text: str
    version: int
    sha256: str
    added_at: datetime | None
    added_by: str

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def built_in(self) -> bool:
        return self.version == 0


@dataclass(frozen=True)
class RoundSaved:
    """The outcome of adding a round: the version that holds it and whether it is new."""

    round: RoundVersionInfo
    changed: bool


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _built_in() -> RoundVersionInfo:
    text = default_round_text()
    return RoundVersionInfo(
        parse_round(text, DEFAULT_ROUND_FILE), text, 0, _sha256(text), None, "built in"
    )


def _latest(conn: Connection) -> dict[str, RoundVersionInfo]:
    """The latest stored version of every round, by name."""
    table = ROUND_VERSIONS
    newest = (
        select(table.c.name, func.max(table.c.version).label("version"))
        .group_by(table.c.name)
        .subquery()
    )
    rows = conn.execute(
        select(table)
        .join(newest, (table.c.name == newest.c.name) & (table.c.version == newest.c.version))
        .order_by(table.c.name)
    ).mappings()
    found = {
        r["name"]: RoundVersionInfo(
            parse_round(r["definition"], f"round {r['name']} v{r['version']}"),
            r["definition"],
            r["version"],
            r["sha256"],
            r["added_at"],
            r["added_by"],
        )
        for r in rows
    }
    for info in found.values():
        learn_round(info.definition)  # pages show the titles the round gives its codes
    return found


def _with_default(stored: dict[str, RoundVersionInfo]) -> dict[str, RoundVersionInfo]:
    built_in = _built_in()
    if built_in.name in stored:
        return stored
    return {built_in.name: built_in, **stored}


def _year_owner(rounds: dict[str, RoundVersionInfo], year: str) -> RoundVersionInfo | None:
    """The round of ``year``: a stored round naming it, else the built-in default."""
    owners = [r for r in rounds.values() if year in r.definition.years]
    stored = [r for r in owners if not r.built_in]
    found = stored or owners
    return found[0] if found else None


def _codes_lost(
    conn: Connection, new: RoundDefinition, previous: RoundDefinition | None
) -> list[str]:
    """What the stored returns of the round's years use that ``new`` would not hold."""
    problems: list[str] = []
    dropped = [y for y in (previous.years if previous else ()) if y not in new.years]
    for year in (*new.years, *dropped):
        bundle = queries.current_bundle(conn, year)
        if bundle.finance.height == 0:
            continue
        if year in dropped:
            problems.append(f"year {year} holds {bundle.finance.height} return(s)")
            continue
        with_returns = set(bundle.finance["org_code"].to_list())
        orgs = bundle.organisations.filter(bundle.organisations["org_code"].is_in(with_returns))
        lost = {
            "organisation type(s)": set(orgs["org_type"].to_list()) - set(new.org_type_codes),
            "function(s)": set(bundle.function_costs["function"].to_list())
            - set(new.function_codes),
            "indicator(s)": set(bundle.indicators["indicator"].to_list()) - set(new.indicators),
        }
        problems.extend(
            f"{year} returns use {what} {', '.join(sorted(codes))}"
            for what, codes in lost.items()
            if codes
        )
    return problems


class Rounds:
    """Round definitions of a store (``Store.rounds``)."""

    def __init__(
        self,
        engine: Engine,
        writing: Callable[[], AbstractContextManager[Connection]],
    ) -> None:
        self.engine = engine
        self.writing = writing

    def add(
        self, definition: RoundDefinition, text: str, *, by: str, at: datetime | None = None
    ) -> RoundSaved:
        """Store ``definition`` (read from ``text``) as the newest version of its round, unless
        the latest version has the same text. Refused (nothing stored) when one of its years
        belongs to another round, or when the returns stored in its years use a code it lacks
        (or sit in a year it drops)."""
        if not by.strip():
            raise StoreError("the name of who adds a round (by) must not be empty")
        added_at = at or datetime.now(UTC)
        if added_at.tzinfo is None:
            raise StoreError("the time a round is added must be timezone-aware")
        digest = _sha256(text)
        with self.writing() as conn:
            rounds = _with_default(_latest(conn))
            previous = rounds.get(definition.name)
            if previous is not None and previous.sha256 == digest:
                return RoundSaved(previous, changed=False)
            taken = [
                f"{year} (round {owner.name})"
                for year in definition.years
                if (owner := _year_owner(rounds, year)) is not None
                and owner.name != definition.name
            ]
            if taken:
                raise StoreError(
                    f"round {definition.name!r}: year(s) already in another round: "
                    + "; ".join(taken)
                )
            lost = _codes_lost(conn, definition, previous.definition if previous else None)
            if lost:
                raise StoreError(
                    f"round {definition.name!r} would not hold the returns stored in its years: "
                    + "; ".join(lost)
                )
            version = 1 if previous is None or previous.built_in else previous.version + 1
            conn.execute(
                insert(ROUND_VERSIONS).values(
                    name=definition.name,
                    version=version,
                    years=",".join(definition.years),
                    definition=text,
                    sha256=digest,
                    added_at=added_at,
                    added_by=by.strip(),
                )
            )
        return RoundSaved(
            RoundVersionInfo(definition, text, version, digest, added_at, by.strip()), True
        )

    def all(self) -> list[RoundVersionInfo]:
        """The latest version of every round, the built-in default first unless stored."""
        with self.engine.connect() as conn:
            return list(_with_default(_latest(conn)).values())

    def by_year(self) -> RoundsByYear:
        """Which round checks a return of each year (the latest version of every round; the
        default round for a year no other names), as data for ``ingest`` and ``bench``."""
        return RoundsByYear.of([r.definition for r in self.all()])

    def of_year(self, year: str) -> RoundVersionInfo | None:
        """The round of ``year`` (a stored round naming it, else the built-in default when it
        names it), or ``None``."""
        with self.engine.connect() as conn:
            return _year_owner(_with_default(_latest(conn)), year)

    def of_years(self, years: Iterable[str]) -> dict[str, RoundVersionInfo | None]:
        """The round of each of ``years`` (:meth:`of_year`), read at once."""
        with self.engine.connect() as conn:
            rounds = _with_default(_latest(conn))
        return {year: _year_owner(rounds, year) for year in years}

    def versions(self, name: str) -> list[tuple[int, datetime, str]]:
        """Every stored version of round ``name`` as (version, added at, added by), oldest
        first."""
        table = ROUND_VERSIONS
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(table.c.version, table.c.added_at, table.c.added_by)
                .where(table.c.name == name)
                .order_by(table.c.version)
            ).all()
        return [(int(v), at, by) for v, at, by in rows]
