"""The benefits view in words: the few-points warning at NHSRplotthedots' threshold (12 points
or fewer since the last rebase), the envelopes' sentences and the lines table's labels."""

from __future__ import annotations

from corpbench.programme.benefits import BenefitLine, envelopes
from corpbench.programme.spc import xmr
from corpbench.views.benefits import chart_words, envelope_rows, line_rows, month_words


def _values(n: int) -> list[float]:
    return [100.0 + (i % 3) for i in range(n)]


def test_the_warning_stands_at_twelve_points_or_fewer_and_goes_at_thirteen() -> None:
    assert chart_words(xmr(_values(12))).few_points == (
        "Only 12 points: with 12 or fewer points since the last rebase, Making Data Count's "
        "limits are trial limits; read the chart with care."
    )
    assert chart_words(xmr(_values(13))).few_points is None
    # a rebase after 13 points leaves a short last group: the warning is back
    assert chart_words(xmr(_values(20), rebase_at=[13])).few_points is not None


def test_words_of_the_lines_and_envelopes() -> None:
    line = BenefitLine(
        1, "hr", "Agency spend", "HRD", True, 20_000.0, 15_000.0, "decrease",
        planned={"2017-04": 19_000.0}, actuals={"2017-04": 18_500.0, "2017-05": 18_000.0},
    )  # fmt: skip
    (row,) = line_rows([line], "2017-05")
    assert (row.function, row.cashable, row.baseline, row.direction) == (
        "HR",
        "yes",
        "£20,000",
        "lower is better",
    )
    assert (row.months, row.latest, row.realised) == (2, "£18,000 (May 2017)", "£3,500")
    rows = envelope_rows(envelopes([line]), notes=["no business case here"])
    assert rows[0].amount == "£3,500"
    assert rows[0].words == (
        "Saved to the end of May 2017, against £1,000 planned by the lines' trajectories."
    )
    assert rows[-1].words == "No business case here."


def test_months_are_written_in_words() -> None:
    # YYYY-MM is how a month is typed and stored; pages and PDFs write it as people do
    assert month_words("2018-11") == "November 2018"
    assert month_words("2017-04", short=True) == "Apr 2017"
    assert month_words("2019-12") == "December 2019"
    assert month_words(None) is None
    assert month_words("2018-13") == "2018-13"  # not a month: left as it is
