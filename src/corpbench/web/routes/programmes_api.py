"""Programmes and lessons in the JSON API (docs/api.md "Programmes"): the programmes the caller
sees, one programme's record, partners, readiness answers and must-haves, design gate and
baseline completeness, and the lessons log, filtered. Read-only: the same actions and scope
rules as the pages (``actions.programmes``, ``actions.readiness``, ``actions.lessons``); a
programme outside the caller's scope is 403 whether or not it exists, as on its page. Codes,
not words; times in ISO 8601 (UTC)."""

from __future__ import annotations

from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Depends, Request

from corpbench import actions
from corpbench.access import Principal
from corpbench.actions import Programme
from corpbench.programme.readiness import BASELINE_ITEMS, MUST_HAVE_CODES, QUESTION_CODES
from corpbench.store.programmes import AnswerVersion, LessonRecord, MustHaveVersion
from corpbench.web.acting import actor_of, number_or_none, web_error
from corpbench.web.auth import get_store, signed_in
from corpbench.web.paging import PageNo, PerPage, page_of

router = APIRouter(prefix="/api/v1", tags=["api"])


def programme_info(p: Programme) -> dict[str, Any]:
    """A programme's record and partners (codes)."""
    r = p.record
    return {
        "id": r.id,
        "name": r.name,
        "footprint": r.footprint,
        "year": r.year,
        "case_id": r.case_id,
        "partners": list(p.partners),
        "created_at": r.created_at.isoformat(),
        "created_by": r.created_by,
        "editable": p.editable,
    }


def answer_json(code: str, a: AnswerVersion | None) -> dict[str, Any]:
    """A readiness question's current answer (every field null and version 0 when none)."""
    return {
        "question": code,
        "answer": None if a is None else a.answer,
        "owner": None if a is None else a.owner,
        "date": None if a is None or a.answered_on is None else a.answered_on.isoformat(),
        "rag": None if a is None else a.rag,
        "version": 0 if a is None else a.version,
        "saved_at": None if a is None else a.saved_at.isoformat(),
        "saved_by": None if a is None else a.saved_by,
    }


def must_have_json(code: str, m: MustHaveVersion | None) -> dict[str, Any]:
    """A must-have's current status (``met`` null when not recorded)."""
    return {
        "must_have": code,
        "met": None if m is None else m.met,
        "evidence": None if m is None else m.evidence,
        "version": 0 if m is None else m.version,
        "saved_at": None if m is None else m.saved_at.isoformat(),
        "saved_by": None if m is None else m.saved_by,
    }


def completeness_json(table: pl.DataFrame) -> list[dict[str, Any]]:
    """The baseline completeness table as objects: partner and function codes, a boolean per
    item, ``present`` and ``completeness`` (0 … 1)."""
    keep = ["org_code", "function", *BASELINE_ITEMS, "present", "completeness"]
    return table.select(keep).to_dicts()


def lesson_json(x: LessonRecord) -> dict[str, Any]:
    return {
        "id": x.id,
        "date": x.lesson_date.isoformat(),
        "programme_id": x.programme_id,
        "theme": x.theme,
        "kind": x.kind,
        "text": x.text,
        "example": x.example,
        "source": x.source,
        "added_at": x.added_at.isoformat(),
        "added_by": x.added_by,
    }


@router.get(
    "/programmes",
    summary="Programmes the user may see (national: all; footprint: its footprint's; "
    "organisation: those it is a partner in)",
)
def programmes(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    page: PageNo = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    found = actions.list_programmes(get_store(request), actor_of(request, principal))
    return page_of(found, page, per_page, programme_info)


@router.get(
    "/programmes/{programme_id}",
    summary="A programme: its record, partners, readiness answers and must-haves, the "
    "ready-for-design gate and the baseline completeness of each partner and function",
)
def programme(
    request: Request, programme_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> dict[str, Any]:
    store = get_store(request)
    actor = actor_of(request, principal)
    try:
        seen = actions.readiness(store, actor, programme_id)
        year, table = actions.completeness(store, actor, programme_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return {
        **programme_info(seen.programme),
        "answers": [answer_json(c, seen.answers.get(c)) for c in QUESTION_CODES],
        "must_haves": [must_have_json(c, seen.must_haves.get(c)) for c in MUST_HAVE_CODES],
        "gate": {
            "ready": seen.gate.ready,
            "missing": [{"must_have": c, "reason": r} for c, r in seen.gate.missing],
        },
        "completeness": {"year": year, "rows": completeness_json(table)},
    }


@router.get(
    "/lessons",
    summary="The lessons log the user may read, newest first, filtered by theme, kind, "
    "programme and words",
)
def lessons(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    theme: str | None = None,
    kind: str | None = None,
    programme: str | None = None,
    search: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    try:
        programme_id = number_or_none(programme or "", "programme", "a programme number")
        found = actions.list_lessons(
            get_store(request),
            actor_of(request, principal),
            theme=theme,
            kind=kind,
            programme_id=programme_id,
            search=(search or "").strip()[:200] or None,
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return page_of(found, page, per_page, lesson_json)
