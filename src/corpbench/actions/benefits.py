"""Benefits tracking actions (docs/programme.md "Benefits"): add or change a programme's benefit
line, enter a line's actual and planned values by month, upload them as CSV or XLSX; and read a
programme's lines with their values and envelopes.

Scope rules as for programmes (``corpbench.access``): the national role and the programme's
footprint users change its benefits; an organisation user that is a partner sees them. Every
change is audited: ``benefit_save`` (a line added or changed, values entered) and
``benefit_upload`` (an upload stored). A refused change stores nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from corpbench.actions.actor import ActionError, Actor
from corpbench.actions.figures import benchmark_for
from corpbench.actions.programmes import Programme, editable_programme, get_programme
from corpbench.bench.consortium import ConsortiumBaseline, consortium_baseline
from corpbench.bench.engine import Benchmark
from corpbench.ingest.benefit_rows import parse_benefit_upload
from corpbench.ingest.issues import Issue
from corpbench.plan import CaseInvalid, parse_case
from corpbench.plan.case import document_of_text
from corpbench.programme.benefits import (
    DIRECTIONS,
    BenefitLine,
    Envelopes,
    case_yearly_benefit,
    envelopes,
    is_month,
    line_fields,
    line_problem,
)
from corpbench.standard import ALL_FUNCTION, DEFAULT_FUNCTIONS
from corpbench.store import Store, StoreError
from corpbench.store.benefits import LineVersion, NewValue

#: The longest description and owner of a line, in characters.
DESCRIPTION_LIMIT = 200
OWNER_LIMIT = 120
#: The functions a line may be for: the standard's and the whole organisation.
LINE_FUNCTIONS: tuple[str, ...] = (*DEFAULT_FUNCTIONS, ALL_FUNCTION)
#: The most values entered at once by hand.
ENTRY_LIMIT = 240


class UploadRefused(ActionError):
    """An upload refused for its content: ``issues`` holds every problem with where it is."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        n = len(issues)
        super().__init__(f"the upload is not valid: {n} problem{'s' if n != 1 else ''}")
        self.issues: tuple[Issue, ...] = tuple(issues)


@dataclass(frozen=True)
class ProgrammeBenefits:
    """A programme's benefit lines with their current values, and the envelopes."""

    programme: Programme
    lines: tuple[BenefitLine, ...]
    versions: tuple[LineVersion, ...]
    envelopes: Envelopes
    #: Why an envelope could not be worked out (no case, no figures for the year, ...).
    notes: tuple[str, ...]


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    clean = " ".join(value.split())
    if required and not clean:
        raise ActionError(f"{what}: a benefit line needs {what}")
    if len(clean) > limit:
        raise ActionError(f"{what}: at most {limit} characters, not {len(clean)}")
    return clean


def _finite(value: float | None, what: str) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ActionError(f"{what}: {value!r} is not a finite number")
    return value


def save_line(
    store: Store,
    actor: Actor,
    programme_id: int,
    number: int | None,
    *,
    function: str,
    description: str,
    owner: str,
    cashable: bool,
    baseline: float | None,
    target: float | None,
    improvement: str = "increase",
    retire: bool = False,
) -> LineVersion:
    """Add a benefit line to programme ``programme_id`` (``number`` None) or save a new version
    of its line ``number`` (``retire``: take it off the programme). Audited as
    ``benefit_save``."""
    programme = editable_programme(store, actor, programme_id)
    fn = function.strip()
    if fn not in LINE_FUNCTIONS:
        raise ActionError(f"function: {fn!r} is not one of {', '.join(LINE_FUNCTIONS)}")
    if improvement not in DIRECTIONS:
        raise ActionError(f"improvement: {improvement!r} is not one of {', '.join(DIRECTIONS)}")
    line = BenefitLine(
        number or 0,
        fn,
        _text(description, "a description", DESCRIPTION_LIMIT),
        _text(owner, "an owner", OWNER_LIMIT),
        cashable,
        _finite(baseline, "baseline"),
        _finite(target, "target"),
        improvement,
    )
    problem = line_problem(line)
    if problem is not None:
        raise ActionError(problem)
    try:
        saved = store.benefits.save_line(
            programme.id,
            number,
            **line_fields(line),
            retired=retire,
            by=actor.name,
        )
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    store.audit.record(
        actor.name,
        "benefit_save",
        f"programme {programme.id} line {saved.number}",
        {
            "version": saved.version,
            "function": saved.function,
            "cashable": saved.cashable,
            "baseline": saved.baseline,
            "target": saved.target,
            "improvement": saved.improvement,
            **({"retired": True} if retire else {"created": number is None}),
        },
        client=actor.client,
    )
    return saved


@dataclass(frozen=True)
class MonthEntry:
    """Values entered for one month (None: left as it is)."""

    month: str
    actual: float | None = None
    planned: float | None = None


def _line_ids(store: Store, programme_id: int) -> dict[int, int]:
    return {x.number: x.line_id for x in store.benefits.lines(programme_id)}


