"""The calibrated demo data set: a fictional national benchmarking round (QIPP 2010 types)."""

from corpbench.demo.generate import DEFAULT_YEARS, generate, write_demo

__all__ = ["DEFAULT_YEARS", "generate", "write_demo"]
