"""The lessons log (docs/programme.md "Lessons log", docs/web.md): filter and search
(``/lessons``), add an entry (``POST /lessons``), download what is shown as CSV (codes) or XLSX
(titles) (``/lessons.csv``, ``/lessons.xlsx``). Adding is ``actions.add_lesson``."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Principal, runs_programmes
from corpbench.documents.lessons import lessons_csv, lessons_xlsx
from corpbench.programme.lessons import KINDS, THEMES
from corpbench.store.programmes import LessonRecord
from corpbench.views.programme import lessons_label_table, lessons_machine_table
from corpbench.web.acting import actor_of, number_or_none, refusal, typed, web_error
from corpbench.web.attachment import attachment
from corpbench.web.auth import checked_form, form_text, get_store, signed_in
from corpbench.web.errors import BadRequest
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)

_FILTERS = ("theme", "kind", "programme", "q")


def _filters(request: Request) -> dict[str, str]:
    return {k: request.query_params.get(k, "").strip()[:200] for k in _FILTERS}


def _found(request: Request, principal: Principal, chosen: dict[str, str]) -> list[LessonRecord]:
    try:
        programme_id = number_or_none(chosen["programme"], "programme", "a programme number")
        return actions.list_lessons(
            get_store(request),
            actor_of(request, principal),
            theme=chosen["theme"] or None,
            kind=chosen["kind"] or None,
            programme_id=programme_id,
            search=chosen["q"] or None,
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc


def _page(
    request: Request,
    principal: Principal,
    *,
    form: FormData | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    chosen = _filters(request)
    store = get_store(request)
    actor = actor_of(request, principal)
    programmes = actions.list_programmes(store, actor)
    query = urlencode({k: v for k, v in chosen.items() if v})
    context: dict[str, Any] = {
        "lessons": _found(request, principal, chosen),
        "chosen": chosen,
        "query": query,
        "themes": THEMES,
        "kinds": KINDS,
        "programmes": programmes,
        "names": {p.id: p.record.name for p in programmes},
        "adds": runs_programmes(principal),
        "editable": [p for p in programmes if p.editable],
        "typed": typed(form, ("theme", "kind", "text", "date", "programme")),
        "error": error,
        "added": request.query_params.get("added", "").isdigit(),
    }
    return render(request, "lessons.html", context, status_code=status_code)


@router.get("/lessons")
def lessons_page(request: Request, principal: Annotated[Principal, Depends(signed_in)]) -> Response:
    return _page(request, principal)


@router.post("/lessons")
def add_lesson(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    try:
        programme_id = number_or_none(
            form_text(form, "programme"), "programme", "a programme number"
        )
        made = actions.add_lesson(
            get_store(request),
            actor_of(request, principal),
            theme=form_text(form, "theme"),
            kind=form_text(form, "kind"),
            text=form_text(form, "text"),
            lesson_date=form_text(form, "date"),
            programme_id=programme_id,
        )
    except actions.ActionError as exc:
        return _page(request, principal, form=form, error=refusal(exc), status_code=400)
    return RedirectResponse(f"/lessons?added={made.id}", status_code=303)


#: What the lessons download as.
_TYPES = ("csv", "xlsx")


@router.get("/lessons.{kind}")
def lessons_download(
    request: Request, kind: str, principal: Annotated[Principal, Depends(signed_in)]
) -> Response:
    """The lessons shown (the same filters) as ``lessons.csv`` (codes) or ``lessons.xlsx``
    (titles); audited as an ``export``."""
    if kind not in _TYPES:
        raise BadRequest(f"the lessons download as lessons.csv or lessons.xlsx, not .{kind[:20]}")
    chosen = _filters(request)
    found = _found(request, principal, chosen)
    store = get_store(request)
    actor = actor_of(request, principal)
    if kind == "csv":
        data: bytes = lessons_csv(lessons_machine_table(found)).encode("utf-8")
    else:
        names = {p.id: p.record.name for p in actions.list_programmes(store, actor)}
        data = lessons_xlsx(lessons_label_table(found, names))
    actions.record_export(
        store,
        actor,
        f"lessons.{kind}",
        {**{k: v for k, v in chosen.items() if v}, "lessons": len(found)},
    )
    return attachment(data, f"lessons.{kind}")
