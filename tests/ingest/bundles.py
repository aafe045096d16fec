"""Small return bundles built in code, written as a folder, a zip or a workbook."""

from __future__ import annotations

import copy
import csv
import io
import zipfile
from pathlib import Path

import openpyxl

from corpbench.config import Settings
from corpbench.ingest import RawBundle, Report, read_bundle, validate_bundle
from corpbench.standard.bundle import Bundle

Table = list[list[str]]

VALID: dict[str, Table] = {
    "organisations": [
        ["org_code", "org_name", "org_type", "region", "footprint", "teaching"],
        ["RX1", "Alpha Hospital", "acute", "London", "NCL", "yes"],
        ["RX2", "Beta Mental Health", "mental_health", "North", "", "false"],
    ],
    "finance": [
        [
            "org_code",
            "year",
            "turnover",
            "total_pay",
            "total_fte",
            "running_costs",
            "non_pay",
            "employees",
        ],
        ["RX1", "2009/10", "1000000", "600000", "1200.5", "900000", "300000", "1500"],
        ["RX2", "2009/10", "500000", "300000", "600", "", "", ""],
    ],
    "function_costs": [
        [
            "org_code",
            "year",
            "function",
            "process",
            "pay_cost",
            "non_pay_cost",
            "fte",
            "shared_cost",
            "delivery_model",
        ],
        ["RX1", "2009/10", "finance", "Accounts Payable", "1000", "200", "2.5", "300", "mixed"],
        ["RX1", "2009/10", "finance", "", "5000", "1000.25", "10", "", ""],
        ["RX2", "2009/10", "hr", "recruitment", "800", "100", "1", "", "in_house"],
    ],
    "indicators": [
        ["org_code", "year", "function", "indicator", "value"],
        ["RX1", "2009/10", "finance", "invoices_paid", "12000"],
    ],
}

LIMITS = Settings(max_file_bytes=1_000_000, max_zip_members=8)


def tables(**changes: Table) -> dict[str, Table]:
    """A deep copy of the valid bundle with some files replaced."""
    out = copy.deepcopy(VALID)
    out.update(changes)
    return out


def with_cell(name: str, row: int, column: str, value: str) -> dict[str, Table]:
    """The valid bundle with one cell changed (``row`` as the user sees it, header = 1)."""
    out = tables()
    t = out[name]
    t[row - 1][t[0].index(column)] = value
    return out


def csv_bytes(table: Table) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table)
    return buf.getvalue().encode("utf-8")


def write_folder(folder: Path, data: dict[str, Table]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in data.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(table))
    return folder


def write_zip(path: Path, data: dict[str, Table], prefix: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, table in data.items():
            zf.writestr(f"{prefix}{name}.csv", csv_bytes(table))
    return path


def _cell(value: str) -> object:
    """Numbers as workbook numbers and true/false as booleans, like a filled-in template."""
    if value == "":
        return None
    if value.lower() in {"true", "false"}:
        return value.lower() == "true"
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def write_xlsx(path: Path, data: dict[str, Table], extra_sheets: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title in extra_sheets:
        wb.create_sheet(title).append(["Fill in one sheet per file."])
    for name, table in data.items():
        ws = wb.create_sheet(name)
        for row in table:
            ws.append([_cell(v) for v in row])
    wb.save(path)
    return path


def read(path: Path) -> RawBundle:
    return read_bundle(
        path, max_file_bytes=LIMITS.max_file_bytes, max_zip_members=LIMITS.max_zip_members
    )


def check(folder: Path, data: dict[str, Table], **kwargs: object) -> tuple[Report, Bundle | None]:
    """Write ``data`` as a folder of CSV files and validate it."""
    return validate_bundle(read(write_folder(folder, data)), **kwargs)  # type: ignore[arg-type]


def where(report: Report, code: str) -> list[tuple[str | None, int | None, str | None, str | None]]:
    """(file, row, column, value) of every error with ``code``."""
    return [(i.file, i.row, i.column, i.value) for i in report.errors if i.code == code]


def codes(report: Report) -> list[str]:
    return [i.code for i in report.errors]
