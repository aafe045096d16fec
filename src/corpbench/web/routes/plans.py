"""The planning workbench (docs/planning.md, docs/web.md): the cases a user may see and the form
that makes one from a baseline (``/plans``), a case evaluated (``/plans/{id}``), its editor
(``/plans/{id}/edit``: the form of its main fields, posted to ``/plans/{id}/edit/fields``, and
its whole text), retiring it, and cases side by side (``/plans/compare?ids=1,2``). Every
change is an action of ``corpbench.actions.plans``, with its scope rules."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Principal, edits_case, plans_cases
from corpbench.actions import CaseRefused, SavedCase
from corpbench.actions.plans import TEXT_LIMIT
from corpbench.documents.plan_pdf import plan_pdf
from corpbench.documents.plan_workbook import plan_workbook
from corpbench.plan import CaseError, Evaluation
from corpbench.plan.case import MODELS, PHASES, document_of_text
from corpbench.plan.document import COST_ROWS, RATES, MainFields, main_fields
from corpbench.store.plans import PlanCaseVersion
from corpbench.views.plan import PlanView as ReportView
from corpbench.views.plan import plan_view as report_view
from corpbench.views.plan_scale import CaseScale
from corpbench.web.acting import actor_of, refusal, typed, web_error
from corpbench.web.attachment import attachment
from corpbench.web.auth import checked_form, form_text, get_store, signed_in
from corpbench.web.case_scale import case_scale_for
from corpbench.web.errors import BadRequest
from corpbench.web.plan_page import compare_rows, plan_charts, summary_figures
from corpbench.web.scope import figures_for, live_figures
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


def _names(request: Request) -> dict[str, str]:
    """Organisation names by code (the register)."""
    register = live_figures(request).benchmark.organisations
    return dict(zip(register["org_code"], register["org_name"], strict=True))


def _years(request: Request, principal: Principal) -> list[str]:
    figures = figures_for(request, principal, None)
    return [] if figures is None else sorted(figures.benchmark.years(), reverse=True)


def _list_page(
    request: Request,
    principal: Principal,
    *,
    form: FormData | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    store = get_store(request)
    actor = actor_of(request, principal)
    cases = actions.list_cases(store, actor)
    retired = request.query_params.get("retired")
    notice = None
    if retired and retired.isdigit():
        gone = store.plans.latest(int(retired))
        if gone is not None and gone.retired and edits_case(principal, gone.footprint):
            notice = f"Case “{gone.name}” deleted. Its earlier versions are kept."
    context: dict[str, Any] = {
        "cases": cases,
        "plans": plans_cases(principal),
        "footprints": actions.footprints_for(store, actor),
        "years": _years(request, principal) if plans_cases(principal) else [],
        "notice": notice,
        "error": error,
        "chosen": {
            **typed(form, ("footprint", "orgs", "year", "name")),
            "kind": form_text(form, "kind") if form is not None else "footprint",
        },
    }
    return render(request, "plans.html", context, status_code=status_code)


@router.get("/plans")
def plans_page(request: Request, principal: Annotated[Principal, Depends(signed_in)]) -> Response:
    return _list_page(request, principal)


@router.post("/plans")
def new_case(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Make a case from the baseline of a footprint or a list of organisations and a year."""
    kind = form_text(form, "kind")
    footprint = form_text(form, "footprint").strip() or None
    orgs = [c for c in form_text(form, "orgs").replace(" ", ",").split(",") if c.strip()]
    figures = figures_for(request, principal, None)
    try:
        saved = actions.new_case(
            get_store(request),
            actor_of(request, principal),
            year=form_text(form, "year").strip(),
            footprint=footprint if kind != "orgs" else None,
            org_codes=orgs if kind == "orgs" else None,
            name=form_text(form, "name"),
            benchmark=None if figures is None else figures.benchmark,
        )
    except actions.ActionError as exc:
        return _list_page(request, principal, form=form, error=refusal(exc), status_code=400)
    return RedirectResponse(f"/plans/{saved.version.case_id}?saved=1", status_code=303)


def _ids(text: str) -> list[int]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or not all(p.isdigit() and len(p) < 10 for p in parts):
        raise BadRequest("ids are case numbers separated by commas, such as 1,2")
    return [int(p) for p in parts]


