"""The review action: a national user's decision on the current version of a return."""

from __future__ import annotations

from corpbench.actions.actor import ActionError, Actor
from corpbench.store import Store, StoreError
from corpbench.store.reviews import ReturnStatus

#: The longest review comment kept (characters; a longer one is cut).
COMMENT_LIMIT = 2000


def decide(
    store: Store,
    actor: Actor,
    org_code: str,
    year: str,
    version: int,
    status: str,
    comment: str = "",
) -> ReturnStatus:
    """Record decision ``status`` (accepted, queried, ...) on version ``version`` of
    ``org_code``'s return for ``year``, which must be the current version; a query needs a
    comment (stripped, cut to :data:`COMMENT_LIMIT` characters). National role only. Audited
    as ``review`` (target ``CODE YEAR vN``; the status and the comment)."""
    actor.must_run_the_round("deciding on a return")
    kept = comment.strip()[:COMMENT_LIMIT].strip()
    try:
        decided = store.reviews.decide(org_code, year, version, status, kept, by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    store.audit.record(
        actor.name,
        "review",
        f"{org_code} {year} v{decided.version}",
        {"status": status, "comment": kept},
        client=actor.client,
    )
    return decided
