"""Validate a read bundle against data standard v1 and build the typed :class:`Bundle`.

Every violated rule is reported at once: header problems, every cell rule, key uniqueness and
the cross-file rules (organisation codes in the register, a finance row for every cost and
indicator row). The checks are polars expressions over whole columns: every cell rule of a file
is first checked in one pass (is it broken anywhere?) and key uniqueness is first proved by
hashing; the failing rows are gathered only for what is broken. An :class:`Issue` is made only
for a failing cell, and at most ``max_issues`` are listed (one more issue then says how many
were left out).
"""

from __future__ import annotations

from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import polars as pl

from corpbench.ingest.cellrules import (
    NUMERIC,
    YEAR_OK,
    Rule,
    article,
    boolean,
    cell_rules,
    num,
    typed_frame,
)
from corpbench.ingest.columns import match_header
from corpbench.ingest.issues import Issue, Report, Severity
from corpbench.ingest.raw import ROW, RawBundle, RawFile
from corpbench.standard import BUNDLE_FILES, ColumnType, FileSpec, Vocabulary, normalise_process
from corpbench.standard.bundle import SCHEMAS, Bundle
from corpbench.standard.rounds import RoundDefinition, RoundsByYear

#: Default cap on the issues listed for one bundle.
MAX_ISSUES = 5000

_VALUE = "__value"
_DETAIL = "__detail"


@dataclass(frozen=True)
class Finding:
    """The failing rows of one rule: a lazy frame of row, value and detail."""

    code: str
    file: str
    column: str
    message: str
    rows: pl.LazyFrame


@dataclass(frozen=True)
class _Checked:
    raw: RawFile
    spec: FileSpec
    typed: pl.DataFrame
    present: frozenset[str]


def validate_bundle(
    raw: RawBundle,
    *,
    vocab: Vocabulary = Vocabulary(),
    known_org_codes: Collection[str] = (),
    max_issues: int = MAX_ISSUES,
    allowed_org_codes: Collection[str] | None = None,
    rounds: RoundsByYear | None = None,
    register: pl.DataFrame | None = None,
) -> tuple[Report, Bundle | None]:
    """The validation report of ``raw`` (its reading issues included) and, when it has no
    error, the bundle's tables in their canonical schemas. With ``allowed_org_codes`` (an
    organisation submitting its own return), a row of any other organisation is an error.

    With ``rounds``, each row is judged by the round of its year (``RoundsByYear.round_of``)
    instead of by ``vocab`` alone: its function and indicator, and the type, region and
    footprint of an organisation returning that year (from the bundle's register, else from
    ``register``, the store's: ``org_code, org_type, region, footprint``)."""
    report = Report(raw.source)
    report.extend(raw.issues)
    issues: list[Issue] = []
    findings: list[Finding] = []
    checked: dict[str, _Checked] = {}
    usable = True
    # the files are checked on two threads (polars works without the GIL), taken in order
    with ThreadPoolExecutor(2) as pool:
        check = partial(_check_file, vocab=vocab, rounds=rounds)
        done = list(pool.map(check, raw.files.values()))
    for file in done:
        issues.extend(file.issues)
        findings.extend(file.findings)
        if file.checked is None:
            usable = False
        else:
            checked[file.checked.raw.name] = file.checked
    findings.extend(_cross_file(checked, raw, known_org_codes))
    if rounds is not None and rounds.judges_register:
        findings.extend(_returning_organisations(checked, rounds, register))
    if allowed_org_codes is not None:
        findings.extend(_outside_scope(checked, allowed_org_codes))
    listed, hidden = _materialise(findings, max(0, max_issues - len(issues)))
    issues.extend(listed)
    if hidden:
        issues.append(
            Issue(
                "too_many_errors",
                f"{hidden} more errors were found and are not listed; correct the errors above "
                "and load the bundle again.",
            )
        )
    had_errors = any(i.severity is Severity.ERROR for i in raw.issues)
    if not had_errors and usable and not any(c.typed.height for c in checked.values()):
        issues.append(
            Issue(
                "no_data",
                "The bundle has no data rows: it needs at least one file with rows under its "
                "header.",
            )
        )
    report.extend(issues)
    if not report.ok:
        return report, None
    return report, _bundle(checked, raw)


