"""The command line: one sub-command per verb (Typer + Rich).

Machine commands (``load``, ``export ...``) keep the exact names, options and CSV columns of
data standard §3; other tools call them. Errors are one sentence on stderr: exit status 2 for
usage errors and 1 for rejected input, never a traceback.
"""

from __future__ import annotations

import sys

from corpbench.cli.app import app
from corpbench.cli.common import CliError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``corpbench`` script."""
    try:
        app(standalone_mode=True)
    except CliError as e:  # pragma: no cover - Typer usually handles it through the callback
        print(f"corpbench: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
