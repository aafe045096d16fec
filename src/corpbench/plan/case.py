"""Case documents (planning methods §3): typed dataclasses, read from JSON or TOML (the same
fields), with defaults and a validation that returns every error at once with its path.

The field layout (documented with a full example in docs/planning.md)::

    horizon, discount_rate
    functions.<f>.{cost, transactional, operational, pay_share}
    option.{model, location_factor, management_fee}
    option.{simplify, standardise, share}.<f>
    option.phases.{simplify, standardise, share}.{start, ramp}
    option.one_off = [{year, amount}];  option.recurring = [{from_year, amount}]
    optimism_bias.{capex, opex, benefits, delay_years}
    uncertain."<path>".{low, mode, high}
    principles = [{name, weight}];  options_scored.<option>.<principle>
    partners = [{org_code, baseline, volume, redundancy_cost, key}]
    share_key, service_cost.{fixed, per_unit}, notice_years, candidates = [{org_code, volume}]
    monte_carlo.{draws, seed}

Paths in errors and in ``uncertain`` are these dot-separated keys, with list items by their
index from 0 (``option.one_off.0.amount``).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpbench.standard.vocab import DEFAULT_FUNCTIONS, PLAN_MODELS

#: The delivery models of §3, in the order of QIPP (more sharing = less control).
MODELS: tuple[str, ...] = PLAN_MODELS
#: Models whose in-scope share is the transactional share only (the others add operational).
TRANSACTIONAL_ONLY_MODELS: frozenset[str] = frozenset({"in_house_centralised", "cooperative"})
PHASES: tuple[str, ...] = ("simplify", "standardise", "share")
SHARE_KEYS: tuple[str, ...] = ("baseline", "volume", "equal", "custom")
#: The option name of the status quo in ``options_scored``: every appraisal must score it.
STATUS_QUO = "status_quo"

DEFAULT_HORIZON = 10
GREEN_BOOK_RATE = 0.035
DEFAULT_PAY_SHARE = 0.75
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 12345
MAX_HORIZON = 100
MAX_DRAWS = 1_000_000


class CaseInvalid(ValueError):
    """A case document with errors; ``errors`` holds every one, each with its path."""

    def __init__(self, errors: list[CaseError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@dataclass(frozen=True)
class CaseError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Function:
    code: str
    cost: float
    transactional: float
    operational: float
    pay_share: float = DEFAULT_PAY_SHARE


@dataclass(frozen=True)
class Phase:
    start: float = 1
    ramp: float = 1


@dataclass(frozen=True)
class OneOff:
    year: int
    amount: float


@dataclass(frozen=True)
class Recurring:
    from_year: int
    amount: float


@dataclass(frozen=True)
class Option:
    model: str
    simplify: Mapping[str, float]
    standardise: Mapping[str, float]
    share: Mapping[str, float]
    phases: Mapping[str, Phase]
    location_factor: float = 1.0
    management_fee: float = 0.0
    one_off: tuple[OneOff, ...] = ()
    recurring: tuple[Recurring, ...] = ()

    @property
    def transactional_only(self) -> bool:
        return self.model in TRANSACTIONAL_ONLY_MODELS


@dataclass(frozen=True)
class OptimismBias:
    capex: float = 0.0
    opex: float = 0.0
    benefits: float = 0.0
    delay_years: float = 0.0


@dataclass(frozen=True)
class Triangular:
    low: float
    mode: float
    high: float


@dataclass(frozen=True)
class Principle:
    name: str
    weight: float


@dataclass(frozen=True)
class Partner:
    org_code: str
    baseline: float = 0.0
    volume: float = 0.0
    redundancy_cost: float = 0.0
    key: float | None = None


@dataclass(frozen=True)
class Candidate:
    org_code: str
    volume: float


@dataclass(frozen=True)
class ServiceCost:
    fixed: float = 0.0
    per_unit: float = 0.0


@dataclass(frozen=True)
class MonteCarloSettings:
    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class Case:
    functions: tuple[Function, ...]
    option: Option
    horizon: int = DEFAULT_HORIZON
    discount_rate: float = GREEN_BOOK_RATE
    optimism_bias: OptimismBias = field(default_factory=OptimismBias)
    uncertain: Mapping[str, Triangular] = field(default_factory=dict)
    principles: tuple[Principle, ...] = ()
    options_scored: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    partners: tuple[Partner, ...] = ()
    share_key: str = "baseline"
    service_cost: ServiceCost = field(default_factory=ServiceCost)
    notice_years: float = 1.0
    candidates: tuple[Candidate, ...] = ()
    monte_carlo: MonteCarloSettings = field(default_factory=MonteCarloSettings)

    def function_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.functions)


# --- numbers and their ranges ---------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """An interval a figure must lie in, and the words that say so in an error."""

    low: float | None
    high: float | None
    words: str
    low_open: bool = False
    high_open: bool = False

    def problem(self, v: float) -> str | None:
        if not math.isfinite(v):
            return f"{_num(v)} is not a finite number (expected {self.words})"
        if self.low is not None and (v < self.low or (self.low_open and v == self.low)):
            word = "not above" if self.low_open and v == self.low else "below"
            return f"{_num(v)} is {word} {_num(self.low)} (expected {self.words})"
        if self.high is not None and (v > self.high or (self.high_open and v == self.high)):
            word = "not below" if self.high_open and v == self.high else "above"
            return f"{_num(v)} is {word} {_num(self.high)} (expected {self.words})"
        return None


def _num(v: float) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


AMOUNT = Range(0, None, "an amount ≥ 0")
SHARE_OF_ONE = Range(0, 1, "0 ≤ share ≤ 1")
#: The range of every numeric path of a case (the key of a function or list item replaced by
#: ``*``); a value of ``uncertain`` must stay in its parameter's range too.
RANGES: Mapping[str, Range] = {
    "horizon": Range(1, MAX_HORIZON, f"a whole number of years 1 … {MAX_HORIZON}"),
    "discount_rate": Range(0, 1, "0 ≤ rate < 1", high_open=True),
    "functions.*.cost": AMOUNT,
    "functions.*.transactional": Range(0, 1, "0 ≤ transactional share ≤ 1"),
    "functions.*.operational": Range(0, 1, "0 ≤ operational share ≤ 1"),
    "functions.*.pay_share": Range(0, 1, "0 ≤ pay share ≤ 1"),
    "option.simplify.*": Range(0, 0.2, "0 ≤ simplify ≤ 0.2"),
    "option.standardise.*": Range(0, 1, "0 ≤ standardise < 1 (0.15 typical)", high_open=True),
    "option.share.*": Range(0, 1, "0 ≤ share < 1", high_open=True),
    "option.location_factor": Range(0, None, "a location factor above 0", low_open=True),
    "option.management_fee": Range(0, 1, "0 ≤ management fee ≤ 1"),
    "option.phases.*.start": Range(1, None, "a start year ≥ 1"),
    "option.phases.*.ramp": Range(1, None, "a ramp of ≥ 1 year"),
    "option.one_off.*.year": Range(0, None, "a year from 0 to the horizon"),
    "option.one_off.*.amount": AMOUNT,
    "option.recurring.*.from_year": Range(0, None, "a year from 0 to the horizon"),
    "option.recurring.*.amount": AMOUNT,
    "optimism_bias.capex": Range(0, None, "an uplift ≥ 0"),
    "optimism_bias.opex": Range(0, None, "an uplift ≥ 0"),
    "optimism_bias.benefits": Range(0, 1, "0 ≤ benefits reduction ≤ 1"),
    "optimism_bias.delay_years": Range(0, None, "a delay ≥ 0 years"),
    "principles.*.weight": Range(0, None, "a weight ≥ 0"),
    "options_scored.*.*": Range(0, 10, "a score 0 … 10"),
    "partners.*.baseline": AMOUNT,
    "partners.*.volume": Range(0, None, "a volume ≥ 0"),
    "partners.*.redundancy_cost": AMOUNT,
    "partners.*.key": Range(0, None, "a key ≥ 0"),
    "candidates.*.volume": Range(0, None, "a volume ≥ 0"),
    "service_cost.fixed": AMOUNT,
    "service_cost.per_unit": AMOUNT,
    "notice_years": Range(0, None, "a notice of ≥ 0 years"),
    "monte_carlo.draws": Range(1, MAX_DRAWS, f"a whole number of draws 1 … {MAX_DRAWS:,}"),
    "monte_carlo.seed": Range(0, None, "a whole number ≥ 0"),
}

_INTEGER_PATHS = re.compile(
    r"^(horizon|option\.one_off\.\*\.year|option\.recurring\.\*\.from_year|monte_carlo\.\w+)$"
)


def range_key(path: str) -> str:
    """The key of :data:`RANGES` for a concrete path (``option.share.finance`` ->
    ``option.share.*``)."""
    parts = path.split(".")
    if parts[0] in {"functions", "option", "partners", "candidates", "options_scored"}:
        if parts[0] in {"functions", "partners", "candidates"} and len(parts) > 1:
            parts[1] = "*"
        elif parts[0] == "options_scored":
            parts[1:] = ["*"] * (len(parts) - 1)
        elif (len(parts) == 3 and parts[1] in {"simplify", "standardise", "share"}) or (
            len(parts) == 4 and parts[1] in {"phases", "one_off", "recurring"}
        ):
            parts[2] = "*"
    elif parts[0] == "principles" and len(parts) > 1:
        parts[1] = "*"
    return ".".join(parts)


# --- reading --------------------------------------------------------------------------------


def read_case(path: Path) -> Case:
    """Read and validate a case from a ``.json`` or ``.toml`` file; :class:`CaseInvalid` with
    every error when it is not a valid case."""
    return parse_case(read_document(path))


def read_document(path: Path) -> dict[str, Any]:
    """The raw document of a ``.json`` or ``.toml`` case file (:class:`CaseInvalid` when it
    cannot be read as one)."""
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseInvalid([CaseError("", f"cannot read {path.name}: {exc}")]) from exc
    if suffix not in (".toml", ".json"):
        raise CaseInvalid(
            [CaseError("", f"{path.name} is not a .json or .toml file (expected either)")]
        )
    return document_of_text(text, suffix[1:], path.name)


#: The formats a case document is written in.
FORMATS: tuple[str, ...] = ("toml", "json")


def document_of_text(text: str, fmt: str, name: str = "the case") -> dict[str, Any]:
    """The raw document of a case's text in ``fmt`` (``toml`` or ``json``), ``name`` naming it
    in the errors (:class:`CaseInvalid` when the text is not a document of fields)."""
    try:
        if fmt == "toml":
            data: Any = tomllib.loads(text)
        elif fmt == "json":
            data = json.loads(text)
        else:
            raise CaseInvalid(
                [CaseError("", f"{fmt!r} is not a case format (expected toml or json)")]
            )
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise CaseInvalid([CaseError("", f"{name} is not valid {fmt}: {exc}")]) from exc
    if not isinstance(data, dict):
        raise CaseInvalid([CaseError("", "a case is an object of fields (expected {...})")])
    return data


def parse_case(data: Mapping[str, Any]) -> Case:
    """Validate a case document (the mapping read from JSON or TOML) and build the
    :class:`Case`: every error at once in :class:`CaseInvalid`, nothing built when there is
    one."""
    p = _Parser()
    case = p.case(data)
    if p.errors:
        raise CaseInvalid(p.errors)
    return case


def validate_case(data: Mapping[str, Any]) -> list[CaseError]:
    """Every error of a case document (empty when it is valid)."""
    try:
        parse_case(data)
    except CaseInvalid as exc:
        return exc.errors
    return []


_TOP = {
    "horizon",
    "discount_rate",
    "functions",
    "option",
    "optimism_bias",
    "uncertain",
    "principles",
    "options_scored",
    "partners",
    "share_key",
    "service_cost",
    "notice_years",
    "candidates",
    "monte_carlo",
}


class _Parser:
    def __init__(self) -> None:
        self.errors: list[CaseError] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(CaseError(path, message))

    # generic readers

    def table(self, data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        v = data.get(key, {})
        if not isinstance(v, Mapping):
            self.error(path, f"{_show(v)} is not a table of fields (expected {{...}})")
            return {}
        return v

    def array(self, data: Mapping[str, Any], key: str, path: str) -> list[Any]:
        v = data.get(key, [])
        if not isinstance(v, list):
            self.error(path, f"{_show(v)} is not a list (expected [...])")
            return []
        return v

    def known(self, data: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for k in data:
            if k not in allowed:
                where = f"{path}.{k}" if path else str(k)
                self.error(where, f"unknown field (expected one of {', '.join(sorted(allowed))})")

    def number(
        self, data: Mapping[str, Any], key: str, path: str, default: float | None = None
    ) -> float | None:
        if key not in data:
            if default is None:
                self.error(path, "missing (expected a number)")
            return default
        return self.value(data[key], path)

    def value(self, v: Any, path: str) -> float | None:
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.error(path, f"{_show(v)} is not a number")
            return None
        rule = RANGES.get(range_key(path))
        if _INTEGER_PATHS.match(range_key(path)) and not float(v).is_integer():
            self.error(path, f"{_num(v)} is not a whole number")
            return None
        if rule is not None and (problem := rule.problem(v)) is not None:
            self.error(path, problem)
            return None
        return float(v)

    def text(self, data: Mapping[str, Any], key: str, path: str) -> str | None:
        v = data.get(key)
        if not isinstance(v, str) or not v.strip():
            self.error(path, f"{_show(v)} is not a name (expected text)")
            return None
        return v.strip()

    # the case

    def case(self, data: Mapping[str, Any]) -> Case:
        self.known(data, _TOP, "")
        horizon = self.number(data, "horizon", "horizon", DEFAULT_HORIZON)
        rate = self.number(data, "discount_rate", "discount_rate", GREEN_BOOK_RATE)
        functions = self.functions(self.table(data, "functions", "functions"))
        # the functions named, valid or not: an error in a function's figures is not also an
        # error in every option rate that names it
        named = data.get("functions")
        codes = tuple(c for c in named if c in DEFAULT_FUNCTIONS) if isinstance(named, dict) else ()
        option = self.option(self.table(data, "option", "option"), codes, horizon)
        bias = self.bias(self.table(data, "optimism_bias", "optimism_bias"))
        principles = self.principles(self.array(data, "principles", "principles"))
        scored = self.scored(self.table(data, "options_scored", "options_scored"), principles, data)
        share_key = data.get("share_key", "baseline")
        if share_key not in SHARE_KEYS:
            self.error(
                "share_key",
                f"{_show(share_key)} is not a share key (expected one of {', '.join(SHARE_KEYS)})",
            )
            share_key = "baseline"
        partners = self.partners(self.array(data, "partners", "partners"), share_key)
        sc = self.table(data, "service_cost", "service_cost")
        self.known(sc, {"fixed", "per_unit"}, "service_cost")
        service = ServiceCost(
            self.number(sc, "fixed", "service_cost.fixed", 0.0) or 0.0,
            self.number(sc, "per_unit", "service_cost.per_unit", 0.0) or 0.0,
        )
        notice = self.number(data, "notice_years", "notice_years", 1.0)
        candidates = self.candidates(self.array(data, "candidates", "candidates"), partners)
        mc = self.table(data, "monte_carlo", "monte_carlo")
        self.known(mc, {"draws", "seed"}, "monte_carlo")
        draws = self.number(mc, "draws", "monte_carlo.draws", DEFAULT_DRAWS)
        seed = self.number(mc, "seed", "monte_carlo.seed", DEFAULT_SEED)
        # With an error the case is still built (from stand-ins) so that the figures it
        # names (uncertain paths) are checked too; it is never returned.
        case = Case(
            functions=functions,
            option=option,
            horizon=int(horizon if horizon is not None else DEFAULT_HORIZON),
            discount_rate=rate if rate is not None else GREEN_BOOK_RATE,
            optimism_bias=bias,
            principles=principles,
            options_scored=scored,
            partners=partners,
            share_key=share_key,
            service_cost=service,
            notice_years=notice or 0.0,
            candidates=candidates,
            monte_carlo=MonteCarloSettings(int(draws or 0), int(seed or 0)),
        )
        uncertain = self.uncertain(self.table(data, "uncertain", "uncertain"), case)
        self.years(case)
        return dataclasses.replace(case, uncertain=uncertain)

    def functions(self, table: Mapping[str, Any]) -> tuple[Function, ...]:
        if not table:
            self.error("functions", "no functions (expected at least one function with its cost)")
        out = []
        for code, f in table.items():
            path = f"functions.{code}"
            if code not in DEFAULT_FUNCTIONS:
                self.error(
                    path, f"unknown function (expected one of {', '.join(DEFAULT_FUNCTIONS)})"
                )
                continue
            if not isinstance(f, Mapping):
                self.error(path, f"{_show(f)} is not a table of fields (expected {{cost, ...}})")
                continue
            self.known(f, {"cost", "transactional", "operational", "pay_share"}, path)
            cost = self.number(f, "cost", f"{path}.cost")
            tau = self.number(f, "transactional", f"{path}.transactional")
            omega = self.number(f, "operational", f"{path}.operational")
            pi = self.number(f, "pay_share", f"{path}.pay_share", DEFAULT_PAY_SHARE)
            if tau is not None and omega is not None and tau + omega > 1 + 1e-12:
                self.error(
                    path,
                    f"transactional + operational is {_num(tau + omega)}, above 1 "
                    "(expected the shares of one cost to sum to at most 1)",
                )
                continue
            if None not in (cost, tau, omega, pi):
                assert cost is not None
                assert tau is not None
                assert omega is not None
                assert pi is not None
                out.append(Function(code, cost, tau, omega, pi))
        return tuple(out)

    def option(
        self, table: Mapping[str, Any], codes: tuple[str, ...], horizon: float | None
    ) -> Option:
        allowed = {
            "model",
            "location_factor",
            "management_fee",
            "phases",
            "one_off",
            "recurring",
            *PHASES,
        }
        self.known(table, allowed, "option")
        model = table.get("model")
        if model not in MODELS:
            self.error(
                "option.model",
                f"{_show(model)} is not a delivery model (expected one of {', '.join(MODELS)})",
            )
        rates: dict[str, dict[str, float]] = {}
        for phase in PHASES:
            rates[phase] = {}
            for code, v in self.table(table, phase, f"option.{phase}").items():
                path = f"option.{phase}.{code}"
                if code not in DEFAULT_FUNCTIONS:
                    self.error(
                        path, f"unknown function (expected one of {', '.join(DEFAULT_FUNCTIONS)})"
                    )
                elif code not in codes:
                    self.error(
                        path,
                        "not one of the case's functions (expected a function under functions)",
                    )
                elif (x := self.value(v, path)) is not None:
                    rates[phase][code] = x
        lam = self.number(table, "location_factor", "option.location_factor", 1.0)
        fee = self.number(table, "management_fee", "option.management_fee", 0.0)
        phases_t = self.table(table, "phases", "option.phases")
        self.known(phases_t, set(PHASES), "option.phases")
        phases = {}
        for name in PHASES:
            ph = self.table(phases_t, name, f"option.phases.{name}")
            self.known(ph, {"start", "ramp"}, f"option.phases.{name}")
            start = self.number(ph, "start", f"option.phases.{name}.start", 1.0)
            ramp = self.number(ph, "ramp", f"option.phases.{name}.ramp", 1.0)
            phases[name] = Phase(start or 1.0, ramp or 1.0)
        one_off = []
        for i, item in enumerate(self.array(table, "one_off", "option.one_off")):
            path = f"option.one_off.{i}"
            if not isinstance(item, Mapping):
                self.error(path, f"{_show(item)} is not a table (expected {{year, amount}})")
                continue
            self.known(item, {"year", "amount"}, path)
            y = self.number(item, "year", f"{path}.year")
            a = self.number(item, "amount", f"{path}.amount")
            if y is not None and a is not None:
                one_off.append(OneOff(int(y), a))
        recurring = []
        for i, item in enumerate(self.array(table, "recurring", "option.recurring")):
            path = f"option.recurring.{i}"
            if not isinstance(item, Mapping):
                self.error(path, f"{_show(item)} is not a table (expected {{from_year, amount}})")
                continue
            self.known(item, {"from_year", "amount"}, path)
            y = self.number(item, "from_year", f"{path}.from_year")
            a = self.number(item, "amount", f"{path}.amount")
            if y is not None and a is not None:
                recurring.append(Recurring(int(y), a))
        return Option(
            model=str(model) if model in MODELS else MODELS[0],
            simplify=rates["simplify"],
            standardise=rates["standardise"],
            share=rates["share"],
            phases=phases,
            location_factor=lam if lam is not None else 1.0,
            management_fee=fee if fee is not None else 0.0,
            one_off=tuple(one_off),
            recurring=tuple(recurring),
        )

    def years(self, case: Case) -> None:
        for i, o in enumerate(case.option.one_off):
            if o.year > case.horizon:
                self.error(
                    f"option.one_off.{i}.year",
                    f"{o.year} is after the horizon (expected a year from 0 to {case.horizon})",
                )
        for i, r in enumerate(case.option.recurring):
            if r.from_year > case.horizon:
                self.error(
                    f"option.recurring.{i}.from_year",
                    f"{r.from_year} is after the "
                    f"horizon (expected a year from 0 to {case.horizon})",
                )

    def bias(self, table: Mapping[str, Any]) -> OptimismBias:
        self.known(table, {"capex", "opex", "benefits", "delay_years"}, "optimism_bias")
        vals = {
            k: self.number(table, k, f"optimism_bias.{k}", 0.0) or 0.0
            for k in ("capex", "opex", "benefits", "delay_years")
        }
        return OptimismBias(**vals)

    def principles(self, items: list[Any]) -> tuple[Principle, ...]:
        out: list[Principle] = []
        for i, item in enumerate(items):
            path = f"principles.{i}"
            if not isinstance(item, Mapping):
                self.error(path, f"{_show(item)} is not a table (expected {{name, weight}})")
                continue
            self.known(item, {"name", "weight"}, path)
            name = self.text(item, "name", f"{path}.name")
            w = self.number(item, "weight", f"{path}.weight")
            if name is not None and name in {p.name for p in out}:
                self.error(f"{path}.name", f"{name!r} is named twice (expected unique names)")
            elif name is not None and w is not None:
                out.append(Principle(name, w))
        if items and len(out) == len(items) and sum(p.weight for p in out) <= 0:
            self.error("principles", "every weight is 0 (expected at least one weight above 0)")
        return tuple(out)

    def scored(
        self,
        table: Mapping[str, Any],
        principles: tuple[Principle, ...],
        data: Mapping[str, Any],
    ) -> dict[str, dict[str, float]]:
        names = [p.name for p in principles]
        if not data.get("principles"):
            if table:
                self.error(
                    "options_scored",
                    "options are scored but there are no principles "
                    "(expected principles = [{name, weight}, ...])",
                )
            return {}
        if not table:
            self.error(
                "options_scored",
                "no options scored (expected the status quo and "
                "the options, each scored on every principle)",
            )
            return {}
        if STATUS_QUO not in table:
            self.error(
                f"options_scored.{STATUS_QUO}",
                "missing: the status quo is always one "
                "of the options (expected its score on every principle)",
            )
        out: dict[str, dict[str, float]] = {}
        for option, scores in table.items():
            path = f"options_scored.{option}"
            if not isinstance(scores, Mapping):
                self.error(
                    path,
                    f"{_show(scores)} is not a table of scores (expected {{principle = score}})",
                )
                continue
            self.known(scores, set(names), path)
            row = {}
            for n in names:
                v = self.number(scores, n, f"{path}.{n}")
                if v is not None:
                    row[n] = v
            out[str(option)] = row
        return out

    def partners(self, items: list[Any], share_key: str) -> tuple[Partner, ...]:
        out: list[Partner] = []
        for i, item in enumerate(items):
            path = f"partners.{i}"
            if not isinstance(item, Mapping):
                self.error(path, f"{_show(item)} is not a table (expected {{org_code, ...}})")
                continue
            self.known(item, {"org_code", "baseline", "volume", "redundancy_cost", "key"}, path)
            code = self.text(item, "org_code", f"{path}.org_code")
            b = self.number(item, "baseline", f"{path}.baseline", 0.0)
            v = self.number(item, "volume", f"{path}.volume", 0.0)
            red = self.number(item, "redundancy_cost", f"{path}.redundancy_cost", 0.0)
            key: float | None = None
            if "key" in item:
                key = self.value(item["key"], f"{path}.key")
            elif share_key == "custom":
                self.error(
                    f"{path}.key", "missing: share_key is custom (expected each partner's key k_i)"
                )
            if code is not None and code in {p.org_code for p in out}:
                self.error(
                    f"{path}.org_code",
                    f"{code!r} is a partner twice (expected unique organisation codes)",
                )
                continue
            if code is not None and None not in (b, v, red):
                assert b is not None
                assert v is not None
                assert red is not None
                out.append(Partner(code, b, v, red, key))
        if out and len(out) == len(items):
            totals = {
                "baseline": sum(p.baseline for p in out),
                "volume": sum(p.volume for p in out),
                "custom": sum(p.key or 0.0 for p in out),
            }
            if share_key in totals and totals[share_key] <= 0:
                self.error(
                    "partners",
                    f"the partners' {share_key if share_key != 'custom' else 'key'}s "
                    f"sum to 0 (expected a total above 0 for the {share_key} share key)",
                )
        return tuple(out)

    def candidates(self, items: list[Any], partners: tuple[Partner, ...]) -> tuple[Candidate, ...]:
        out: list[Candidate] = []
        codes = {p.org_code for p in partners}
        for i, item in enumerate(items):
            path = f"candidates.{i}"
            if not isinstance(item, Mapping):
                self.error(path, f"{_show(item)} is not a table (expected {{org_code, volume}})")
                continue
            self.known(item, {"org_code", "volume"}, path)
            code = self.text(item, "org_code", f"{path}.org_code")
            v = self.number(item, "volume", f"{path}.volume")
            if code is not None and code in codes:
                self.error(
                    f"{path}.org_code",
                    f"{code!r} is already a partner (expected an organisation that may join)",
                )
            elif code is not None and v is not None:
                out.append(Candidate(code, v))
        if out and not partners:
            self.error("candidates", "candidates without partners (expected partners to join)")
        return tuple(out)

    def uncertain(self, table: Mapping[str, Any], case: Case) -> dict[str, Triangular]:
        values = parameter_values(case)
        out = {}
        for p, spec in table.items():
            path = f'uncertain."{p}"'
            if p not in values:
                self.error(
                    path,
                    "no such figure in the case (expected a path such as "
                    "option.share.finance, optimism_bias.capex or functions.imt.cost)",
                )
                continue
            if not isinstance(spec, Mapping):
                self.error(path, f"{_show(spec)} is not a table (expected {{low, mode, high}})")
                continue
            self.known(spec, {"low", "mode", "high"}, path)
            lmh: list[float | None] = []
            for k in ("low", "mode", "high"):
                if k not in spec:
                    self.error(f"{path}.{k}", "missing (expected a number)")
                    lmh.append(None)
                    continue
                v = spec[k]
                if isinstance(v, bool) or not isinstance(v, int | float):
                    self.error(f"{path}.{k}", f"{_show(v)} is not a number")
                    lmh.append(None)
                    continue
                rule = RANGES.get(range_key(p))
                if rule is not None and (problem := rule.problem(v)) is not None:
                    self.error(f"{path}.{k}", problem)
                    lmh.append(None)
                    continue
                lmh.append(float(v))
            lo, mode, hi = lmh
            if lo is None or mode is None or hi is None:
                continue
            if not lo <= mode <= hi:
                self.error(
                    path,
                    f"low {_num(lo)}, mode {_num(mode)}, high {_num(hi)} are out "
                    "of order (expected low ≤ mode ≤ high)",
                )
                continue
            out[str(p)] = Triangular(lo, mode, hi)
        for f in case.functions:
            tau = out.get(f"functions.{f.code}.transactional")
            omega = out.get(f"functions.{f.code}.operational")
            top = (tau.high if tau else f.transactional) + (omega.high if omega else f.operational)
            if (tau or omega) and top > 1 + 1e-12:
                self.error(
                    f"uncertain.functions.{f.code}",
                    "the highest transactional + "
                    f"operational shares sum to {_num(top)}, above 1 (expected at most 1)",
                )
        return out


def parameter_values(case: Case) -> dict[str, float]:
    """Every figure of a case that ``uncertain`` may name, path -> the case's value, in the
    order of the engine's parameter vector."""
    out: dict[str, float] = {"discount_rate": case.discount_rate}
    for f in case.functions:
        out[f"functions.{f.code}.cost"] = f.cost
        out[f"functions.{f.code}.transactional"] = f.transactional
        out[f"functions.{f.code}.operational"] = f.operational
        out[f"functions.{f.code}.pay_share"] = f.pay_share
    o = case.option
    for phase in PHASES:
        rates = getattr(o, phase)
        for f in case.functions:
            out[f"option.{phase}.{f.code}"] = rates.get(f.code, 0.0)
    out["option.location_factor"] = o.location_factor
    out["option.management_fee"] = o.management_fee
    for phase in PHASES:
        out[f"option.phases.{phase}.start"] = o.phases[phase].start
        out[f"option.phases.{phase}.ramp"] = o.phases[phase].ramp
    for i, item in enumerate(o.one_off):
        out[f"option.one_off.{i}.amount"] = item.amount
    for i, rec in enumerate(o.recurring):
        out[f"option.recurring.{i}.amount"] = rec.amount
    b = case.optimism_bias
    out["optimism_bias.capex"] = b.capex
    out["optimism_bias.opex"] = b.opex
    out["optimism_bias.benefits"] = b.benefits
    out["optimism_bias.delay_years"] = b.delay_years
    return out


def _show(v: Any) -> str:
    if v is None:
        return "nothing"
    if isinstance(v, str):
        return repr(v[:60])
    if isinstance(v, int | float) and not isinstance(v, bool):
        return _num(v)
    return type(v).__name__ if isinstance(v, Mapping | list) else repr(v)[:60]
