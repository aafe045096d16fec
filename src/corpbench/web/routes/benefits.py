"""Benefits tracking pages (docs/programme.md "Benefits", docs/web.md): a programme's benefit
lines with the envelopes and the forms that add a line, enter values and upload them
(``/programmes/{id}/benefits``), a line's XmR chart (``/programmes/{id}/benefits/{line}``) and
the downloads (``benefits.xlsx``, ``benefits.pdf``); the API's is ``benefits_api.py``. Every
change is an action of ``actions/benefits.py``."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from corpbench import actions
from corpbench.access import Principal
from corpbench.actions.benefits import (
    LINE_FUNCTIONS,
    MonthEntry,
    ProgrammeBenefits,
    UploadRefused,
    benefit_line,
    enter_values,
    programme_benefits,
    save_line,
    upload_values,
)
from corpbench.documents.benefits_pdf import benefits_pdf
from corpbench.documents.benefits_workbook import benefits_workbook
from corpbench.formatting import format_number, format_pounds
from corpbench.programme.benefits import line_spc
from corpbench.standard.labels import function_label
from corpbench.views.benefits import (
    DIRECTION_WORDS,
    chart_words,
    envelope_rows,
    line_rows,
    month_words,
)
from corpbench.web.acting import actor_of, refusal, web_error
from corpbench.web.attachment import attachment
from corpbench.web.auth import checked_form, form_text, get_store, signed_in
from corpbench.web.benefits_page import icon, line_chart, organisation_names
from corpbench.web.errors import BadRequest
from corpbench.web.scope import figures_for
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)

#: The largest upload of benefit values, in bytes (the reader refuses larger too).
UPLOAD_LIMIT = 5 * 1024 * 1024


def benefits_of(request: Request, principal: Principal, programme_id: int) -> ProgrammeBenefits:
    """The programme's benefits over the figures the user sees, as the app keeps them cached
    (none before the first publication: the action then says why (b) and (c) are not shown)."""
    figures = figures_for(request, principal, None)
    try:
        return programme_benefits(
            get_store(request),
            actor_of(request, principal),
            programme_id,
            benchmark=None if figures is None else figures.benchmark,
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc


def _page(
    request: Request,
    principal: Principal,
    programme_id: int,
    *,
    errors: list[dict[str, str]] | None = None,
    form: FormData | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    seen = benefits_of(request, principal, programme_id)
    names = organisation_names(request)
    chosen = {k: form_text(form, k) for k in form} if form is not None else {}
    context: dict[str, Any] = {
        "programme": seen.programme,
        "lines": line_rows(seen.lines, seen.envelopes.through),
        "envelopes": envelope_rows(seen.envelopes, names, seen.notes),
        "through": month_words(seen.envelopes.through),
        "functions": [(f, function_label(f)) for f in LINE_FUNCTIONS],
        "directions": list(DIRECTION_WORDS.items()),
        "editable": seen.programme.editable,
        "errors": errors or [],
        "chosen": chosen,
        "notice": notice,
    }
    return render(request, "benefits.html", context, status_code=status_code)


@router.get("/programmes/{programme_id}/benefits")
def benefits_page(
    request: Request, programme_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> Response:
    saved = request.query_params.get("saved")
    notice = {
        "line": "Benefit line saved.",
        "values": "Values saved.",
        "upload": "Upload stored.",
    }.get(saved or "")
    return _page(request, principal, programme_id, notice=notice)


def _number(text: str, what: str) -> float | None:
    clean = text.strip().replace(",", "").removeprefix("£")
    if not clean:
        return None
    try:
        value = float(clean)
    except ValueError:
        raise actions.ActionError(f"{what}: {text.strip()[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise actions.ActionError(f"{what}: {text.strip()[:40]!r} is not a finite number")
    return value


def _save_line(
    request: Request, principal: Principal, programme_id: int, number: int | None, form: FormData
) -> None:
    """Save a benefit line as the line forms send it: a new line (``number`` None, the add
    form, which cannot retire) or a version of line ``number`` (the change form, which may ask
    to ``retire`` it); a baseline or target that is not a number is refused."""
    save_line(
        get_store(request),
        actor_of(request, principal),
        programme_id,
        number,
        function=form_text(form, "function"),
        description=form_text(form, "description"),
        owner=form_text(form, "owner"),
        cashable=form_text(form, "cashable") == "yes",
        baseline=_number(form_text(form, "baseline"), "baseline"),
        target=_number(form_text(form, "target"), "target"),
        improvement=form_text(form, "improvement") or "increase",
        retire=number is not None and form_text(form, "retire") == "yes",
    )


def _shown(v: float | None, cashable: bool) -> str:
    """A baseline or target for people: £ for a cashable line, "none" when not given."""
    if v is None:
        return "none"
    return format_pounds(v) if cashable else format_number(v, 2)


def _typed(v: float | None) -> str:
    """A number as a form field holds it: whole numbers without ``.0``."""
    if v is None:
        return ""
    return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)


def _refused(
    request: Request,
    principal: Principal,
    programme_id: int,
    form: FormData,
    exc: actions.ActionError,
    field: str,
) -> Response:
    errors = [{"text": refusal(exc), "href": f"#{field}"}]
    return _page(request, principal, programme_id, errors=errors, form=form, status_code=400)


@router.post("/programmes/{programme_id}/benefits/lines")
def add_line(
    request: Request,
    programme_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Add a benefit line (its number is the next of the programme)."""
    try:
        _save_line(request, principal, programme_id, None, form)
    except actions.ActionError as exc:
        return _refused(request, principal, programme_id, form, exc, "description")
    return RedirectResponse(f"/programmes/{programme_id}/benefits?saved=line", status_code=303)


