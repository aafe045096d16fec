"""Tests of the benchmark engine (corpbench.bench) against hand-computed figures."""
