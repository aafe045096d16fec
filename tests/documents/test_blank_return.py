"""The blank return workbook: sheets, headers, drop-downs, formats and instructions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from corpbench.documents.blank_return import LAST_ROW, write_blank_return
from corpbench.standard import (
    BUNDLE_FILES,
    DEFAULT_FUNCTIONS,
    DEFAULT_INDICATORS,
    DEFAULT_ORG_TYPES,
    DELIVERY_MODELS,
    FILE_ORDER,
    PROCESS_CLASSES,
    ColumnType,
    Vocabulary,
)

ALL_PROCESSES = tuple(p for f in DEFAULT_FUNCTIONS for p in PROCESS_CLASSES[f])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("template") / "return.xlsx"
    write_blank_return(path)
    return load_workbook(path)


def named_list(wb: Workbook, name: str) -> tuple[str, ...]:
    """The values of a named range on the lists sheet."""
    ref = wb.defined_names[name].attr_text
    m = re.fullmatch(r"'?(\w+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
    assert m, ref
    sheet, col, first, col2, last = m.groups()
    assert col == col2
    ws = wb[sheet]
    j = column_index_from_string(col)
    return tuple(ws.cell(row=i, column=j).value for i in range(int(first), int(last) + 1))


def validation_of(ws: Worksheet, column: str) -> DataValidation:
    """The one data validation covering the data rows of ``column`` of a data sheet."""
    names = [c.value for c in ws[1]]
    letter = get_column_letter(names.index(column) + 1)
    found = [
        dv
        for dv in ws.data_validations.dataValidation
        if f"{letter}2:{letter}{LAST_ROW}" in str(dv.sqref).split()
    ]
    assert len(found) == 1, (ws.title, column, found)
    return found[0]


def test_sheets_in_order_with_only_lists_hidden(template: Workbook) -> None:
    assert template.sheetnames == [
        "instructions",
        "organisations",
        "finance",
        "function_costs",
        "indicators",
        "lists",
    ]
    states = {ws.title: ws.sheet_state for ws in template.worksheets}
    assert states.pop("lists") == "hidden"
    assert set(states.values()) == {"visible"}
    assert template.active is not None
    assert template.active.title == "instructions"


@pytest.mark.parametrize("name", FILE_ORDER)
def test_data_sheet_has_one_header_row_of_the_schema_columns(template: Workbook, name: str) -> None:
    ws = template[name]
    assert tuple(c.value for c in ws[1]) == BUNDLE_FILES[name].column_names
    assert ws.max_row == 1
    assert ws.freeze_panes == "A2"
    assert all(c.font.b for c in ws[1])


@pytest.mark.parametrize("name", FILE_ORDER)
def test_header_comments_carry_the_column_help(template: Workbook, name: str) -> None:
    ws = template[name]
    for cell, column in zip(ws[1], BUNDLE_FILES[name].columns, strict=True):
        assert cell.comment is not None
        assert column.help in cell.comment.text
        assert ("required" if column.required else "optional") in cell.comment.text


@pytest.mark.parametrize(
    ("sheet", "column", "values"),
    [
        ("organisations", "org_type", DEFAULT_ORG_TYPES),
        ("organisations", "teaching", ("true", "false")),
        ("function_costs", "function", DEFAULT_FUNCTIONS),
        ("function_costs", "delivery_model", DELIVERY_MODELS),
        ("indicators", "function", DEFAULT_FUNCTIONS),
        ("indicators", "indicator", tuple(DEFAULT_INDICATORS)),
    ],
)
def test_drop_down_lists_equal_the_vocabularies(
    template: Workbook, sheet: str, column: str, values: tuple[str, ...]
) -> None:
    dv = validation_of(template[sheet], column)
    assert dv.type == "list"
    assert dv.errorStyle == "stop"
    assert dv.showErrorMessage
    assert dv.allow_blank
    assert named_list(template, dv.formula1) == values


def test_process_drop_down_depends_on_the_function_and_accepts_free_text(
    template: Workbook,
) -> None:
    dv = validation_of(template["function_costs"], "process")
    assert dv.type == "list"
    assert dv.formula1 == 'IF($C2="",list_process,INDIRECT("list_process_"&$C2))'
    assert dv.errorStyle == "information"  # process is free text: another value is kept
    assert named_list(template, "list_process") == ALL_PROCESSES
    for function in DEFAULT_FUNCTIONS:
        assert named_list(template, f"list_process_{function}") == tuple(PROCESS_CLASSES[function])
    assert tuple(c.value for c in template["function_costs"][1])[2] == "function"  # column C


@pytest.mark.parametrize("name", FILE_ORDER)
def test_money_and_number_columns_have_bounded_decimal_validations(
    template: Workbook, name: str
) -> None:
    ws = template[name]
    for column in BUNDLE_FILES[name].columns:
        if column.type not in (ColumnType.MONEY, ColumnType.NUMBER):
            continue
        dv = validation_of(ws, column.name)
        assert dv.type == "decimal"
        assert dv.allow_blank
        if column.bound == ">0":
            assert (dv.operator, dv.formula1) == ("greaterThan", "0")
        elif column.bound == ">=0":
            assert (dv.operator, dv.formula1) == ("greaterThanOrEqual", "0")
        else:
            assert (dv.operator, dv.formula1, dv.formula2) == ("between", "-1E+307", "1E+307")


def test_code_and_year_lengths_are_checked(template: Workbook) -> None:
    code = validation_of(template["organisations"], "org_code")
    assert (code.type, code.operator, code.formula1, code.formula2) == (
        "textLength",
        "between",
        "3",
        "10",
    )
    year = validation_of(template["finance"], "year")
    assert (year.type, year.formula1, year.formula2) == ("textLength", "7", "7")


@pytest.mark.parametrize("name", FILE_ORDER)
def test_columns_are_formatted_by_type(template: Workbook, name: str) -> None:
    ws = template[name]
    expected = {
        ColumnType.MONEY: "#,##0",
        ColumnType.TEXT: "@",
        ColumnType.BOOL: "@",
        ColumnType.NUMBER: "General",
    }
    for j, column in enumerate(BUNDLE_FILES[name].columns, start=1):
        dim = ws.column_dimensions[get_column_letter(j)]
        assert dim.number_format == expected[column.type], column.name
        assert 12 <= dim.width <= 40


def _instruction_sections(ws: Worksheet) -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current: str | None = None
    for a, *_ in ws.iter_rows(values_only=True):
        if isinstance(a, str) and a.startswith("Sheet "):
            current = a.removeprefix("Sheet ")
            sections[current] = set()
        elif a == "Allowed values":
            current = None
        elif current is not None and a is not None:
            sections[current].add(a)
    return sections


def test_instructions_describe_every_column_of_every_sheet(template: Workbook) -> None:
    sections = _instruction_sections(template["instructions"])
    assert set(sections) == set(FILE_ORDER)
    for name in FILE_ORDER:
        assert set(BUNDLE_FILES[name].column_names) <= sections[name], name


def test_instructions_give_type_requirement_rule_and_example(template: Workbook) -> None:
    rows = {
        (r[0], r[4]): r
        for r in template["instructions"].iter_rows(values_only=True)
        if r[0] == "turnover" or r[0] == "process"
    }
    assert rows[("turnover", "250000000")][1:4] == (
        "money (£)",
        "required",
        "Total income in pounds; greater than 0.",
    )
    process = rows[("process", "accounts_payable")]
    assert process[1:3] == ("text", "optional")
    text = " ".join(
        str(v) for r in template["instructions"].iter_rows(values_only=True) for v in r if v
    )
    assert "corpbench load" in text
    assert "instructions and lists are not part of the bundle" in text


def test_a_configured_vocabulary_drives_the_lists(tmp_path: Path) -> None:
    vocab = Vocabulary(
        org_types=("trust", "board"),
        functions=("finance", "catering"),
        delivery_models=("in_house",),
    )
    path = tmp_path / "t.xlsx"
    write_blank_return(path, vocab=vocab)
    wb = load_workbook(path)
    assert named_list(wb, "list_org_type") == ("trust", "board")
    assert named_list(wb, "list_function") == ("finance", "catering")
    assert named_list(wb, "list_delivery_model") == ("in_house",)
    assert named_list(wb, "list_process") == tuple(PROCESS_CLASSES["finance"])
    assert "list_process_catering" not in wb.defined_names
    assert "list_process_hr" not in wb.defined_names


def test_a_vocabulary_value_starting_with_equals_stays_a_text_cell(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_blank_return(path, vocab=Vocabulary(org_types=("=1+1", "acute")))
    wb = load_workbook(path)
    assert named_list(wb, "list_org_type") == ("=1+1", "acute")
    assert wb["lists"]["A2"].data_type == "s"
    allowed = [r for r in wb["instructions"].iter_rows(values_only=True) if r[0] == "org_type"]
    assert allowed[-1][1] == "'=1+1, acute"
