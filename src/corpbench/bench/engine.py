"""The benchmark engine: every figure of data standard v1 §2–§3 from the four canonical tables.

:class:`Benchmark` computes the totals, KPIs, peer groups, statistics and savings once and
caches them (per grouping and method); the command line and other doors call it. Asking for one
year keeps the rows of that year (peer statistics are per year anyway).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence

import polars as pl

from corpbench.bench.by_function import summary_by_function
from corpbench.bench.groups import DEFAULT_GROUPING, peer_groups, size_band_members
from corpbench.bench.kpis import kpis_from_totals
from corpbench.bench.methods import Method, parse_method
from corpbench.bench.mypeers import MY_PEERS_PREFIX, enough_peers, my_peers_group
from corpbench.bench.position import org_position
from corpbench.bench.ranks import peer_ranks
from corpbench.bench.savings import compute_savings, savings_base
from corpbench.bench.similar import DEFAULT_SIMILAR_K, similar_members
from corpbench.bench.stats import peer_stats
from corpbench.bench.summary import count_eligible, eligible_members, national_summary
from corpbench.bench.totals import function_totals
from corpbench.bench.trends import YearRounds, scope_trend
from corpbench.bench.uncertainty_cache import UncertaintyFigures
from corpbench.standard import EXTERNAL_TABLES, SIMILAR, SIZE_BAND
from corpbench.standard.bundle import Bundle, conform
from corpbench.standard.rounds import RoundsByYear


def _for_year(df: pl.DataFrame, year: str | None) -> pl.DataFrame:
    return df if year is None else df.filter(pl.col("year") == year)


class Benchmark(UncertaintyFigures):
    """Figures of a national round from its ``organisations``, ``finance``, ``function_costs``
    and ``indicators`` tables (the canonical tables of :mod:`corpbench.standard.bundle`).

    ``peer_lists`` names custom peer lists (grouping ``peers:NAME``); ``extra_tables`` adds
    external comparator tables to the shipped Hackett tables (``external:NAME``);
    ``similar_k`` is the number of nearest peers of the grouping ``similar``; ``rounds`` gives
    the round of each year (its size bands: the grouping ``size_band``; default: the default
    round for every year, which has none).
    """

    def __init__(
        self,
        organisations: pl.DataFrame,
        finance: pl.DataFrame,
        function_costs: pl.DataFrame,
        indicators: pl.DataFrame | None = None,
        *,
        peer_lists: Mapping[str, Sequence[str]] | None = None,
        extra_tables: Mapping[str, Mapping[str, float]] | None = None,
        similar_k: int = DEFAULT_SIMILAR_K,
        rounds: RoundsByYear | None = None,
    ) -> None:
        self.rounds = rounds if rounds is not None else RoundsByYear.of([])
        self.organisations = conform("organisations", organisations)
        self.finance = conform("finance", finance)
        self.function_costs = conform("function_costs", function_costs)
        self.indicators = conform(
            "indicators", indicators if indicators is not None else pl.DataFrame()
        )
        self.peer_lists: Mapping[str, Sequence[str]] = dict(peer_lists or {})
        self.extra_tables: Mapping[str, Mapping[str, float]] = dict(extra_tables or {})
        self.external_tables: Mapping[str, Mapping[str, float]] = {
            **EXTERNAL_TABLES,
            **self.extra_tables,
        }
        self._eligible: pl.DataFrame | None = None
        self._totals: pl.DataFrame | None = None
        self._kpis: pl.DataFrame | None = None
        self._savings_base: pl.DataFrame | None = None
        if similar_k < 1:
            raise ValueError(
                f"The number of similar organisations must be at least 1, not {similar_k}."
            )
        self.similar_k = similar_k
        self._groups: dict[str, pl.DataFrame] = {}
        self._members: dict[str, pl.DataFrame] = {}
        self._stats: dict[str, pl.DataFrame] = {}
        self._ranks: dict[str, pl.DataFrame] = {}
        self._savings: dict[tuple[Method, str], pl.DataFrame] = {}
        self._summaries: dict[tuple[Method, str], pl.DataFrame] = {}
        self._init_uncertainty()
        #: The "My peers" list of :meth:`with_my_peers`: (grouping, organisation, peers).
        self._my_peers: tuple[str, str, tuple[str, ...]] | None = None

    @classmethod
    def from_bundle(
        cls,
        bundle: Bundle,
        *,
        peer_lists: Mapping[str, Sequence[str]] | None = None,
        extra_tables: Mapping[str, Mapping[str, float]] | None = None,
        similar_k: int = DEFAULT_SIMILAR_K,
        rounds: RoundsByYear | None = None,
    ) -> Benchmark:
        """The benchmark of a validated bundle."""
        return cls(
            bundle.organisations,
            bundle.finance,
            bundle.function_costs,
            bundle.indicators,
            peer_lists=peer_lists,
            extra_tables=extra_tables,
            similar_k=similar_k,
            rounds=rounds,
        )

    def with_my_peers(self, name: str, code: str, peers: Sequence[str]) -> Benchmark:
        """This benchmark with the grouping ``mypeers:NAME``: organisation ``code`` among its
        saved ``peers`` (:mod:`corpbench.bench.mypeers`). Every figure already computed here is
        shared, not computed again; this benchmark itself is unchanged."""
        self._base()  # totals, KPIs and the savings base: computed once, shared
        other = copy.copy(self)
        other._my_peers = (MY_PEERS_PREFIX + name, code, tuple(dict.fromkeys(peers)))
        for cache in ("_groups", "_members", "_stats", "_ranks", "_savings", "_summaries"):
            kept = {
                k: v
                for k, v in getattr(self, cache).items()
                if not str(k[1] if isinstance(k, tuple) else k).startswith(MY_PEERS_PREFIX)
            }
            setattr(other, cache, kept)
        return other

    def my_peers(self, grouping: str) -> tuple[str, tuple[str, ...]] | None:
        """(organisation, peers) when ``grouping`` is this benchmark's "My peers" grouping,
        None for another grouping (``ValueError`` for another ``mypeers:`` list)."""
        return self._my_peers_of(grouping)

    def _my_peers_of(self, grouping: str) -> tuple[str, tuple[str, ...]] | None:
        """(organisation, peers) when ``grouping`` is this benchmark's "My peers" grouping;
        ``ValueError`` for another ``mypeers:`` grouping."""
        if not grouping.startswith(MY_PEERS_PREFIX):
            return None
        if self._my_peers is None or self._my_peers[0] != grouping:
            raise ValueError(f"Unknown peer list '{grouping.removeprefix(MY_PEERS_PREFIX)}'.")
        return self._my_peers[1], self._my_peers[2]

    def _grouped_kpis(self, grouping: str) -> pl.DataFrame:
        """The KPIs peer figures under ``grouping`` are computed from: all of them, except under
        "My peers" (:func:`corpbench.bench.mypeers.enough_peers`)."""
        mine = self._my_peers_of(grouping)
        if mine is None:
            return self.kpis()
        return enough_peers(self.kpis(), *mine)

    def bundle(self) -> Bundle:
        """The four tables the figures are computed from, as a bundle."""
        return Bundle(
            organisations=self.organisations,
            finance=self.finance,
            function_costs=self.function_costs,
            indicators=self.indicators,
        )

    def method(self, method: str | Method) -> Method:
        """``method`` parsed (``iqm``, ``median``, ``q1``, ``external:NAME``, ``threshold:P``)."""
        if isinstance(method, Method):
            if method.kind == "external" and method.name not in self.external_tables:
                return parse_method(str(method), extra_tables=self.extra_tables)
            return method
        return parse_method(method, extra_tables=self.extra_tables)

    def years(self) -> list[str]:
        """The years present in finance, ascending."""
        return sorted(self.finance["year"].unique().to_list())

    def eligible_members(self, year: str | None = None) -> pl.DataFrame:
        """``org_code, org_type, year``: who is eligible in each year (every register entry,
        or by the years' rounds: :func:`eligible_members`)."""
        if self._eligible is None:
            year_rounds = {y: self.rounds.round_of(y).name for y in self.years()}
            self._eligible = eligible_members(
                self.organisations, self.finance, self.function_costs, year_rounds
            )
        return _for_year(self._eligible, year)

    def eligible(self) -> pl.DataFrame:
        """``org_type, year, eligible``: :meth:`eligible_members` counted."""
        return count_eligible(self.eligible_members())

    def totals(self, year: str | None = None) -> pl.DataFrame:
        """Cost, FTE and shared cost per organisation, year and function (and ``all``)."""
        if self._totals is None:
            self._totals = function_totals(self.function_costs)
        return _for_year(self._totals, year)

    def kpis(self, year: str | None = None) -> pl.DataFrame:
        """Every defined KPI: ``org_code, year, function, kpi, value`` (§3 "kpis")."""
        if self._kpis is None:
            self._kpis = kpis_from_totals(self.totals(), self.finance)
        return _for_year(self._kpis, year)

    def groups(self, grouping: str = DEFAULT_GROUPING) -> pl.DataFrame:
        """``org_code, group``: each organisation's own group under ``grouping`` (under
        ``similar``, ``similar:CODE`` for every organisation of the register, whether or not it
        has members in a year; under ``size_band``, ``org_code, year, group``: its band in each
        year, :func:`corpbench.bench.groups.size_band_members`); ``ValueError`` for an unknown
        grouping."""
        if grouping not in self._groups:
            mine = self._my_peers_of(grouping)
            if grouping == SIZE_BAND:
                self._groups[grouping] = size_band_members(self.finance, self.rounds)
            elif mine is not None:
                self._groups[grouping] = my_peers_group(
                    mine[0], grouping.removeprefix(MY_PEERS_PREFIX), mine[1]
                )
            else:
                self._groups[grouping] = peer_groups(
                    self.organisations, grouping, peer_lists=self.peer_lists
                )
        return self._groups[grouping]

    def members(self, grouping: str = DEFAULT_GROUPING) -> pl.DataFrame:
        """Who is in each group under ``grouping``: the :meth:`groups` table, except under
        ``similar`` where an organisation is in several groups and membership is per year
        (``org_code, year, group``, :func:`corpbench.bench.similar.similar_members`)."""
        if grouping not in self._members:
            if grouping == SIMILAR:
                respondents = self.totals().select("org_code", "year")
                self._members[grouping] = similar_members(
                    self.organisations, self.finance, respondents, self.similar_k
                )
            else:
                self._members[grouping] = self.groups(grouping)
        return self._members[grouping]

    def group_of(
        self, code: str, grouping: str = DEFAULT_GROUPING, year: str | None = None
    ) -> str | None:
        """The peer group of organisation ``code`` under ``grouping``, or ``None``; under a
        grouping whose groups are per year (``size_band``) its group in ``year`` (default: the
        latest year it has one)."""
        groups = self.groups(grouping).filter(pl.col("org_code") == code)
        if "year" in groups.columns:
            groups = groups.sort("year", descending=True)
            if year is not None:
                groups = groups.filter(pl.col("year") == year)
        found = groups["group"]
        return None if found.is_empty() else str(found[0])

    def check_grouping(self, grouping: str, year: str | None = None) -> None:
        """``ValueError`` (one sentence) for an unknown grouping, and under ``size_band`` for a
        ``year`` whose round has no size bands (or, without a year, when no year's round has
        any): the grouping would have no groups there."""
        self.groups(grouping)
        if grouping != SIZE_BAND:
            return
        years = [year] if year is not None else self.years()
        if not any(self.rounds.size_bands(y) for y in years):
            if year is not None:
                name = self.rounds.round_of(year).name
                what = f"The round of {year} ({name}) has no size bands"
            else:
                what = "No round of the years stored has size bands"
            raise ValueError(
                f"{what}, so the size_band grouping has no groups; a round lists its size "
                "bands in its definition (docs/rounds.md)."
            )

    def stats(self, grouping: str = DEFAULT_GROUPING, year: str | None = None) -> pl.DataFrame:
        """Peer statistics of every KPI (§3 "stats") under ``grouping``."""
        if grouping not in self._stats:
            self._stats[grouping] = peer_stats(self._grouped_kpis(grouping), self.members(grouping))
        return _for_year(self._stats[grouping], year)

    def ranks(self, grouping: str = DEFAULT_GROUPING, year: str | None = None) -> pl.DataFrame:
        """Each member's rank within its peer group on every KPI under ``grouping``
        (:func:`corpbench.bench.ranks.peer_ranks`); under ``similar`` an organisation has a row
        per group it is in, its own being :meth:`groups`'s."""
        if grouping not in self._ranks:
            self._ranks[grouping] = peer_ranks(self._grouped_kpis(grouping), self.members(grouping))
        return _for_year(self._ranks[grouping], year)

    def _base(self) -> pl.DataFrame:
        if self._savings_base is None:
            self._savings_base = savings_base(self.kpis(), self.totals(), self.finance)
        return self._savings_base

    def savings(
        self,
        method: str | Method,
        grouping: str = DEFAULT_GROUPING,
        year: str | None = None,
    ) -> pl.DataFrame:
        """Savings under ``method`` (§3 "savings"); peer methods use ``grouping``."""
        parsed = self.method(method)
        key = (parsed, grouping if parsed.is_peer else "")
        if key not in self._savings:
            peer = parsed.is_peer
            self._savings[key] = compute_savings(
                self.kpis(),
                self.totals(),
                self.finance,
                self.groups(grouping) if peer else None,
                self.stats(grouping) if peer else None,
                parsed,
                external_tables=self.external_tables,
                base=self._base(),
            )
        return _for_year(self._savings[key], year)

    def summary(
        self,
        method: str | Method,
        year: str | None = None,
        grouping: str = DEFAULT_GROUPING,
    ) -> pl.DataFrame:
        """The national summary under ``method`` (§3 "summary")."""
        parsed = self.method(method)
        key = (parsed, grouping if parsed.is_peer else "")
        if key not in self._summaries:
            self._summaries[key] = national_summary(
                self.organisations,
                self.finance,
                self.function_costs,
                self.savings(parsed, grouping),
                parsed,
                totals=self.totals(),
                eligible=self.eligible(),
            )
        return _for_year(self._summaries[key], year)

    def summary_by_function(
        self,
        method: str | Method,
        year: str | None = None,
        grouping: str = DEFAULT_GROUPING,
    ) -> pl.DataFrame:
        """Spend, shared spend and savings per function, extrapolated to 100% by type."""
        parsed = self.method(method)
        frame = summary_by_function(
            self.organisations,
            self.totals(),
            self.savings(parsed, grouping),
            parsed,
            eligible=self.eligible(),
        )
        return _for_year(frame, year)

    def trend(self, rounds: YearRounds, members: Sequence[str] | None = None) -> pl.DataFrame:
        """Each function's cost and % of turnover per year of the organisations ``members``
        (None: the nation), across the rounds of the years (``rounds``;
        :func:`corpbench.bench.trends.scope_trend`)."""
        return scope_trend(self.totals(), self.finance, rounds, members)

    def org_label(self, code: str) -> str:
        """The organisation's name (its code when it is not in the register)."""
        found = self.organisations.filter(pl.col("org_code") == code)["org_name"]
        return code if found.is_empty() else str(found[0])

    def respondent_years(self, code: str) -> list[str]:
        """The years in which organisation ``code`` responded, ascending."""
        rows = self.totals().filter(pl.col("org_code") == code)
        return sorted(rows["year"].unique().to_list())

    def checked_year(self, code: str, year: str | None = None) -> str:
        """``year`` (default: the latest year organisation ``code`` responded in), after
        checking that the organisation is in the register and responded that year. Raises
        ``ValueError`` (one sentence) otherwise."""
        if self.organisations.filter(pl.col("org_code") == code).is_empty():
            raise ValueError(f"Organisation {code} is not in the register.")
        responded = self.respondent_years(code)
        if year is None:
            if not responded:
                raise ValueError(f"Organisation {code} has not returned any cost data.")
            return responded[-1]
        if year not in responded:
            raise ValueError(f"Organisation {code} has no cost data for {year}.")
        return year

    def org_position(
        self,
        code: str,
        year: str | None = None,
        methods: Sequence[str | Method] = ("iqm",),
        grouping: str = DEFAULT_GROUPING,
    ) -> pl.DataFrame:
        """The position of organisation ``code`` among its peers (see
        :func:`corpbench.bench.position.org_position`).

        ``year`` defaults to the latest year the organisation responded. Raises ``ValueError``
        when the organisation is not in the register or did not respond in that year.
        """
        year = self.checked_year(code, year)
        parsed = [self.method(m) for m in methods]
        return org_position(
            code,
            year,
            parsed,
            totals=self.totals(),
            kpis=self.kpis(),
            groups=self.groups(grouping),
            stats=self.stats(grouping),
            savings={m: self.savings(m, grouping) for m in parsed},
            members=self.members(grouping),
        )
