"""Programmes (docs/programme.md, docs/web.md): the programmes a user may see and the form that
starts one (``/programmes``), a programme's readiness, gate, baseline completeness and
design-phase resource plan (``/programmes/{id}``) with its "Change" section (rename and retire:
``/programmes/{id}/rename``, ``/programmes/{id}/retire``), and its readiness form
(``/programmes/{id}/readiness``). Every change is an action (``actions.programmes``,
``actions.readiness``) with its scope rules. Benefit lines live under
``/programmes/{id}/benefits`` (another module)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from corpbench import actions
from corpbench.access import Principal, runs_programmes
from corpbench.actions import AnswerInput, MustHaveInput
from corpbench.programme.readiness import (
    BASELINE_ITEMS,
    DEFAULT_WEEKS,
    GATE_REASONS,
    LEAD_DAYS,
    MUST_HAVE_TITLES,
    MUST_HAVES,
    QUESTIONS,
    RAG_TITLES,
    DayRates,
    ResourceError,
    resource_plan,
)
from corpbench.views.programme import (
    completeness_rows,
    gate_sentence,
    must_have_rows,
    question_rows,
    resource_rows,
)
from corpbench.web.acting import actor_of, number_or_none, refusal, typed, web_error
from corpbench.web.auth import checked_form, form_text, get_store, signed_in
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


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
    found = actions.list_programmes(store, actor)
    gates = {p.id: actions.readiness(store, actor, p.id).gate for p in found}
    runs = runs_programmes(principal)
    context: dict[str, Any] = {
        "programmes": found,
        "gates": gates,
        "runs": runs,
        "footprints": actions.footprints_for(store, actor) if runs else [],
        "cases": actions.list_cases(store, actor) if runs else [],
        "error": error,
        "chosen": typed(form, ("name", "footprint", "year", "case")),
    }
    return render(request, "programmes.html", context, status_code=status_code)


@router.get("/programmes")
def programmes_page(
    request: Request, principal: Annotated[Principal, Depends(signed_in)]
) -> Response:
    return _list_page(request, principal)


@router.post("/programmes")
def new_programme(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Start a programme."""
    try:
        case_id = number_or_none(form_text(form, "case"), "case", "a case number")
        made = actions.new_programme(
            get_store(request),
            actor_of(request, principal),
            name=form_text(form, "name"),
            footprint=form_text(form, "footprint"),
            year=form_text(form, "year"),
            case_id=case_id,
        )
    except actions.ActionError as exc:
        return _list_page(request, principal, form=form, error=refusal(exc), status_code=400)
    return RedirectResponse(f"/programmes/{made.id}?saved=1", status_code=303)


def _number(request: Request, name: str, default: float) -> float:
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    try:
        return float(text)
    except ValueError:
        raise ResourceError(f"{name}: {text[:20]!r} is not a number") from None


#: The resource plan form's day rates: the plan is costed only when one of them is typed.
RATE_KEYS = ("sponsor_rate", "pm_rate", "lead_rate", "expert_rate")


def _resources(request: Request) -> tuple[dict[str, str], Any, str | None]:
    """The resource plan form's values (as typed), its plan and its error."""
    keys = ("weeks", "leads", "lead_days", "workshop_days", "sponsor_rate", "pm_rate",
            "lead_rate", "expert_rate")  # fmt: skip
    typed = {k: request.query_params.get(k, "") for k in keys}
    typed["single_service"] = request.query_params.get("single_service", "")
    try:
        leads = _number(request, "leads", 0)
        if leads != int(leads):
            raise ResourceError(f"leads: {leads:g} must be a whole number at least 0")
        plan = resource_plan(
            weeks=_number(request, "weeks", DEFAULT_WEEKS),
            single_service=typed["single_service"] == "1",
            leads=int(leads),
            lead_days=_number(request, "lead_days", LEAD_DAYS),
            workshop_days=_number(request, "workshop_days", 0),
            rates=DayRates(
                _number(request, "sponsor_rate", 0),
                _number(request, "pm_rate", 0),
                _number(request, "lead_rate", 0),
                _number(request, "expert_rate", 0),
            ),
        )
    except ResourceError as exc:
        return typed, None, str(exc)
    return typed, plan, None


