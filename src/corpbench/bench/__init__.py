"""The benchmark engine: pure functions over polars tables for every figure of data standard v1.

One function per figure (totals, KPIs, peer groups, statistics, ranks, savings and total
savings, national summary, an organisation's position among its peers) and :class:`Benchmark`,
which computes and caches them for the doors (command line, web). Nothing here touches a
database, a file or the network.
"""

from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import DEFAULT_GROUPING, GROUP_COLUMNS, PEERS_PREFIX, peer_groups
from corpbench.bench.kpis import KPI_COLUMNS, compute_kpis, kpis_from_totals
from corpbench.bench.methods import PEER_KINDS, Method, MethodKind, parse_method
from corpbench.bench.position import POSITION_COLUMNS, POSITION_KPIS, org_position
from corpbench.bench.ranks import RANK_COLUMNS, peer_ranks
from corpbench.bench.savings import (
    SAVINGS_COLUMNS,
    SAVINGS_KPI,
    compute_savings,
    counted_savings,
    savings_base,
    total_savings,
)
from corpbench.bench.stats import STATS_COLUMNS, interquartile_mean, peer_stats, quantile7
from corpbench.bench.summary import (
    ALL_ORG_TYPES,
    SUMMARY_COLUMNS,
    eligible_counts,
    eligible_members,
    national_summary,
)
from corpbench.bench.totals import TOTALS_COLUMNS, function_totals, respondents

__all__ = [
    "ALL_ORG_TYPES",
    "DEFAULT_GROUPING",
    "GROUP_COLUMNS",
    "KPI_COLUMNS",
    "PEERS_PREFIX",
    "PEER_KINDS",
    "POSITION_COLUMNS",
    "POSITION_KPIS",
    "RANK_COLUMNS",
    "SAVINGS_COLUMNS",
    "SAVINGS_KPI",
    "STATS_COLUMNS",
    "SUMMARY_COLUMNS",
    "TOTALS_COLUMNS",
    "Benchmark",
    "Method",
    "MethodKind",
    "compute_kpis",
    "compute_savings",
    "counted_savings",
    "eligible_counts",
    "eligible_members",
    "function_totals",
    "interquartile_mean",
    "kpis_from_totals",
    "national_summary",
    "org_position",
    "parse_method",
    "peer_groups",
    "peer_ranks",
    "peer_stats",
    "quantile7",
    "respondents",
    "savings_base",
    "total_savings",
]
