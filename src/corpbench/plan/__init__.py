"""Shared-service planning (planning methods §3–§6, §8): case documents, the business case
engine, tornado and Monte Carlo, option appraisal, gains, joining and leaving, and the machine
output. Pure functions; they store nothing (docs/planning.md)."""

from corpbench.plan.appraisal import Appraisal, appraise, appraise_options
from corpbench.plan.case import (
    MODELS,
    STATUS_QUO,
    Case,
    CaseError,
    CaseInvalid,
    parameter_values,
    parse_case,
    read_case,
    read_document,
    validate_case,
)
from corpbench.plan.engine import Flows, evaluate, evaluate_case, in_sequence, share_first
from corpbench.plan.gains import GainShare, gain_share, share_keys
from corpbench.plan.output import Evaluation, evaluate_plan, machine_output
from corpbench.plan.risk import MonteCarlo, TornadoBar, monte_carlo, tornado

__all__ = [
    "MODELS",
    "STATUS_QUO",
    "Appraisal",
    "Case",
    "CaseError",
    "CaseInvalid",
    "Evaluation",
    "Flows",
    "GainShare",
    "MonteCarlo",
    "TornadoBar",
    "appraise",
    "appraise_options",
    "evaluate",
    "evaluate_case",
    "evaluate_plan",
    "gain_share",
    "in_sequence",
    "machine_output",
    "monte_carlo",
    "parameter_values",
    "parse_case",
    "read_case",
    "read_document",
    "share_first",
    "share_keys",
    "tornado",
    "validate_case",
]
