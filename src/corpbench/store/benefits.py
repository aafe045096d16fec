"""Benefit lines of programmes and their monthly values, kept as versions (docs/programme.md
"Benefits").

A line is one ``benefit_lines`` row (its number in the programme, 1, 2, …) and its versions
(``benefit_line_versions``): every save adds a version with who and when; retiring adds a retired
version. A line's actual and planned value in a month are versions too (``benefit_values``):
entering or uploading a value adds a version one more than the newest for that line, month and
kind; the current value is the newest. Nothing is updated in place. Values are checked by the
actions (``actions/benefits.py``); the store keeps what it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.engine import Connection, RowMapping

from corpbench.store.models import (
    BENEFIT_LINE_VERSIONS,
    BENEFIT_LINES,
    BENEFIT_VALUES,
)
from corpbench.store.programmes import programme_in_use
from corpbench.store.records import StoreError
from corpbench.store.versioned import (
    VersionedTable,
    in_force,
    newest_versions,
    saved_by,
    saved_when,
)

#: The kinds of value a line has in a month.
KINDS: tuple[str, ...] = ("actual", "planned")


@dataclass(frozen=True)
class LineVersion:
    """One version of benefit line ``number`` of programme ``programme_id``."""

    line_id: int
    programme_id: int
    number: int
    version: int
    function: str
    description: str
    owner: str
    cashable: bool
    baseline: float | None
    target: float | None
    improvement: str
    retired: bool
    saved_at: datetime
    saved_by: str


@dataclass(frozen=True)
class ValueVersion:
    """One version of a line's ``kind`` value in ``month``."""

    line_id: int
    month: str
    kind: str
    version: int
    value: float
    source: str
    saved_at: datetime
    saved_by: str


@dataclass(frozen=True)
class NewValue:
    """A value to store: line (its id), month, kind (``actual`` or ``planned``), value."""

    line_id: int
    month: str
    kind: str
    value: float


def _number(v: object) -> float | None:
    return None if v is None else float(v)  # type: ignore[arg-type]


def _line(r: RowMapping) -> LineVersion:
    return LineVersion(
        int(r["line_id"]),
        int(r["programme_id"]),
        int(r["number"]),
        int(r["version"]),
        str(r["function"]),
        str(r["description"]),
        str(r["owner"]),
        bool(r["cashable"]),
        _number(r["baseline"]),
        _number(r["target"]),
        str(r["improvement"]),
        bool(r["retired"]),
        r["saved_at"],
        str(r["saved_by"]),
    )


def _value(r: RowMapping) -> ValueVersion:
    return ValueVersion(
        int(r["line_id"]),
        str(r["month"]),
        str(r["kind"]),
        int(r["version"]),
        float(r["value"]),
        str(r["source"]),
        r["saved_at"],
        str(r["saved_by"]),
    )


_LV = BENEFIT_LINE_VERSIONS
_L = BENEFIT_LINES
_V = BENEFIT_VALUES


def _line_select() -> Select[Any]:
    return select(
        _LV.c.line_id,
        _L.c.programme_id,
        _L.c.number,
        _LV.c.version,
        _LV.c.function,
        _LV.c.description,
        _LV.c.owner,
        _LV.c.cashable,
        _LV.c.baseline,
        _LV.c.target,
        _LV.c.improvement,
        _LV.c.retired,
        _LV.c.saved_at,
        _LV.c.saved_by,
    ).join(_L, _L.c.id == _LV.c.line_id)


