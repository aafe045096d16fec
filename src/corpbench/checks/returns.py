"""The anomaly warnings of one organisation's current returns, as the review page lists them
and as a query on a return may be asked about one of them."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from corpbench.checks.anomalies import anomaly_issues
from corpbench.ingest.issues import Issue
from corpbench.standard.bundle import Bundle


def org_part(current: Bundle, org_code: str) -> Bundle:
    """The rows of ``current`` that are ``org_code``'s."""

    def own(df: pl.DataFrame) -> pl.DataFrame:
        return df.filter(pl.col("org_code") == org_code)

    return Bundle(
        organisations=own(current.organisations),
        finance=own(current.finance),
        function_costs=own(current.function_costs),
        indicators=own(current.indicators),
        present=current.present,
    )


def return_warnings(current: Bundle, org_code: str) -> list[Issue]:
    """The anomaly warnings of ``org_code``'s returns in ``current`` (every return stored now),
    judged against all of ``current``: the warnings a load of those returns gave."""
    return anomaly_issues(current, org_part(current, org_code))


def of_year(issues: Sequence[Issue], org_code: str, year: str) -> list[Issue]:
    """The warnings among ``issues`` that are about ``org_code``'s return for ``year`` (each
    warning's sentence starts with the organisation and the year)."""
    prefix = f"{org_code} {year} "
    return [i for i in issues if i.message.startswith(prefix)]
