"""The 95% intervals on savings as figures of :class:`corpbench.bench.engine.Benchmark`:
computed once per year, method, draws and seed, each type's bootstrap on its own, so that an
organisation's interval costs only its type's draws (:mod:`corpbench.bench.uncertainty`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import polars as pl

from corpbench.bench.methods import Method
from corpbench.bench.savings import total_savings
from corpbench.bench.uncertainty import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    INTERVAL_SCHEMA,
    TypeIntervals,
    TypeReturns,
    check_draws,
    check_method,
    national_rows,
    saving_estimates,
    type_intervals,
    type_returns,
    uncertainty_table,
)
from corpbench.standard import ALL_FUNCTION

if TYPE_CHECKING:
    from corpbench.bench.engine import Benchmark

_TypeKey = tuple[Method, str, str, int, int]


class UncertaintyFigures:
    """The intervals part of :class:`~corpbench.bench.engine.Benchmark` (a mixin over its
    savings, summary and respondents)."""

    def _engine(self) -> Benchmark:
        return cast("Benchmark", self)

    def _init_uncertainty(self) -> None:
        self._type_returns: dict[str, list[TypeReturns]] = {}
        self._type_intervals: dict[_TypeKey, TypeIntervals] = {}
        self._year_intervals: dict[tuple[Method, str, int, int], pl.DataFrame] = {}

    def uncertainty(
        self,
        method: str | Method,
        year: str | None = None,
        *,
        draws: int = DEFAULT_DRAWS,
        seed: int = DEFAULT_SEED,
    ) -> pl.DataFrame:
        """The savings of ``method`` with their 95% bootstrap intervals (``level, key, year,
        method, estimate, low, high``: ``corpbench export uncertainty``), grouped by type.
        ``ValueError`` for a method that is not a peer statistic, or fewer than 2 draws."""
        engine = self._engine()
        parsed = engine.method(method)
        check_method(parsed)
        check_draws(draws)
        years = engine.years() if year is None else [year]
        tables = [self._intervals_of_year(parsed, y, draws, seed) for y in years]
        estimates = saving_estimates(
            engine.summary(parsed, year),
            engine.summary_by_function(parsed, year),
            total_savings(engine.savings(parsed, year=year), parsed),
        )
        return uncertainty_table(estimates, pl.concat(tables), parsed)

    def organisation_uncertainty(
        self,
        code: str,
        method: str | Method,
        year: str,
        *,
        draws: int = DEFAULT_DRAWS,
        seed: int = DEFAULT_SEED,
    ) -> tuple[float, float, float] | None:
        """(estimate, low, high) of organisation ``code``'s total saving in ``year`` (its row
        of :meth:`uncertainty`), from its type's draws alone; None when it has no saving."""
        engine = self._engine()
        parsed = engine.method(method)
        check_method(parsed)
        check_draws(draws)
        totals = total_savings(engine.savings(parsed, year=year), parsed)
        mine = totals.filter(pl.col("org_code") == code)["saving"]
        found = [t for t in self._returns_of_year(year) if code in t.codes]
        if mine.is_empty() or not found:
            return None
        rows = self._intervals_of_type(parsed, found[0], draws, seed).rows
        ends = rows.filter((pl.col("level") == "organisation") & (pl.col("key") == code))
        return float(mine[0]), float(ends["low"][0]), float(ends["high"][0])

    def _returns_of_year(self, year: str) -> list[TypeReturns]:
        if year not in self._type_returns:
            engine = self._engine()
            respondents = (
                engine.totals(year)
                .filter(pl.col("function") == ALL_FUNCTION)
                .join(engine.organisations.select("org_code", "org_type"), on="org_code")
            )
            self._type_returns[year] = list(
                type_returns(engine._base(), respondents, engine.eligible(), year)
            )
        return self._type_returns[year]

    def _intervals_of_type(
        self, method: Method, returns: TypeReturns, draws: int, seed: int
    ) -> TypeIntervals:
        key = (method, returns.year, returns.org_type, draws, seed)
        if key not in self._type_intervals:
            self._type_intervals[key] = type_intervals(returns, method, draws=draws, seed=seed)
        return self._type_intervals[key]

    def _intervals_of_year(self, method: Method, year: str, draws: int, seed: int) -> pl.DataFrame:
        key = (method, year, draws, seed)
        if key not in self._year_intervals:
            types = self._returns_of_year(year)
            parts = [self._intervals_of_type(method, t, draws, seed) for t in types]
            rows = [p.rows for p in parts]
            if types:
                rows.append(national_rows(year, types[0].functions, parts))
            self._year_intervals[key] = (
                pl.concat(rows) if rows else pl.DataFrame(schema=INTERVAL_SCHEMA)
            )
        return self._year_intervals[key]
