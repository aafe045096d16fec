"""The programme actions (docs/programme.md): start, rename and retire a programme, list and read
the programmes an actor may see.

Scope rules (``corpbench.access``), as for business cases: the national role sees and edits
every programme; a footprint user starts and edits its footprint's programmes; an organisation
user sees, read-only, the programmes its organisation is a partner in. A programme's partners
are its case's partners when it carries out a business case, else its footprint's
organisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpbench.access import edits_case, edits_programme, runs_programmes, sees_programme
from corpbench.actions.actor import ActionError, Actor
from corpbench.store import Store, StoreError
from corpbench.store.programmes import ProgrammeRecord

#: The longest name of a programme, in characters.
NAME_LIMIT = 120
_YEAR = re.compile(r"^([0-9]{4})/([0-9]{2})$")


@dataclass(frozen=True)
class Programme:
    """A programme as an actor sees it: the stored record, its partners (organisation codes)
    and whether the actor may change it."""

    record: ProgrammeRecord
    partners: tuple[str, ...]
    editable: bool

    @property
    def id(self) -> int:
        return self.record.id


def _must_run(actor: Actor) -> None:
    if not runs_programmes(actor.principal):
        raise ActionError("programmes are run by national and footprint users", "forbidden")


def _clean_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ActionError("a programme needs a name")
    if len(clean) > NAME_LIMIT:
        raise ActionError(f"a programme's name has at most {NAME_LIMIT} characters")
    return clean


def clean_year(year: str | None) -> str | None:
    """``year`` as a round year (YYYY/YY, the second year after the first), None when blank;
    refused otherwise with what was expected."""
    if year is None or not year.strip():
        return None
    found = _YEAR.match(year.strip())
    if found is None or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        raise ActionError(f"year: {year.strip()!r} is not a round year like 2016/17")
    return year.strip()


def _footprints(store: Store) -> dict[str, list[str]]:
    """Each footprint of the register with its organisation codes, sorted."""
    register = store.register()
    found: dict[str, list[str]] = {}
    for code, fp in register.select("org_code", "footprint").iter_rows():
        if fp is not None and str(fp).strip():
            found.setdefault(str(fp).strip(), []).append(str(code))
    return {fp: sorted(codes) for fp, codes in found.items()}


def _partners(
    store: Store, record: ProgrammeRecord, footprints: dict[str, list[str]] | None = None
) -> tuple[str, ...]:
    if record.case_id is not None:
        latest = store.plans.latest(record.case_id)
        if latest is not None:
            return latest.partners
    if record.footprint is None:
        return ()
    found = footprints if footprints is not None else _footprints(store)
    return tuple(found.get(record.footprint, ()))


def _seen(actor: Actor, record: ProgrammeRecord, partners: tuple[str, ...]) -> Programme:
    return Programme(record, partners, edits_programme(actor.principal, record.footprint))


def new_programme(
    store: Store,
    actor: Actor,
    *,
    name: str,
    footprint: str | None = None,
    year: str | None = None,
    case_id: int | None = None,
) -> Programme:
    """Start programme ``name`` for ``footprint`` (a footprint of the register; a footprint
    user's programme is always its own footprint's), with the round ``year`` of its baseline
    and the business case ``case_id`` it carries out (one the actor may change; a programme
    with no footprint takes its case's). Audited as ``programme_save``."""
    _must_run(actor)
    principal = actor.principal
    clean = _clean_name(name)
    fp = footprint.strip() if footprint and footprint.strip() else None
    if principal.role == "footprint":
        if fp is not None and fp != principal.footprint:
            raise ActionError(
                f"a footprint user runs programmes only for its footprint ({principal.footprint})",
                "forbidden",
            )
        fp = principal.footprint
    elif fp is not None and fp not in _footprints(store):
        raise ActionError(f"footprint: {fp!r} is not a footprint of the register")
    the_year = clean_year(year)
    if case_id is not None:
        case = store.plans.latest(case_id)
        if case is None or case.retired:
            raise ActionError(f"case: there is no business case {case_id}", "not_found")
        if not edits_case(principal, case.footprint):
            raise ActionError(f"case: case {case_id} is not in your scope", "forbidden")
        if fp is None:
            fp = case.footprint
        elif case.footprint is not None and case.footprint != fp:
            raise ActionError(f"case: case {case_id} is for footprint {case.footprint}, not {fp}")
        if the_year is None and case.year:
            the_year = case.year
    try:
        record = store.programmes.create(
            name=clean, footprint=fp, year=the_year, case_id=case_id, by=actor.name
        )
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    store.audit.record(
        actor.name,
        "programme_save",
        f"programme {record.id}",
        {
            "name": record.name,
            "footprint": record.footprint,
            "year": record.year,
            "case_id": record.case_id,
            "created": True,
        },
        client=actor.client,
    )
    return _seen(actor, record, _partners(store, record))


def list_programmes(store: Store, actor: Actor) -> list[Programme]:
    """Every programme in use that ``actor`` may see, by number."""
    footprints = _footprints(store)
    shown: list[Programme] = []
    for record in store.programmes.in_use():
        partners = _partners(store, record, footprints)
        if sees_programme(actor.principal, record.footprint, partners):
            shown.append(_seen(actor, record, partners))
    return shown


def get_programme(store: Store, actor: Actor, programme_id: int) -> Programme:
    """Programme ``programme_id``: ``forbidden`` outside the actor's scope whether or not it
    exists (nothing leaks), ``not_found`` for no such programme in use (for the national role,
    or a retired programme the actor could see)."""
    record = store.programmes.get(programme_id)
    if record is None and actor.principal.role == "national":
        raise ActionError(f"no programme {programme_id}", "not_found")
    partners = () if record is None else _partners(store, record)
    if record is None or not sees_programme(actor.principal, record.footprint, partners):
        raise ActionError(f"programme {programme_id} is not in your scope", "forbidden")
    if record.retired_at is not None:
        raise ActionError(f"no programme {programme_id}", "not_found")
    return _seen(actor, record, partners)


def editable_programme(store: Store, actor: Actor, programme_id: int) -> Programme:
    """:func:`get_programme`, refused (``forbidden``) unless ``actor`` may change it."""
    found = get_programme(store, actor, programme_id)
    if not found.editable:
        raise ActionError(f"you may not change programme {programme_id}", "forbidden")
    return found


def _details(record: ProgrammeRecord) -> dict[str, object]:
    return {
        "name": record.name,
        "footprint": record.footprint,
        "year": record.year,
        "case_id": record.case_id,
    }


def rename_programme(store: Store, actor: Actor, programme_id: int, name: str) -> Programme:
    """Rename programme ``programme_id`` (one the actor may change) to ``name`` (1 to
    ``NAME_LIMIT`` characters, spaces tidied; refused when it is the name already): a new
    version of the programme (the earlier names stay in the older ones), audited as
    ``programme_save`` with ``renamed_from``."""
    _must_run(actor)
    found = editable_programme(store, actor, programme_id)
    clean = _clean_name(name)
    old = found.record.name
    if clean == old:
        raise ActionError(f"name: programme {programme_id} is called {old!r} already")
    try:
        record = store.programmes.rename(programme_id, clean, by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    store.audit.record(
        actor.name,
        "programme_save",
        f"programme {record.id}",
        {**_details(record), "renamed_from": old},
        client=actor.client,
    )
    return _seen(actor, record, found.partners)


def retire_programme(store: Store, actor: Actor, programme_id: int) -> Programme:
    """Retire programme ``programme_id`` (one the actor may change): it leaves every list and
    its pages answer ``not_found``; its readiness versions, lessons and benefit lines stay
    stored. Audited as ``programme_retire`` (who retired it is in the audit entry)."""
    _must_run(actor)
    found = editable_programme(store, actor, programme_id)
    try:
        record = store.programmes.retire(programme_id, by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    store.audit.record(
        actor.name,
        "programme_retire",
        f"programme {record.id}",
        _details(record),
        client=actor.client,
    )
    return _seen(actor, record, found.partners)
