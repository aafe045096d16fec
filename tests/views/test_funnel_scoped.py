"""The funnel's machine output as a viewer may see it (views.funnel.scoped_machine_output):
named units keep their codes, others become "Peer k" numbered by value (ties in code order) and
are listed in that order, so that neither label nor position gives a code away."""

from __future__ import annotations

from corpbench.bench.funnel import funnel, machine_output
from corpbench.views.funnel import scoped_machine_output

# B and D have the same proportion (30 / 100): their peer numbers follow their codes
NUM = [50.0, 30.0, 80.0, 30.0, 10.0]
DEN = [100.0, 100.0, 100.0, 100.0, 100.0]
CODES = ["A", "B", "C", "D", "E"]
NAMES = {c: f"{c} Trust" for c in CODES}


def test_everyone_named_keeps_the_command_lines_object() -> None:
    result = funnel(NUM, DEN, CODES)
    out = scoped_machine_output(result, names=NAMES, reveal=True)
    plain = machine_output(result)
    assert [u.pop("name") for u in out["units"]] == [f"{c} Trust" for c in CODES]
    assert out == plain


def test_unnamed_units_are_peers_by_value_ties_in_code_order() -> None:
    result = funnel(NUM, DEN, CODES)
    out = scoped_machine_output(result, names=NAMES, reveal=frozenset({"C"}), own="E")
    # values: E 0.1, B 0.3, D 0.3, A 0.5, C 0.8 -> peers B, D, A numbered 1, 2, 3
    assert [(u["label"], u["name"]) for u in out["units"]] == [
        ("E", "E Trust"),
        ("Peer 1", None),
        ("Peer 2", None),
        ("Peer 3", None),
        ("C", "C Trust"),
    ]
    plain = {u["label"]: u for u in machine_output(result)["units"]}
    for got, code in zip(out["units"], ["E", "B", "D", "A", "C"], strict=True):
        assert got["rr"] == NUM[CODES.index(code)] / 100
        assert got["ll95"] == plain[code]["ll95"]
        assert got["outlier998"] == plain[code]["outlier998"]
    assert "A Trust" not in str(out)
    assert all(u["label"] not in {"A", "B", "D"} for u in out["units"])


def test_nobody_named_but_oneself() -> None:
    out = scoped_machine_output(funnel(NUM, DEN, CODES), names=NAMES, reveal=False, own="A")
    assert [u["label"] for u in out["units"]] == ["Peer 1", "Peer 2", "Peer 3", "A", "Peer 4"]
