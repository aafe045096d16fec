"""The lessons log's downloads: CSV with machine codes (data standard §3's rules, formulas
neutralised) and an XLSX workbook with titles for people (``views.programme`` tables)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import polars as pl

from corpbench.documents.machine_csv import write_machine_csv
from corpbench.documents.xlsx import write_tables_xlsx


def lessons_csv(table: pl.DataFrame) -> str:
    """``views.programme.lessons_machine_table`` as CSV text."""
    out = io.StringIO()
    write_machine_csv(table, out)
    return out.getvalue()


def lessons_xlsx(table: pl.DataFrame) -> bytes:
    """``views.programme.lessons_label_table`` as a workbook of one sheet, "Lessons"."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lessons.xlsx"
        write_tables_xlsx(path, {"Lessons": table}, title="Lessons log")
        return path.read_bytes()