def enter_values(
    store: Store, actor: Actor, programme_id: int, number: int, entries: Sequence[MonthEntry]
) -> int:
    """Enter line ``number``'s actual and/or planned values for the months of ``entries``; the
    count of values stored. Audited as ``benefit_save``."""
    programme = editable_programme(store, actor, programme_id)
    ids = _line_ids(store, programme.id)
    if number not in ids:
        raise ActionError(
            f"line: programme {programme.id} has no benefit line {number}", "not_found"
        )
    if len(entries) > ENTRY_LIMIT:
        raise ActionError(f"at most {ENTRY_LIMIT} months at once; upload a file for more")
    values: list[NewValue] = []
    seen: set[str] = set()
    for e in entries:
        month = e.month.strip()
        if not is_month(month):
            raise ActionError(f"month: {month!r} is not a month written YYYY-MM (as 2017-04)")
        if month in seen:
            raise ActionError(f"month: {month} is given twice")
        seen.add(month)
        for kind, value in (("actual", e.actual), ("planned", e.planned)):
            if value is not None:
                values.append(NewValue(ids[number], month, kind, _finite(value, kind) or 0.0))
    if not values:
        raise ActionError("give an actual or a planned value for at least one month")
    store.benefits.add_values(values, source="entered", by=actor.name)
    store.audit.record(
        actor.name,
        "benefit_save",
        f"programme {programme.id} line {number}",
        {
            "values": len(values),
            "months": sorted(seen),
        },
        client=actor.client,
    )
    return len(values)


def upload_values(store: Store, actor: Actor, programme_id: int, data: bytes, filename: str) -> int:
    """Store the values of an upload (``.csv`` or ``.xlsx``; docs/programme.md "Benefits") for
    programme ``programme_id``: all of them, or nothing with :class:`UploadRefused` naming
    every problem. Returns the count of values stored. Audited as ``benefit_upload``."""
    programme = editable_programme(store, actor, programme_id)
    ids = _line_ids(store, programme.id)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][:120] or "upload"
    upload = parse_benefit_upload(data, name, set(ids))
    if not upload.ok:
        raise UploadRefused(upload.issues)
    values: list[NewValue] = []
    for row in upload.rows:
        if row.actual is not None:
            values.append(NewValue(ids[row.line], row.month, "actual", row.actual))
        if row.planned is not None:
            values.append(NewValue(ids[row.line], row.month, "planned", row.planned))
    store.benefits.add_values(values, source=name, by=actor.name)
    store.audit.record(
        actor.name,
        "benefit_upload",
        f"programme {programme.id}",
        {
            "file": name,
            "rows": len(upload.rows),
            "values": len(values),
            "lines": sorted({r.line for r in upload.rows}),
        },
        client=actor.client,
    )
    return len(values)


def _as_line(v: LineVersion, values: dict[str, dict[str, float]]) -> BenefitLine:
    return BenefitLine(
        v.number,
        v.function,
        v.description,
        v.owner,
        v.cashable,
        v.baseline,
        v.target,
        v.improvement,  # type: ignore[arg-type]
        planned=dict(values.get("planned", {})),
        actuals=dict(values.get("actual", {})),
    )


def _case_benefit(store: Store, case_id: int | None) -> tuple[list[float] | None, str | None]:
    if case_id is None:
        return None, "the programme carries out no business case: envelope (a) is not shown"
    latest = store.plans.latest(case_id)
    if latest is None or latest.retired:
        return None, f"business case {case_id} is retired: envelope (a) is not shown"
    try:
        case = parse_case(document_of_text(latest.text, latest.format))
    except CaseInvalid:
        return None, f"business case {case_id} is not valid: envelope (a) is not shown"
    return case_yearly_benefit(case), None


def _baseline(
    store: Store, actor: Actor, programme: Programme, benchmark: Benchmark | None
) -> tuple[ConsortiumBaseline | None, str | None]:
    year = programme.record.year
    if year is None or not programme.partners:
        return (
            None,
            "the programme has no baseline year or partners: envelopes (b) and (c) are not shown",
        )
    try:
        engine = benchmark if benchmark is not None else benchmark_for(store, actor)
        return consortium_baseline(engine, programme.partners, year), None
    except (ActionError, ValueError) as exc:
        reason = str(exc).rstrip(".")
        return None, f"no baseline for {year} ({reason}): envelopes (b) and (c) are not shown"


def programme_benefits(
    store: Store,
    actor: Actor,
    programme_id: int,
    *,
    through: str | None = None,
    benchmark: Benchmark | None = None,
) -> ProgrammeBenefits:
    """Programme ``programme_id``'s benefit lines with their current values and the envelopes
    of programme methods §3 to ``through`` (default: the latest month with an actual), for an
    actor who may see the programme. The baseline (envelopes b and c) is the partners' in the
    programme's year, from the figures the actor sees (``benchmark`` when the door holds them
    already, :func:`benchmark_for` otherwise)."""
    programme = get_programme(store, actor, programme_id)
    versions = store.benefits.lines(programme.id)
    values = store.benefits.values([v.line_id for v in versions])
    lines = tuple(_as_line(v, values[v.line_id]) for v in versions)
    yearly, note_a = _case_benefit(store, programme.record.case_id)
    baseline, note_b = _baseline(store, actor, programme, benchmark)
    if through is not None and not is_month(through):
        raise ActionError(f"through: {through!r} is not a month written YYYY-MM")
    env = envelopes(lines, through=through, yearly_benefit=yearly, baseline=baseline)
    notes = tuple(n for n in (note_a, note_b) if n is not None)
    return ProgrammeBenefits(programme, lines, tuple(versions), env, notes)


def benefit_line(
    store: Store, actor: Actor, programme_id: int, number: int
) -> tuple[Programme, BenefitLine, LineVersion]:
    """Line ``number`` of programme ``programme_id`` with its current values."""
    programme = get_programme(store, actor, programme_id)
    for v in store.benefits.lines(programme.id):
        if v.number == number:
            values = store.benefits.values([v.line_id])[v.line_id]
            return programme, _as_line(v, values), v
    raise ActionError(f"programme {programme.id} has no benefit line {number}", "not_found")
