"""The planning workbench's actions: a shared-service business case made from a consortium's
baseline, saved as a document with versions, retired, listed, read, evaluated and compared
(docs/planning.md "The workbench in the app").

Scope rules (``corpbench.access``): the national role sees and edits every case; a footprint user
plans only for its footprint (its cases' partners must all be organisations of that footprint)
and sees and edits its footprint's cases; an organisation user sees, read-only, the cases its
organisation is a partner in. Every figure comes from ``corpbench.plan``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from corpbench.access import edits_case, plans_cases, sees_case
from corpbench.actions.actor import ActionError, Actor
from corpbench.actions.figures import benchmark_for
from corpbench.bench.consortium import named_consortium
from corpbench.bench.engine import Benchmark
from corpbench.plan import CaseError, CaseInvalid, Evaluation, evaluate_plan, parse_case
from corpbench.plan.case import Case, document_of_text
from corpbench.plan.document import to_toml, with_main_fields
from corpbench.plan.newcase import case_document
from corpbench.standard.vocab import PROCESS_CLASSES
from corpbench.store import Store, StoreError
from corpbench.store.plans import PlanCaseVersion

#: The longest name of a case, in characters.
NAME_LIMIT = 120
#: The longest text of a case, in characters.
TEXT_LIMIT = 200_000
#: The most cases compared side by side.
COMPARE_LIMIT = 6


class CaseRefused(ActionError):
    """A case refused for its content: ``errors`` holds every error with its path."""

    def __init__(self, errors: Sequence[CaseError]) -> None:
        count = len(errors)
        super().__init__(f"the case is not valid: {count} error{'s' if count != 1 else ''}")
        self.errors: tuple[CaseError, ...] = tuple(errors)


@dataclass(frozen=True)
class SavedCase:
    """A case as saved (its newest version) and its validated document."""

    version: PlanCaseVersion
    case: Case


def _must_plan(actor: Actor) -> None:
    if not plans_cases(actor.principal):
        raise ActionError("business cases are built by national and footprint users", "forbidden")


def _name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ActionError("a case needs a name")
    if len(clean) > NAME_LIMIT:
        raise ActionError(f"a case's name has at most {NAME_LIMIT} characters")
    return clean


def _footprint_of(store: Store) -> dict[str, str | None]:
    register = store.register()
    return {
        str(code): (None if fp is None or not str(fp).strip() else str(fp).strip())
        for code, fp in register.select("org_code", "footprint").iter_rows()
    }


def _check_partners(
    store: Store, actor: Actor, footprint: str | None, partners: Sequence[str]
) -> None:
    """Refuse partners outside the case's footprint (a footprint user's case is always its
    footprint's)."""
    principal = actor.principal
    if principal.role == "footprint" and footprint != principal.footprint:
        raise ActionError(
            f"a footprint user plans only for its footprint ({principal.footprint})",
            "forbidden",
        )
    if footprint is None:
        return
    registered = _footprint_of(store)
    outside = [c for c in partners if registered.get(c) != footprint]
    if outside:
        raise ActionError(
            f"the partners of a case for {footprint} must all be organisations of {footprint}; "
            f"not of it: {', '.join(outside)}",
            "forbidden" if principal.role == "footprint" else "invalid",
        )


def _parsed(text: str, fmt: str) -> tuple[dict[str, Any], Case]:
    if len(text) > TEXT_LIMIT:
        raise ActionError(f"a case's text has at most {TEXT_LIMIT:,} characters")
    try:
        document = document_of_text(text, fmt)
        return document, parse_case(document)
    except CaseInvalid as exc:
        raise CaseRefused(exc.errors) from exc


def _audit(store: Store, actor: Actor, saved: PlanCaseVersion, created: bool) -> None:
    store.audit.record(
        actor.name,
        "plan_retire" if saved.retired else "plan_save",
        f"case {saved.case_id}",
        {
            "version": saved.version,
            "name": saved.name,
            "footprint": saved.footprint,
            "partners": list(saved.partners),
            "year": saved.year,
            **({} if saved.retired else {"created": created}),
        },
        client=actor.client,
    )