@router.post("/programmes/{programme_id}/benefits/values")
def add_values(
    request: Request,
    programme_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Enter a line's actual and/or planned value in a month."""
    line = form_text(form, "line").strip()
    try:
        if not line.isdigit():
            raise actions.ActionError("line: choose a benefit line")
        entry = MonthEntry(
            form_text(form, "month"),
            _number(form_text(form, "actual"), "actual"),
            _number(form_text(form, "planned"), "planned"),
        )
        enter_values(
            get_store(request), actor_of(request, principal), programme_id, int(line), [entry]
        )
    except actions.ActionError as exc:
        return _refused(request, principal, programme_id, form, exc, "month")
    back = form_text(form, "back")
    if back == "line":
        return RedirectResponse(
            f"/programmes/{programme_id}/benefits/{int(line)}?saved=values", status_code=303
        )
    return RedirectResponse(f"/programmes/{programme_id}/benefits?saved=values", status_code=303)


@router.post("/programmes/{programme_id}/benefits/upload")
async def upload(
    request: Request,
    programme_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Upload actual and planned values (CSV or XLSX): all stored, or none with every
    problem listed."""
    file = form.get("file")
    chosen = isinstance(file, UploadFile) and bool(file.filename)
    data = await file.read(UPLOAD_LIMIT + 1) if isinstance(file, UploadFile) else b""
    name = file.filename if isinstance(file, UploadFile) and file.filename else ""
    try:
        if not chosen:  # the action checks the programme and scope first, then refuses
            actions.editable_programme(
                get_store(request), actor_of(request, principal), programme_id
            )
            raise actions.ActionError("file: choose a .csv or .xlsx file of benefit values")
        upload_values(get_store(request), actor_of(request, principal), programme_id, data, name)
    except UploadRefused as exc:
        errors = [
            {
                "text": f"{i.location()}: {i.message}",
                "href": "#file",
            }
            for i in exc.issues[:50]
        ]
        return _page(request, principal, programme_id, errors=errors, status_code=400)
    except actions.ActionError as exc:
        return _refused(request, principal, programme_id, form, exc, "file")
    return RedirectResponse(f"/programmes/{programme_id}/benefits?saved=upload", status_code=303)


@router.get("/programmes/{programme_id}/benefits.{kind}")
def download(
    request: Request,
    programme_id: int,
    kind: str,
    principal: Annotated[Principal, Depends(signed_in)],
) -> Response:
    """Every line and month as a workbook (``benefits.xlsx``) or the board-ready PDF
    (``benefits.pdf``); audited as an ``export``."""
    if kind not in ("pdf", "xlsx"):
        raise BadRequest(f"benefits download as benefits.pdf or benefits.xlsx, not {kind[:20]}")
    seen = benefits_of(request, principal, programme_id)
    names = organisation_names(request)
    make = benefits_pdf if kind == "pdf" else benefits_workbook
    data = make(seen.programme.record.name, seen.lines, seen.envelopes, seen.notes, names)
    actions.record_export(
        get_store(request),
        actor_of(request, principal),
        f"programme {programme_id} benefits.{kind}",
        {"lines": len(seen.lines), "through": seen.envelopes.through},
    )
    name = f"programme-{programme_id}-benefits.{kind}"
    return attachment(data, name)


@router.get("/programmes/{programme_id}/benefits/{number}")
def line_page(
    request: Request,
    programme_id: int,
    number: int,
    principal: Annotated[Principal, Depends(signed_in)],
) -> Response:
    """A line's XmR chart of its actuals, with the variation and assurance icons and words and
    its data table."""
    return _line_page(request, principal, programme_id, number)


def _line_page(
    request: Request,
    principal: Principal,
    programme_id: int,
    number: int,
    *,
    error: str | None = None,
) -> Response:
    try:
        programme, line, version = benefit_line(
            get_store(request), actor_of(request, principal), programme_id, number
        )
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    result = line_spc(line)
    words = None if result is None else chart_words(result)
    context: dict[str, Any] = {
        "programme": programme,
        "line": line,
        "version": version,
        "function": function_label(line.function),
        "direction": DIRECTION_WORDS.get(line.improvement, line.improvement),
        "chart": None if result is None else line_chart(line, result),
        "words": words,
        "variation_icon": None if words is None else icon(words.variation_icon),
        "assurance_icon": None if words is None else icon(words.assurance_icon),
        "editable": programme.editable,
        "baseline": _shown(line.baseline, line.cashable),
        "target": _shown(line.target, line.cashable),
        "baseline_input": _typed(line.baseline),
        "target_input": _typed(line.target),
        "functions": [(f, function_label(f)) for f in LINE_FUNCTIONS],
        "directions": list(DIRECTION_WORDS.items()),
        "error": error,
        "notice": {"values": "Values saved.", "line": "Line saved."}.get(
            request.query_params.get("saved") or ""
        ),
    }
    return render(request, "benefit_line.html", context, status_code=400 if error else 200)


# after the fixed POST paths (lines, values, upload), which this pattern would also match
@router.post("/programmes/{programme_id}/benefits/{number}")
def change_line(
    request: Request,
    programme_id: int,
    number: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Save a new version of line ``number`` (or, with ``retire``, take it off the programme)."""
    try:
        _save_line(request, principal, programme_id, number, form)
    except actions.ActionError as exc:
        return _line_page(request, principal, programme_id, number, error=refusal(exc))
    if form_text(form, "retire") == "yes":
        return RedirectResponse(f"/programmes/{programme_id}/benefits?saved=line", status_code=303)
    return RedirectResponse(
        f"/programmes/{programme_id}/benefits/{number}?saved=line", status_code=303
    )
