"""Issues as data: echoed text cut to a bounded length, and issues grouped by code with the
catalogue's words."""

from __future__ import annotations

from corpbench.ingest import Issue, Report, Severity
from corpbench.ingest.issues import MESSAGE_LIMIT, VALUE_LIMIT, group_issues, shorten


def test_shorten_keeps_short_text_and_cuts_long_text_saying_its_length() -> None:
    assert shorten("abc", 3) == "abc"
    assert shorten("abcd", 3) == "abc… (4 characters)"
    assert shorten("x" * 10_000_000) == "x" * 200 + "… (10,000,000 characters)"


def test_an_issue_cuts_a_10_mb_value_column_and_message_where_it_is_made() -> None:
    huge = "v" * 10_000_000
    issue = Issue("not_a_number", "Expected a number: " + huge, "finance.csv", 2, huge, huge)
    assert issue.value == "v" * VALUE_LIMIT + "… (10,000,000 characters)"
    assert issue.column == "v" * VALUE_LIMIT + "… (10,000,000 characters)"
    assert issue.message.startswith("Expected a number: vvv")
    assert len(issue.message) < MESSAGE_LIMIT + 30
    assert len(str(issue)) < 2 * VALUE_LIMIT + MESSAGE_LIMIT + 200


def test_an_issue_keeps_values_up_to_the_limit_unchanged() -> None:
    value = "w" * VALUE_LIMIT
    assert Issue("required", "m", value=value).value == value


def _i(code: str, row: int, severity: Severity = Severity.ERROR) -> Issue:
    return Issue(code, f"message {row}", "finance.csv", row, "turnover", str(row), severity)


def test_group_issues_counts_each_code_errors_first_then_most_frequent_with_first_examples() -> (
    None
):
    issues = [
        _i("peer_outlier", 1, Severity.WARNING),
        _i("required", 2),
        _i("not_a_number", 3),
        _i("required", 4),
        _i("required", 5),
        _i("required", 6),
        _i("peer_outlier", 7, Severity.WARNING),
        _i("peer_outlier", 8, Severity.WARNING),
        _i("peer_outlier", 9, Severity.WARNING),
        _i("peer_outlier", 10, Severity.WARNING),
    ]
    groups = group_issues(issues, examples=2)
    assert [(g.code, g.severity, g.count, g.more) for g in groups] == [
        ("required", Severity.ERROR, 4, 2),
        ("not_a_number", Severity.ERROR, 1, 0),
        ("peer_outlier", Severity.WARNING, 5, 3),
    ]
    assert [i.row for i in groups[0].examples] == [2, 4]
    assert [i.row for i in groups[2].examples] == [1, 7]
    assert groups[0].meaning == "A required value is empty."
    assert groups[1].action == "Write a plain number."


def test_a_report_groups_its_issues_in_its_own_order() -> None:
    report = Report("x", [_i("required", 9), _i("required", 3), _i("required", 5)])
    (group,) = report.groups(examples=2)
    assert (group.count, [i.row for i in group.examples]) == (3, [3, 5])


def test_an_uncatalogued_code_is_described_by_itself() -> None:
    (group,) = group_issues([_i("brand_new", 1)])
    assert (group.meaning, group.action) == ("brand_new", "")


def test_count_tells_errors_and_warnings_apart() -> None:
    report = Report("b")
    report.extend(
        [
            Issue("not_a_number", "m", "finance.csv", 2),
            Issue("peer_outlier", "m", "function_costs", severity=Severity.WARNING),
            Issue("peer_outlier", "m", "function_costs", severity=Severity.WARNING),
        ]
    )
    assert (report.count(Severity.ERROR), report.count(Severity.WARNING)) == (1, 2)
    assert report.count(Severity.WARNING) == len(report.warnings)
