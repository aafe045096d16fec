"""The lessons log's actions (docs/programme.md "Lessons log"): add an entry, load the
pathfinders' lessons as examples, list the entries an actor sees.

Who: national and footprint users add lessons (to a programme they may change, or to none);
everyone signed in reads the examples and the entries with no programme, and the entries of the
programmes they see. Audited as ``lesson_add``.
"""

from __future__ import annotations

from datetime import date

from corpbench.access import runs_programmes
from corpbench.actions.actor import ActionError, Actor
from corpbench.actions.programmes import editable_programme, list_programmes
from corpbench.actions.readiness import parse_date
from corpbench.programme.lessons import (
    EXAMPLE_DATE,
    EXAMPLES,
    KINDS,
    TEXT_LIMIT,
    THEMES,
    filter_lessons,
)
from corpbench.store import Store, StoreError
from corpbench.store.programmes import LessonRecord


def _code(where: str, value: str, known: dict[str, str]) -> str:
    code = value.strip().lower().replace(" ", "_").replace("-", "_")
    if code not in known:
        raise ActionError(f"{where}: {value!r} is not one of {', '.join(known)}")
    return code


def add_lesson(
    store: Store,
    actor: Actor,
    *,
    theme: str,
    kind: str,
    text: str,
    lesson_date: str | date | None = None,
    programme_id: int | None = None,
) -> LessonRecord:
    """Add a lesson (dated ``lesson_date``, ISO, today when blank) on ``theme`` of ``kind``,
    to programme ``programme_id`` (one the actor may change) or to none. Audited as
    ``lesson_add``."""
    if not runs_programmes(actor.principal):
        raise ActionError("lessons are added by national and footprint users", "forbidden")
    if programme_id is not None:
        editable_programme(store, actor, programme_id)
    the_theme = _code("theme", theme, dict(THEMES))
    the_kind = _code("kind", kind, dict(KINDS))
    clean = text.strip()
    if not clean:
        raise ActionError("text: a lesson needs a text")
    if len(clean) > TEXT_LIMIT:
        raise ActionError(f"text: at most {TEXT_LIMIT:,} characters, not {len(clean):,}")
    on = parse_date("date", lesson_date) or date.today()
    try:
        (new_id,) = store.programmes.add_lessons(
            [
                {"lesson_date": on, "programme_id": programme_id, "theme": the_theme,
                 "kind": the_kind, "text": clean, "example": False, "source": None}
            ],
            by=actor.name,
        )  # fmt: skip
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    store.audit.record(
        actor.name,
        "lesson_add",
        f"lesson {new_id}",
        {"programme_id": programme_id, "theme": the_theme, "kind": the_kind, "example": False},
        client=actor.client,
    )
    return next(x for x in store.programmes.lessons() if x.id == new_id)


def add_example_lessons(store: Store, actor: Actor) -> int:
    """Load the pathfinders' lessons (``programme.lessons.EXAMPLES``) as examples, marked as
    such, unless they are loaded already: how many were added (0 then). National role only.
    Audited as one ``lesson_add``."""
    actor.must_run_the_round("loading the example lessons")
    if store.programmes.has_examples():
        return 0
    ids = store.programmes.add_lessons(
        [
            {"lesson_date": EXAMPLE_DATE, "programme_id": None, "theme": e.theme,
             "kind": e.kind, "text": e.text, "example": True, "source": e.source}
            for e in EXAMPLES
        ],
        by=actor.name,
    )  # fmt: skip
    store.audit.record(
        actor.name,
        "lesson_add",
        f"lessons {ids[0]}-{ids[-1]}",
        {"examples": len(ids)},
        client=actor.client,
    )
    return len(ids)


def list_lessons(
    store: Store,
    actor: Actor,
    *,
    theme: str | None = None,
    kind: str | None = None,
    programme_id: int | None = None,
    search: str | None = None,
) -> list[LessonRecord]:
    """The lessons ``actor`` may read (examples, entries with no programme, entries of the
    programmes it sees), filtered (``programme.lessons.filter_lessons``; a blank filter is no
    filter), newest date first."""
    the_theme = _code("theme", theme, dict(THEMES)) if theme and theme.strip() else None
    the_kind = _code("kind", kind, dict(KINDS)) if kind and kind.strip() else None
    seen = {p.id for p in list_programmes(store, actor)}
    readable = [
        x for x in store.programmes.lessons() if x.programme_id is None or x.programme_id in seen
    ]
    return filter_lessons(
        readable, theme=the_theme, kind=the_kind, programme_id=programme_id, search=search
    )
