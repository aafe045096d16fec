"""The benchmark engine: pure functions over polars tables for every figure of data standard v1.

One function per figure (totals, KPIs, peer groups, statistics, savings, national summary,
organisation report) and :class:`Benchmark`, which computes and caches them for the doors
(command line, web). Nothing here touches a database, a file or the network.
"""

from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import DEFAULT_GROUPING, GROUP_COLUMNS, PEERS_PREFIX, peer_groups
from corpbench.bench.kpis import KPI_COLUMNS, compute_kpis, kpis_from_totals
from corpbench.bench.methods import PEER_KINDS, Method, MethodKind, parse_method
from corpbench.bench.report import REPORT_COLUMNS, REPORT_KPIS, org_report
from corpbench.bench.savings import SAVINGS_COLUMNS, SAVINGS_KPI, compute_savings, savings_base
from corpbench.bench.stats import STATS_COLUMNS, interquartile_mean, peer_stats, quantile7
from corpbench.bench.summary import ALL_ORG_TYPES, SUMMARY_COLUMNS, national_summary
from corpbench.bench.totals import TOTALS_COLUMNS, function_totals, respondents

__all__ = [
    "ALL_ORG_TYPES",
    "DEFAULT_GROUPING",
    "GROUP_COLUMNS",
    "KPI_COLUMNS",
    "PEERS_PREFIX",
    "PEER_KINDS",
    "REPORT_COLUMNS",
    "REPORT_KPIS",
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
    "function_totals",
    "interquartile_mean",
    "kpis_from_totals",
    "national_summary",
    "org_report",
    "parse_method",
    "peer_groups",
    "peer_stats",
    "quantile7",
    "respondents",
    "savings_base",
]