@dataclass(frozen=True)
class _FileResult:
    issues: list[Issue]  # of the header
    findings: list[Finding]  # broken cell rules, then duplicate keys
    checked: _Checked | None  # None when the header names no column of the file


def _check_file(rf: RawFile, vocab: Vocabulary, rounds: RoundsByYear | None) -> _FileResult:
    """The header issues and the findings of one file's own rules (cells and keys)."""
    spec = BUNDLE_FILES[rf.name]
    header = match_header(rf, spec)
    if not header.usable:
        return _FileResult(header.issues, [], None)
    typed = typed_frame(
        rf.data, header.columns, spec, plain_spaces=rf.plain_spaces, trimmed=rf.trimmed
    )
    present = frozenset(header.columns)
    rules = cell_rules(spec, set(present), vocab, rounds)
    findings = [_rule_finding(rule, rf.display, typed) for rule in _broken(rules, typed)]
    dup = _duplicates(spec, rf.display, typed, present)
    if dup is not None:
        findings.append(dup)
    return _FileResult(header.issues, findings, _Checked(rf, spec, typed, present))


def _broken(rules: list[Rule], typed: pl.DataFrame) -> list[Rule]:
    """The rules broken on at least one row, all checked in one pass over ``typed``."""
    if not rules or typed.height == 0:
        return []
    flags = typed.select(
        [rule.bad.fill_null(False).any().alias(str(i)) for i, rule in enumerate(rules)]
    ).row(0)
    return [rule for rule, flag in zip(rules, flags, strict=True) if flag]


def _rule_finding(rule: Rule, display: str, typed: pl.DataFrame) -> Finding:
    detail = rule.detail if rule.detail is not None else pl.lit(None, dtype=pl.String)
    rows = (
        typed.lazy()
        .filter(rule.bad.fill_null(False))
        .select(pl.col(ROW), pl.col(rule.column).alias(_VALUE), detail.alias(_DETAIL))
    )
    return Finding(rule.code, display, rule.column, rule.message, rows)


def _process_key(typed: pl.DataFrame) -> pl.Expr:
    """The comparison key of ``process`` (``normalise_process``, computed once per distinct
    name); the whole function (blank) is the empty string."""
    names = typed.get_column("process").drop_nulls().unique().to_list()
    mapping = {n: normalise_process(n) or "" for n in names}
    return (
        pl.col("process").replace_strict(mapping, default="", return_dtype=pl.String).fill_null("")
    )


def _duplicates(
    spec: FileSpec,
    display: str,
    typed: pl.DataFrame,
    present: frozenset[str],
) -> Finding | None:
    """Rows whose key repeats an earlier row's key (the first row of the key is named). An
    optional key column absent from the file (``process``) is blank on every row."""
    required = [k for k in spec.key if spec.column(k).required]
    if not set(required) <= present:
        return None
    given = pl.all_horizontal([pl.col(k).is_not_null() for k in required])
    complete = all(typed.get_column(k).null_count() == 0 for k in required)
    keys = [k for k in spec.key if k in present]
    if _surely_distinct(typed if complete else typed.filter(given), keys):
        return None
    parts: list[pl.Expr] = []
    shown: list[pl.Expr] = []
    for k in spec.key:
        if k not in present:
            parts.append(pl.lit("").alias(f"__key_{k}"))
            shown.append(pl.lit(""))
        elif k == "process":
            parts.append(_process_key(typed).alias("__key_process"))
            shown.append(pl.col(k).fill_null(""))
        else:
            parts.append(pl.col(k).alias(f"__key_{k}"))
            shown.append(pl.col(k))
    keys = [f"__key_{k}" for k in spec.key]
    rows = (
        typed.lazy()
        .filter(given)
        .with_columns(parts)
        .with_columns(pl.col(ROW).min().over(keys).alias("__first"))
        .filter(pl.col(ROW) != pl.col("__first"))
        .select(
            pl.col(ROW),
            pl.concat_str(shown, separator=", ").alias(_VALUE),
            pl.col("__first").cast(pl.String).alias(_DETAIL),
        )
    )
    names = ", ".join(spec.key)
    extra = (
        " Processes are compared ignoring case and the space/underscore difference; a blank "
        "process is the whole function."
        if "process" in spec.key
        else ""
    )
    return Finding(
        "duplicate_key",
        display,
        names,
        f"Duplicate of row {{detail}}: ({names}) must be unique in {spec.filename}.{extra}",
        rows,
    )


