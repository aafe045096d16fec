"""``corpbench benefits``: adding a line, uploading values (all or nothing), listing with the
envelopes and a line's XmR chart as a table; and the demo's pathfinder programmes' lines, each
with 18 to 24 months of actuals, the first flagged as special cause improvement."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.bundles import Y1
from cli.conftest import Cli, rich_tables, table_rows
from corpbench.demo.benefits import MONTHS
from corpbench.demo.programmes import PROGRAMMES


def test_add_upload_list_and_show(loaded: Cli, tmp_path: Path) -> None:
    loaded.ok("programme", "new", "NCL finance", "--footprint", "NCL", "--year", Y1)
    out = loaded.ok(
        "benefits", "add", "--programme", "1", "Finance cost a month", "--function", "finance",
        "--baseline", "100000", "--target", "90000", "--improvement", "decrease",
    ).stdout  # fmt: skip
    assert "Added line 1 to programme 1" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("line,month,actual\n1,2017-04,99000\n2,2017-05,1\n", encoding="utf-8")
    refused = loaded("benefits", "upload", "--programme", "1", bad)
    assert refused.exit_code == 1
    assert "bad.csv, row 3, column line" in refused.stdout
    assert "the upload is not valid: 1 problem" in refused.stderr
    good = tmp_path / "good.csv"
    good.write_text(
        "line,month,actual,planned\n1,2017-04,99000,98000\n1,2017-05,97000,96000\n"
        "1,2017-06,96500,\n",
        encoding="utf-8",
    )
    assert "Stored 5 value(s)" in loaded.ok("benefits", "upload", "--programme", "1", good).stdout
    listed = loaded.ok("benefits", "list", "--programme", "1").stdout
    (row,) = table_rows(listed)
    # realised: 1,000 + 3,000 + 3,500 saved below the £100,000 baseline
    assert (row["line"], row["months"], row["realised"]) == ("1", "3", "£7,500")
    assert "Realised cashable savings: £7,500." in listed
    assert "(b) Single operating model envelope" in listed
    shown = loaded.ok("benefits", "show", "--programme", "1", "1").stdout
    assert [r["month"] for r in table_rows(shown)] == ["2017-04", "2017-05", "2017-06"]
    assert "Only 3 points" in shown
    assert loaded("benefits", "show", "--programme", "1", "7").exit_code == 1


@pytest.fixture(scope="module")
def demo_cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A store after ``corpbench demo --load`` of the pathfinders' round."""
    tmp = tmp_path_factory.mktemp("demo_benefits")
    cli = Cli(f"sqlite:///{tmp / 'demo.db'}", CliRunner())
    cli.ok("demo", "--load", "--round", "nhsi-2017")
    return cli


def test_the_demo_gives_each_pathfinder_programme_tracked_benefits(demo_cli: Cli) -> None:
    for number, months in enumerate(MONTHS[: len(PROGRAMMES)], start=1):
        rows = table_rows(demo_cli.ok("benefits", "list", "--programme", str(number)).stdout)
        assert [r["line"] for r in rows] == ["1", "2", "3"]
        assert {r["months"] for r in rows} == {str(months)}
        assert 18 <= months <= 24
        shown = demo_cli.ok("benefits", "show", "--programme", str(number), "1").stdout
        assert "Variation: Special cause variation of an improving nature" in shown
        assert len(rich_tables(shown)[0]) == months
    # loading the demo again adds no second set of lines
    again = demo_cli.ok("demo", "--load", "--round", "nhsi-2017").stdout
    assert "benefit line" not in again