def new_case(
    store: Store,
    actor: Actor,
    *,
    year: str,
    footprint: str | None = None,
    org_codes: Sequence[str] | None = None,
    name: str | None = None,
    benchmark: Benchmark | None = None,
) -> SavedCase:
    """Make a case from the baseline of a footprint or a list of organisations in ``year`` —
    the document ``corpbench plan new`` writes (``plan.newcase.case_document``, the default
    option) — and save it as version 1 (TOML), named ``name`` or after the consortium and year.
    A footprint user makes cases of its own footprint only, from the figures it sees (the newest
    publication); a list of organisations is its footprint's organisations only. ``benchmark``:
    those figures when the door holds them already (:func:`benchmark_for` otherwise). Audited
    as ``plan_save`` (created true)."""
    _must_plan(actor)
    principal = actor.principal
    if (
        principal.role == "footprint"
        and footprint is not None
        and (footprint.strip() != principal.footprint)
    ):
        raise ActionError(
            f"a footprint user plans only for its footprint ({principal.footprint})", "forbidden"
        )
    if principal.role == "footprint" and org_codes is not None:
        fp = _footprint_of(store)
        outside = [
            c
            for c in (x.strip().upper() for x in org_codes)
            if c and fp.get(c) != principal.footprint
        ]
        if outside:
            raise ActionError(
                f"a footprint user plans only for its footprint ({principal.footprint}); "
                f"not of it: {', '.join(outside)}",
                "forbidden",
            )
    engine = benchmark if benchmark is not None else benchmark_for(store, actor)
    found = store.rounds.of_year(year) if year else None
    classes = found.definition.process_classes if found is not None else PROCESS_CLASSES
    try:
        consortium, baseline = named_consortium(
            engine, year, classes, footprint=footprint, org_codes=org_codes
        )
        document = case_document(baseline)
    except ValueError as exc:
        raise ActionError(str(exc).rstrip(".")) from exc
    case_footprint = (
        consortium if footprint is not None else _common_footprint(store, baseline.partner_codes)
    )
    if principal.role == "footprint":
        case_footprint = principal.footprint
    what = f"footprint {consortium}" if footprint is not None else f"organisations {consortium}"
    text = to_toml(
        document,
        [
            f"A case made by corpbench from the baseline of {what} in {year}:",
            "the default option of docs/planning.md; edit it, then save.",
        ],
    )
    return save_case(
        store,
        actor,
        None,
        text=text,
        fmt="toml",
        name=name if name and name.strip() else f"{consortium} {year}",
        year=year,
        footprint=case_footprint,
    )


def _common_footprint(store: Store, codes: Sequence[str]) -> str | None:
    """The footprint every one of ``codes`` is in, None when they are not all in one."""
    found = {_footprint_of(store).get(c) for c in codes}
    return found.pop() if len(found) == 1 else None


def save_case(
    store: Store,
    actor: Actor,
    case_id: int | None,
    *,
    text: str,
    fmt: str = "toml",
    name: str | None = None,
    year: str | None = None,
    footprint: str | None = None,
) -> SavedCase:
    """Save the case document ``text`` (in ``fmt``, toml or json): a new case when ``case_id``
    is None (``name`` required; a footprint user's case is its footprint's whatever
    ``footprint`` says), else a new version of case ``case_id`` keeping its footprint and, unless
    given, its name and year. The document is validated whole (``plan.parse_case``): any error
    refuses it with every error and its path (:class:`CaseRefused`) and nothing is saved. The
    case's partners are the document's partner codes; for a case of a footprint they must all be
    organisations of it. Audited as ``plan_save``."""
    _must_plan(actor)
    principal = actor.principal
    if case_id is not None:
        latest = _visible(store, actor, case_id)
        if not edits_case(principal, latest.footprint):
            raise ActionError(f"you may not change case {case_id}", "forbidden")
        footprint = latest.footprint
        name = latest.name if name is None or not name.strip() else name
        year = latest.year if year is None else year
    elif principal.role == "footprint":
        footprint = principal.footprint
    clean = _name(name or "")
    _, case = _parsed(text, fmt)
    partners = [p.org_code for p in case.partners]
    _check_partners(store, actor, footprint, partners)
    try:
        saved = store.plans.save(
            case_id,
            name=clean,
            footprint=footprint,
            partners=partners,
            year=(year or "").strip(),
            fmt=fmt,
            text=text,
            by=actor.name,
        )
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    _audit(store, actor, saved, case_id is None)
    return SavedCase(saved, case)


def save_document(
    store: Store,
    actor: Actor,
    case_id: int | None,
    document: Mapping[str, Any],
    **fields: Any,
) -> SavedCase:
    """:func:`save_case` of a case document given as a mapping (the API's JSON body), saved as
    indented JSON."""
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return save_case(store, actor, case_id, text=text, fmt="json", **fields)


