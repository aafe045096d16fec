"""organisation_view: an organisation's functions, peers, trend, savings side by side and Carter
status, against the hand computations of views/rounds.py."""

from __future__ import annotations

import pytest

from corpbench.views import organisation_view
from corpbench.views.labels import TOTAL_ROW
from views.rounds import NAMES, Y1, Y2, engine


def _rows(view_table, key: str = "function") -> dict[str, dict]:
    return {r[key]: r for r in view_table.iter_rows(named=True)}


def test_function_rows_of_an_org_with_two_functions() -> None:
    view = organisation_view(engine(), "AC001", Y1)
    assert view.functions["function"].to_list() == ["finance", "hr", "all"]
    rows = _rows(view.functions)
    fin = rows["finance"]
    assert fin["cost"] == 1_000_000.0
    assert fin["fte"] == 20.0
    assert fin["pct_turnover"] == 1.0
    assert fin["pct_pay"] == pytest.approx(100 / 60)
    assert fin["pct_running_costs"] == pytest.approx(100 / 95)
    assert fin["cost_per_fte"] == 50_000.0
    assert fin["cost_per_org_fte"] == 500.0
    assert fin["shared_pct"] is None  # no shared cost returned
    # acute finance 0.8, 1.0, 1.5, 2.0
    assert (fin["rank"], fin["n"]) == (2, 4)
    assert (fin["peer_iqm"], fin["peer_median"], fin["peer_q1"]) == (
        1.25,
        1.25,
        pytest.approx(0.95),
    )
    assert (fin["target"], fin["saving"]) == (1.25, 0.0)
    # hr: A1 and A2 tie at 0.5 in a group of 2, both rank 1
    assert (rows["hr"]["rank"], rows["hr"]["n"], rows["hr"]["peer_iqm"]) == (1, 2, 0.5)
    # all: 0.8, 1.5, 2.0, 2.0
    whole = rows["all"]
    assert (whole["cost"], whole["pct_turnover"], whole["rank"], whole["n"]) == (1.5e6, 1.5, 2, 4)
    assert (whole["peer_iqm"], whole["peer_median"]) == (1.75, 1.75)
    assert whole["peer_q1"] == pytest.approx(1.325)
    assert whole["function_label"] == "Whole organisation"


def test_all_row_is_the_whole_organisation_and_total_saving_sums_functions() -> None:
    view = organisation_view(engine(), "AC004", Y1, method="iqm")
    rows = _rows(view.functions)
    # finance: £1.6m − 1.25% × £80m; all: £1.6m − 1.75% × £80m (as export savings)
    assert rows["finance"]["saving"] == pytest.approx(600_000.0)
    assert rows["all"]["saving"] == pytest.approx(200_000.0)
    # the organisation's total saving (data standard §2) is the sum of its function savings
    assert view.total_saving == pytest.approx(600_000.0)
    # ties on all: A2 and A4 both 2.0 share rank 3
    assert rows["all"]["rank"] == 3
    assert organisation_view(engine(), "AC002", Y1).functions.row(-1, named=True)["rank"] == 3


def test_threshold_total_is_the_saving_on_all() -> None:
    view = organisation_view(engine(), "AC004", Y1, method="threshold:1.5")
    # all: £1.6m − 1.5% × £80m = £400k; functions' savings are not summed for a threshold
    assert view.total_saving == pytest.approx(400_000.0)
    assert view.method == "threshold:1.5"
    assert view.method_label == "1.5% ceiling"


def test_missing_denominators_are_none() -> None:
    a3 = _rows(organisation_view(engine(), "AC003", Y1).functions)["finance"]
    assert a3["pct_pay"] is None  # total pay 0
    a4 = _rows(organisation_view(engine(), "AC004", Y1).functions)["finance"]
    assert a4["cost_per_fte"] is None  # function fte 0
    a2 = _rows(organisation_view(engine(), "AC002", Y1).functions)["finance"]
    assert a2["pct_running_costs"] is None  # running costs missing
    assert a2["shared_pct"] == pytest.approx(100 / 3)


