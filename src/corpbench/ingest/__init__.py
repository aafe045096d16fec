"""Reading and validating return bundles."""

from corpbench.ingest.report import Issue, Report, Severity

__all__ = ["Issue", "Report", "Severity"]
