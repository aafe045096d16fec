"""The command line: one sub-command per verb (Typer + Rich).

Machine commands (``load``, ``export ...``) keep the exact names, options and CSV columns of
data standard §3; other tools call them. Errors are one sentence on stderr: exit status 2 for
usage errors and 1 for rejected input, never a traceback (set ``CORPBENCH_DEBUG=1`` to see one
for an unexpected failure).
"""

from __future__ import annotations

import os
import sys

from corpbench.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``corpbench`` script."""
    try:
        app()
    except KeyboardInterrupt:
        print("corpbench: interrupted.", file=sys.stderr)
        sys.exit(130)
    except Exception as e:
        if os.environ.get("CORPBENCH_DEBUG"):
            raise
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        print(
            f"corpbench: unexpected error ({type(e).__name__}): {first} "
            "(set CORPBENCH_DEBUG=1 for details).",
            file=sys.stderr,
        )
        sys.exit(1)