def test_group_of_one_and_org_in_no_group() -> None:
    m1 = _rows(organisation_view(engine(), "MH001", Y1).functions)["finance"]
    assert (m1["rank"], m1["n"], m1["peer_iqm"], m1["peer_median"], m1["peer_q1"]) == (
        1, 1, 1.0, 1.0, 1.0,
    )  # fmt: skip
    assert m1["saving"] == 0.0
    # AC003 is in no footprint: under that grouping it has no peers, target or saving
    view = organisation_view(engine(), "AC003", Y1, grouping="footprint")
    assert view.group is None
    row = _rows(view.functions)["finance"]
    assert (row["rank"], row["n"], row["peer_iqm"], row["target"], row["saving"]) == (
        None, None, None, None, None,
    )  # fmt: skip
    assert view.total_saving is None
    assert view.distribution.is_empty()
    assert view.peer_stats.is_empty()
    # a threshold needs no peers
    assert organisation_view(engine(), "AC003", Y1, "footprint", "threshold:0.5").total_saving == (
        pytest.approx(150_000.0)
    )


def test_group_of_three_with_a_tie() -> None:
    # region North finance: AC001 1.0, MH001 1.0, AC002 1.5 → n 3, IQM = mean, median 1.0, q1 1.0
    view = organisation_view(engine(), "AC002", Y1, grouping="region")
    fin = _rows(view.functions)["finance"]
    assert (fin["rank"], fin["n"]) == (3, 3)
    assert fin["peer_iqm"] == pytest.approx(3.5 / 3)
    assert (fin["peer_median"], fin["peer_q1"]) == (1.0, 1.0)
    dist = view.distribution.filter(
        (view.distribution["kpi"] == "pct_turnover") & (view.distribution["function"] == "finance")
    )
    assert dist["rank"].to_list() == [1, 1, 3]
    assert dist["value"].to_list() == [1.0, 1.0, 1.5]


def test_distribution_is_ranked_and_anonymised() -> None:
    view = organisation_view(engine(), "AC001", Y1)
    dist = view.distribution.filter(
        (view.distribution["kpi"] == "pct_turnover") & (view.distribution["function"] == "finance")
    )
    assert dist["value"].to_list() == [0.8, 1.0, 1.5, 2.0]
    assert dist["position"].to_list() == [1, 2, 3, 4]
    assert dist["label"].to_list() == ["Peer 1", NAMES["AC001"], "Peer 2", "Peer 3"]
    assert dist["is_self"].to_list() == [False, True, False, False]
    assert dist["org_code"].to_list() == [None, "AC001", None, None]
    assert dist["org_name"].to_list() == [None, NAMES["AC001"], None, None]
    stats = view.peer_stats.filter(
        (view.peer_stats["kpi"] == "pct_turnover") & (view.peer_stats["function"] == "finance")
    )
    assert stats.select("n", "iqm", "median").row(0) == (4, 1.25, 1.25)
    # every KPI the engine defines for the organisation's functions has a distribution
    assert set(view.distribution["kpi"].unique()) == {
        "pct_turnover", "pct_pay", "pct_running_costs", "cost_per_fte", "cost_per_org_fte",
        "shared_pct",
    }  # fmt: skip


def test_tied_peer_values_put_the_organisation_first() -> None:
    view = organisation_view(engine(), "AC002", Y1)
    hr = view.distribution.filter(
        (view.distribution["kpi"] == "pct_turnover") & (view.distribution["function"] == "hr")
    )
    assert hr["label"].to_list() == [NAMES["AC002"], "Peer 1"]
    assert hr["rank"].to_list() == [1, 1]


def test_revealed_peers_carry_code_and_name() -> None:
    view = organisation_view(engine(), "AC001", Y1, reveal_peers=True)
    dist = view.distribution.filter(
        (view.distribution["kpi"] == "pct_turnover") & (view.distribution["function"] == "finance")
    )
    assert dist["org_code"].to_list() == ["AC003", "AC001", "AC002", "AC004"]
    assert dist["label"].to_list() == [NAMES[c] for c in ("AC003", "AC001", "AC002", "AC004")]


def test_trend_beside_the_peer_median() -> None:
    view = organisation_view(engine(), "AC001", Y2)
    fin = view.trend.filter(
        (view.trend["kpi"] == "pct_turnover") & (view.trend["function"] == "finance")
    )
    assert fin["year"].to_list() == [Y1, Y2]
    assert fin["value"].to_list() == [1.0, pytest.approx(1.1)]
    # 2009/10: 0.8, 1.0, 1.5, 2.0; 2010/11: 1.1, 1.4
    assert fin["peer_median"].to_list() == [1.25, pytest.approx(1.25)]
    assert fin["peer_n"].to_list() == [4, 2]
    # hr was returned in 2009/10 only: its trend has that year
    hr = view.trend.filter((view.trend["kpi"] == "pct_turnover") & (view.trend["function"] == "hr"))
    assert hr["year"].to_list() == [Y1]
    # a view of 2009/10 does not look ahead
    assert organisation_view(engine(), "AC001", Y1).trend["year"].unique().to_list() == [Y1]


