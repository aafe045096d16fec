"""Turn a validated bundle into what the store writes: register rows and returns, each with its
canonical content hash, and the line tables numbered within their return (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from corpbench.standard.bundle import SCHEMAS, Bundle, conform
from corpbench.store.hashing import row_strings, sha256_hex
from corpbench.store.records import StoreError
from corpbench.store.returnhash import return_hashes

RETURN_KEY = ("org_code", "year")
ORG_COLUMNS = tuple(SCHEMAS["organisations"])
FINANCE_FIELDS = tuple(c for c in SCHEMAS["finance"] if c not in RETURN_KEY)
COST_FIELDS = tuple(c for c in SCHEMAS["function_costs"] if c not in RETURN_KEY)
_POSITION = "__position"
INDICATOR_FIELDS = tuple(c for c in SCHEMAS["indicators"] if c not in RETURN_KEY)

#: Columns that may never be null in the store (the standard's required columns).
REQUIRED = {
    "organisations": ("org_code", "org_name", "org_type", "region"),
    "finance": ("org_code", "year", "turnover", "total_pay", "total_fte"),
    "function_costs": ("org_code", "year", "function", "pay_cost", "non_pay_cost", "fte"),
    "indicators": ("org_code", "year", "function", "indicator", "value"),
}


@dataclass(frozen=True)
class Prepared:
    """A bundle ready to store.

    ``organisations``: the register rows plus ``content_hash``. ``returns``: one row per finance
    row plus ``content_hash``, ``n_cost_lines`` and ``n_indicators``. ``cost_lines`` and
    ``indicators``: the line rows plus ``seq``, their 0-based position within their return.
    ``line_positions``: each line's return, as its row number in ``returns``.
    """

    organisations: pl.DataFrame
    returns: pl.DataFrame
    cost_lines: pl.DataFrame
    indicators: pl.DataFrame
    #: For ``function_costs`` and ``indicators``: each line's return as its row number in
    #: ``returns`` (which is in the bundle's finance order).
    line_positions: Mapping[str, pl.Series] = field(default_factory=dict)


@dataclass(frozen=True)
class Checked:
    """A bundle the store can hold, before its returns are hashed: ``organisations`` with
    ``content_hash``, the return tables conformed, and ``positions``, each row's return as its
    row number in ``finance`` (by table name)."""

    organisations: pl.DataFrame
    finance: pl.DataFrame
    function_costs: pl.DataFrame
    indicators: pl.DataFrame
    positions: Mapping[str, pl.Series]


def _check_required(name: str, df: pl.DataFrame) -> None:
    for column in REQUIRED[name]:
        nulls = df[column].null_count()
        if nulls:
            raise StoreError(f"{name}: {nulls} row(s) have no {column}")


def _check_unique(name: str, df: pl.DataFrame, key: tuple[str, ...]) -> None:
    dups = df.group_by(key).len().filter(pl.col("len") > 1)
    if dups.height:
        first = dups.sort(key).row(0, named=True)
        shown = ", ".join(str(first[k]) for k in key)
        raise StoreError(f"{name}: {dups.height} duplicate key(s), e.g. ({shown})")


def _numbered(df: pl.DataFrame, positions: pl.Series) -> pl.DataFrame:
    """``df`` plus ``seq``, each row's 0-based position among the rows of its return (the
    returns told apart by ``positions``, one per row)."""
    return df.with_columns(
        positions.to_frame(_POSITION)
        .select(pl.int_range(pl.len(), dtype=pl.Int64()).over(_POSITION).alias("seq"))
        .to_series()
    )


def _return_positions(lines: pl.DataFrame, index: pl.DataFrame) -> pl.Series:
    """Each line's return as its row in ``index`` (``RETURN_KEY`` columns and ``_POSITION``),
    null when it has none. Lines usually come return by return, so the key is looked up once
    per run of lines with the same key, and repeated over the run."""
    keys = lines.select(RETURN_KEY)
    if keys.height == 0:
        return pl.Series(_POSITION, [], dtype=pl.Int64())
    starts = keys.select(
        pl.any_horizontal(pl.col(k) != pl.col(k).shift(1) for k in RETURN_KEY)
        .fill_null(True)
        .arg_true()
    ).to_series()
    if starts.len() > keys.height // 4:  # not grouped: one lookup per line
        return keys.join(index, on=list(RETURN_KEY), how="left", maintain_order="left")[_POSITION]
    runs = keys[starts].join(index, on=list(RETURN_KEY), how="left", maintain_order="left")
    lengths = np.diff(np.append(starts.to_numpy(), keys.height))
    run_positions = runs[_POSITION]
    if run_positions.null_count():  # lines without a finance row stay null
        return run_positions.gather(np.repeat(np.arange(runs.height), lengths)).alias(_POSITION)
    return pl.Series(_POSITION, np.repeat(run_positions.to_numpy(), lengths), dtype=pl.Int64())


def prepare(bundle: Bundle) -> Prepared:
    """Hash the register rows and the returns of ``bundle``; refuse a bundle the store cannot
    hold whole (required values missing, duplicate keys, lines without a finance row)."""
    return finish(check(bundle))


def check(bundle: Bundle) -> Checked:
    """The tables of ``bundle`` in their canonical schemas, the register rows hashed and each
    line's return found; refuse a bundle the store cannot hold whole (required values missing,
    duplicate keys, lines without a finance row). The returns are hashed by :func:`finish`."""
    orgs = conform("organisations", bundle.organisations)
    finance = conform("finance", bundle.finance)
    costs = conform("function_costs", bundle.function_costs)
    indicators = conform("indicators", bundle.indicators)
    for name, df in (
        ("organisations", orgs),
        ("finance", finance),
        ("function_costs", costs),
        ("indicators", indicators),
    ):
        _check_required(name, df)
    _check_unique("organisations", orgs, ("org_code",))
    _check_unique("finance", finance, RETURN_KEY)
    index = finance.select(RETURN_KEY).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64()).alias(_POSITION)
    )
    positions = {"finance": index[_POSITION]}
    for name, df in (("function_costs", costs), ("indicators", indicators)):
        positions[name] = _return_positions(df, index)
        if positions[name].null_count():
            orphans = df.filter(positions[name].is_null()).select(RETURN_KEY).unique()
            first = orphans.sort(RETURN_KEY).row(0)
            raise StoreError(
                f"{name}: rows for {orphans.height} (org_code, year) without a finance row, "
                f"e.g. {first[0]} {first[1]}"
            )

    orgs = orgs.with_columns(sha256_hex(row_strings("organisations", orgs, ORG_COLUMNS[1:])))
    return Checked(orgs, finance, costs, indicators, positions)


def finish(checked: Checked) -> Prepared:
    """Hash the returns of a checked bundle and number its lines within their return."""
    finance, costs, indicators = checked.finance, checked.function_costs, checked.indicators
    positions = checked.positions
    tables = {"finance": finance, "function_costs": costs, "indicators": indicators}
    returns = finance.with_columns(
        return_hashes(finance, tables, RETURN_KEY, positions=positions),
        *(
            pl.Series(
                column, np.bincount(positions[name].to_numpy(), minlength=finance.height)
            ).cast(pl.Int64())
            for name, column in (("function_costs", "n_cost_lines"), ("indicators", "n_indicators"))
        ),
    )
    return Prepared(
        organisations=checked.organisations,
        returns=returns,
        cost_lines=_numbered(costs, positions["function_costs"]),
        indicators=_numbered(indicators, positions["indicators"]),
        line_positions={k: positions[k] for k in ("function_costs", "indicators")},
    )
