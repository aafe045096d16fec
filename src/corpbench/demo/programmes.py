"""The demo's programmes: one for each of the four 2016/17 pathfinder footprints, carrying out
its worked case (``demo/cases.py``), with plausible readiness (docs/demo.md "Pathfinder
programmes"). Greater Manchester is ready for design; Kent and Medway is not (no mandate, no
agreed governance); the other two are part of the way. Plain data: ``corpbench demo --load``
saves it through the actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpbench.programme.readiness import MUST_HAVE_CODES, QUESTION_CODES

#: (question code, answer, owner, date, rag)
Answer = tuple[str, str, str, str, str]
#: (must-have code, met, evidence)
MustHave = tuple[str, bool, str]


@dataclass(frozen=True)
class DemoProgramme:
    """A pathfinder footprint's programme: its footprint (and case name, ``demo.cases``),
    name, answers and must-have statuses."""

    footprint: str
    name: str
    answers: tuple[Answer, ...]
    must_haves: tuple[MustHave, ...]


def _all_met(evidence: str) -> tuple[MustHave, ...]:
    return tuple((code, True, f"{evidence}: {code.replace('_', ' ')}") for code in MUST_HAVE_CODES)


def _answers(rag: str, owner: str, on: str, text: str) -> tuple[Answer, ...]:
    return tuple((q, text, owner, on, rag) for q in QUESTION_CODES)


_GM_ANSWERS: tuple[Answer, ...] = (
    ("direction", "The partnership board asked for one finance and HR service by 2019",
     "Chief executive, lead trust", "2017-03-01", "green"),
    ("decisions", "A joint committee of the trusts under a memorandum of understanding",
     "Director of finance, lead trust", "2017-03-01", "green"),
    ("resourcing", "SRO one day a week, full-time programme manager, four functional leads",
     "SRO", "2017-03-15", "green"),
    ("sourcing", "Payroll shared; finance and HR in house at every trust",
     "Programme manager", "2017-03-15", "green"),
    ("scope", "Finance, HR and payroll transactional services and their systems confirmed",
     "Functional leads", "2017-04-01", "green"),
    ("location", "Sites and staff locations of every trust consolidated",
     "Programme manager", "2017-04-01", "green"),
    ("constraints", "Staff terms reviewed with staff side; no barrier found",
     "Director of HR", "2017-04-10", "amber"),
    ("dependencies", "ERP replacement at one trust tracked as a dependency",
     "Programme manager", "2017-04-10", "green"),
    ("next_stage", "Ten-week design phase planned with workshops",
     "Programme manager", "2017-04-10", "green"),
    ("stakeholders", "Boards, staff side and clinical leads engaged",
     "SRO", "2017-04-10", "green"),
)  # fmt: skip

_KM_MUSTS: tuple[MustHave, ...] = (
    ("mandate", False, "Two boards have not yet agreed the mandate"),
    ("scope_agreed", True, "Scope paper agreed by the directors of finance"),
    ("sros_appointed", False, ""),
    ("case_for_change", True, "Benefit opportunity from the benchmark"),
    ("sourcing_setup", True, "Delivery models listed per function from the returns"),
    ("governance_agreed", False, "No memorandum of understanding yet"),
    ("next_stage_plan", False, ""),
    ("location_data", True, "Site list compiled"),
    ("labour_agreements", False, ""),
    ("parallel_projects", True, "Estates review listed"),
)

#: The four programmes, in the order of ``demo.cases.PATHFINDERS``.
PROGRAMMES: tuple[DemoProgramme, ...] = (
    DemoProgramme(
        "North West London",
        "North West London corporate services",
        _answers("amber", "Programme manager", "2017-05-01", "In hand, to be confirmed"),
        tuple(
            (c, c not in {"labour_agreements", "parallel_projects"}, "Programme board paper")
            for c in MUST_HAVE_CODES
        ),
    ),
    DemoProgramme(
        "Greater Manchester",
        "Greater Manchester shared services",
        _GM_ANSWERS,
        _all_met("Programme board minutes, April 2017"),
    ),
    DemoProgramme(
        "Mid and South Essex",
        "Mid and South Essex back office",
        _answers("amber", "Director of finance", "2017-06-01", "Partly agreed"),
        tuple(
            (
                c,
                c in {"mandate", "scope_agreed", "case_for_change", "sourcing_setup"},
                "Steering group note" if c != "case_for_change" else "",
            )
            for c in MUST_HAVE_CODES
        ),
    ),
    DemoProgramme(
        "Kent and Medway",
        "Kent and Medway joint venture",
        _answers("red", "Interim SRO", "2017-06-15", "Not yet agreed"),
        _KM_MUSTS,
    ),
)