def test_savings_side_by_side_under_every_method() -> None:
    view = organisation_view(engine(), "AC002", Y1)
    assert view.methods == (
        "iqm", "median", "q1", "external:hackett_best_in_class", "external:hackett_median",
        "threshold:7", "threshold:6",
    )  # fmt: skip
    wide = _rows(view.savings_by_method_wide)
    assert list(wide) == ["finance", "hr", TOTAL_ROW]
    # finance £3m at 1.5% of £200m: iqm/median 1.25 → £500k; q1 0.95 → £1.1m;
    # Hackett best 0.609 → £1,782,000; median 1.157 → £686,000
    assert wide["finance"]["iqm"] == pytest.approx(500_000)
    assert wide["finance"]["q1"] == pytest.approx(1_100_000)
    assert wide["finance"]["external:hackett_best_in_class"] == pytest.approx(1_782_000)
    assert wide["finance"]["external:hackett_median"] == pytest.approx(686_000)
    # hr £1m at 0.5%: Hackett best 0.477 → £46k; the group of 2 tied at 0.5 → 0
    assert wide["hr"]["external:hackett_best_in_class"] == pytest.approx(46_000)
    assert wide["hr"]["q1"] == 0.0
    assert wide[TOTAL_ROW]["q1"] == pytest.approx(1_100_000)
    assert wide[TOTAL_ROW]["external:hackett_best_in_class"] == pytest.approx(1_828_000)
    # thresholds: total = the saving on all (2% < 6%): 0
    assert wide[TOTAL_ROW]["threshold:6"] == 0.0
    long = view.savings_by_method
    q1_fin = long.filter((long["method"] == "q1") & (long["function"] == "finance"))
    assert q1_fin.select("target", "saving").row(0) == (pytest.approx(0.95), pytest.approx(1.1e6))


def test_carter_status() -> None:
    view = organisation_view(engine(), "AC002", Y1)
    assert view.carter.pct_turnover == 2.0
    assert [(c.percent, c.within, c.saving) for c in view.carter.ceilings] == [
        (7.0, True, 0.0),
        (6.0, True, 0.0),
    ]
    assert "within Carter's ceilings" in view.carter.sentence


def test_unknown_org_year_method_or_grouping_raise_value_error() -> None:
    e = engine()
    with pytest.raises(ValueError, match="not in the register"):
        organisation_view(e, "ZZ999", Y1)
    with pytest.raises(ValueError, match="no cost data for 2010/11"):
        organisation_view(e, "AC003", Y2)
    with pytest.raises(ValueError, match="has not returned"):
        organisation_view(e, "CM001")
    with pytest.raises(ValueError, match="Unknown savings method"):
        organisation_view(e, "AC001", Y1, method="mean")
    with pytest.raises(ValueError, match="Unknown grouping"):
        organisation_view(e, "AC001", Y1, grouping="colour")


def test_default_year_is_the_latest_response() -> None:
    assert organisation_view(engine(), "AC001").year == Y2
    assert organisation_view(engine(), "AC003").year == Y1


def test_peers_revealed_by_code_are_named_the_rest_anonymised() -> None:
    # a footprint user of F1 (AC001, AC002, CM001) looking at AC001 among the acute trusts
    view = organisation_view(engine(), "AC001", Y1, reveal_peers={"AC001", "AC002", "CM001"})
    assert view.reveal_peers == frozenset({"AC001", "AC002", "CM001"})
    assert view.peers_anonymised
    dist = view.distribution.filter(
        (view.distribution["kpi"] == "pct_turnover") & (view.distribution["function"] == "finance")
    )
    # 0.8 AC003, 1.0 AC001, 1.5 AC002, 2.0 AC004
    assert dist["label"].to_list() == ["Peer 1", NAMES["AC001"], NAMES["AC002"], "Peer 2"]
    assert dist["org_code"].to_list() == [None, "AC001", "AC002", None]
    assert not organisation_view(engine(), "AC001", Y1, reveal_peers=True).peers_anonymised