@router.get("/plans/compare")
def compare_page(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    ids: str = "",
    id: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """Cases side by side: ``ids=1,2`` or, from the list's checkboxes, ``id=1&id=2``."""
    chosen = _ids(",".join([ids, *(id or [])]))
    try:
        pairs = actions.compare_cases(get_store(request), actor_of(request, principal), chosen)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    context = {
        "cases": [saved.version for saved, _ in pairs],
        "rows": compare_rows([_report(request, saved, ev) for saved, ev in pairs]),
    }
    return render(request, "plan_compare.html", context)


def _evaluated(
    request: Request, principal: Principal, case_id: int
) -> tuple[SavedCase, Evaluation]:
    try:
        return actions.evaluate_case(get_store(request), actor_of(request, principal), case_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc


@router.get("/plans/{case_id}")
def case_page(
    request: Request, case_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> Response:
    saved, ev = _evaluated(request, principal, case_id)
    store = get_store(request)
    versions = actions.case_versions(store, actor_of(request, principal), case_id)
    scale = case_scale_for(request, principal, saved)
    report = _report(request, saved, ev, scale)
    headline, monte_carlo = summary_figures(report)
    context = {
        "info": saved.version,
        # the tables of the case's report view: the same as its charts, PDF and workbook
        "view": report,
        "headline": headline,
        "monte_carlo": monte_carlo,
        # the charts of the case (the cash-flow waterfall, cumulative net, tornado, Monte
        # Carlo histogram, option scores and partner shares), drawn by corpbench.charts
        "plan_charts": plan_charts(report),
        # the economies of scale of the case's functions and partners in its year, as in its
        # PDF, workbook and API answer (web/case_scale.py)
        "scale": None if scale is None else (scale.table, list(scale.left_out)),
        "versions": list(reversed(versions)),
        "editable": edits_case(principal, saved.version.footprint),
        "saved": request.query_params.get("saved") == "1",
    }
    return render(request, "plan.html", context)


def _edit_page(
    request: Request,
    principal: Principal,
    info: PlanCaseVersion,
    *,
    text: str | None = None,
    name: str | None = None,
    errors: list[dict[str, str]] | None = None,
    fields: MainFields | None = None,
    field_errors: list[CaseError] | None = None,
    status_code: int = 200,
) -> Response:
    """The editor: the form of the case's main fields (``fields``, the newest version's unless
    a refused form's are given, with ``field_errors``) and the whole document's text area
    (``text``, with ``errors``)."""
    shown = fields or main_fields(document_of_text(info.text, info.format))
    by_field: dict[str, list[str]] = {}
    # one error summary for either form: a field's error links to its field, others to the text
    summary = [
        {"href": "#text", "text": str(CaseError(e["path"], e["message"]))} for e in errors or []
    ]
    for e in field_errors or []:
        known = e.path in shown.values
        if known:
            by_field.setdefault(e.path, []).append(e.message)
        summary.append({"href": "#" + _field_id(e.path) if known else "#text", "text": str(e)})
    context = {
        "info": info,
        "text": info.text if text is None else text,
        "name": info.name if name is None else name,
        "errors": errors or [],
        "limit": TEXT_LIMIT,
        "fields": shown,
        "field_errors": by_field,
        "summary": summary,
        "summary_id": "fields-errors" if field_errors else "case-errors",
        "models": MODELS,
        "phases": PHASES,
        "rates": RATES,
        "cost_rows": COST_ROWS,
    }
    return render(request, "plan_edit.html", context, status_code=status_code)


def _field_id(path: str) -> str:
    """The HTML id of a main field's input: ``f-`` and its path with dashes for dots."""
    return "f-" + path.replace(".", "-")


def _submitted(info: PlanCaseVersion, form: FormData) -> MainFields:
    """A refused form's fields as sent, on the newest version's rows (and the rows sent)."""
    stored = main_fields(document_of_text(info.text, info.format))
    values = {p: form_text(form, p) for p in stored.values}
    rows = dict(stored.rows)
    for key in form:
        found = re.fullmatch(r"option\.(one_off|recurring)\.(\d{1,3})\.(\w+)", key)
        if found and found.group(1) in rows:
            kind, i = found.group(1), int(found.group(2))
            rows[kind] = max(rows[kind], i + 1)
            values[key] = form_text(form, key)
    return MainFields(values, stored.functions, rows)


def _editable(request: Request, principal: Principal, case_id: int) -> PlanCaseVersion:
    try:
        saved = actions.get_case(get_store(request), actor_of(request, principal), case_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    if not edits_case(principal, saved.version.footprint):
        raise web_error(actions.ActionError(f"you may not change case {case_id}", "forbidden"))
    return saved.version


@router.get("/plans/{case_id}/edit")
def edit_page(
    request: Request, case_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> Response:
    return _edit_page(request, principal, _editable(request, principal, case_id))


@router.post("/plans/{case_id}/edit")
def save_case(
    request: Request,
    case_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    info = _editable(request, principal, case_id)
    text = form_text(form, "text").replace("\r\n", "\n")
    name = form_text(form, "name")
    try:
        actions.save_case(
            get_store(request),
            actor_of(request, principal),
            case_id,
            text=text,
            fmt=info.format,
            name=name,
        )
    except CaseRefused as exc:
        errors = [{"path": e.path, "message": e.message} for e in exc.errors]
        return _edit_page(
            request, principal, info, text=text, name=name, errors=errors, status_code=400
        )
    except actions.ActionError as exc:
        errors = [{"path": "", "message": refusal(exc)}]
        return _edit_page(
            request, principal, info, text=text, name=name, errors=errors, status_code=400
        )
    return RedirectResponse(f"/plans/{case_id}?saved=1", status_code=303)


@router.post("/plans/{case_id}/edit/fields")
def save_case_fields(
    request: Request,
    case_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Save the form of the case's main fields as its next version; a refused form is shown
    again as sent, each error beside its field and in the summary."""
    info = _editable(request, principal, case_id)
    name = form_text(form, "name")
    fields = {str(k): form_text(form, str(k)) for k in form if str(k).startswith(_FIELD_HEADS)}
    try:
        actions.save_case_fields(
            get_store(request), actor_of(request, principal), case_id, fields, name=name
        )
    except actions.ActionError as exc:
        message = refusal(exc)
        errors = list(exc.errors) if isinstance(exc, CaseRefused) else [CaseError("", message)]
        return _edit_page(
            request,
            principal,
            info,
            name=name,
            fields=_submitted(info, form),
            field_errors=errors,
            status_code=400,
        )
    return RedirectResponse(f"/plans/{case_id}?saved=1", status_code=303)


#: The heads of the main fields' paths (the form's other fields are its token and name).
_FIELD_HEADS = ("horizon", "discount_rate", "option.", "optimism_bias.")


@router.post("/plans/{case_id}/retire")
def retire_case(
    request: Request,
    case_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    try:
        gone = actions.retire_case(get_store(request), actor_of(request, principal), case_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return RedirectResponse(f"/plans?{urlencode({'retired': gone.case_id})}", status_code=303)


def _report(
    request: Request, saved: SavedCase, ev: Evaluation, scale: CaseScale | None = None
) -> ReportView:
    """The case's report view (``corpbench.views.plan``): its charts, PDF and workbook, with
    its economies of scale ``scale`` when given."""
    info = saved.version
    names = _names(request)
    consortium = info.footprint or ", ".join(names.get(c, c) for c in info.partners)
    return report_view(
        ev,
        name=info.name,
        consortium=consortium,
        year=info.year,
        partner_names=names,
        scale=scale,
    )


#: The downloads of a case: its PDF business case and its workbook of every table.
_DOWNLOADS = ("pdf", "xlsx")


@router.get("/plans/{case_id}/case.{kind}")
def case_download(
    request: Request,
    case_id: int,
    kind: str,
    principal: Annotated[Principal, Depends(signed_in)],
) -> Response:
    """The case's board-ready PDF (``case.pdf``) or its workbook (``case.xlsx``), for whoever
    may see the case; audited as an ``export``."""
    if kind not in _DOWNLOADS:
        raise BadRequest(f"a case downloads as case.pdf or case.xlsx, not case.{kind[:20]}")
    saved, ev = _evaluated(request, principal, case_id)
    report = _report(request, saved, ev, case_scale_for(request, principal, saved))
    data = plan_pdf(report) if kind == "pdf" else plan_workbook(report)
    actions.record_export(
        get_store(request),
        actor_of(request, principal),
        f"plan {case_id} case.{kind}",
        {"version": saved.version.version, "name": saved.version.name},
    )
    filename = f"case-{case_id}-v{saved.version.version}.{kind}"
    return attachment(data, filename)
