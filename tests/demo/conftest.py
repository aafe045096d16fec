"""The default demo round, generated once for the demo tests (it takes a fraction of a second,
but several test files read it)."""

from __future__ import annotations

import pytest

from corpbench.demo import generate
from corpbench.standard.bundle import Bundle


@pytest.fixture(scope="session")
def demo_bundle() -> Bundle:
    return generate()