def _surely_distinct(rows: pl.DataFrame, keys: list[str]) -> bool:
    """True when no two ``rows`` share their ``keys``, proved cheaply: as many distinct hashes
    of the keys as rows (equal keys hash alike). ``process`` is compared as typed (a null as
    the empty string) when no two of its distinct names have the same comparison key and none
    is blank. False means only that the exact check must decide."""
    if not keys:
        return False
    if "process" in keys:
        names = rows.get_column("process").drop_nulls().unique().to_list()
        normal = {normalise_process(n) or "" for n in names}
        if "" in normal or len(normal) != len(names):
            return False
    hashes = [pl.col(k).hash(seed=seed) for seed, k in enumerate(keys)]
    combined = hashes[0]
    for h in hashes[1:]:
        combined = combined ^ h
    counts = rows.select(pl.len(), combined.n_unique())
    return bool(counts.item(0, 0) == counts.item(0, 1))


def _cross_file(
    checked: dict[str, _Checked], raw: RawBundle, known_org_codes: Collection[str]
) -> list[Finding]:
    """Organisation codes must be in the register; costs and indicators need a finance row."""
    out: list[Finding] = []
    register_ok = "organisations" not in raw.unreadable and (
        "organisations" not in raw.files
        or ("organisations" in checked and "org_code" in checked["organisations"].present)
    )
    register = set(known_org_codes)
    if "organisations" in checked and "org_code" in checked["organisations"].present:
        register.update(
            checked["organisations"].typed.get_column("org_code").drop_nulls().to_list()
        )
    codes = pl.Series(sorted(register), dtype=pl.String).implode()
    fin = checked.get("finance")
    finance_ok = "finance" not in raw.unreadable and (
        "finance" not in raw.files or (fin is not None and {"org_code", "year"} <= fin.present)
    )
    pairs = (
        fin.typed.lazy()
        .filter(pl.col(YEAR_OK) & pl.col("org_code").is_not_null())
        .select("org_code", "year")
        .unique()
        if fin is not None and finance_ok
        else pl.LazyFrame(schema={"org_code": pl.String, "year": pl.String})
    )
    for name in ("finance", "function_costs", "indicators"):
        c = checked.get(name)
        if c is None:
            continue
        if register_ok and "org_code" in c.present:
            out.append(
                Finding(
                    "unknown_org",
                    c.raw.display,
                    "org_code",
                    "This organisation is not in the register: add it to organisations.csv "
                    "(or load the register first).",
                    _unknown_org_rows(c.typed, codes),
                )
            )
        if name != "finance" and finance_ok and {"org_code", "year"} <= c.present:
            out.append(
                Finding(
                    "no_finance_row",
                    c.raw.display,
                    "year",
                    "There is no finance row for organisation {detail} in this year in the "
                    "bundle; add one to finance.csv.",
                    _orphan_rows(c.typed, pairs),
                )
            )
    return out


_REGISTER_COLUMNS = ("org_code", "org_type", "region", "footprint")