def _programme_page(
    request: Request,
    principal: Principal,
    programme_id: int,
    *,
    change_error: str | None = None,
    typed_name: str | None = None,
    status_code: int = 200,
) -> Response:
    """The programme's page; with the "Change" section's refusal and what was typed when a
    rename or retirement was refused."""
    store = get_store(request)
    actor = actor_of(request, principal)
    try:
        seen = actions.readiness(store, actor, programme_id)
        year, table = actions.completeness(store, actor, programme_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    register = store.register()
    names = dict(zip(register["org_code"], register["org_name"], strict=True))
    typed, plan, plan_error = _resources(request)
    context = {
        "programme": seen.programme,
        "info": seen.programme.record,
        "questions": question_rows(seen.answers),
        "must_haves": must_have_rows(seen.must_haves),
        "gate": seen.gate,
        "gate_sentence": gate_sentence(seen.gate),
        "missing": [
            f"{MUST_HAVE_TITLES[code]} ({GATE_REASONS[reason]})"
            for code, reason in seen.gate.missing
        ],
        "year": year,
        "completeness": completeness_rows(table, names),
        "baseline_items": BASELINE_ITEMS,
        "typed": typed,
        "plan": plan,
        "plan_rows": [] if plan is None else resource_rows(plan),
        "plan_error": plan_error,
        # with no day rate typed the costs are unknown, not £0
        "plan_costed": any(typed[k].strip() for k in RATE_KEYS),
        "saved": request.query_params.get("saved") == "1",
        "change_error": change_error,
        "typed_name": seen.programme.record.name if typed_name is None else typed_name,
    }
    if plan_error and status_code == 200:
        status_code = 400
    return render(request, "programme.html", context, status_code=status_code)


@router.get("/programmes/{programme_id}")
def programme_page(
    request: Request, programme_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> Response:
    return _programme_page(request, principal, programme_id)


@router.post("/programmes/{programme_id}/rename")
def rename_programme(
    request: Request,
    programme_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Rename a programme (the "Change" section of its page)."""
    name = form_text(form, "name")
    try:
        actions.rename_programme(
            get_store(request), actor_of(request, principal), programme_id, name
        )
    except actions.ActionError as exc:
        return _programme_page(
            request,
            principal,
            programme_id,
            change_error=refusal(exc),
            typed_name=name,
            status_code=400,
        )
    return RedirectResponse(f"/programmes/{programme_id}?saved=1", status_code=303)


@router.post("/programmes/{programme_id}/retire")
def retire_programme(
    request: Request,
    programme_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Retire a programme once the user has ticked the confirmation; then back to the list,
    where it is no longer shown."""
    store = get_store(request)
    actor = actor_of(request, principal)
    try:
        actions.editable_programme(store, actor, programme_id)
        if form_text(form, "confirm") != "1":
            return _programme_page(
                request,
                principal,
                programme_id,
                change_error="confirm: tick “Yes, retire this programme” to retire it",
                status_code=400,
            )
        actions.retire_programme(store, actor, programme_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    return RedirectResponse("/programmes", status_code=303)


def _form_page(
    request: Request,
    principal: Principal,
    programme_id: int,
    *,
    form: FormData | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    store = get_store(request)
    actor = actor_of(request, principal)
    try:
        actions.editable_programme(store, actor, programme_id)
        seen = actions.readiness(store, actor, programme_id)
    except actions.ActionError as exc:
        raise web_error(exc) from exc
    questions = question_rows(seen.answers)
    musts = must_have_rows(seen.must_haves)
    if form is not None:  # show what was typed, not what is stored
        for q in questions:
            for key in ("answer", "owner", "date", "rag"):
                q[key] = form_text(form, f"{q['code']}-{key}")
        for m in musts:
            m["met"] = form_text(form, f"{m['code']}-met") == "1"
            m["evidence"] = form_text(form, f"{m['code']}-evidence")
    context = {
        "info": seen.programme.record,
        "questions": questions,
        "must_haves": musts,
        "rags": RAG_TITLES,
        "error": error,
    }
    return render(request, "programme_readiness.html", context, status_code=status_code)


@router.get("/programmes/{programme_id}/readiness")
def readiness_form(
    request: Request, programme_id: int, principal: Annotated[Principal, Depends(signed_in)]
) -> Response:
    return _form_page(request, principal, programme_id)


@router.post("/programmes/{programme_id}/readiness")
def save_readiness(
    request: Request,
    programme_id: int,
    principal: Annotated[Principal, Depends(signed_in)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Save the readiness form: an answered question (an answer, owner or RAG given) and every
    must-have, each only when it changed."""
    answers = []
    for q in QUESTIONS:
        fields = {k: form_text(form, f"{q.code}-{k}") for k in ("answer", "owner", "date", "rag")}
        if any(v.strip() for v in fields.values()):
            answers.append(
                AnswerInput(
                    q.code, fields["answer"], fields["owner"], fields["date"], fields["rag"]
                )
            )
    musts = []
    for m in MUST_HAVES:
        met = form_text(form, f"{m.code}-met") == "1"
        evidence = form_text(form, f"{m.code}-evidence")
        # a must-have is saved once it is recorded, ticked or has evidence
        if met or evidence.strip() or form_text(form, f"{m.code}-recorded") == "1":
            musts.append(MustHaveInput(m.code, met, evidence))
    try:
        actions.save_readiness(
            get_store(request),
            actor_of(request, principal),
            programme_id,
            answers=answers,
            must_haves=musts,
            only_changed=True,
        )
    except actions.ActionError as exc:
        return _form_page(
            request, principal, programme_id, form=form, error=refusal(exc), status_code=400
        )
    return RedirectResponse(f"/programmes/{programme_id}?saved=1", status_code=303)
