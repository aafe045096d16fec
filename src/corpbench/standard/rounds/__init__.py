"""Round definitions: a benchmarking round (its years, functions with their processes and Table 14
classes, organisation types, regions, footprints, size bands, KPIs and indicators) read from a
TOML file into typed data. See ``docs/rounds.md`` for the format.

A bad definition is refused with every issue found at once, each saying where (the TOML key path),
what was found and what was expected. The default round, ``qipp-2010.toml`` beside this module,
is the vocabulary of the data standard v1.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import cast

from corpbench.standard.vocab import (
    DEFAULT_INDICATORS,
    DELIVERY_MODELS,
    KPIS,
    ActivityClass,
    Vocabulary,
)

#: The version of the round definition format this module reads.
ROUND_FORMAT = 1

#: The Table 14 classes a process may have (transactional, operational, strategic).
ACTIVITY_CLASSES: tuple[ActivityClass, ...] = ("T", "O", "S")

#: The file name of the default round, shipped in this package.
DEFAULT_ROUND_FILE = "qipp-2010.toml"

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_TOP_KEYS = frozenset(
    {
        "format",
        "name",
        "title",
        "years",
        "kpis",
        "indicators",
        "regions",
        "footprints",
        "size_bands",
        "org_types",
        "functions",
    }
)


@dataclass(frozen=True)
class RoundIssue:
    """One problem of a round definition: where (a TOML key path), what, what was expected."""

    where: str
    what: str
    expected: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what} (expected {self.expected})"


class RoundDefinitionError(ValueError):
    """A round definition that cannot be used, with every issue found."""

    def __init__(self, source: str, issues: Sequence[RoundIssue]) -> None:
        self.source = source
        self.issues: tuple[RoundIssue, ...] = tuple(issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(
            f"{source}: {len(self.issues)} problem(s) in the round definition:\n{lines}"
        )


@dataclass(frozen=True)
class RoundFunction:
    """A function of a round: its code, title and processes with their Table 14 class."""

    code: str
    label: str
    processes: Mapping[str, ActivityClass]


@dataclass(frozen=True)
class RoundOrgType:
    """An organisation type of a round: its code and title."""

    code: str
    label: str


@dataclass(frozen=True)
class Footprint:
    """A footprint (for example an STP) of a round, with the region it lies in ("" if none)."""

    name: str
    region: str


@dataclass(frozen=True)
class SizeBand:
    """A size band: organisations whose turnover (£) is at least ``min_turnover`` and below
    ``max_turnover`` (no upper bound when ``None``)."""

    code: str
    label: str
    min_turnover: float
    max_turnover: float | None

    def holds(self, turnover: float) -> bool:
        """Whether an organisation of this turnover falls in the band."""
        above = turnover >= self.min_turnover
        return above and (self.max_turnover is None or turnover < self.max_turnover)


@dataclass(frozen=True)
class RoundDefinition:
    """A benchmarking round as data. Regions and footprints empty mean "any name"."""

    name: str
    title: str
    years: tuple[str, ...]
    functions: tuple[RoundFunction, ...]
    org_types: tuple[RoundOrgType, ...]
    kpis: tuple[str, ...]
    indicators: tuple[str, ...]
    regions: tuple[str, ...] = ()
    footprints: tuple[Footprint, ...] = ()
    size_bands: tuple[SizeBand, ...] = ()
    format: int = field(default=ROUND_FORMAT)

    @property
    def function_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.functions)

    @property
    def org_type_codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.org_types)

    @property
    def process_classes(self) -> Mapping[str, Mapping[str, ActivityClass]]:
        """Process codes per function with their Table 14 class."""
        return MappingProxyType({f.code: f.processes for f in self.functions})

    def vocabulary(self) -> Vocabulary:
        """The vocabulary a return of this round is checked against."""
        return Vocabulary(
            org_types=self.org_type_codes,
            functions=self.function_codes,
            indicators=MappingProxyType({i: DEFAULT_INDICATORS[i] for i in self.indicators}),
            delivery_models=DELIVERY_MODELS,
        )

    def size_band_of(self, turnover: float) -> str | None:
        """The code of the size band holding this turnover, else ``None``."""
        return next((b.code for b in self.size_bands if b.holds(turnover)), None)


#: The name of the default round (the file ``DEFAULT_ROUND_FILE``): the round of every year no
#: other round names.
DEFAULT_ROUND_NAME = "qipp-2010"


@dataclass(frozen=True)
class RoundsByYear:
    """Which round checks a return of each year: a round naming the year, else the default
    round (``DEFAULT_ROUND_NAME``, stored or built in). Pure data, built from the rounds a
    store holds (``Store.rounds.all()``) or from definitions given directly."""

    default: RoundDefinition
    others: tuple[RoundDefinition, ...] = ()

    @classmethod
    def of(cls, definitions: Sequence[RoundDefinition]) -> RoundsByYear:
        """The rounds of ``definitions`` (latest versions, one per name); the default round is
        the one named ``DEFAULT_ROUND_NAME``, else the built-in one."""
        found = [d for d in definitions if d.name == DEFAULT_ROUND_NAME]
        default = found[0] if found else default_round()
        return cls(default, tuple(d for d in definitions if d.name != DEFAULT_ROUND_NAME))

    @property
    def rounds(self) -> tuple[RoundDefinition, ...]:
        """Every round: the default first."""
        return (self.default, *self.others)

    def round_of(self, year: str | None) -> RoundDefinition:
        """The round that checks a return of ``year``: another round naming it, else the
        default round (also for a year not written as one)."""
        return next((r for r in self.others if year in r.years), self.default)

    def claimed_years(self) -> tuple[str, ...]:
        """The years the rounds other than the default name (the default checks every other)."""
        return tuple(y for r in self.others for y in r.years)

    def org_types(self) -> tuple[str, ...]:
        """The organisation types of every round, each once, the default round's first."""
        return tuple(dict.fromkeys(t for r in self.rounds for t in r.org_type_codes))

    @property
    def judges_register(self) -> bool:
        """Whether an organisation's type, region or footprint can break a rule of a round of
        a year: when another round than the default exists, or the default lists regions or
        footprints (the default round alone takes any type that is one of its own)."""
        return bool(self.others or self.default.regions or self.default.footprints)

    def size_bands(self, year: str) -> tuple[SizeBand, ...]:
        """The size bands of the round of ``year`` (empty when it has none)."""
        return self.round_of(year).size_bands