def _returning_organisations(
    checked: dict[str, _Checked], rounds: RoundsByYear, register: pl.DataFrame | None
) -> list[Finding]:
    """The type, region and footprint of each organisation with a finance row, judged by the
    round of that row's year: its type must be one of the round's (a type no round knows is
    reported on the register row already), its region and footprint among the round's when
    the round lists them. Each finding names the finance row."""
    fin = checked.get("finance")
    if fin is None or not {"org_code", "year"} <= fin.present:
        return []
    entries = _register_entries(checked.get("organisations"), register)
    rows = (
        fin.typed.lazy()
        .filter(pl.col(YEAR_OK) & pl.col("org_code").is_not_null())
        .select(ROW, "org_code", "year")
        .join(entries, on="org_code", how="inner")
    )
    known_types = list(rounds.org_types())
    claimed = list(rounds.claimed_years())
    out: list[Finding] = []
    for definition in rounds.rounds:
        if definition is rounds.default:
            here = rows.filter(~pl.col("year").is_in(claimed))
        else:
            here = rows.filter(pl.col("year").is_in(list(definition.years)))
        types = list(definition.org_type_codes)
        out.append(
            _register_finding(
                code="unknown_org_type",
                display=fin.raw.display,
                rows=here.filter(
                    pl.col("org_type").is_in(known_types) & ~pl.col("org_type").is_in(types)
                ),
                column="org_type",
                what="organisation type",
                definition=definition,
                allowed=types,
            )
        )
        if definition.regions:
            regions = list(definition.regions)
            out.append(
                _register_finding(
                    code="unknown_region",
                    display=fin.raw.display,
                    rows=here.filter(
                        pl.col("region").is_not_null() & ~pl.col("region").is_in(regions)
                    ),
                    column="region",
                    what="region",
                    definition=definition,
                    allowed=regions,
                )
            )
        if definition.footprints:
            names = [f.name for f in definition.footprints]
            out.append(
                _register_finding(
                    code="unknown_footprint",
                    display=fin.raw.display,
                    rows=here.filter(
                        pl.col("footprint").is_not_null() & ~pl.col("footprint").is_in(names)
                    ),
                    column="footprint",
                    what="footprint",
                    definition=definition,
                    allowed=names,
                )
            )
    return out


def _register_entries(
    organisations: _Checked | None, register: pl.DataFrame | None
) -> pl.LazyFrame:
    """``org_code, org_type, region, footprint`` of every organisation: the bundle's register
    rows, then the stored register's entries of the organisations the bundle does not list."""
    schema = dict.fromkeys(_REGISTER_COLUMNS, pl.String)
    frames: list[pl.LazyFrame] = []
    if organisations is not None and "org_code" in organisations.present:
        frames.append(
            organisations.typed.lazy()
            .filter(pl.col("org_code").is_not_null())
            .select(
                pl.col(c) if c in organisations.present else pl.lit(None, pl.String).alias(c)
                for c in _REGISTER_COLUMNS
            )
            .unique("org_code", keep="first")
        )
    if register is not None and register.height:
        stored = register.lazy().select(
            pl.col(c).cast(pl.String).replace("", None) for c in _REGISTER_COLUMNS
        )
        if frames:
            stored = stored.join(frames[0], on="org_code", how="anti")
        frames.append(stored)
    if not frames:
        return pl.LazyFrame(schema=schema)
    return pl.concat(frames).cast(schema)  # type: ignore[arg-type]


def _register_finding(
    *,
    code: str,
    display: str,
    rows: pl.LazyFrame,
    column: str,
    what: str,
    definition: RoundDefinition,
    allowed: list[str],
) -> Finding:
    """A finding on the finance rows ``rows`` whose organisation's ``column`` (from the
    register) is not among ``allowed`` of the round of the row's year."""
    detail = pl.format(
        f"{what} '{{}}' of {{}} (from the register) is not {article(what)} of round "
        f"{definition.name} ({{}})",
        pl.col(column),
        pl.col("org_code"),
        pl.col("year"),
    )
    return Finding(
        code,
        display,
        "org_code",
        f"{{detail}}: expected one of {', '.join(allowed)}.",
        rows.select(pl.col(ROW), pl.col("org_code").alias(_VALUE), detail.alias(_DETAIL)),
    )


def _unknown_org_rows(typed: pl.DataFrame, codes: pl.Series) -> pl.LazyFrame:
    org = pl.col("org_code")
    return (
        typed.lazy()
        .filter(org.is_not_null() & ~org.is_in(codes))
        .select(pl.col(ROW), org.alias(_VALUE), pl.lit(None, pl.String).alias(_DETAIL))
    )


