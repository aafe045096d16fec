"""The readiness actions (docs/programme.md): record a programme's answers to the readiness
questions and its must-have statuses (each a new version, audited as ``readiness_save``), and
read its readiness: current answers, gate, baseline completeness.

Every input of a save is checked before anything is stored: one bad answer refuses them all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from corpbench.access import sees_live_figures
from corpbench.actions.actor import ActionError, Actor
from corpbench.actions.programmes import Programme, editable_programme, get_programme
from corpbench.programme.readiness import (
    MUST_HAVE_CODES,
    QUESTION_CODES,
    RAG_CODES,
    Gate,
    MustHaveState,
    baseline_completeness,
    design_gate,
)
from corpbench.standard.bundle import Bundle
from corpbench.standard.vocab import DEFAULT_FUNCTIONS, DEFAULT_INDICATORS
from corpbench.store import Store, StoreError
from corpbench.store.programmes import AnswerVersion, MustHaveVersion

#: The longest answer or evidence, and the longest owner, in characters.
TEXT_LIMIT = 4000
OWNER_LIMIT = 200
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class AnswerInput:
    """An answer to save, as a door read it (``answered_on`` as text, ISO YYYY-MM-DD)."""

    question: str
    answer: str
    owner: str
    answered_on: str | date | None
    rag: str


@dataclass(frozen=True)
class MustHaveInput:
    """A must-have status to save."""

    must_have: str
    met: bool
    evidence: str


@dataclass(frozen=True)
class Readiness:
    """A programme's readiness as an actor sees it."""

    programme: Programme
    answers: dict[str, AnswerVersion]
    must_haves: dict[str, MustHaveVersion]
    gate: Gate


def parse_date(where: str, value: str | date | None) -> date | None:
    """``value`` (ISO YYYY-MM-DD text, a date, or blank) as a date; refused, naming ``where``,
    when it is not one."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ActionError(f"{where}: {text!r} is not a date like 2026-03-31") from None


def _text(where: str, value: str, limit: int, *, required: bool) -> str:
    clean = value.strip()
    if required and not clean:
        raise ActionError(f"{where}: must not be empty")
    if len(clean) > limit:
        raise ActionError(f"{where}: at most {limit:,} characters, not {len(clean):,}")
    return clean


def _checked_answer(a: AnswerInput) -> tuple[str, str, str, date | None, str]:
    if a.question not in QUESTION_CODES:
        raise ActionError(
            f"question: {a.question!r} is not a readiness question; expected one of "
            f"{', '.join(QUESTION_CODES)}"
        )
    where = f"question {a.question}"
    rag = a.rag.strip().lower()
    if rag not in RAG_CODES:
        raise ActionError(f"{where}, rag: {a.rag!r} is not one of {', '.join(RAG_CODES)}")
    return (
        a.question,
        _text(f"{where}, answer", a.answer, TEXT_LIMIT, required=True),
        _text(f"{where}, owner", a.owner, OWNER_LIMIT, required=True),
        parse_date(f"{where}, date", a.answered_on),
        rag,
    )


def _checked_must_have(m: MustHaveInput) -> tuple[str, bool, str]:
    if m.must_have not in MUST_HAVE_CODES:
        raise ActionError(
            f"must-have: {m.must_have!r} is not a must-have; expected one of "
            f"{', '.join(MUST_HAVE_CODES)}"
        )
    evidence = _text(f"must-have {m.must_have}, evidence", m.evidence, TEXT_LIMIT, required=False)
    return m.must_have, bool(m.met), evidence


def save_readiness(
    store: Store,
    actor: Actor,
    programme_id: int,
    *,
    answers: Sequence[AnswerInput] = (),
    must_haves: Sequence[MustHaveInput] = (),
    only_changed: bool = False,
) -> tuple[list[AnswerVersion], list[MustHaveVersion]]:
    """Save ``answers`` and ``must_haves`` of programme ``programme_id`` (one the actor may
    change), each a new version; with ``only_changed`` (the web form, which posts every item)
    an item equal to its current version is not saved again. Everything is checked first: any
    bad input refuses the whole save and nothing is stored. Each saved item is audited as
    ``readiness_save``."""
    editable_programme(store, actor, programme_id)
    checked_answers = [_checked_answer(a) for a in answers]
    checked_musts = [_checked_must_have(m) for m in must_haves]
    current_answers = store.programmes.answers(programme_id) if only_changed else {}
    current_musts = store.programmes.must_haves(programme_id) if only_changed else {}
    saved_answers: list[AnswerVersion] = []
    saved_musts: list[MustHaveVersion] = []
    try:
        for question, text, owner, on, rag in checked_answers:
            now = current_answers.get(question)
            if now is not None and (now.answer, now.owner, now.answered_on, now.rag) == (
                text, owner, on, rag
            ):  # fmt: skip
                continue
            a = store.programmes.save_answer(
                programme_id, question, answer=text, owner=owner, answered_on=on, rag=rag,
                by=actor.name,
            )  # fmt: skip
            saved_answers.append(a)
            _audit(store, actor, programme_id, {
                "question": question, "version": a.version, "rag": rag, "owner": owner,
                "date": None if on is None else on.isoformat(),
            })  # fmt: skip
        for code, met, evidence in checked_musts:
            m_now = current_musts.get(code)
            if m_now is not None and (m_now.met, m_now.evidence) == (met, evidence):
                continue
            m = store.programmes.save_must_have(
                programme_id, code, met=met, evidence=evidence, by=actor.name
            )
            saved_musts.append(m)
            _audit(store, actor, programme_id,
                   {"must_have": code, "version": m.version, "met": met})  # fmt: skip
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    return saved_answers, saved_musts


def _audit(store: Store, actor: Actor, programme_id: int, detail: dict[str, object]) -> None:
    store.audit.record(
        actor.name, "readiness_save", f"programme {programme_id}", detail, client=actor.client
    )


def readiness(store: Store, actor: Actor, programme_id: int) -> Readiness:
    """Programme ``programme_id``'s current answers, must-have statuses and gate."""
    found = get_programme(store, actor, programme_id)
    musts = store.programmes.must_haves(programme_id)
    gate = design_gate({c: MustHaveState(m.met, m.evidence) for c, m in musts.items()})
    return Readiness(found, store.programmes.answers(programme_id), musts, gate)


