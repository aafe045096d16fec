"""The data-quality conversation: queries on a return (asked and closed by the national team,
answered by the organisation or the national team) and notes on a return (by either).

Each action checks who may take it, stores through ``Store.conversation`` and is audited:
``query_open``, ``query_reply``, ``query_close`` (target ``query N``) and ``return_note``
(target ``CODE YEAR note N``). Closing a query as ``trusted`` may also accept the return's
current version: that is the review decision (:func:`corpbench.actions.reviews.decide`, audited
as ``review``), not a second status of the return.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpbench.access import converses_on
from corpbench.actions.actor import ActionError, Actor
from corpbench.actions.reviews import decide
from corpbench.standard.issue_codes import CATALOGUE
from corpbench.store import Store, StoreError
from corpbench.store.conversation import OUTCOMES, Note, Query

#: The longest message or note kept (characters; a longer one is cut).
TEXT_LIMIT = 2000
#: The longest warning sentence a query keeps (characters).
WARNING_LIMIT = 500


@dataclass(frozen=True)
class WarningRef:
    """The anomaly warning a query is about: its issue code and its sentence as shown."""

    code: str
    text: str = ""


def _text(text: str, what: str, *, needed: bool = True) -> str:
    kept = text.strip()[:TEXT_LIMIT].strip()
    if needed and not kept:
        raise ActionError(f"{what} needs some text")
    return kept


def _query(store: Store, query_id: int) -> Query:
    found = store.conversation.query(query_id)
    if found is None:
        raise ActionError(f"there is no query {query_id}", "not_found")
    return found


def _may_write(actor: Actor, org_code: str, what: str) -> None:
    if not converses_on(actor.principal, org_code):
        raise ActionError(
            f"{what} is for the national team and the users of {org_code}", "forbidden"
        )


def open_query(
    store: Store,
    actor: Actor,
    org_code: str,
    year: str,
    text: str,
    warning: WarningRef | None = None,
) -> Query:
    """Ask a query on the current version of ``org_code``'s return for ``year``, optionally
    about one anomaly warning (its code must be a warning of the issue catalogue). National
    role only. Audited as ``query_open``."""
    actor.must_run_the_round("asking a query")
    question = _text(text, "a query")
    code = warning_text = None
    if warning is not None:
        entry = CATALOGUE.get(warning.code)
        if entry is None or entry.severity != "warning":
            raise ActionError(f"{warning.code!r} is not an anomaly warning")
        code = warning.code
        warning_text = warning.text.strip()[:WARNING_LIMIT] or None
    try:
        query = store.conversation.open(
            org_code,
            year,
            question,
            by=actor.name,
            role=actor.principal.role,
            warning_code=code,
            warning_text=warning_text,
        )
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    store.audit.record(
        actor.name,
        "query_open",
        f"query {query.id}",
        {
            "org_code": org_code,
            "year": year,
            "version": query.version,
            "warning_code": code,
            "text": question,
        },
        client=actor.client,
    )
    return query


def reply_to_query(store: Store, actor: Actor, query_id: int, text: str) -> Query:
    """Reply to open query ``query_id``: the users of the organisation whose return it is, or
    the national team. Audited as ``query_reply``."""
    query = _query(store, query_id)
    _may_write(actor, query.org_code, "replying to a query")
    reply = _text(text, "a reply")
    try:
        done = store.conversation.reply(query_id, reply, by=actor.name, role=actor.principal.role)
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    store.audit.record(
        actor.name,
        "query_reply",
        f"query {query_id}",
        {"org_code": query.org_code, "year": query.year, "text": reply},
        client=actor.client,
    )
    return done


def close_query(
    store: Store,
    actor: Actor,
    query_id: int,
    outcome: str,
    text: str = "",
    *,
    accept: bool = False,
) -> Query:
    """Close open query ``query_id`` with ``outcome`` (resolved, trusted or excluded) and an
    optional last word; with ``accept`` (outcome trusted only) also accept the return's current
    version. National role only. Audited as ``query_close`` (and ``review`` when accepting)."""
    actor.must_run_the_round("closing a query")
    query = _query(store, query_id)
    if outcome not in OUTCOMES:
        raise ActionError(f"the outcome of a query is one of {', '.join(OUTCOMES)}")
    if accept and outcome != "trusted":
        raise ActionError("only a query whose figure is trusted can accept the return")
    word = _text(text, "closing", needed=outcome == "excluded")
    try:
        done = store.conversation.close(
            query_id, outcome, word, by=actor.name, role=actor.principal.role
        )
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    store.audit.record(
        actor.name,
        "query_close",
        f"query {query_id}",
        {"org_code": query.org_code, "year": query.year, "outcome": outcome, "text": word},
        client=actor.client,
    )
    if accept:
        current = store.reviews.statuses(query.year, query.org_code)
        decide(
            store,
            actor,
            query.org_code,
            query.year,
            current[0].version,
            "accepted",
            word or f"query {query_id}: figure trusted",
        )
    return done


def _note_audit(store: Store, actor: Actor, note: Note) -> None:
    store.audit.record(
        actor.name,
        "return_note",
        f"{note.org_code} {note.year} note {note.number}",
        {"version": note.version, "withdrawn": note.withdrawn, "text": note.text},
        client=actor.client,
    )


def add_note(store: Store, actor: Actor, org_code: str, year: str, text: str) -> Note:
    """Add a note to ``org_code``'s return for ``year``: the national team or the
    organisation's users. Audited as ``return_note``."""
    _may_write(actor, org_code, "a note on a return")
    kept = _text(text, "a note")
    try:
        note = store.conversation.add_note(org_code, year, kept, by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    _note_audit(store, actor, note)
    return note


def revise_note(
    store: Store,
    actor: Actor,
    org_code: str,
    year: str,
    number: int,
    text: str | None = None,
    *,
    withdraw: bool = False,
) -> Note:
    """A new version of note ``number`` (its new text, or withdrawn); an unchanged text adds
    nothing and is not audited. Who may add a note may change it. Audited as
    ``return_note``."""
    _may_write(actor, org_code, "a note on a return")
    kept = None if text is None else _text(text, "a note")
    before = store.conversation.notes(org_code, year, withdrawn=True)
    if not any(n.number == number for n in before):
        raise ActionError(f"there is no note {number} on {org_code} {year}", "not_found")
    try:
        note = store.conversation.revise_note(
            org_code, year, number, kept, withdraw=withdraw, by=actor.name
        )
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    if any(n.number == number and n.version == note.version for n in before):
        return note  # unchanged
    _note_audit(store, actor, note)
    return note
