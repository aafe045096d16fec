"""The return hash (definition 2) is exactly the documented byte layout, whatever the row order
and however the lines are cut into chunks."""

from __future__ import annotations

import hashlib
import struct

import polars as pl
import pytest

from corpbench.standard.bundle import SCHEMAS
from corpbench.store import returnhash
from corpbench.store.returnhash import return_hashes

KEY = ["org_code", "year"]


def _frame(table: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=dict(SCHEMAS[table]), orient="row")


def _float(x: float | None) -> bytes:
    if x is None:
        return b"\x00" + bytes(8)
    return b"\x01" + struct.pack("<d", 0.0 if x == 0 else x)


def _text(t: str | None) -> bytes:
    if t is None:
        return b"\x00" + bytes(16)
    return b"\x01" + hashlib.sha256(t.encode("utf-8")).digest()[:16]


FIN = {
    "org_code": "RAA01",
    "year": "2009/10",
    "turnover": 2.0,
    "total_pay": 1.0,
    "total_fte": 0.5,
    "running_costs": None,
    "non_pay": -0.0,
    "employees": None,
}


def _cost(function: str, process: str | None, pay: float) -> dict[str, object]:
    return {
        "org_code": "RAA01",
        "year": "2009/10",
        "function": function,
        "process": process,
        "pay_cost": pay,
        "non_pay_cost": 0.0,
        "fte": 1.0,
        "shared_cost": None,
        "delivery_model": "",
    }


def _hash(costs: list[dict[str, object]]) -> str:
    tables = {
        "finance": _frame("finance", [FIN]),
        "function_costs": _frame("function_costs", costs),
        "indicators": _frame("indicators", []),
    }
    (value,) = return_hashes(tables["finance"], tables, KEY).to_list()
    assert isinstance(value, str)
    return value


def test_hash_is_the_documented_byte_layout() -> None:
    costs = [_cost("hr", "b", 1.5), _cost("hr", None, 3.0), _cost("finance", "a", 7.0)]
    fin = _float(2.0) + _float(1.0) + _float(0.5) + _float(None) + _float(0.0) + _float(None)

    def line(function: str, process: str | None, pay: float) -> bytes:
        values = _float(pay) + _float(0.0) + _float(1.0) + _float(None)
        return _text(function) + _text(process) + values + _text("")

    # sorted by value: "finance" < "hr" (bytes); within hr, the null process first
    lines = line("finance", "a", 7.0) + line("hr", None, 3.0) + line("hr", "b", 1.5)
    expected = hashlib.sha256(
        b"corpbench-return-2"
        + b"finance\x00"
        + (1).to_bytes(8, "little")
        + fin
        + b"function_costs\x00"
        + (3).to_bytes(8, "little")
        + lines
        + b"indicators\x00"
        + (0).to_bytes(8, "little")
    ).hexdigest()
    assert _hash(costs) == expected
    assert _hash(list(reversed(costs))) == expected


def test_floats_sort_by_bits_so_negative_and_positive_orders_are_stable() -> None:
    a = [_cost("hr", None, -1.0), _cost("hr", None, 1.0), _cost("hr", None, 0.0)]
    assert _hash(a) == _hash([a[2], a[0], a[1]])
    assert _hash(a) != _hash([_cost("hr", None, -1.0), _cost("hr", None, 1.0)])


def test_chunk_boundaries_do_not_change_the_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    costs = [_cost("hr", f"p{i}", float(i)) for i in range(7)]
    whole = _hash(costs)
    monkeypatch.setattr(returnhash, "CHUNK_ROWS", 2)
    assert _hash(costs) == whole
    # a return's records written in several blocks, a block holding parts of two returns
    monkeypatch.setattr(returnhash, "BLOCK_ROWS", 3)
    assert _hash(costs) == whole


def test_returns_do_not_share_lines() -> None:
    fin2 = {**FIN, "org_code": "RBB02"}
    finance = _frame("finance", [FIN, fin2])
    costs = _frame("function_costs", [_cost("hr", None, 1.0)])
    moved = costs.with_columns(pl.lit("RBB02").alias("org_code"))
    empty = _frame("indicators", [])
    here = return_hashes(
        finance, {"finance": finance, "function_costs": costs, "indicators": empty}, KEY
    )
    there = return_hashes(
        finance, {"finance": finance, "function_costs": moved, "indicators": empty}, KEY
    )
    assert here[0] != here[1]
    assert here.to_list() == list(reversed(there.to_list()))


def test_blocks_holding_parts_of_several_returns_do_not_change_the_hashes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    codes = ["RAA01", "RBB02", "RCC03"]
    finance = _frame("finance", [{**FIN, "org_code": c} for c in codes])
    costs = _frame(
        "function_costs",
        [
            {**_cost("hr", f"p{i}", float(i)), "org_code": c}
            for c, n in zip(codes, [4, 5, 2], strict=True)
            for i in range(n)
        ],
    )
    tables = {"finance": finance, "function_costs": costs, "indicators": _frame("indicators", [])}
    whole = return_hashes(finance, tables, KEY).to_list()
    assert len(set(whole)) == 3
    for block in (1, 2, 3, 4):
        monkeypatch.setattr(returnhash, "BLOCK_ROWS", block)
        assert return_hashes(finance, tables, KEY).to_list() == whole