def history(
    store: Store, actor: Actor, programme_id: int
) -> tuple[list[AnswerVersion], list[MustHaveVersion]]:
    """Every version of every answer and must-have status of programme ``programme_id``."""
    get_programme(store, actor, programme_id)
    return (
        store.programmes.answer_versions(programme_id),
        store.programmes.must_have_versions(programme_id),
    )


def _bundle_for(store: Store, actor: Actor) -> Bundle | None:
    """The data ``actor`` sees: the live store (national) or the newest publication."""
    if sees_live_figures(actor.principal):
        return store.current()
    latest = store.publications.latest()
    return None if latest is None else store.published(latest)


def completeness(store: Store, actor: Actor, programme_id: int) -> tuple[str | None, pl.DataFrame]:
    """The baseline completeness of programme ``programme_id``'s partners
    (``programme.readiness.baseline_completeness``) in its year, or the newest year any of its
    partners returned in, over the round's functions and indicators: the year (None when
    there is no data) and the table (empty then)."""
    found = get_programme(store, actor, programme_id)
    bundle = _bundle_for(store, actor)
    partners = list(found.partners)
    year = found.record.year
    if year is None and bundle is not None:
        years = bundle.function_costs.filter(pl.col("org_code").is_in(partners))["year"]
        year = None if years.is_empty() else str(years.max())
    functions: tuple[str, ...] = DEFAULT_FUNCTIONS
    kinds = dict(DEFAULT_INDICATORS)
    defined = store.rounds.of_year(year) if year else None
    if defined is not None:
        functions = defined.definition.function_codes
        kinds = {i: DEFAULT_INDICATORS[i] for i in defined.definition.indicators}
    if bundle is None or year is None:
        bundle = Bundle()
    table = baseline_completeness(
        bundle.function_costs,
        bundle.indicators,
        partners=partners,
        functions=functions,
        year=year or "",
        indicator_kinds=kinds,
    )
    return year, table
