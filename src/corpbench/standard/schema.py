"""The files of a return bundle and their columns (data standard v1, section 1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class ColumnType(StrEnum):
    TEXT = "text"
    MONEY = "money"  # pounds, a plain number
    NUMBER = "number"
    BOOL = "bool"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: ColumnType
    required: bool
    #: Lower bound for numbers: ``">0"`` strictly positive, ``">=0"`` non-negative, None: any.
    bound: str | None = None
    help: str = ""


@dataclass(frozen=True)
class FileSpec:
    name: str  # file stem: "finance" for finance.csv, also the workbook sheet name
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    required_in_bundle: bool
    help: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


T, M, N, B = ColumnType.TEXT, ColumnType.MONEY, ColumnType.NUMBER, ColumnType.BOOL

ORGANISATIONS = FileSpec(
    "organisations",
    (
        ColumnSpec("org_code", T, True, help="ODS-style code: 3 to 10 characters A-Z and 0-9."),
        ColumnSpec("org_name", T, True, help="The organisation's name."),
        ColumnSpec("org_type", T, True, help="One of the configured organisation types."),
        ColumnSpec("region", T, True, help="The region the organisation belongs to."),
        ColumnSpec("footprint", T, False, help="The STP / ICS footprint, if any."),
        ColumnSpec("teaching", B, False, help="true or false (yes/no and 1/0 also accepted)."),
    ),
    key=("org_code",),
    required_in_bundle=False,
    help="The register: every eligible organisation, responding or not.",
)

FINANCE = FileSpec(
    "finance",
    (
        ColumnSpec("org_code", T, True, help="An organisation in the register."),
        ColumnSpec("year", T, True, help="Financial year YYYY/YY, e.g. 2009/10."),
        ColumnSpec("turnover", M, True, ">0", "Total income in pounds; greater than 0."),
        ColumnSpec("total_pay", M, True, ">=0", "Total pay bill in pounds."),
        ColumnSpec("total_fte", N, True, ">=0", "Whole-organisation full-time equivalents."),
        ColumnSpec("running_costs", M, False, ">0", "Running costs in pounds; greater than 0."),
        ColumnSpec("non_pay", M, False, ">=0", "Non-pay spend in pounds."),
        ColumnSpec("employees", N, False, ">=0", "Headcount."),
    ),
    key=("org_code", "year"),
    required_in_bundle=False,
    help="Organisation totals for a financial year; one row per organisation and year.",
)

FUNCTION_COSTS = FileSpec(
    "function_costs",
    (
        ColumnSpec("org_code", T, True, help="An organisation in the register."),
        ColumnSpec("year", T, True, help="Financial year; a finance row must exist for it."),
        ColumnSpec("function", T, True, help="One of the configured functions."),
        ColumnSpec("process", T, False, help="A process; blank means the whole function."),
        ColumnSpec("pay_cost", M, True, ">=0", "Pay cost in pounds."),
        ColumnSpec("non_pay_cost", M, True, ">=0", "Non-pay cost in pounds."),
        ColumnSpec("fte", N, True, ">=0", "Full-time equivalents of the function."),
        ColumnSpec(
            "shared_cost",
            M,
            False,
            ">=0",
            "Part delivered by a shared service or outsourced provider; "
            "at most pay_cost + non_pay_cost.",
        ),
        ColumnSpec("delivery_model", T, False, help="in_house, shared, outsourced or mixed."),
    ),
    key=("org_code", "year", "function", "process"),
    required_in_bundle=False,
    help="The back-office cost lines.",
)

INDICATORS = FileSpec(
    "indicators",
    (
        ColumnSpec("org_code", T, True, help="An organisation in the register."),
        ColumnSpec("year", T, True, help="Financial year; a finance row must exist for it."),
        ColumnSpec("function", T, True, help="One of the configured functions."),
        ColumnSpec("indicator", T, True, help="A configured indicator code."),
        ColumnSpec("value", N, True, help="The indicator's value."),
    ),
    key=("org_code", "year", "function", "indicator"),
    required_in_bundle=False,
    help="Volumes and service performance (optional file).",
)

#: Files of a bundle in the order they are read and reported.
FILE_ORDER: tuple[str, ...] = ("organisations", "finance", "function_costs", "indicators")

BUNDLE_FILES: MappingProxyType[str, FileSpec] = MappingProxyType(
    {f.name: f for f in (ORGANISATIONS, FINANCE, FUNCTION_COSTS, INDICATORS)}
)
