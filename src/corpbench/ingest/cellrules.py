"""The per-cell rules of data standard v1 §1 as polars expressions.

A file's cells are first *typed*: every standard column found in the header becomes a trimmed
string (empty or whitespace = null); money and number columns also get the flag
``__plain_<column>`` (the text is a plain number) and their parsed value in ``__num_<column>``
(null unless the text is a plain number), bool columns their value in ``__bool_<column>``, and
a ``year`` column the flag ``__year_ok``. Each rule is then a boolean expression that is true
on the rows breaking it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from corpbench.ingest.raw import ROW
from corpbench.standard import ColumnType, FileSpec, Vocabulary
from corpbench.standard.rounds import RoundDefinition, RoundsByYear

#: A plain number: sign, digits with an optional decimal point, optional exponent.
NUMBER_PATTERN = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
ORG_CODE_PATTERN = r"^[A-Z0-9]{3,10}$"
YEAR_PATTERN = r"^[0-9]{4}/[0-9]{2}$"
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")
NUMERIC = (ColumnType.MONEY, ColumnType.NUMBER)


#: Relative tolerance of a comparison with a sum of two money values.
SUM_TOLERANCE = 1e-12


def num(column: str) -> str:
    """Name of the parsed-number column of ``column``."""
    return f"__num_{column}"


def plain(column: str) -> str:
    """Name of the column telling whether the text of ``column`` is a plain number."""
    return f"__plain_{column}"


def boolean(column: str) -> str:
    """Name of the parsed-bool column of ``column``."""
    return f"__bool_{column}"


YEAR_OK = "__year_ok"

_AllowedOf = Callable[[RoundDefinition], Sequence[str]]


@dataclass(frozen=True)
class Rule:
    """Rows where ``bad`` is true break the rule; the issue names ``column`` and its value.
    ``message`` may contain ``{detail}``, filled from the ``detail`` expression per row."""

    code: str
    column: str
    bad: pl.Expr
    message: str
    detail: pl.Expr | None = None


def typed_frame(
    data: pl.DataFrame,
    columns: dict[str, str],
    spec: FileSpec,
    *,
    plain_spaces: bool = False,
    trimmed: bool = False,
) -> pl.DataFrame:
    """The typed cells of a file: ``columns`` maps standard column -> raw cell column.

    With ``plain_spaces`` (the reader proved that the only whitespace in the cells is the ASCII
    space) a column is trimmed only when one of its cells starts or ends with a space; with
    ``trimmed`` (the reader proved that no cell starts or ends with whitespace) none is. The
    result is the same, without rewriting every cell of a clean file."""
    trim = dict.fromkeys(columns, not trimmed)
    if plain_spaces and not trimmed and columns and data.height:
        edges = data.select(
            [
                (pl.col(raw).str.starts_with(" ") | pl.col(raw).str.ends_with(" "))
                .any()
                .alias(name)
                for name, raw in columns.items()
            ]
        ).row(0, named=True)
        trim = {name: bool(edges[name]) for name in columns}
    cleaned = [
        (pl.col(raw).str.strip_chars() if trim[name] else pl.col(raw)).replace("", None).alias(name)
        for name, raw in columns.items()
    ]
    df = data.select(pl.col(ROW), *cleaned)
    numbers = [c.name for c in spec.columns if c.name in columns and c.type in NUMERIC]
    if numbers:
        df = df.with_columns(
            pl.col(c).str.contains(NUMBER_PATTERN).alias(plain(c)) for c in numbers
        )
    extra: list[pl.Expr] = []
    for col in spec.columns:
        if col.name not in columns:
            continue
        v = pl.col(col.name)
        if col.type in NUMERIC:
            extra.append(
                pl.when(pl.col(plain(col.name)))
                .then(v.cast(pl.Float64, strict=False))
                .otherwise(None)
                .alias(num(col.name))
            )
        elif col.type is ColumnType.BOOL:
            low = v.str.to_lowercase()
            extra.append(
                pl.when(low.is_in(TRUE_WORDS))
                .then(True)
                .when(low.is_in(FALSE_WORDS))
                .then(False)
                .otherwise(None)
                .alias(boolean(col.name))
            )
    if "year" in columns:
        # a function of the text alone: decided once per distinct year, then looked up
        years = pl.DataFrame({"year": df.get_column("year").drop_nulls().unique()})
        ok = years.filter(_year_ok(pl.col("year"))).get_column("year")
        extra.append(pl.col("year").is_in(ok.implode()).fill_null(False).alias(YEAR_OK))
    return df.with_columns(extra) if extra else df


def _year_ok(y: pl.Expr) -> pl.Expr:
    """True for a financial year written YYYY/YY with consecutive years."""
    start = y.str.slice(0, 4).cast(pl.Int32, strict=False)
    end = y.str.slice(5, 2).cast(pl.Int32, strict=False)
    return (y.str.contains(YEAR_PATTERN) & ((start + 1) % 100 == end)).fill_null(False)


def _one_of(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


#: The columns checked against the round of their row's year: code, words, round's values.
_ROUND_COLUMNS: dict[str, tuple[str, str, _AllowedOf]] = {
    "function": ("unknown_function", "function", lambda r: r.function_codes),
    "indicator": ("unknown_indicator", "indicator", lambda r: r.indicators),
}


def round_rules(
    column: str, rounds: RoundsByYear, code: str, what: str, allowed_of: _AllowedOf
) -> list[Rule]:
    """The rules of a column judged by the round of each row's year: rows of a year no other
    round names are judged by the default round (the standard's words: "Expected one of");
    rows of another round's years by that round, the message naming it and the year."""
    v = pl.col(column)
    year = pl.col("year")
    given = v.is_not_null()
    claimed = list(rounds.claimed_years())
    default = list(allowed_of(rounds.default))
    rules = [
        Rule(
            code,
            column,
            given & ~year.is_in(claimed).fill_null(False) & ~v.is_in(default),
            f"Expected one of: {_one_of(default)}.",
        )
    ]
    for other in rounds.others:
        allowed = list(allowed_of(other))
        rules.append(
            Rule(
                code,
                column,
                given & year.is_in(list(other.years)).fill_null(False) & ~v.is_in(allowed),
                f"{{detail}}: expected one of {_one_of(allowed)}.",
                detail=pl.format(
                    f"{what} '{{}}' is not {article(what)} of {_round(other)}", v, year
                ),
            )
        )
    return rules


def article(what: str) -> str:
    """ "a function", "an indicator"."""
    return f"an {what}" if what[:1] in "aeiou" else f"a {what}"


def _round(definition: RoundDefinition) -> str:
    """ "round NAME ({})": the year is filled in per row."""
    return f"round {definition.name} ({{}})"


def cell_rules(
    spec: FileSpec, present: set[str], vocab: Vocabulary, rounds: RoundsByYear | None = None
) -> list[Rule]:
    """Every per-cell rule of ``spec`` for the columns ``present`` in the file. With ``rounds``,
    functions and indicators are judged by the round of their row's year and an organisation
    type must be a type of some round (``vocab`` then gives the delivery models only)."""
    rules: list[Rule] = []
    vocabularies: dict[str, tuple[str, tuple[str, ...]]] = {
        "org_type": ("unknown_org_type", vocab.org_types),
        "function": ("unknown_function", vocab.functions),
        "delivery_model": ("unknown_delivery_model", vocab.delivery_models),
        "indicator": ("unknown_indicator", tuple(vocab.indicators)),
    }
    by_round: set[str] = set()
    if rounds is not None:
        vocabularies["org_type"] = ("unknown_org_type", rounds.org_types())
        if "year" in present:
            by_round = set(_ROUND_COLUMNS) & present
        else:  # without a year every row is judged by the default round
            vocabularies["function"] = ("unknown_function", rounds.default.function_codes)
            vocabularies["indicator"] = ("unknown_indicator", rounds.default.indicators)
    for col in spec.columns:
        if col.name not in present:
            continue
        v = pl.col(col.name)
        given = v.is_not_null()
        if col.required:
            rules.append(
                Rule("required", col.name, v.is_null(), f"A value is required. {col.help}")
            )
        if col.type in NUMERIC:
            rules.extend(_number_rules(col.name, col.bound))
        elif col.type is ColumnType.BOOL:
            rules.append(
                Rule(
                    "not_a_bool",
                    col.name,
                    given & pl.col(boolean(col.name)).is_null(),
                    "Expected true or false (yes/no and 1/0 are also accepted, in any case).",
                )
            )
        elif col.name == "org_code" and spec.name == "organisations":
            rules.append(
                Rule(
                    "bad_org_code",
                    col.name,
                    given & ~v.str.contains(ORG_CODE_PATTERN),
                    "Expected an ODS-style code: 3 to 10 characters, capital letters A-Z and "
                    "digits 0-9 only.",
                )
            )
        elif col.name == "year":
            rules.append(
                Rule(
                    "bad_year",
                    col.name,
                    given & ~pl.col(YEAR_OK),
                    "Expected a financial year written YYYY/YY with consecutive years, "
                    "e.g. 2009/10.",
                )
            )
        elif col.name in by_round:
            assert rounds is not None
            rules.extend(round_rules(col.name, rounds, *_ROUND_COLUMNS[col.name]))
        elif col.name in vocabularies:
            code, allowed = vocabularies[col.name]
            rules.append(
                Rule(
                    code,
                    col.name,
                    given & ~v.is_in(list(allowed)),
                    f"Expected one of: {_one_of(allowed)}.",
                )
            )
    rules.extend(cost_sum_rules(present))
    return rules


def cost_sum_rules(present: set[str]) -> list[Rule]:
    """shared_cost within pay_cost + non_pay_cost, when the three columns are ``present``."""
    if not {"shared_cost", "pay_cost", "non_pay_cost"} <= present:
        return []
    total = pl.col(num("pay_cost")) + pl.col(num("non_pay_cost"))
    # pounds and pence are not exact in binary floating point: 0.21 + 0.17 gives
    # 0.37999999999999995, so allow the rounding of the sum (a relative 1e-12)
    slack = total.abs() * SUM_TOLERANCE + SUM_TOLERANCE
    return [
        Rule(
            "shared_exceeds_cost",
            "shared_cost",
            (pl.col(num("shared_cost")) > total + slack).fill_null(False),
            "shared_cost must not be more than pay_cost + non_pay_cost ({detail}).",
            detail=total.round(6).cast(pl.String),
        )
    ]


def _number_rules(name: str, bound: str | None) -> list[Rule]:
    v = pl.col(name)
    value = pl.col(num(name))
    rules = [
        Rule(
            "not_a_number",
            name,
            v.is_not_null() & ~pl.col(plain(name)),
            "Expected a plain number such as 1234.5: digits with an optional sign, decimal "
            "point and exponent; no thousands separators, currency signs, spaces or units.",
        ),
        Rule(
            "not_a_number",
            name,
            value.is_not_null() & ~value.is_finite(),
            "The number is too large to be stored.",
        ),
    ]
    finite = value.is_not_null() & value.is_finite()
    if bound == ">0":
        rules.append(
            Rule("out_of_range", name, finite & (value <= 0), "Expected a number greater than 0.")
        )
    elif bound == ">=0":
        rules.append(
            Rule(
                "out_of_range",
                name,
                finite & (value < 0),
                "Expected 0 or more (negative values are not allowed).",
            )
        )
    return rules
