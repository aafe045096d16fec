"""Tests of the versioned store (corpbench.store) on SQLite and PostgreSQL."""
