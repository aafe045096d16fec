"""parse_method and Method: the five spellings and one-sentence errors."""

from __future__ import annotations

import pytest

from corpbench.bench import Method, parse_method


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("iqm", Method("iqm")),
        ("median", Method("median")),
        ("q1", Method("q1")),
        (" IQM ", Method("iqm")),
        ("external:hackett_median", Method("external", name="hackett_median")),
        ("external:hackett_best_in_class", Method("external", name="hackett_best_in_class")),
        ("threshold:6", Method("threshold", percent=6.0)),
        ("threshold:7.5", Method("threshold", percent=7.5)),
        ("threshold:100", Method("threshold", percent=100.0)),
    ],
)
def test_spellings_parse_to_methods(text: str, method: Method) -> None:
    assert parse_method(text) == method


@pytest.mark.parametrize(
    ("text", "spelling", "column"),
    [
        ("iqm", "iqm", "saving_iqm"),
        ("q1", "q1", "saving_q1"),
        ("external:hackett_median", "external:hackett_median", "saving_external_hackett_median"),
        ("threshold:7", "threshold:7", "saving_threshold_7"),
        ("threshold:6.0", "threshold:6", "saving_threshold_6"),
        ("threshold:6.5", "threshold:6.5", "saving_threshold_6_5"),
    ],
)
def test_str_gives_back_the_spelling(text: str, spelling: str, column: str) -> None:
    method = parse_method(text)
    assert str(method) == spelling
    assert parse_method(str(method)) == method
    assert method.column_name == column


def test_extra_tables_are_accepted_as_external_names() -> None:
    method = parse_method("external:gartner", extra_tables={"gartner": {"imt": 3.0}})
    assert method == Method("external", name="gartner")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "mean",
            "Unknown savings method 'mean'; methods are spelled iqm, median, q1, "
            "external:NAME or threshold:P.",
        ),
        ("iqm:3", "Unknown savings method 'iqm:3'"),
        ("external", "Unknown savings method 'external'"),
        (
            "external:nope",
            "Unknown external comparator table 'nope' in method 'external:nope'; "
            "the tables are: hackett_best_in_class, hackett_median.",
        ),
        ("threshold:0", "must be a percentage of turnover above 0 and at most 100"),
        ("threshold:-2", "must be a percentage of turnover above 0"),
        ("threshold:100.5", "must be a percentage of turnover above 0"),
        ("threshold:six", "must be a percentage of turnover above 0"),
        ("threshold:", "must be a percentage of turnover above 0"),
        ("threshold:nan", "must be a percentage of turnover above 0"),
        ("threshold:inf", "must be a percentage of turnover above 0"),
        ("", "Unknown savings method ''"),
    ],
)
def test_bad_spellings_raise_one_clear_sentence(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_method(text)
    assert str(info.value).startswith(message) or message in str(info.value)
    assert str(info.value).count(". ") == 0  # one sentence


def test_method_kinds_group_peer_methods() -> None:
    assert [parse_method(m).is_peer for m in ("iqm", "median", "q1")] == [True] * 3
    assert not parse_method("threshold:6").is_peer
    assert not parse_method("external:hackett_median").is_peer


def test_incomplete_methods_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="needs the name"):
        Method("external")
    with pytest.raises(ValueError, match="needs a percentage"):
        Method("threshold", percent=0.0)
