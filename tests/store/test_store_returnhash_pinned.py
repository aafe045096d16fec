"""Return hashes (definition 2) are pinned to the values the first implementation gave on the
demo bundle, so that a faster implementation cannot change a stored fingerprint. (Re-pinned
once, with the implementation unchanged, when the demo data changed to QIPP's seven
functions.)"""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from corpbench.demo import generate
from corpbench.store.prepare import prepare
from corpbench.store.returnhash import CHUNK_ROWS

#: The demo at scale 0.2: 154 returns, 5,842 cost lines, 1,946 indicator values.
PINNED = {
    ("ZA00001", "2009/10"): "46e42cc19fab6fc907447231ed3dca3780973666112deaef9605ccdd73919046",
    ("ZA00004", "2010/11"): "739c33f2db1eb9b48cc2f065673b1d5cd991e1634fb7b072413de46e99bf874a",
    ("ZF00016", "2010/11"): "6d7e343ca01d00db64b85c4cdfa5355d6b82c055bc085ad7167fb179979d1c05",
    ("ZY00001", "2010/11"): "0d121a3acdda9d27ca6fd864e5add5c7aa6cc1ddd5d35b39770b08a955e6cf55",
}
#: SHA-256 of every return's hash, in (org_code, year) order, one per line.
ALL_HASHES = "39142d0aff34de950bde9fc003b1bc4b79289da46d28922d6c18caabfd995378"


@pytest.fixture(scope="module")
def returns() -> pl.DataFrame:
    bundle = generate(scale=0.2)
    return prepare(bundle).returns.sort("org_code", "year")


def test_demo_return_hashes_match_the_pinned_values(returns: pl.DataFrame) -> None:
    got = {(r[0], r[1]): r[2] for r in returns.select("org_code", "year", "content_hash").rows()}
    assert returns.height == 154
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
