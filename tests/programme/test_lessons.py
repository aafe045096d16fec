"""The lessons log's examples (quoted from seed 000) and its filter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from corpbench.programme.lessons import EXAMPLES, KINDS, THEMES, filter_lessons

SEED = Path("/work/shared/seeds/000_49a6e59ead382894.txt")


@dataclass(frozen=True)
class Entry:
    theme: str
    kind: str
    programme_id: int | None
    text: str
    example: bool = False


def test_examples_use_known_codes_and_cite_their_section() -> None:
    assert len(EXAMPLES) >= 10
    for e in EXAMPLES:
        assert e.theme in THEMES
        assert e.kind in KINDS
        assert e.source.startswith("NHS Improvement, Lessons learned: setting up for success")
        assert e.section in e.source
    # every theme but "other" and every kind has an example
    assert {e.theme for e in EXAMPLES} == set(THEMES) - {"other"}
    assert {e.kind for e in EXAMPLES} == set(KINDS)


@pytest.mark.skipif(not SEED.is_file(), reason="the seed documents are not on this machine")
def test_examples_are_quoted_word_for_word() -> None:
    text = SEED.read_text(encoding="utf-8")
    for e in EXAMPLES:
        assert e.text in text, e.text[:40]


def test_filter_by_theme_kind_programme_examples_and_words() -> None:
    a = Entry("governance", "went_well", None, "Strong LEADERSHIP from the chief executive", True)
    b = Entry("baseline", "went_well", 1, "Benchmarking data helped")
    c = Entry("governance", "do_differently", 2, "Agree a gain share early")
    entries = [a, b, c]
    assert filter_lessons(entries) == entries
    assert filter_lessons(entries, theme="governance") == [a, c]
    assert filter_lessons(entries, kind="went_well") == [a, b]
    assert filter_lessons(entries, programme_id=2) == [c]
    assert filter_lessons(entries, examples=True) == [a]
    assert filter_lessons(entries, examples=False) == [b, c]
    # every word, case ignored, anywhere in the text
    assert filter_lessons(entries, search="leadership CHIEF") == [a]
    assert filter_lessons(entries, search="gain leadership") == []
    assert filter_lessons(entries, search="   ") == entries
    assert filter_lessons(entries, theme="governance", kind="went_well") == [a]