def save_case_fields(
    store: Store,
    actor: Actor,
    case_id: int,
    fields: Mapping[str, str],
    *,
    name: str | None = None,
) -> SavedCase:
    """Save the form of case ``case_id``'s main fields (``fields``: path -> text, as
    ``plan.document.main_fields`` names them) as its next version: the newest version's
    document with those fields replaced (``plan.document.with_main_fields``), written in the
    case's own format (a TOML case keeps its opening comment), then :func:`save_case`, with
    its validation, scope rules and audit (``plan_save``). A refused case's errors name the
    form's fields (:class:`CaseRefused`); nothing is saved."""
    _must_plan(actor)
    latest = _visible(store, actor, case_id)
    document, _ = _parsed(latest.text, latest.format)
    built = with_main_fields(document, fields)
    if latest.format == "toml":
        text = to_toml(built.document, _opening_comment(latest.text))
    else:
        text = json.dumps(built.document, indent=2, ensure_ascii=False) + "\n"
    try:
        return save_case(store, actor, case_id, text=text, fmt=latest.format, name=name)
    except CaseRefused as exc:
        raise CaseRefused(
            [CaseError(built.field_of(e.path), e.message) for e in exc.errors]
        ) from exc


def _opening_comment(text: str) -> list[str]:
    """The comment lines a TOML text opens with, without their ``#``."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].removeprefix(" "))
    return lines


def retire_case(store: Store, actor: Actor, case_id: int) -> PlanCaseVersion:
    """Retire (delete) case ``case_id``: a retired version keeping its last text; earlier
    versions stay. Audited as ``plan_retire``."""
    _must_plan(actor)
    latest = _visible(store, actor, case_id)
    if not edits_case(actor.principal, latest.footprint):
        raise ActionError(f"you may not change case {case_id}", "forbidden")
    try:
        gone = store.plans.retire(case_id, by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    _audit(store, actor, gone, False)
    return gone


def _visible(store: Store, actor: Actor, case_id: int) -> PlanCaseVersion:
    """The newest version of case ``case_id`` in use, if ``actor`` may see it. Outside the
    actor's scope the answer is ``forbidden`` whether or not the case exists, so that nothing
    leaks; ``not_found`` for the national role, or for a retired case the actor could see."""
    latest = store.plans.latest(case_id)
    seen = latest is not None and sees_case(actor.principal, latest.footprint, latest.partners)
    if latest is None and actor.principal.role == "national":
        raise ActionError(f"no case {case_id}", "not_found")
    if latest is None or not seen:
        raise ActionError(f"case {case_id} is not in your scope", "forbidden")
    if latest.retired:
        raise ActionError(f"no case {case_id}", "not_found")
    return latest


def list_cases(store: Store, actor: Actor) -> list[PlanCaseVersion]:
    """The newest version of every case ``actor`` may see, by number."""
    return [v for v in store.plans.in_use() if sees_case(actor.principal, v.footprint, v.partners)]


def get_case(store: Store, actor: Actor, case_id: int) -> SavedCase:
    """Case ``case_id`` (its newest version and document): ``not_found`` for no such case in
    use, ``forbidden`` outside the actor's scope."""
    latest = _visible(store, actor, case_id)
    _, case = _parsed(latest.text, latest.format)
    return SavedCase(latest, case)


def case_versions(store: Store, actor: Actor, case_id: int) -> list[PlanCaseVersion]:
    """Every version of case ``case_id``, oldest first (the same rules as :func:`get_case`)."""
    _visible(store, actor, case_id)
    return store.plans.versions(case_id)


def evaluate_case(store: Store, actor: Actor, case_id: int) -> tuple[SavedCase, Evaluation]:
    """Case ``case_id`` and its evaluation (``plan.evaluate_plan``)."""
    saved = get_case(store, actor, case_id)
    return saved, evaluate_plan(saved.case)


def compare_cases(
    store: Store, actor: Actor, case_ids: Sequence[int]
) -> list[tuple[SavedCase, Evaluation]]:
    """Two to :data:`COMPARE_LIMIT` cases (repeats dropped) with their evaluations, in the
    order asked."""
    ids = list(dict.fromkeys(case_ids))
    if not 2 <= len(ids) <= COMPARE_LIMIT:
        raise ActionError(f"compare 2 to {COMPARE_LIMIT} cases, not {len(ids)}")
    return [evaluate_case(store, actor, i) for i in ids]


def footprints_for(store: Store, actor: Actor) -> list[str]:
    """The footprints ``actor`` may make a case of, sorted: every footprint of the register
    for the national role, its own for a footprint user, none for others."""
    principal = actor.principal
    if principal.role == "footprint":
        return [principal.footprint] if principal.footprint else []
    if principal.role != "national":
        return []
    register = store.register()
    names = register.filter(pl.col("footprint").is_not_null())["footprint"].str.strip_chars()
    return sorted({n for n in names.to_list() if n})
