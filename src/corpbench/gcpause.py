"""Pausing Python's cyclic garbage collector during bulk work.

A load at 100 times the national size makes millions of short-lived Python objects (rows
handed to the database driver, lists of codes, version references) and no reference cycles.
Each burst of allocations triggers the collector, which then walks every live object of the
process (the imported libraries included): measured at 0.2-0.3 s of a 4 s load. Pausing it for
the load and resuming it afterwards frees nothing later than it would have been freed anyway,
since nothing the load makes needs the collector to be freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off, then turn it back on if it was on
    (also when the body raises). Nested pauses leave it off until the outermost ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
