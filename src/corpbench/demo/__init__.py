"""The calibrated demo data sets: fictional national benchmarking rounds, QIPP 2010 (the
default) and NHS Improvement 2016/17, and the worked business cases of the four 2016/17
pathfinder footprints."""

from corpbench.demo.cases import (
    PATHFINDER_YEAR,
    PATHFINDERS,
    Pathfinder,
    pathfinder_cases,
    write_pathfinder_cases,
)
from corpbench.demo.generate import (
    DEFAULT_YEARS,
    DEMO_ROUNDS,
    demo_round,
    generate,
    generate_rounds,
    write_demo,
)
from corpbench.demo.nhsi import NHSI_ROUND
from corpbench.demo.params import QIPP_ROUND, DemoRound

__all__ = [
    "DEFAULT_YEARS",
    "DEMO_ROUNDS",
    "NHSI_ROUND",
    "PATHFINDERS",
    "PATHFINDER_YEAR",
    "QIPP_ROUND",
    "DemoRound",
    "Pathfinder",
    "demo_round",
    "generate",
    "generate_rounds",
    "pathfinder_cases",
    "write_demo",
    "write_pathfinder_cases",
]
