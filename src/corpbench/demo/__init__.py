"""The calibrated demo data sets: fictional national benchmarking rounds, QIPP 2010 (the
default) and NHS Improvement 2016/17."""

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
    "QIPP_ROUND",
    "DemoRound",
    "demo_round",
    "generate",
    "generate_rounds",
    "write_demo",
]
