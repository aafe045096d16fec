"""The canonical content hash: equal content, equal hash; any difference, a different hash."""

from __future__ import annotations

import polars as pl

from corpbench.store.hashing import float_bits, row_strings
from corpbench.store.prepare import prepare
from store.bundles import bundle, cost, fin, org


def _return_hash(costs: list[dict[str, object]]) -> str:
    prepared = prepare(bundle(finance=[fin("RAA01")], costs=costs))
    (value,) = prepared.returns["content_hash"].to_list()
    assert isinstance(value, str)
    return value


def test_float_bits_are_the_ieee_754_pattern() -> None:
    bits = float_bits(pl.Series("x", [1.0, 0.5, None, -0.0, 0.0]))
    assert bits.to_list() == [0x3FF0000000000000, 0x3FE0000000000000, None, 0, 0]


def test_row_text_is_tagged_and_length_prefixed() -> None:
    df = pl.DataFrame(
        {"org_name": ["a|b", None], "teaching": [True, None], "footprint": ["", "x"]},
        schema={"org_name": pl.String(), "teaching": pl.Boolean(), "footprint": pl.String()},
    )
    texts = row_strings("organisations", df, ("org_name", "teaching", "footprint"))
    assert texts.to_list() == ["organisations|3:a|b|T|0:", "organisations|~|~|1:x"]


def test_hash_ignores_row_order_and_negative_zero() -> None:
    a = [cost("RAA01", "hr", None, pay_cost=0.0), cost("RAA01", "imt", "x")]
    b = [cost("RAA01", "imt", "x"), cost("RAA01", "hr", None, pay_cost=-0.0)]
    assert _return_hash(a) == _return_hash(b)


def test_hash_sees_the_smallest_float_change() -> None:
    base = _return_hash([cost("RAA01", "hr", None, pay_cost=0.1)])
    assert _return_hash([cost("RAA01", "hr", None, pay_cost=0.1 + 2**-56)]) != base


def test_hash_tells_null_from_empty_text_and_shifted_text_apart() -> None:
    hashes = {
        _return_hash([cost("RAA01", "hr", None)]),
        _return_hash([cost("RAA01", "hr", "")]),
        _return_hash([cost("RAA01", "hr", "~")]),
        _return_hash([cost("RAA01", "hr", "a", delivery_model="b")]),
        _return_hash([cost("RAA01", "hr", "a|1:b")]),
    }
    assert len(hashes) == 5


def test_duplicate_line_changes_the_hash() -> None:
    one = [cost("RAA01", "hr", None)]
    assert _return_hash(one) != _return_hash(one * 2)


def test_return_counts_its_lines() -> None:
    prepared = prepare(
        bundle(
            orgs=[org("RAA01")],
            finance=[fin("RAA01"), fin("RAA01", "2010/11")],
            costs=[cost("RAA01", "hr", None), cost("RAA01", "imt", None)],
        )
    )
    assert prepared.returns.select("year", "n_cost_lines", "n_indicators").sort("year").rows() == [
        ("2009/10", 2, 0),
        ("2010/11", 0, 0),
    ]
    assert prepared.cost_lines["seq"].to_list() == [0, 1]
