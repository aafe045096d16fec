"""The blank return workbook (``corpbench template``): fill it in, then ``corpbench load`` it.

Sheets, in order:

- ``instructions``: the bundle, how to fill and load it, and every column of every sheet
  (type, required or optional, rule, example), then the allowed values;
- ``organisations``, ``finance``, ``function_costs``, ``indicators``: one header row holding
  exactly the column names of the data standard, in the standard's order, and no data rows;
- ``lists`` (hidden): one column per drop-down list, each a workbook-level named range.

Data validations cover rows 2 to :data:`LAST_ROW`: drop-down lists (org_type, function, process,
delivery_model, indicator, teaching), decimal bounds on money and number columns (``> 0`` or
``>= 0`` as the standard says; any number otherwise), text lengths for org_code (3 to 10) and
year (7, ``YYYY/YY``). The process drop-down offers the recommended codes of the row's function
(``INDIRECT`` of a named range ``list_process_<function>``), or every code while the function is
blank; process is free text, so another value is accepted after an information message. Money
columns show ``#,##0``; text columns are formatted as text (so ``2009/10`` stays text and codes
keep leading zeros). Header cells carry the column help as a comment and an input message.
The loader treats ``instructions`` and ``lists`` as not part of the bundle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from corpbench.documents import blank_return_text as text
from corpbench.documents.safe import neutralise
from corpbench.documents.xlsx import MONEY_FORMAT
from corpbench.standard.rounds import RoundDefinition
from corpbench.standard.schema import BUNDLE_FILES, FILE_ORDER, ColumnSpec, ColumnType, FileSpec
from corpbench.standard.vocab import PROCESS_CLASSES, ActivityClass, Vocabulary

#: Process codes per function with their Table 14 class.
ProcessClasses = Mapping[str, Mapping[str, ActivityClass]]

INSTRUCTIONS_SHEET = "instructions"
LISTS_SHEET = "lists"
#: Sheet names of the blank return workbook, in order.
SHEET_ORDER: tuple[str, ...] = (INSTRUCTIONS_SHEET, *FILE_ORDER, LISTS_SHEET)
#: Data validations and formats cover rows 2 to LAST_ROW of every data sheet.
LAST_ROW = 5000
TEXT_FORMAT = "@"
BOOL_VALUES: tuple[str, ...] = ("true", "false")
#: Number format of the cells of a data-sheet column, by column type.
COLUMN_FORMATS: dict[ColumnType, str] = {
    ColumnType.MONEY: MONEY_FORMAT,
    ColumnType.NUMBER: "General",
    ColumnType.TEXT: TEXT_FORMAT,
    ColumnType.BOOL: TEXT_FORMAT,
}
#: Largest magnitude accepted by the "any number" validation.
ANY_NUMBER = "1E+307"

#: Named range of the drop-down list of each column with one.
LIST_NAMES = {
    "org_type": "list_org_type",
    "function": "list_function",
    "delivery_model": "list_delivery_model",
    "indicator": "list_indicator",
    "teaching": "list_teaching",
    "process": "list_process",
}
PROCESS_NAME_PREFIX = "list_process_"

_NAME_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


def process_lists(
    vocab: Vocabulary, classes: ProcessClasses = PROCESS_CLASSES
) -> dict[str, tuple[str, ...]]:
    """The recommended process codes of each configured function that has some, in order
    (``classes``: the processes of each function, by default the standard's)."""
    return {f: tuple(classes[f]) for f in vocab.functions if classes.get(f)}


def drop_down_lists(
    vocab: Vocabulary, classes: ProcessClasses = PROCESS_CLASSES
) -> dict[str, tuple[str, ...]]:
    """Every list of the ``lists`` sheet by its range name: one per drop-down column, the list
    of all process codes, and one per function with recommended processes."""
    processes = process_lists(vocab, classes)
    lists = {
        LIST_NAMES["org_type"]: tuple(vocab.org_types),
        LIST_NAMES["function"]: tuple(vocab.functions),
        LIST_NAMES["delivery_model"]: tuple(vocab.delivery_models),
        LIST_NAMES["indicator"]: tuple(vocab.indicators),
        LIST_NAMES["teaching"]: BOOL_VALUES,
        LIST_NAMES["process"]: tuple(p for codes in processes.values() for p in codes),
    }
    for function, codes in processes.items():
        if _NAME_OK.match(function):
            lists[PROCESS_NAME_PREFIX + function] = codes
    return {name: values for name, values in lists.items() if values}


def _write_lists(wb: Workbook, lists: dict[str, tuple[str, ...]]) -> None:
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    for j, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(j)
        ws.cell(row=1, column=j, value=name).font = _BOLD
        for i, value in enumerate(values, start=2):
            cell = ws.cell(row=i, column=j, value=value)
            cell.data_type = "s"  # a text cell, even for a value starting with "="
            cell.number_format = TEXT_FORMAT
        ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
        ws.column_dimensions[letter].width = max(len(name), *map(len, values)) + 2


def _column_range(index: int) -> str:
    letter = get_column_letter(index)
    return f"{letter}2:{letter}{LAST_ROW}"


def _list_validation(formula: str, column: ColumnSpec, *, free_text: bool) -> DataValidation:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.showErrorMessage = True
    if free_text:
        dv.errorStyle = "information"
        dv.errorTitle = "Not a recommended code"
        dv.error = "This is not a recommended code for the function; it is kept as free text."
    else:
        dv.errorStyle = "stop"
        dv.errorTitle = f"Invalid {column.name}"[:32]
        dv.error = f"Choose a value of the drop-down list. {column.help}"[:225]
    return dv


def _number_validation(column: ColumnSpec) -> DataValidation:
    if column.bound == ">0":
        dv = DataValidation(type="decimal", operator="greaterThan", formula1="0")
        expected = "a number greater than 0"
    elif column.bound == ">=0":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        expected = "a number, 0 or more"
    else:
        dv = DataValidation(
            type="decimal", operator="between", formula1=f"-{ANY_NUMBER}", formula2=ANY_NUMBER
        )
        expected = "a number"
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.errorTitle = f"Invalid {column.name}"[:32]
    dv.error = f"Type {expected}, without £ sign or text. {column.help}"[:225]
    return dv


def _length_validation(column: ColumnSpec, low: int, high: int, message: str) -> DataValidation:
    dv = DataValidation(
        type="textLength", operator="between", formula1=str(low), formula2=str(high)
    )
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.errorTitle = f"Invalid {column.name}"[:32]
    dv.error = message
    return dv


def column_validation(
    file: FileSpec, column: ColumnSpec, lists: dict[str, tuple[str, ...]], function_col: str | None
) -> DataValidation | None:
    """The data validation of one column of a data sheet (None when it has none)."""
    if column.name == "process":
        if LIST_NAMES["process"] not in lists or function_col is None:
            return None
        cell = f"${function_col}2"
        formula = f'IF({cell}="",{LIST_NAMES["process"]},INDIRECT("{PROCESS_NAME_PREFIX}"&{cell}))'
        return _list_validation(formula, column, free_text=True)
    name = LIST_NAMES.get(column.name)
    if name is not None:
        return _list_validation(name, column, free_text=False) if name in lists else None
    if column.type in (ColumnType.MONEY, ColumnType.NUMBER):
        return _number_validation(column)
    if column.name == "org_code":
        return _length_validation(column, 3, 10, "3 to 10 characters A-Z and 0-9, e.g. ABC01.")
    if column.name == "year":
        return _length_validation(column, 7, 7, "A financial year YYYY/YY, e.g. 2009/10.")
    return None


def _write_data_sheet(
    wb: Workbook,
    file: FileSpec,
    lists: dict[str, tuple[str, ...]],
    examples: Mapping[str, str],
) -> None:
    ws = wb.create_sheet(file.name)
    names = file.column_names
    function_col = get_column_letter(names.index("function") + 1) if "function" in names else None
    for j, column in enumerate(file.columns, start=1):
        letter = get_column_letter(j)
        cell = ws.cell(row=1, column=j, value=column.name)
        cell.font = _BOLD
        kind = "required" if column.required else "optional"
        note = f"{column.name} ({text.type_words(column)}, {kind}): {text.rule_words(file, column)}"
        cell.comment = Comment(note, "corpbench", height=120, width=260)
        dim = ws.column_dimensions[letter]
        dim.number_format = COLUMN_FORMATS[column.type]
        list_name = LIST_NAMES.get(column.name)
        longest = max(len(v) for v in lists.get(list_name or "", ("",)))
        example = examples.get(column.name) or text.example(file, column)
        dim.width = min(40, max(12, len(column.name) + 4, len(example) + 2, longest + 4))
        dv = column_validation(file, column, lists, function_col)
        if dv is not None:
            dv.showInputMessage = True
            dv.promptTitle = column.name[:32]
            dv.prompt = note[:255]
            ws.add_data_validation(dv)
            dv.add(_column_range(j))
    ws.freeze_panes = "A2"


def _write_rows(ws: Worksheet, rows: Sequence[Sequence[str]], *, bold: bool = False) -> None:
    for row in rows:
        ws.append(list(row))
        if bold:
            for cell in ws[ws.max_row]:
                cell.font = _BOLD


def _write_instructions(
    wb: Workbook,
    vocab: Vocabulary,
    classes: ProcessClasses,
    definition: RoundDefinition | None,
    examples: Mapping[str, str],
) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    ws.append([text.TITLE])
    ws["A1"].font = _TITLE
    if definition is not None:
        ws.append([neutralise(text.round_words(definition))])
    for line in text.INTRODUCTION:
        ws.append([line])
        if line in ("How to fill it in", "How to load it"):
            ws.cell(row=ws.max_row, column=1).font = _BOLD
    for name in FILE_ORDER:
        file = BUNDLE_FILES[name]
        ws.append([])
        _write_rows(ws, [(f"Sheet {file.name}", file.help)], bold=True)
        ws.append(["", text.key_words(file)])
        _write_rows(ws, [("column", "type", "required", "rule", "example")], bold=True)
        for column in file.columns:
            required = "required" if column.required else "optional"
            rule = text.rule_words(file, column)
            example = examples.get(column.name) or text.example(file, column)
            ws.append([column.name, text.type_words(column), required, rule, neutralise(example)])
            ws.cell(row=ws.max_row, column=4).alignment = Alignment(wrap_text=True)
    ws.append([])
    _write_rows(ws, [("Allowed values", "")], bold=True)
    allowed = [
        ("org_type", text.coded(vocab.org_types, definition, "org_types")),
        ("function", text.coded(vocab.functions, definition, "functions")),
        ("delivery_model", ", ".join(vocab.delivery_models)),
        ("teaching", "true, false (yes/no and 1/0 are also accepted)"),
        ("indicator", ", ".join(f"{c} ({k})" for c, k in vocab.indicators.items())),
    ]
    if definition is not None and definition.regions:
        allowed.append(("region", ", ".join(definition.regions)))
    if definition is not None and definition.footprints:
        allowed.append(("footprint", ", ".join(f.name for f in definition.footprints)))
    for label, values in allowed:
        ws.append([label, neutralise(values)])
    ws.append([])
    _write_rows(
        ws,
        [
            (
                "Recommended process codes",
                "T transactional, O operational, S strategic (QIPP 2010 Table 14)",
            )
        ],
        bold=True,
    )
    for function, codes in process_lists(vocab, classes).items():
        of = classes[function]
        ws.append([neutralise(function), neutralise(", ".join(f"{c} {of[c]}" for c in codes))])
    for letter, width in zip("ABCDE", (24, 18, 12, 70, 30), strict=True):
        ws.column_dimensions[letter].width = width


def write_blank_return(
    path: Path,
    *,
    vocab: Vocabulary = Vocabulary(),
    definition: RoundDefinition | None = None,
) -> None:
    """Write the blank return workbook to ``path`` (replacing any file there): for the round
    ``definition`` when given (its organisation types, functions, processes with their classes,
    indicators, regions and footprints, and a year of it in the examples), else for ``vocab``
    with the standard's processes."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    if definition is not None:
        vocab = definition.vocabulary()
        classes: ProcessClasses = definition.process_classes
    else:
        classes = PROCESS_CLASSES
    examples = text.round_examples(definition)
    lists = drop_down_lists(vocab, classes)
    _write_instructions(wb, vocab, classes, definition, examples)
    for name in FILE_ORDER:
        _write_data_sheet(wb, BUNDLE_FILES[name], lists, examples)
    _write_lists(wb, lists)
    wb.active = 0
    wb.save(Path(path))
