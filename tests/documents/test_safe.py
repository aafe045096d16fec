"""The formula-injection rule shared by every CSV and XLSX export."""

from __future__ import annotations

import re

import pytest

from corpbench.documents.safe import DANGEROUS_PATTERN, is_dangerous, neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=", "'="),
    ],
)
def test_text_starting_with_a_formula_character_gets_a_quote_prefix(
    value: str, expected: str
) -> None:
    assert neutralise(value) == expected
    assert is_dangerous(value)


@pytest.mark.parametrize(
    "value",
    ["", "ABC01", "Example Trust", "a=b", "1-2", " =1", "'=1", "2009/10", "\n=1", "£5"],
)
def test_safe_text_is_unchanged(value: str) -> None:
    assert neutralise(value) == value
    assert not is_dangerous(value)


def test_neutralising_twice_adds_one_quote_only() -> None:
    assert neutralise(neutralise("=1")) == "'=1"


@pytest.mark.parametrize("value", ["=a", "+a", "-a", "@a", "\ta", "\ra", "a", "", " -a", "'a"])
def test_vectorised_pattern_flags_exactly_the_dangerous_texts(value: str) -> None:
    assert bool(re.match(DANGEROUS_PATTERN, value)) is is_dangerous(value)
