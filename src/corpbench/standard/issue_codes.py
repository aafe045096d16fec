"""The catalogue of issue codes: every code a load can report, with its severity, its meaning in
words and what to do about it.

Machine outputs (``load --json``, ``--report FILE``, the issue CSV download) carry the codes;
pages, the human command-line output and workbooks show the words held here.
``docs/issue-codes.md`` is this catalogue as a page (:func:`catalogue_markdown`, kept equal by a
test), and a test fails when the library emits a code that is not listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

IssueSeverity = Literal["error", "warning"]


@dataclass(frozen=True)
class IssueCode:
    """One code: ``error`` rejects the bundle, ``warning`` is stored and may be queried."""

    code: str
    severity: IssueSeverity
    meaning: str
    action: str


def _e(code: str, meaning: str, action: str) -> IssueCode:
    return IssueCode(code, "error", meaning, action)


def _w(code: str, meaning: str, action: str) -> IssueCode:
    return IssueCode(code, "warning", meaning, action)


_SAVE_XLSX = "Save the workbook from Excel as 'Excel Workbook (.xlsx)' and load it again."
_SAVE_CSV = "Save each sheet as 'CSV UTF-8 (comma delimited)' and load the files again."

#: Every code, in the order of the catalogue page: reading the files, their headers, their
#: cells, the rules across files, then the anomaly warnings.
ISSUE_CODES: tuple[IssueCode, ...] = (
    # reading the files
    _e("not_found", "There is no file or folder at the path given.", "Check the path."),
    _e(
        "unsupported_input",
        "The input is not a folder of CSV files, a .csv, a .zip or an .xlsx workbook.",
        _SAVE_XLSX,
    ),
    _e(
        "unreadable_file",
        "A file could not be read from disk.",
        "Check the file's permissions and that it is not open elsewhere.",
    ),
    _e(
        "too_large",
        "A file, zip member or workbook part is over the size limit.",
        "Split the return or remove what the standard does not ask for.",
    ),
    _e(
        "too_compressed",
        "A zip member or workbook part unpacks to far more than it packs (over 100 times, past"
        " 8 MiB): it is refused before it is unpacked.",
        "Zip the CSV files again, or save the workbook again from Excel.",
    ),
    _e(
        "too_many_rows",
        "A file or sheet has more rows than the limit allows (CORPBENCH_MAX_ROWS_PER_FILE for"
        " CSV files, CORPBENCH_MAX_WORKBOOK_ROWS for workbook sheets).",
        "Send large rounds as CSV files or a zip, and check the file holds only the return's rows.",
    ),
    _e(
        "broken_zip",
        "The zip archive, or one of its members, cannot be unpacked.",
        "Make the zip again from the CSV files.",
    ),
    _e(
        "too_many_members",
        "The zip holds more files than the limit allows.",
        "Put only the files of the return in the zip.",
    ),
    _e(
        "unsafe_path",
        "A zip member's path points outside the zip's folder (absolute or with '..').",
        "Make the zip again with the CSV files at its top level.",
    ),
    _e(
        "nested_member",
        "A file is in a sub-folder of the zip.",
        "Put the CSV files at the top of the zip.",
    ),
    _e(
        "unknown_file",
        "A file or sheet is not one of the return's files.",
        "Name the files organisations, finance, function_costs and indicators; remove others.",
    ),
    _e("duplicate_file", "The same file or sheet appears twice.", "Keep one of them."),
    _e(
        "broken_workbook",
        "The workbook is not a readable .xlsx file.",
        _SAVE_XLSX,
    ),
    _e("macro_workbook", "Macro-enabled workbooks are refused.", _SAVE_XLSX),
    _e("not_csv", "The file is not CSV text (it looks like a spreadsheet or binary).", _SAVE_CSV),
    _e("not_utf8", "The file is not UTF-8 text.", _SAVE_CSV),
    _e("empty_file", "The file or sheet is empty.", "Give it a header row and data rows."),
    _e(
        "no_data",
        "The bundle has no data rows in any file.",
        "Fill in at least one file under its header.",
    ),
    # headers and the shape of rows
    _e(
        "missing_header",
        "Row 1 is empty: it must be the header naming the columns.",
        "Put the column names in row 1.",
    ),
    _e(
        "missing_column",
        "A required column is missing from the header.",
        "Add the column (see the data standard) with a value on every row.",
    ),
    _e(
        "unknown_column",
        "The header names a column the file does not have.",
        "Rename it to one of the file's columns or delete it.",
    ),
    _e("duplicate_column", "A column appears twice in the header.", "Keep one of the two."),
    _e(
        "unnamed_column",
        "A column has values but no name in the header.",
        "Name the column or delete it.",
    ),
    _e(
        "value_without_header",
        "A sheet has a value in a column with no header.",
        "Put the value under a named column or delete it.",
    ),
    _e(
        "wrong_field_count",
        "A row has more or fewer fields than the header.",
        "Check for stray commas or unclosed quotes on that row.",
    ),
    # cells
    _e("required", "A required value is empty.", "Fill in the value."),
    _e("not_a_number", "A value that must be a number is not one.", "Write a plain number."),
    _e(
        "out_of_range",
        "A number is outside its allowed range (for example not above 0).",
        "Correct the number; the message says the range.",
    ),
    _e(
        "not_a_bool",
        "A yes/no value is not one of the accepted words.",
        "Write true or false (yes/no, 1/0).",
    ),
    _e(
        "bad_org_code",
        "An organisation code is not in the ODS style.",
        "Use the organisation's ODS code: 3 to 10 capital letters and digits.",
    ),
    _e(
        "bad_year",
        "A financial year is not written as YYYY/YY of consecutive years.",
        "Write the year as, for example, 2009/10.",
    ),
    _e(
        "bad_month",
        "A month of an upload of benefit actuals is not written as YYYY-MM.",
        "Write the month as, for example, 2017-04.",
    ),
    _e(
        "unknown_line",
        "A row of an upload of benefit actuals names no benefit line of the programme.",
        "Give the number of one of the programme's benefit lines, shown on its benefits page.",
    ),
    _e(
        "unknown_org_type",
        "An organisation type is not one of the standard's.",
        "Choose the type from the list in the data standard.",
    ),
    _e(
        "unknown_function",
        "A function is not one of the standard's corporate functions.",
        "Choose the function from the list in the data standard.",
    ),
    _e(
        "unknown_region",
        "An organisation returning for a year has a region that the round of that year does "
        "not list.",
        "Correct the organisation's region in the register, or the round's list of regions.",
    ),
    _e(
        "unknown_footprint",
        "An organisation returning for a year has a footprint that the round of that year does "
        "not list.",
        "Correct the organisation's footprint in the register, or the round's list of footprints.",
    ),
    _e(
        "unknown_delivery_model",
        "A delivery model is not one of the standard's.",
        "Choose the delivery model from the list in the data standard.",
    ),
    _e(
        "unknown_indicator",
        "An indicator is not one of the standard's.",
        "Choose the indicator from the list in the data standard.",
    ),
    _e(
        "shared_exceeds_cost",
        "A cost line's shared cost is more than its pay and non-pay cost together.",
        "Correct the shared cost or the costs it is part of.",
    ),
    # rules across files
    _e(
        "duplicate_key",
        "Two rows have the same key (for example the same organisation, year and function).",
        "Keep one row per key, adding the values together if they are parts of one cost.",
    ),
    _e(
        "unknown_org",
        "An organisation code is neither in the bundle's register nor in the store.",
        "Add the organisation to organisations.csv or correct the code.",
    ),
    _e(
        "no_finance_row",
        "Costs or indicators are given for an organisation and year without a finance row.",
        "Add the finance row (turnover and pay) for that organisation and year.",
    ),
    _e(
        "outside_scope",
        "A row is for an organisation you may not submit for.",
        "Submit only your own organisation's return.",
    ),
    _e(
        "register_locked",
        "The bundle changes the register, which only the national team may do.",
        "Remove organisations.csv, or ask the national team to change the register.",
    ),
    _e(
        "too_many_errors",
        "More errors were found than are listed.",
        "Correct the errors listed and load the bundle again to see the rest.",
    ),
    # anomaly warnings (checks/anomalies.py): the bundle is stored
    _w(
        "cost_per_fte_band",
        "A function's cost per FTE is outside the plausible band (£15k to £150k).",
        "Check the function's costs and FTEs; query the organisation if they look wrong.",
    ),
    _w(
        "peer_outlier",
        "A KPI is far outside its peer group (beyond 3 × IQR from the quartiles).",
        "Check the return's figures for that function against the organisation's accounts.",
    ),
    _w(
        "year_on_year",
        "A function's cost (or the total) more than doubled or halved since the year before.",
        "Confirm the change with the organisation or correct the return.",
    ),
    _w(
        "shared_without_model",
        "A cost line has a shared cost but no delivery model.",
        "Give the delivery model of the shared service on that cost line.",
    ),
)

CATALOGUE: dict[str, IssueCode] = {c.code: c for c in ISSUE_CODES}


def describe(code: str) -> IssueCode:
    """The catalogue's entry for ``code``; a code it lacks (never emitted by the library, which
    a test checks) is described by itself rather than failing a page."""
    found = CATALOGUE.get(code)
    return found if found is not None else IssueCode(code, "error", code, "")


def catalogue_markdown() -> str:
    """The catalogue as the page ``docs/issue-codes.md``."""
    lines = [
        "# Issue codes",
        "",
        "Every problem a load reports has a code. An **error** rejects the whole bundle (nothing",
        "is stored); a **warning** is an anomaly an analyst may query (the bundle is stored).",
        "Machine outputs (`corpbench load --json`, `--report FILE`, the CSV downloads of the web",
        "app) give the code; pages and the command line's own output give the meaning.",
        "This page is generated from `corpbench.standard.issue_codes` and a test keeps them equal.",
        "",
        "| code | severity | meaning | what to do |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{c.code}` | {c.severity} | {c.meaning} | {c.action} |" for c in ISSUE_CODES]
    return "\n".join(lines) + "\n"