def _orphan_rows(typed: pl.DataFrame, pairs: pl.LazyFrame) -> pl.LazyFrame:
    return (
        typed.lazy()
        .filter(pl.col(YEAR_OK) & pl.col("org_code").is_not_null())
        .join(pairs, on=["org_code", "year"], how="anti")
        .select(pl.col(ROW), pl.col("year").alias(_VALUE), pl.col("org_code").alias(_DETAIL))
    )


def _outside_scope(checked: dict[str, _Checked], allowed: Collection[str]) -> list[Finding]:
    """Rows of organisations the submitter may not load for, and any register row: the
    register (organisation type, region, footprint, and so the peer groups) is the national
    team's."""
    codes = pl.Series(sorted(allowed), dtype=pl.String).implode()
    listed = ", ".join(sorted(allowed)) or "none"
    out: list[Finding] = []
    for name, c in checked.items():
        if "org_code" not in c.present:
            continue
        if name == "organisations":
            out.append(
                Finding(
                    "register_locked",
                    c.raw.display,
                    "org_code",
                    "The register is kept by the national team: leave the organisations file "
                    "or sheet empty (ask the national team to correct an entry).",
                    c.typed.lazy().select(
                        pl.col(ROW),
                        pl.col("org_code").alias(_VALUE),
                        pl.lit(None, pl.String).alias(_DETAIL),
                    ),
                )
            )
            continue
        out.append(
            Finding(
                "outside_scope",
                c.raw.display,
                "org_code",
                f"You may only submit rows for your own organisation ({listed}).",
                _unknown_org_rows(c.typed, codes),
            )
        )
    return out


def _materialise(findings: list[Finding], limit: int) -> tuple[list[Issue], int]:
    """Issues for the failing rows of every finding, at most ``limit`` in all, shared fairly so
    that every broken rule shows its first rows; and how many failing rows were left out."""
    if not findings:
        return [], 0
    counts = [int(df.item()) for df in pl.collect_all([f.rows.select(pl.len()) for f in findings])]
    quota = fair_shares(counts, limit)
    listed = [i for i, q in enumerate(quota) if q]
    heads = pl.collect_all([findings[i].rows.sort(ROW).head(quota[i]) for i in listed])
    issues: list[Issue] = []
    for i, head in zip(listed, heads, strict=True):
        f = findings[i]
        for row, value, detail in head.iter_rows():
            message = f.message.replace("{detail}", "" if detail is None else str(detail))
            issues.append(Issue(f.code, message, f.file, int(row), f.column, value))
    return issues, sum(counts) - sum(quota)


def fair_shares(counts: list[int], limit: int) -> list[int]:
    """How many of each count to list within ``limit`` in all: small counts in full, the rest
    sharing what is left equally (``[3, 100, 100]`` within 50 gives ``[3, 24, 23]``)."""
    quota = [0] * len(counts)
    left = limit
    order = sorted(range(len(counts)), key=lambda i: counts[i])
    for k, i in enumerate(order):
        share = left // (len(order) - k)
        extra = 1 if (len(order) - k) > 1 and left % (len(order) - k) > 0 else 0
        quota[i] = min(counts[i], share + extra)
        left -= quota[i]
    return quota


def _bundle(checked: dict[str, _Checked], raw: RawBundle) -> Bundle:
    tables: dict[str, pl.DataFrame] = {}
    for name in raw.files:
        c = checked[name]
        exprs: list[pl.Expr] = []
        for col in c.spec.columns:
            if col.name not in c.present:
                continue
            if col.type in NUMERIC:
                exprs.append(pl.col(num(col.name)).alias(col.name))
            elif col.type is ColumnType.BOOL:
                exprs.append(pl.col(boolean(col.name)).alias(col.name))
            else:
                exprs.append(pl.col(col.name))
        tables[name] = c.typed.select(exprs) if exprs else pl.DataFrame()
        assert set(tables[name].columns) <= set(SCHEMAS[name])
    return Bundle.from_tables(**tables)
