"""Cases and views of the case's charts and documents tests: the worked examples of
docs/planning.md (small.toml, case.toml), one that never pays back and one with tied options."""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from typing import Any

from corpbench.plan import Evaluation, evaluate_plan, parse_case
from corpbench.views.plan import PlanView, plan_view
from plan.cases import small
from plan.docs_examples import doc_file


def complete() -> dict[str, Any]:
    """docs/planning.md's complete case (case.toml)."""
    return copy.deepcopy(tomllib.loads(doc_file("case.toml")))


def never_pays_back() -> dict[str, Any]:
    """The small case with a one-off cost of 5,000: its cumulative net ends at −4,090.4375."""
    doc = small()
    doc["option"]["one_off"] = [{"year": 0, "amount": 5000}]
    return doc


def tied() -> dict[str, Any]:
    """The small case with two principles on which the co-operative and the company tie."""
    doc = small()
    doc["principles"] = [{"name": "saving", "weight": 1}, {"name": "control", "weight": 1}]
    doc["options_scored"] = {
        "status_quo": {"saving": 0, "control": 10},
        "cooperative": {"saving": 8, "control": 6},
        "company": {"saving": 6, "control": 8},
    }
    return doc


def evaluation(doc: dict[str, Any]) -> Evaluation:
    return evaluate_plan(parse_case(doc))


@cache
def complete_view() -> PlanView:
    return plan_view(
        evaluation(complete()),
        name="Three trusts",
        consortium="RX1, RX2, RX3",
        year="2016/17",
        partner_names={"RX1": "Rowan Hospital"},
    )


@cache
def small_view() -> PlanView:
    return plan_view(evaluation(small()), name="Small", consortium="", year=None)
