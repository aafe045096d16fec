"""A programme's readiness downloads and history (docs/web.md, docs/programme.md): the board
PDF and the workbook (``/programmes/{id}/readiness.pdf``, ``.xlsx``, audited ``export``) and
every earlier version of each answer and must-have (``/programmes/{id}/history``). Anyone who
may see the programme may open them (``actions.readiness``' scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corpbench import actions
from corpbench.access import Principal
from corpbench.actions import Actor
from corpbench.actions.readiness import history as readiness_history
from corpbench.documents.readiness_report import ReadinessReport, readiness_pdf, readiness_xlsx
from corpbench.programme.readiness import GATE_REASONS, MUST_HAVE_TITLES
from corpbench.store import Store
from corpbench.views.programme import (
    answer_history_rows,
    completeness_rows,
    gate_sentence,
    lessons_label_table,
    must_have_history_rows,
    must_have_rows,
    question_rows,
)
from corpbench.web.acting import actor_of, web_error
from corpbench.web.attachment import attachment
from corpbench.web.auth import get_store, signed_in
from corpbench.web.errors import NotFound
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)

#: What a programme's readiness report downloads as.
_TYPES = ("pdf", "xlsx")


def readiness_report(store: Store, actor: Actor, programme_id: int) -> ReadinessReport:
    """The programme's readiness as the downloads show it (``ActionError`` outside scope)."""
    seen = actions.readiness(store, actor, programme_id)
    year, table = actions.completeness(store, actor, programme_id)
    register = store.register()
    names = dict(zip(register["org_code"], register["org_name"], strict=True))
    record = seen.programme.record
    return ReadinessReport(
        name=record.name,
        footprint=record.footprint,
        year=record.year,
        partners=tuple(names.get(c, c) for c in seen.programme.partners),
        ready=seen.gate.ready,
        gate_sentence=gate_sentence(seen.gate),
        missing=tuple(
            f"{MUST_HAVE_TITLES[code]} ({GATE_REASONS[reason]})"
            for code, reason in seen.gate.missing
        ),
        questions=question_rows(seen.answers),
        must_haves=must_have_rows(seen.must_haves),
        completeness=completeness_rows(table, names),
        completeness_year=year,
    )


@router.get("/programmes/{programme_id}/readiness.{kind}")
def readiness_download(
    request: Request,
    programme_id: int,
    kind: str,
    principal: Annotated[Principal, Depends(signed_in)],
) -> Response:
    """``readiness.pdf`` (A4, for a board) or ``readiness.xlsx`` of programme ``programme_id``."""
    if kind not in _TYPES:
        raise NotFound(f"there is no readiness.{kind[:20]}: ask for readiness.pdf or .xlsx")
    store = get_store(request)
    actor = actor_of(request, principal)
    try:
        report = readiness_report(store, actor, programme_id)
        if kind == "pdf":
            data = readiness_pdf(report)
        else:
            lessons = actions.list_lessons(store, actor, programme_id=programme_id)
            names = {programme_id: report.name}
            data = readiness_xlsx(report, lessons_label_table(lessons, names))
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    actions.record_export(
        store, actor, f"programme {programme_id} readiness.{kind}", {"ready": report.ready}
    )
    name = f"programme-{programme_id}-readiness.{kind}"
    return attachment(data, name)


@router.get("/programmes/{programme_id}/history")
def history_page(
    request: Request, programme_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> Response:
    """Every version of each readiness answer and must-have status, newest first, with who
    saved it and when."""
    store = get_store(request)
    actor = actor_of(request, principal)
    try:
        seen = actions.get_programme(store, actor, programme_id)
        answers, musts = readiness_history(store, actor, programme_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    context = {
        "info": seen.record,
        "answers": answer_history_rows(answers),
        "must_haves": must_have_history_rows(musts),
    }
    return render(request, "programme_history.html", context)