class Benefits(VersionedTable):
    """The benefit lines and values of a store (``Store.benefits``)."""

    # --- lines ----------------------------------------------------------------------------

    def save_line(
        self,
        programme_id: int,
        number: int | None,
        *,
        function: str,
        description: str,
        owner: str,
        cashable: bool,
        baseline: float | None,
        target: float | None,
        improvement: str,
        by: str,
        retired: bool = False,
        at: datetime | None = None,
    ) -> LineVersion:
        """Add a line to programme ``programme_id`` (``number`` None: the next number, version
        1) or a version of its line ``number`` (refused when there is no such line in use)."""
        when, who = saved_when(at), saved_by(by)
        with self.writing() as conn:
            programme_in_use(conn, programme_id)
            if number is None:
                newest = conn.execute(
                    select(func.max(_L.c.number)).where(_L.c.programme_id == programme_id)
                ).scalar_one()
                number = 1 if newest is None else int(newest) + 1
                line_id = int(
                    conn.execute(
                        insert(_L)
                        .values(
                            programme_id=programme_id,
                            number=number,
                            created_at=when,
                            created_by=who,
                        )
                        .returning(_L.c.id)
                    ).scalar_one()
                )
                version = 1
            else:
                latest = in_force(
                    self._latest(conn, programme_id, number),
                    f"no benefit line {number} in programme {programme_id}",
                )
                line_id, version = latest.line_id, latest.version + 1
            values = {
                "line_id": line_id,
                "version": version,
                "function": function,
                "description": description,
                "owner": owner,
                "cashable": cashable,
                "baseline": baseline,
                "target": target,
                "improvement": improvement,
                "retired": retired,
                "saved_at": when,
                "saved_by": who,
            }
            conn.execute(insert(_LV).values(**values))
        return LineVersion(
            line_id,
            programme_id,
            number,
            version,
            function,
            description,
            owner,
            cashable,
            baseline,
            target,
            improvement,
            retired,
            when,
            who,
        )

    @staticmethod
    def _latest(conn: Connection, programme_id: int, number: int) -> LineVersion | None:
        row = (
            conn.execute(
                _line_select()
                .where(_L.c.programme_id == programme_id, _L.c.number == number)
                .order_by(_LV.c.version.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        return None if row is None else _line(row)

    def line(self, programme_id: int, number: int) -> LineVersion | None:
        """The newest version of line ``number`` of the programme (a retired one too)."""
        with self.engine.connect() as conn:
            return self._latest(conn, programme_id, number)

    def line_versions(self, programme_id: int, number: int) -> list[LineVersion]:
        """Every version of line ``number`` of the programme, oldest first."""
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    _line_select()
                    .where(_L.c.programme_id == programme_id, _L.c.number == number)
                    .order_by(_LV.c.version)
                )
                .mappings()
                .all()
            )
        return [_line(r) for r in rows]

    def lines(self, programme_id: int) -> list[LineVersion]:
        """The newest version of every line of the programme not retired, by number."""
        of_programme = select(_L.c.id).where(_L.c.programme_id == programme_id)
        found = (
            newest_versions(_LV, ["line_id"], _LV.c.line_id.in_(of_programme))
            .add_columns(_L.c.programme_id, _L.c.number)
            .join(_L, _L.c.id == _LV.c.line_id)
            .where(_LV.c.retired.is_(False))
            .order_by(_L.c.number)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(found).mappings().all()
        return [_line(r) for r in rows]

    # --- values ---------------------------------------------------------------------------

    def add_values(
        self, values: Sequence[NewValue], *, source: str, by: str, at: datetime | None = None
    ) -> list[ValueVersion]:
        """Store ``values`` in one transaction, each a version one more than the newest for its
        line, month and kind (all or nothing)."""
        when, who = saved_when(at), saved_by(by)
        if any(v.kind not in KINDS for v in values):
            raise StoreError(f"a value's kind is one of {', '.join(KINDS)}")
        added: list[ValueVersion] = []
        with self.writing() as conn:
            line_ids = sorted({v.line_id for v in values})
            newest: dict[tuple[int, str, str], int] = {}
            if line_ids:
                rows = conn.execute(
                    select(_V.c.line_id, _V.c.month, _V.c.kind, func.max(_V.c.version))
                    .where(_V.c.line_id.in_(line_ids))
                    .group_by(_V.c.line_id, _V.c.month, _V.c.kind)
                )
                newest = {(int(a), str(b), str(c)): int(d) for a, b, c, d in rows}
            rows_out: list[dict[str, object]] = []
            for v in values:
                key = (v.line_id, v.month, v.kind)
                version = newest.get(key, 0) + 1
                newest[key] = version
                row = {
                    "line_id": v.line_id,
                    "month": v.month,
                    "kind": v.kind,
                    "version": version,
                    "value": float(v.value),
                    "source": source,
                    "saved_at": when,
                    "saved_by": who,
                }
                rows_out.append(row)
                added.append(
                    ValueVersion(
                        v.line_id, v.month, v.kind, version, float(v.value), source, when, who
                    )
                )
            if rows_out:
                conn.execute(insert(_V), rows_out)
        return added

    def values(self, line_ids: Sequence[int]) -> dict[int, dict[str, dict[str, float]]]:
        """The current values of each line: line id -> kind -> month -> value."""
        out: dict[int, dict[str, dict[str, float]]] = {i: {k: {} for k in KINDS} for i in line_ids}
        if not line_ids:
            return out
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(_V.c.line_id, _V.c.month, _V.c.kind, _V.c.version, _V.c.value)
                .where(_V.c.line_id.in_(list(line_ids)))
                .order_by(_V.c.line_id, _V.c.month, _V.c.kind, _V.c.version)
            )
            for line_id, month, kind, _version, value in rows:
                out[int(line_id)][str(kind)][str(month)] = float(value)  # newest wins
        return out

    def value_versions(self, line_id: int) -> list[ValueVersion]:
        """Every version of every value of line ``line_id`` (by month, kind, version)."""
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    select(_V)
                    .where(_V.c.line_id == line_id)
                    .order_by(_V.c.month, _V.c.kind, _V.c.version)
                )
                .mappings()
                .all()
            )
        return [_value(r) for r in rows]
