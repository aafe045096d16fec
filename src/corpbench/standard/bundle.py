"""A validated return bundle as typed polars tables, the shape every module downstream takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import polars as pl

#: The canonical polars schema of each table (after validation; optional columns may be null).
SCHEMAS: MappingProxyType[str, MappingProxyType[str, pl.DataType]] = MappingProxyType(
    {
        "organisations": MappingProxyType(
            {
                "org_code": pl.String(),
                "org_name": pl.String(),
                "org_type": pl.String(),
                "region": pl.String(),
                "footprint": pl.String(),
                "teaching": pl.Boolean(),
            }
        ),
        "finance": MappingProxyType(
            {
                "org_code": pl.String(),
                "year": pl.String(),
                "turnover": pl.Float64(),
                "total_pay": pl.Float64(),
                "total_fte": pl.Float64(),
                "running_costs": pl.Float64(),
                "non_pay": pl.Float64(),
                "employees": pl.Float64(),
            }
        ),
        "function_costs": MappingProxyType(
            {
                "org_code": pl.String(),
                "year": pl.String(),
                "function": pl.String(),
                "process": pl.String(),
                "pay_cost": pl.Float64(),
                "non_pay_cost": pl.Float64(),
                "fte": pl.Float64(),
                "shared_cost": pl.Float64(),
                "delivery_model": pl.String(),
            }
        ),
        "indicators": MappingProxyType(
            {
                "org_code": pl.String(),
                "year": pl.String(),
                "function": pl.String(),
                "indicator": pl.String(),
                "value": pl.Float64(),
            }
        ),
    }
)


def empty_table(name: str) -> pl.DataFrame:
    """An empty table with the canonical schema of ``name``."""
    return pl.DataFrame(schema=dict(SCHEMAS[name]))


def conform(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with exactly the canonical columns of ``name`` in order, cast to their types;
    optional columns that are absent are added as nulls."""
    schema = SCHEMAS[name]
    return df.select(
        [
            (pl.col(c) if c in df.columns else pl.lit(None)).cast(t).alias(c)
            for c, t in schema.items()
        ]
    )


@dataclass(frozen=True)
class Bundle:
    """The four tables of a return bundle. A file absent from the bundle is an empty table and
    its name is not in ``present``."""

    organisations: pl.DataFrame = field(default_factory=lambda: empty_table("organisations"))
    finance: pl.DataFrame = field(default_factory=lambda: empty_table("finance"))
    function_costs: pl.DataFrame = field(default_factory=lambda: empty_table("function_costs"))
    indicators: pl.DataFrame = field(default_factory=lambda: empty_table("indicators"))
    present: frozenset[str] = frozenset()

    def table(self, name: str) -> pl.DataFrame:
        df = getattr(self, name)
        assert isinstance(df, pl.DataFrame)
        return df

    @classmethod
    def from_tables(cls, **tables: pl.DataFrame) -> Bundle:
        """A bundle from any subset of the four tables, each conformed to its schema."""
        unknown = set(tables) - set(SCHEMAS)
        if unknown:
            raise ValueError(f"unknown tables: {sorted(unknown)}")
        return cls(
            **{name: conform(name, df) for name, df in tables.items()},
            present=frozenset(tables),
        )


def overlay(base: Bundle, new: Bundle) -> Bundle:
    """``base`` with ``new`` stored on top, as the store will hold it after loading ``new``:
    register rows are replaced per org_code, and a return (finance, function_costs, indicators)
    is replaced whole per (org_code, year) present in ``new.finance``."""
    orgs = new.organisations
    register = pl.concat(
        [base.organisations.join(orgs.select("org_code"), on="org_code", how="anti"), orgs]
    )
    returns = new.finance.select("org_code", "year")
    tables: dict[str, pl.DataFrame] = {"organisations": register}
    for name in ("finance", "function_costs", "indicators"):
        kept = base.table(name).join(returns, on=["org_code", "year"], how="anti")
        tables[name] = pl.concat([kept, new.table(name)])
    return Bundle(**tables, present=base.present | new.present)
