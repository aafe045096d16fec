"""A programme's benefits as an XLSX workbook: ``Lines`` (each benefit line in words),
``Values`` (every line and month: planned, actual and the month's benefit, at full precision)
and ``Envelopes`` (realised savings against the three envelopes, in words). Every text cell —
descriptions and owners are user text — goes through
:func:`corpbench.documents.xlsx.cell_value`, which neutralises formula injection."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from corpbench.documents.xlsx import append_header, append_row, cell_value
from corpbench.programme.benefits import BenefitLine, Envelopes
from corpbench.views.benefits import envelope_rows, line_rows, value_rows

POUNDS = '"£"#,##0.00;-"£"#,##0.00'
NUMBER_FORMAT = "#,##0.####"


def _rows(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Append ``header`` (bold) and ``rows`` to ``ws``; the header's row number."""
    header_row = append_header(ws, header)
    for r in rows:
        append_row(ws, r)
    for i, h in enumerate(header):
        letter = ws.cell(row=1, column=i + 1).column_letter
        ws.column_dimensions[letter].width = max(12, min(60, len(h) + 4))
    return header_row


def benefits_workbook(
    title: str,
    lines: Sequence[BenefitLine],
    env: Envelopes,
    notes: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
) -> bytes:
    """The workbook of programme ``title``'s benefits (see the module docstring)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Lines"
    _rows(
        ws,
        ["Line", "Function", "Description", "Owner", "Cashable", "Baseline", "Target",
         "Direction", "Months of actuals", "Latest actual", "Realised to date"],
        [
            [r.number, r.function, r.description, r.owner, r.cashable, r.baseline, r.target,
             r.direction, r.months, r.latest, r.realised]
            for r in line_rows(lines, env.through)
        ],
    )  # fmt: skip
    values = wb.create_sheet("Values")
    _rows(
        values,
        ["Line", "Function", "Description", "Owner", "Cashable", "Month", "Planned", "Actual",
         "Benefit"],
        [
            [v["line"], v["function_label"], v["description"], v["owner"],
             "yes" if v["cashable"] else "no", v["month"], v["planned"], v["actual"],
             v["benefit"]]
            for v in value_rows(lines)
        ],
    )  # fmt: skip
    for row in values.iter_rows(min_row=2, min_col=7, max_col=9):
        for cell in row:
            cell.number_format = NUMBER_FORMAT
    envelopes = wb.create_sheet("Envelopes")
    envelopes.append([cell_value(title)])
    envelopes["A1"].font = Font(bold=True, size=14)
    envelopes.append([])  # a blank row between the title and the table
    # the header row is bolded where it is appended (``append_header``), not counted from
    # ``max_row``, which an empty appended row does not move
    _rows(
        envelopes,
        ["Envelope", "Amount", "How the savings compare"],
        [[r.name, r.amount, r.words] for r in envelope_rows(env, names, notes)],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
