"""The round action: add a round definition (a new version of a round when its text changed)."""

from __future__ import annotations

from collections.abc import Sequence

from corpbench.actions.actor import ActionError, Actor
from corpbench.standard.rounds import RoundDefinitionError, RoundIssue, parse_round
from corpbench.store import Store, StoreError
from corpbench.store.rounds import RoundSaved


class RoundRefused(ActionError):
    """A round definition refused for its content: ``issues`` holds every problem found."""

    def __init__(self, message: str, issues: Sequence[RoundIssue]) -> None:
        super().__init__(message)
        self.issues: tuple[RoundIssue, ...] = tuple(issues)


def add_round(store: Store, actor: Actor, text: str, source: str) -> RoundSaved:
    """Add the round defined by the TOML ``text`` (read from ``source``, a file name): a new
    version of its round unless the latest has the same text. National role only. A bad
    definition is refused with every issue (:class:`RoundRefused`); one that takes another
    round's year or would not hold the returns stored in its years is refused by the store.
    Audited as ``round_add`` (target the round's name; version, years, whether it changed and
    the text's SHA-256)."""
    actor.must_run_the_round("adding a round")
    try:
        definition = parse_round(text, source)
    except RoundDefinitionError as exc:
        count = len(exc.issues)
        message = f"{source}: {count} problem(s) in the round definition"
        raise RoundRefused(message, exc.issues) from exc
    try:
        saved = store.rounds.add(definition, text, by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    store.audit.record(
        actor.name,
        "round_add",
        definition.name,
        {
            "version": saved.round.version,
            "years": list(definition.years),
            "changed": saved.changed,
            "sha256": saved.round.sha256,
        },
        client=actor.client,
    )
    return saved
