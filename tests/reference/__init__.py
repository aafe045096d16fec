"""An independent implementation of the data standard v1 (§2 figures, §3 machine outputs).

Plain Python (csv, fractions) reading a bundle folder straight from its CSV files, used to check
every machine output of ``corpbench export`` on random bundles full of edge cases. It imports
nothing from the project's engine or readers, so the two agree only if both follow the text.
"""

from .bundle_dir import RefBundle, read_bundle_dir
from .compare import assert_rows_equal, parse_machine_csv
from .model import (
    KPI_COLUMNS,
    SAVINGS_COLUMNS,
    STATS_COLUMNS,
    SUMMARY_COLUMNS,
    ref_kpis,
    ref_savings,
    ref_stats,
    ref_summary,
)
from .random_bundles import random_bundle, write_bundle_dir

__all__ = [
    "KPI_COLUMNS",
    "SAVINGS_COLUMNS",
    "STATS_COLUMNS",
    "SUMMARY_COLUMNS",
    "RefBundle",
    "assert_rows_equal",
    "parse_machine_csv",
    "random_bundle",
    "read_bundle_dir",
    "ref_kpis",
    "ref_savings",
    "ref_stats",
    "ref_summary",
    "write_bundle_dir",
]
