"""Return hashes (definition 2) are pinned to the values the first implementation gave on the
demo bundle, so that a faster implementation cannot change a stored fingerprint."""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from corpbench.demo import generate
from corpbench.store.prepare import prepare
from corpbench.store.returnhash import CHUNK_ROWS

#: The demo at scale 0.2: 143 returns, 6,246 cost lines, 1,952 indicator values.
PINNED = {
    ("ZA00001", "2009/10"): "866d251638b8407f935fb519477648864550f78608d94cc95726352c076103c7",
    ("ZA00004", "2010/11"): "ce1888b845dec318e9c9b1be2d15c650d3d9b8bf88c9307c21ba0975ce45cd8b",
    ("ZF00016", "2010/11"): "7483ddd56c52c9bf364eeea9042b57aaac2e801f893fcddbe6b8c4f04f32a59d",
    ("ZY00001", "2010/11"): "30d2ebf7507b1fd502ec1dffa464a4d3441dfcb14d08b9bf0f4ecf7017ca70f2",
}
#: SHA-256 of every return's hash, in (org_code, year) order, one per line.
ALL_HASHES = "1d347f3f4bb429e1a6b20ae52cd65d1f6e41c7daa6de56ba96c8d4f0222b5ce7"


@pytest.fixture(scope="module")
def returns() -> pl.DataFrame:
    bundle = generate(scale=0.2)
    return prepare(bundle).returns.sort("org_code", "year")


def test_demo_return_hashes_match_the_pinned_values(returns: pl.DataFrame) -> None:
    got = {(r[0], r[1]): r[2] for r in returns.select("org_code", "year", "content_hash").rows()}
    assert returns.height == 143
    for key, digest in PINNED.items():
        assert got[key] == digest


def test_every_demo_return_hash_matches_the_pinned_digest(returns: pl.DataFrame) -> None:
    joined = "\n".join(returns["content_hash"].to_list()).encode()
    assert hashlib.sha256(joined).hexdigest() == ALL_HASHES


def test_demo_hashes_do_not_depend_on_line_order_or_chunking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundle = generate(scale=0.2)
    shuffled = type(bundle).from_tables(
        organisations=bundle.organisations,
        finance=bundle.finance.reverse(),
        function_costs=bundle.function_costs.sample(fraction=1.0, shuffle=True, seed=1),
        indicators=bundle.indicators.reverse(),
    )
    monkeypatch.setattr("corpbench.store.returnhash.CHUNK_ROWS", 1000)
    assert CHUNK_ROWS > 1000
    returns = prepare(shuffled).returns.sort("org_code", "year")
    joined = "\n".join(returns["content_hash"].to_list()).encode()
    assert hashlib.sha256(joined).hexdigest() == ALL_HASHES
