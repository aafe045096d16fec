"""The consortium baseline as the rows of ``plan baseline``'s machine CSV (docs/commands.md):
one row per figure of :class:`corpbench.bench.consortium.ConsortiumBaseline` and of the
economies of scale beside it, codes not words; nothing computed here."""

from __future__ import annotations

import polars as pl

from corpbench.bench.consortium import SCALE_VIABLE, ConsortiumBaseline

#: Columns of ``plan baseline``'s CSV (docs/commands.md).
BASELINE_CSV_COLUMNS: tuple[str, ...] = (
    "part",
    "org_code",
    "function",
    "indicator",
    "measure",
    "value",
)


def baseline_rows(
    baseline: ConsortiumBaseline,
    scale: dict[str, dict[str, object]],
    ratios: pl.DataFrame | None = None,
) -> list[tuple[object, ...]]:
    """The rows of ``plan baseline``'s CSV: :data:`BASELINE_CSV_COLUMNS`, an undefined value
    having no row. ``ratios`` (rows of :func:`corpbench.bench.scale.size_adjusted`) adds each
    partner's size-adjusted ratio per function."""
    rows: list[tuple[object, ...]] = []

    def add(part: str, org: str, function: str, indicator: str, measure: str, v: object) -> None:
        if v is not None:
            rows.append((part, org, function, indicator, measure, v))

    add("consortium", "", "", "", "partners", len(baseline.partner_codes))
    add("consortium", "", "", "", "employees", baseline.employees)
    add("consortium", "", "", "", "scale", baseline.scale)
    add("consortium", "", "", "", "scale_floor", SCALE_VIABLE)
    for code in baseline.employees_from_fte:
        add("consortium", code, "", "", "employees_from_fte", True)
    for code in baseline.not_responding:
        add("consortium", code, "", "", "not_responding", True)
    for row in baseline.functions.iter_rows(named=True):
        f = row["function"]
        for measure, v in row.items():
            if measure != "function":
                add("function", "", f, "", measure, v)
        fit = scale.get(f, {})
        for measure in ("n", "beta", "beta_low", "beta_high", "r_squared", "scale_saving"):
            name = measure if measure == "scale_saving" else f"scale_{measure}"
            add("function", "", f, "", name, fit.get(measure))
    for row in baseline.volumes.iter_rows(named=True):
        add("volume", "", row["function"], row["indicator"], "value", row["value"])
        add("volume", "", row["function"], row["indicator"], "organisations", row["organisations"])
    for row in baseline.partners.iter_rows(named=True):
        code = row["org_code"]
        for measure, v in row.items():
            if measure != "org_code":
                add("partner", code, "", "", measure, v)
        if ratios is not None:
            own = ratios.filter(pl.col("org_code") == code)
            for function, ratio in zip(own["function"], own["ratio"], strict=True):
                add("partner", code, function, "", "size_adjusted_ratio", ratio)
    return rows
