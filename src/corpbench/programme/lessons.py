"""The lessons log (programme methods §2): themes, kinds, the pathfinders' own lessons as
examples, and filtering and searching entries. Pure: entries are any objects with the fields
of :class:`LessonLike`.

The examples quote, word for word, NHS Improvement, *Lessons learned: setting up for success —
experiences of the 'pathfinder' corporate services projects* (June 2018; the project's seed
000), each with the section it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

#: Themes of a lesson, with their titles.
THEMES: Mapping[str, str] = {
    "governance": "Governance",
    "design_principles": "Design principles",
    "resources": "Resources",
    "baseline": "Baseline",
    "other": "Other",
}
#: Kinds of a lesson, with their titles.
KINDS: Mapping[str, str] = {
    "went_well": "Went well",
    "went_less_well": "Went less well",
    "do_differently": "Do differently",
    "outcome_and_why": "Outcome and why",
}
#: The longest text of a lesson, in characters.
TEXT_LIMIT = 4000

#: The publication the examples are quoted from.
SOURCE = (
    "NHS Improvement, Lessons learned: setting up for success — experiences of the "
    "'pathfinder' corporate services projects, June 2018"
)
#: The date the examples carry (the publication's month).
EXAMPLE_DATE = date(2018, 6, 1)


@dataclass(frozen=True)
class Example:
    """A pathfinder lesson: theme, kind, the quoted text and the section it is quoted from."""

    theme: str
    kind: str
    text: str
    section: str

    @property
    def source(self) -> str:
        return f"{SOURCE}, '{self.section}'"


EXAMPLES: tuple[Example, ...] = (
    Example("governance", "went_well",
            "[Project A] benefitted from strong and visible leadership from the chief executive. "
            "Decision-making was simplified with the appointment of a single director of "
            "finance covering all the trusts in the STP. Support from NHS Improvement and "
            "external legal advice was sought on the form of collaboration.",
            "Effective governance: Things that went well"),
    Example("governance", "went_less_well",
            "In contrast, for projects with no overall decision-maker, each trust evaluated what "
            "the cost/benefit of each option would be for them in the short/medium-term, not "
            "against a collective goal. No clear framework for sharing costs and benefits was "
            "articulated at the outset, leading to uncertainty and an 'every person for "
            "themselves' approach to options evaluation.",
            "Effective governance: Things that went less well"),
    Example("governance", "outcome_and_why",
            "Without these arrangements pathfinders' progress stalled and in some cases unwound.",
            "Effective governance"),
    Example("governance", "do_differently",
            "A memorandum of understanding to empower a collective board, eg a sustainability "
            "and transformation partnership (STP) board, to make decisions on behalf of the "
            "respective trust boards.",
            "Effective governance"),
    Example("governance", "do_differently",
            "A gain share approach (a way of sharing risk and working collaboratively to achieve "
            "savings) to incentivise all parties.",
            "Effective governance"),
    Example("design_principles", "do_differently",
            "Design principles should be agreed upfront and used to focus decisions and "
            "evaluate alternatives.",
            "Defining design principles"),
    Example("design_principles", "do_differently",
            "Design principles should be criteria that guide choice between operating model "
            "options, not just a set of high-level ambitions.",
            "Defining design principles"),
    Example("design_principles", "outcome_and_why",
            "Without design principles, the service designs are driven by functional or "
            "personal preferences, not organisational or collective priorities.",
            "Defining design principles"),
    Example("resources", "do_differently",
            "Sufficient team time needs to be freed up from the start to prevent project delays.",
            "Resources"),
    Example("resources", "outcome_and_why",
            "Clear sponsorship is needed from the highest levels – where this was seen in the "
            "pathfinder projects, discretionary time from senior teams was made available to "
            "support the project.",
            "Resources"),
    Example("resources", "do_differently",
            "Continuity through the project is really important – momentum can quickly be lost "
            "through changes in personnel, particularly among those in leadership or project "
            "roles.",
            "Resources"),
    Example("baseline", "went_well",
            "Using internal trust data and leveraging the national corporate services "
            "benchmarking activity.",
            "Creating a robust baseline: Things that went well"),
    Example("baseline", "went_less_well",
            "The cost baseline was found to be better than the service baseline. In general, "
            "because in-house provision is not considered a service, it was difficult to "
            "identify what the in-house service being provided is, and the relevant key "
            "performance indicators (KPIs) and service standards. Therefore, the expectations "
            "for future performance need to be managed in line with current performance.",
            "Creating a robust baseline: Things that went less well"),
)  # fmt: skip


class LessonLike(Protocol):
    """What filtering reads of an entry."""

    @property
    def theme(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def programme_id(self) -> int | None: ...
    @property
    def text(self) -> str: ...
    @property
    def example(self) -> bool: ...


L = TypeVar("L", bound=LessonLike)


def filter_lessons(
    entries: Iterable[L],
    *,
    theme: str | None = None,
    kind: str | None = None,
    programme_id: int | None = None,
    search: str | None = None,
    examples: bool | None = None,
) -> list[L]:
    """The entries with ``theme``, ``kind`` and ``programme_id`` (each when given), whose text
    holds every word of ``search`` (case ignored), examples only or none (``examples`` True or
    False), in their order."""
    words = [w.casefold() for w in (search or "").split()]
    kept: list[L] = []
    for e in entries:
        if theme is not None and e.theme != theme:
            continue
        if kind is not None and e.kind != kind:
            continue
        if programme_id is not None and e.programme_id != programme_id:
            continue
        if examples is not None and e.example != examples:
            continue
        text = e.text.casefold()
        if all(w in text for w in words):
            kept.append(e)
    return kept
