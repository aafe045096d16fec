"""``corpbench peers set NAME CODES...`` and ``peers list``; ``--group peers:NAME`` in the
exports uses the named list as one peer group."""

from __future__ import annotations

import pytest

from cli.bundles import Y1, Y2
from cli.conftest import Cli, no_exception, table_rows


def test_a_named_peer_list_is_a_group_of_stats_and_savings(loaded: Cli) -> None:
    saved = loaded.ok("peers", "set", "london", "AC001", "AC002", "MH001", "--by", "analyst")
    assert saved.stdout.strip() == "Saved peer list 'london' with 3 organisations."
    assert table_rows(loaded.ok("peers", "list").stdout) == [
        {"name": "london", "organisations": "AC001 AC002 MH001"}
    ]

    rows = loaded.csv("export", "stats", "--group", "peers:london")
    assert ",".join(rows[0]) == "group,year,function,kpi,n,mean,median,q1,q3,iqm,min,max"
    assert {r[0] for r in rows[1:]} == {"london"}
    stats = {(r[1], r[2], r[3]): r for r in rows[1:]}
    # finance % of turnover: AC001 1.0, AC002 1.2, MH001 0.8 (400,000 of 50m)
    finance = stats[(Y1, "finance", "pct_turnover")]
    assert finance[4] == "3"
    assert float(finance[5]) == pytest.approx(1.0, rel=1e-12)  # mean
    assert (finance[6], finance[10], finance[11]) == ("1.0", "0.8", "1.2")  # median, min, max
    assert stats[(Y2, "finance", "pct_turnover")][4] == "2"  # only AC001 and AC002 in 2010/11
    assert stats[(Y1, "hr", "pct_turnover")][4] == "2"  # MH001 has no hr line

    savings = loaded.csv("export", "savings", "--method", "median", "--group", "peers:london")
    assert {r[0] for r in savings[1:]} == {"AC001", "AC002", "MH001"}
    ac2 = next(r for r in savings[1:] if r[:3] == ["AC002", Y1, "finance"])
    assert ac2[4] == "1.0"  # the median of the list
    assert float(ac2[5]) == pytest.approx(200_000, rel=1e-12)  # 1.2m - 1.0% x 100m


def test_saving_a_list_again_replaces_it(loaded: Cli) -> None:
    loaded.ok("peers", "set", "pair", "AC001", "AC002")
    loaded.ok("peers", "set", "pair", "AC003", "AC004", "AC005")
    rows = loaded.csv("export", "stats", "--group", "peers:pair", "--year", Y1)
    n = {r[4] for r in rows[1:] if r[2] == "finance"}
    assert n == {"3"}


def test_a_peer_list_with_unknown_codes_is_exit_1_and_not_saved(loaded: Cli) -> None:
    result = loaded("peers", "set", "bad", "AC001", "ZZ999", "YY888")
    no_exception(result)
    assert result.exit_code == 1
    assert result.stderr == "Error: not in the register: YY888, ZZ999.\n"
    assert table_rows(loaded.ok("peers", "list").stdout) == []
