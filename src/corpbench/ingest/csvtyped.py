"""The typed fast path: a clean CSV file of the standard read in one polars pass, its number
columns parsed straight to Float64 values.

It is tried on a file without double quotes and without lone carriage returns that the plain
parser's byte checks proved *trimmed* (no whitespace but the ASCII space, and no cell starting
or ending with it: :func:`~corpbench.ingest.csvplain.edge_spaces`), and only when every header
cell names a distinct column of the bundle file. On such a file validation's typing of a number
cell (trim: nothing to do; an empty cell is null; else ``cast(Float64)``) is what polars' CSV
float parser does directly: the two agree on every text a trimmed cell can hold (they differ on
a leading space, which such a file has none of), and ``tests/ingest/test_fast_paths.py`` holds
that claim to account. Skipping the text saves building a string per number cell and casting it.

The values replace the texts, and the issues of the number rules show a cell's text; so the
file is kept typed only when none of those rules but ``required`` (whose cell is empty) can
fail: every value finite, within its bound, shared_cost within pay_cost + non_pay_cost
(:func:`~corpbench.ingest.cellrules.number_rules`). The rows must also be what the plain
parser would give: every line a record with one field per header cell (the checks of
:func:`~corpbench.ingest.csvplain.parse_plain`), wholly blank rows dropped without renumbering.
Anything else returns ``None``: the file is then read as text, as before.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from corpbench.ingest.cellrules import NUMERIC, cost_sum_rules, num
from corpbench.ingest.csvplain import trailing_empty_lines
from corpbench.ingest.raw import ROW, RawFile, cell_column
from corpbench.standard import BUNDLE_FILES, FileSpec


def parse_typed(data: bytes, name: str, display: str) -> RawFile | None:
    """The file read with its number columns as Float64, or ``None`` when the text parsers
    must read it.

    ``data`` must be valid UTF-8 without NUL bytes, double quotes or lone carriage returns,
    and trimmed (see the module's docstring); a UTF-8 BOM is skipped by polars."""
    spec = BUNDLE_FILES.get(name)
    if spec is None:
        return None
    try:
        head = pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            quote_char=None,
            empty_string_is_null=False,
            n_rows=1,
        )
    except Exception:
        return None
    if head.height != 1 or any(head.null_count().row(0)):
        return None
    header = tuple(str(v) for v in head.row(0))
    keys = [cell.strip().lower() for cell in header]
    if len(set(keys)) != len(keys) or not set(keys) <= set(spec.column_names):
        return None  # header issues, or columns validation leaves alone: read as text
    numbers = {k: cell_column(i) for i, k in enumerate(keys) if spec.column(k).type in NUMERIC}
    if not numbers:
        return None
    width = len(keys)
    schema = {cell_column(i): pl.Float64 if k in numbers else pl.String for i, k in enumerate(keys)}
    try:
        table = read_typed(data, schema)
    except Exception:
        return None  # a text in a number column, a ragged first row, a row too long
    if table.height == 0 or not _whole_records(data, table, width):
        return None
    if not _values_kept(table, numbers, spec, set(keys)):
        return None
    frame = table.insert_column(
        0, pl.int_range(2, table.height + 2, dtype=pl.Int64, eager=True).alias(ROW)
    )
    blank = _blank(frame, width)
    if blank is not None:
        frame = frame.filter(~blank)
    return RawFile(name, display, header, frame, plain_spaces=True, trimmed=True, valued=True)


def read_typed(data: bytes, schema: Mapping[str, type[pl.DataType]]) -> pl.DataFrame:
    """The rows of ``data`` after its header line, in the columns of ``schema`` (raises when
    polars cannot read them so)."""
    return pl.read_csv(
        data,
        has_header=False,
        skip_rows=1,
        schema=schema,
        quote_char=None,
        empty_string_is_null=False,
        truncate_ragged_lines=False,
    )


def _empty(table: pl.DataFrame, column: str) -> pl.Expr:
    """An empty cell: the empty string in a text column, null in a number column."""
    c = pl.col(column)
    return c.is_null() if table.schema[column] == pl.Float64 else c.str.len_bytes() == 0


def _whole_records(data: bytes, table: pl.DataFrame, width: int) -> bool:
    """True when every line of ``data`` was read as one record with ``width`` fields, by the
    checks of :func:`~corpbench.ingest.csvplain.parse_plain` (``table`` lacks the header)."""
    text = [c for c, t in table.schema.items() if t == pl.String]
    if any(table.get_column(c).null_count() for c in text):
        return False
    if not data.endswith(b"\n"):
        # polars drops one empty field more at the very end of a file without a final newline
        last_line = data[data.rfind(b"\n") + 1 :]
        if last_line.count(b",") != width - 1:
            return False
    if width > 1 and bool(table.select(_empty(table, cell_column(width - 1)).any()).item()):
        # a short row is padded with empty cells: count the commas of the whole file
        trailing = trailing_empty_lines(data)
        lines = table.height + 1
        if trailing is None or data.count(b",") != (lines - trailing) * (width - 1):
            return False
    return True


def _values_kept(
    table: pl.DataFrame, numbers: dict[str, str], spec: FileSpec, present: set[str]
) -> bool:
    """True when the number columns may stand as values: no rule of
    :func:`~corpbench.ingest.cellrules.number_rules` fails on any row.

    Each is checked in one aggregate over a column of finite values: a value read is a plain
    number, so ``not_a_number`` fails exactly where a value is infinite or NaN; ``out_of_range``
    fails where a value is at or below its bound, so exactly when the column's least value is;
    the rule on shared_cost is evaluated as it is."""
    v = {name: pl.col(num(name)) for name in numbers}
    checks = [v[name].is_finite().fill_null(True).all() for name in numbers]
    for name in numbers:
        bound = spec.column(name).bound
        if bound == ">0":
            checks.append((v[name].min() > 0).fill_null(True))
        elif bound == ">=0":
            checks.append((v[name].min() >= 0).fill_null(True))
    checks.extend(~r.bad.fill_null(False).any() for r in cost_sum_rules(present))
    if not checks:
        return True
    values = table.lazy().select(pl.col(raw).alias(num(name)) for name, raw in numbers.items())
    held = values.select(c.alias(str(i)) for i, c in enumerate(checks)).collect().row(0)
    return all(held)


def _blank(frame: pl.DataFrame, width: int) -> pl.Series | None:
    """True on the wholly blank rows (every cell empty: a trimmed file has no cell of spaces),
    looked for among the rows whose first cell is empty; ``None`` when there is none."""
    first = _empty(frame, cell_column(0))
    if not bool(frame.select(first.any()).item()):
        return None
    return frame.select(
        pl.all_horizontal(_empty(frame, cell_column(i)) for i in range(width))
    ).to_series()
