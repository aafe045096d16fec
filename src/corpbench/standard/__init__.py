"""The data standard (version 1) as data: files, columns, vocabularies and comparator tables.

Everything that reads, writes or checks a return takes its rules from here, so that a change to
the standard is made in one place. See ``docs/data-standard.md``.
"""

from corpbench.standard.schema import (
    BUNDLE_FILES,
    FILE_ORDER,
    ColumnSpec,
    ColumnType,
    FileSpec,
)
from corpbench.standard.vocab import (
    ALL_FUNCTION,
    DEFAULT_FUNCTIONS,
    DEFAULT_INDICATORS,
    DEFAULT_ORG_TYPES,
    DELIVERY_MODELS,
    EXTERNAL_TABLES,
    GROUPINGS,
    KPIS,
    PROCESS_CLASSES,
    SIMILAR,
    SIZE_BAND,
    STANDARD_VERSION,
    IndicatorKind,
    Vocabulary,
    normalise_process,
)

__all__ = [
    "ALL_FUNCTION",
    "BUNDLE_FILES",
    "DEFAULT_FUNCTIONS",
    "DEFAULT_INDICATORS",
    "DEFAULT_ORG_TYPES",
    "DELIVERY_MODELS",
    "EXTERNAL_TABLES",
    "FILE_ORDER",
    "GROUPINGS",
    "KPIS",
    "PROCESS_CLASSES",
    "SIMILAR",
    "SIZE_BAND",
    "STANDARD_VERSION",
    "ColumnSpec",
    "ColumnType",
    "FileSpec",
    "IndicatorKind",
    "Vocabulary",
    "normalise_process",
]
