"""The words of the return workbook's ``instructions`` sheet: what the bundle is, how to fill and
load it, and for every column its type, whether it is required, its rule and an example.

Rules come from :mod:`corpbench.standard.schema` (``ColumnSpec.help`` and bounds) and the data
standard v1 (docs/data-standard.md); this module only words them for the person filling in.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Literal

from corpbench.standard.rounds import RoundDefinition
from corpbench.standard.schema import ColumnSpec, ColumnType, FileSpec
from corpbench.standard.vocab import STANDARD_VERSION

TITLE = f"corpbench benchmarking return (data standard version {STANDARD_VERSION})"

#: Paragraphs before the column tables, one line each.
INTRODUCTION: tuple[str, ...] = (
    "This workbook is a return bundle: one sheet per file of the bundle, with the same columns "
    "as the CSV files of the data standard.",
    "organisations: the register, every eligible organisation (responding or not).",
    "finance: organisation totals for a financial year, one row per organisation and year.",
    "function_costs: the back-office cost lines, one row per organisation, year, function and "
    "process.",
    "indicators: volumes and service performance (optional: leave it with only its header row "
    "if you have none).",
    "",
    "How to fill it in",
    "1. Keep the sheet names and the header row (row 1) of each sheet exactly as they are; "
    "do not add columns.",
    "2. Type one record per row from row 2 down, with no blank rows in between "
    "(wholly blank rows are ignored).",
    "3. Leave a cell empty when a value is missing; never type 0 for an unknown value.",
    "4. Money is in pounds as a plain number (no £ sign needed; the sheet shows thousands "
    "separators). Numbers are plain numbers.",
    "5. Years are text such as 2009/10 (the year columns are formatted as text, so Excel does "
    "not turn them into dates).",
    "6. Use the drop-down lists for organisation types, functions, processes, delivery models, "
    "indicators and teaching (true/false). Process is free text, but the drop-down offers the "
    "recommended codes for the function chosen on the same row.",
    "7. Hover over a header cell to read the help for its column; every column is described below.",
    "",
    "How to load it",
    "Save the workbook as .xlsx and run:  corpbench load FILE.xlsx --by YOUR_NAME",
    "Every error is reported at once with its sheet, row (the header is row 1), column, value "
    "and what is expected; a workbook with any error is rejected whole and nothing of it is "
    "stored. The sheets instructions and lists are not part of the bundle and are ignored.",
)

#: Example value of each column, by file and column.
EXAMPLES: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "organisations": MappingProxyType(
            {
                "org_code": "ABC01",
                "org_name": "Example Hospitals NHS Trust",
                "org_type": "acute",
                "region": "London",
                "footprint": "North Central London",
                "teaching": "true",
            }
        ),
        "finance": MappingProxyType(
            {
                "org_code": "ABC01",
                "year": "2009/10",
                "turnover": "250000000",
                "total_pay": "160000000",
                "total_fte": "4200.5",
                "running_costs": "240000000",
                "non_pay": "80000000",
                "employees": "5100",
            }
        ),
        "function_costs": MappingProxyType(
            {
                "org_code": "ABC01",
                "year": "2009/10",
                "function": "finance",
                "process": "accounts_payable",
                "pay_cost": "450000",
                "non_pay_cost": "120000",
                "fte": "12.5",
                "shared_cost": "0",
                "delivery_model": "in_house",
            }
        ),
        "indicators": MappingProxyType(
            {
                "org_code": "ABC01",
                "year": "2009/10",
                "function": "finance",
                "indicator": "invoices_paid",
                "value": "85000",
            }
        ),
    }
)

_TYPE_WORDS = {
    ColumnType.TEXT: "text",
    ColumnType.MONEY: "money (£)",
    ColumnType.NUMBER: "number",
    ColumnType.BOOL: "true/false",
}

_BOUND_WORDS = {">0": "Must be greater than 0.", ">=0": "Must be 0 or more."}


def type_words(column: ColumnSpec) -> str:
    """The column's type as the instructions name it."""
    return _TYPE_WORDS[column.type]


def rule_words(file: FileSpec, column: ColumnSpec) -> str:
    """The column's rule in a sentence or two: its help, its bound and any uniqueness."""
    parts = [column.help] if column.help else []
    bound = _BOUND_WORDS.get(column.bound or "")
    if bound and "greater than 0" not in column.help:
        parts.append(bound)
    if file.name == "organisations" and column.name == "org_code":
        parts.append("Unique in the sheet.")
    if column.name == "year" and file.name != "finance":
        parts.append("Text YYYY/YY.")
    if file.name == "function_costs" and column.name == "process":
        parts.append("Free text; the drop-down offers the recommended codes of the function.")
    return " ".join(parts)


def key_words(file: FileSpec) -> str:
    """The sentence saying which columns identify a row of ``file``."""
    if len(file.key) == 1:
        return f"Each {file.key[0]} appears at most once."
    return "Each combination of " + ", ".join(file.key) + " appears at most once."


def example(file: FileSpec, column: ColumnSpec) -> str:
    """An example value of the column ("" when none is known, e.g. a column added later)."""
    return EXAMPLES.get(file.name, MappingProxyType({})).get(column.name, "")


def round_words(definition: RoundDefinition) -> str:
    """The line naming the round a template follows: its title, name and years."""
    years = ", ".join(definition.years)
    return (
        f"Round {definition.name}: {definition.title} (years {years}). The lists and examples "
        "below are this round's."
    )


def round_examples(definition: RoundDefinition | None) -> dict[str, str]:
    """Example values taken from the round (by column name; the same in every sheet): one of
    its years, its first organisation type, function, process, indicator, region and footprint.
    Empty without a round: the standard's examples then apply."""
    if definition is None:
        return {}
    found = {
        "year": definition.years[-1],
        "org_type": definition.org_types[0].code if definition.org_types else "",
        "function": definition.functions[0].code if definition.functions else "",
        "process": next(iter(definition.functions[0].processes), "")
        if definition.functions
        else "",
        "indicator": definition.indicators[0] if definition.indicators else "",
        "region": definition.regions[0] if definition.regions else "",
        "footprint": definition.footprints[0].name if definition.footprints else "",
    }
    return {k: v for k, v in found.items() if v}


def coded(
    codes: Sequence[str],
    definition: RoundDefinition | None,
    kind: Literal["org_types", "functions"],
) -> str:
    """The allowed codes, each with the round's title for it when a round is given:
    ``acute_teaching (Acute teaching trust), specialist (Specialist trust)``."""
    if definition is None:
        return ", ".join(codes)
    titles = {item.code: item.label for item in getattr(definition, kind)}
    return ", ".join(f"{c} ({titles[c]})" if c in titles else c for c in codes)
