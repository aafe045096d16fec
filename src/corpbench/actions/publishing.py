"""The publish action: organisations see the round's figures as they stand now (every current
return, or only the accepted ones)."""

from __future__ import annotations

from dataclasses import dataclass

from corpbench.actions.actor import Actor
from corpbench.store import Store
from corpbench.store.publications import PublicationInfo

#: The longest publication note kept (characters; a longer one is cut).
NOTE_LIMIT = 500


@dataclass(frozen=True)
class PublishResult:
    """The publication, and whether this action made it (False when ``if_none`` found one)."""

    publication: PublicationInfo
    new: bool


def publish(
    store: Store,
    actor: Actor,
    *,
    note: str = "",
    if_none: bool = False,
    accepted_only: bool = False,
) -> PublishResult:
    """Publish the current returns stored so far with ``note`` (stripped, cut to
    :data:`NOTE_LIMIT` characters); with ``accepted_only``, only the returns whose latest
    review decision is accepted (the others are left out, as non-responders); with
    ``if_none``, only when nothing has been published yet. National role only. Audited as
    ``publish`` (target ``publication N``; the load id, the note, the scope and the number of
    returns covered)."""
    actor.must_run_the_round("publishing the round")
    if if_none:
        latest = store.publications.latest()
        if latest is not None:
            return PublishResult(latest, new=False)
    kept = note.strip()[:NOTE_LIMIT].strip()
    scope = "accepted" if accepted_only else "all"
    publication = store.publications.publish(by=actor.name, note=kept, scope=scope)
    store.audit.record(
        actor.name,
        "publish",
        f"publication {publication.id}",
        {
            "load_id": publication.load_id,
            "note": kept,
            "scope": scope,
            "returns": publication.returns,
        },
        client=actor.client,
    )
    return PublishResult(publication, new=True)