def is_financial_year(text: str) -> bool:
    """Whether ``text`` is a financial year written ``YYYY/YY`` of consecutive years."""
    match = _YEAR.match(text)
    return match is not None and (int(match[1]) + 1) % 100 == int(match[2])


def parse_round(text: str, source: str = "<round>") -> RoundDefinition:
    """The round defined by a TOML text; ``RoundDefinitionError`` with every issue if it is bad."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        issue = RoundIssue("(file)", f"not valid TOML: {exc}", "a TOML document")
        raise RoundDefinitionError(source, [issue]) from None
    return _Reader(data).read(source)


def read_round(path: Path) -> RoundDefinition:
    """The round defined by a TOML file (see ``parse_round``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        issue = RoundIssue("(file)", f"cannot be read: {exc}", "a readable UTF-8 TOML file")
        raise RoundDefinitionError(str(path), [issue]) from None
    return parse_round(text, str(path))


def default_round_text() -> str:
    """The TOML text of the default round (QIPP 2010, the vocabulary of the data standard v1)."""
    return resources.files(__name__).joinpath(DEFAULT_ROUND_FILE).read_text(encoding="utf-8")


@functools.cache
def default_round() -> RoundDefinition:
    """The default round: QIPP 2010's years with the vocabulary of the data standard v1."""
    return parse_round(default_round_text(), DEFAULT_ROUND_FILE)


class _Reader:
    """Reads the raw TOML data of one definition, collecting every issue before refusing it."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data
        self.issues: list[RoundIssue] = []

    def issue(self, where: str, what: str, expected: str) -> None:
        self.issues.append(RoundIssue(where, what, expected))

    def read(self, source: str) -> RoundDefinition:
        data = self.data
        for key in sorted(set(data) - _TOP_KEYS):
            self.issue(key, "unknown key", "one of " + ", ".join(sorted(_TOP_KEYS)))
        fmt = data.get("format")
        if fmt != ROUND_FORMAT:
            self.issue("format", f"{fmt!r}", f"format = {ROUND_FORMAT}")
        name = self.text(data, "name", "name")
        if name and not _NAME.match(name):
            self.issue("name", f"{name!r}", "lower-case letters, digits, '-', '_' or '.'")
        title = self.text(data, "title", "title")
        years = self.years()
        kpis = self.known_codes("kpis", KPIS)
        indicators = self.known_codes("indicators", tuple(DEFAULT_INDICATORS))
        org_types = self.org_types()
        functions = self.functions()
        regions = self.regions()
        footprints = self.footprints(regions)
        size_bands = self.size_bands()
        if self.issues:
            raise RoundDefinitionError(source, self.issues)
        return RoundDefinition(
            name=name,
            title=title,
            years=years,
            functions=functions,
            org_types=org_types,
            kpis=kpis,
            indicators=indicators,
            regions=regions,
            footprints=footprints,
            size_bands=size_bands,
        )

    # -- typed values -------------------------------------------------------------------------

    def text(self, table: Mapping[str, object], key: str, where: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.issue(where, "missing", "a text value")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.issue(where, f"{value!r}", "a non-empty text value")
            return ""
        return value.strip()

    def code(self, table: Mapping[str, object], where: str) -> str:
        code = self.text(table, "code", where)
        if code and not _CODE.match(code):
            self.issue(where, f"{code!r}", "a code of lower-case letters, digits and '_'")
            return ""
        return code

    def array(self, key: str, required: bool = True) -> list[object]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.issue(key, "missing", "an array")
            return []
        if not isinstance(value, list):
            self.issue(key, f"{type(value).__name__} {value!r}", "an array")
            return []
        return cast(list[object], value)

    def tables(self, key: str, required: bool = True) -> list[tuple[str, Mapping[str, object]]]:
        out: list[tuple[str, Mapping[str, object]]] = []
        for i, item in enumerate(self.array(key, required)):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                self.issue(where, f"{item!r}", "a table")
                continue
            out.append((where, cast(dict[str, object], item)))
        return out

    def unknown_keys(self, table: Mapping[str, object], where: str, known: set[str]) -> None:
        for key in sorted(set(table) - known):
            self.issue(f"{where}.{key}", "unknown key", "one of " + ", ".join(sorted(known)))

    def unique(self, where: str, code: str, seen: dict[str, str], what: str) -> bool:
        if not code:
            return False
        if code in seen:
            self.issue(
                where, f"duplicate {what} {code!r} (also at {seen[code]})", f"unique {what}s"
            )
            return False
        seen[code] = where
        return True

    # -- sections -----------------------------------------------------------------------------

    def years(self) -> tuple[str, ...]:
        out: list[str] = []
        seen: dict[str, str] = {}
        items = self.array("years")
        if "years" in self.data and isinstance(self.data["years"], list) and not items:
            self.issue("years", "empty", "at least one financial year")
        for i, year in enumerate(items):
            where = f"years[{i}]"
            if not isinstance(year, str) or not is_financial_year(year):
                self.issue(where, f"{year!r}", "a financial year YYYY/YY such as 2016/17")
                continue
            if self.unique(where, year, seen, "year"):
                out.append(year)
        return tuple(out)

    def known_codes(self, key: str, known: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        seen: dict[str, str] = {}
        singular = key.removesuffix("s").upper() if key == "kpis" else key.removesuffix("s")
        for i, code in enumerate(self.array(key)):
            where = f"{key}[{i}]"
            if not isinstance(code, str) or code not in known:
                self.issue(where, f"unknown {singular} {code!r}", "one of " + ", ".join(known))
                continue
            if self.unique(where, code, seen, singular):
                out.append(code)
        return tuple(out)

    def org_types(self) -> tuple[RoundOrgType, ...]:
        out: list[RoundOrgType] = []
        seen: dict[str, str] = {}
        items = self.tables("org_types")
        if "org_types" in self.data and not items and not self.issues_at("org_types"):
            self.issue("org_types", "none", "at least one organisation type")
        for where, table in items:
            self.unknown_keys(table, where, {"code", "label"})
            code = self.code(table, f"{where}.code")
            label = self.text(table, "label", f"{where}.label")
            if self.unique(f"{where}.code", code, seen, "organisation type") and label:
                out.append(RoundOrgType(code, label))
        return tuple(out)

    def functions(self) -> tuple[RoundFunction, ...]:
        out: list[RoundFunction] = []
        seen: dict[str, str] = {}
        process_home: dict[str, str] = {}
        items = self.tables("functions")
        if "functions" in self.data and not items and not self.issues_at("functions"):
            self.issue("functions", "none", "at least one function")
        for where, table in items:
            self.unknown_keys(table, where, {"code", "label", "processes"})
            code = self.code(table, f"{where}.code")
            label = self.text(table, "label", f"{where}.label")
            processes = self.processes(table.get("processes", {}), f"{where}.processes", code)
            for process in processes:
                if process in process_home:
                    self.issue(
                        f"{where}.processes.{process}",
                        f"process {process!r} is also in function {process_home[process]!r}",
                        "each process in one function only",
                    )
                else:
                    process_home[process] = code
            if self.unique(f"{where}.code", code, seen, "function") and label:
                out.append(RoundFunction(code, label, MappingProxyType(processes)))
        return tuple(out)

    def processes(self, value: object, where: str, function: str) -> dict[str, ActivityClass]:
        if not isinstance(value, dict):
            self.issue(where, f"{value!r}", "a table of process = class")
            return {}
        out: dict[str, ActivityClass] = {}
        for process, klass in cast(dict[str, object], value).items():
            here = f"{where}.{process}"
            if not _CODE.match(process):
                self.issue(here, f"process code {process!r}", "lower-case letters, digits and '_'")
            elif klass not in ACTIVITY_CLASSES:
                self.issue(
                    here,
                    f"Table 14 class {klass!r}",
                    "T (transactional), O (operational) or S (strategic)",
                )
            else:
                out[process] = klass
        return out

    def regions(self) -> tuple[str, ...]:
        out: list[str] = []
        seen: dict[str, str] = {}
        for i, region in enumerate(self.array("regions", required=False)):
            where = f"regions[{i}]"
            if not isinstance(region, str) or not region.strip():
                self.issue(where, f"{region!r}", "a region name")
            elif self.unique(where, region.strip(), seen, "region"):
                out.append(region.strip())
        return tuple(out)

    def footprints(self, regions: tuple[str, ...]) -> tuple[Footprint, ...]:
        out: list[Footprint] = []
        seen: dict[str, str] = {}
        for where, table in self.tables("footprints", required=False):
            self.unknown_keys(table, where, {"name", "region"})
            name = self.text(table, "name", f"{where}.name")
            region = self.text(table, "region", f"{where}.region", required=False)
            if region and regions and region not in regions:
                self.issue(f"{where}.region", f"unknown region {region!r}", "a region of regions")
            if self.unique(f"{where}.name", name, seen, "footprint"):
                out.append(Footprint(name, region))
        return tuple(out)

    def size_bands(self) -> tuple[SizeBand, ...]:
        placed: list[tuple[str, SizeBand]] = []
        seen: dict[str, str] = {}
        for where, table in self.tables("size_bands", required=False):
            self.unknown_keys(table, where, {"code", "label", "min_turnover", "max_turnover"})
            code = self.code(table, f"{where}.code")
            label = self.text(table, "label", f"{where}.label")
            low = self.pounds(table, "min_turnover", where, required=True)
            high = self.pounds(table, "max_turnover", where, required=False)
            if low is not None and high is not None and high <= low:
                self.issue(
                    f"{where}.max_turnover", f"{high:g} is not above {low:g}", "max > min_turnover"
                )
                continue
            if self.unique(f"{where}.code", code, seen, "size band") and label and low is not None:
                placed.append((where, SizeBand(code, label, low, high)))
        for (_, prev), (where, band) in pairwise(placed):
            if prev.max_turnover is None or band.min_turnover < prev.max_turnover:
                self.issue(
                    f"{where}.min_turnover",
                    f"band {band.code!r} overlaps or precedes band {prev.code!r}",
                    "bands in increasing order, each starting at or above the previous one's end",
                )
        return tuple(band for _, band in placed)

    def pounds(
        self, table: Mapping[str, object], key: str, where: str, required: bool
    ) -> float | None:
        value = table.get(key)
        if value is None:
            if required:
                self.issue(f"{where}.{key}", "missing", "an amount in pounds")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            self.issue(f"{where}.{key}", f"{value!r}", "an amount in pounds, 0 or more")
            return None
        return float(value)

    def issues_at(self, key: str) -> bool:
        return any(i.where.startswith(key) for i in self.issues)
