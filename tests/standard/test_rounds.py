"""Round definitions read from TOML: the shipped default round is today's vocabulary, the
documented example loads, and a bad definition is refused with every issue at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpbench.standard import (
    DEFAULT_FUNCTIONS,
    DEFAULT_INDICATORS,
    DEFAULT_ORG_TYPES,
    KPIS,
    PROCESS_CLASSES,
    Vocabulary,
)
from corpbench.standard.labels import FUNCTION_LABELS, ORG_TYPE_LABELS
from corpbench.standard.rounds import (
    RoundDefinitionError,
    default_round,
    parse_round,
    read_round,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"


def test_default_round_is_the_standard_v1_vocabulary() -> None:
    rnd = default_round()
    assert rnd.name == "qipp-2010"
    assert rnd.years == ("2009/10", "2010/11")
    assert rnd.function_codes == DEFAULT_FUNCTIONS
    assert rnd.org_type_codes == DEFAULT_ORG_TYPES
    assert rnd.kpis == KPIS
    assert rnd.indicators == tuple(DEFAULT_INDICATORS)
    assert {f: dict(p) for f, p in rnd.process_classes.items()} == {
        f: dict(p) for f, p in PROCESS_CLASSES.items()
    }
    assert {f.code: f.label for f in rnd.functions} == {
        f: FUNCTION_LABELS[f] for f in DEFAULT_FUNCTIONS
    }
    assert {t.code: t.label for t in rnd.org_types} == {
        t: ORG_TYPE_LABELS[t] for t in DEFAULT_ORG_TYPES
    }
    assert rnd.vocabulary() == Vocabulary()


def test_documented_example_round_loads_with_codes_the_standard_has_never_seen() -> None:
    rnd = read_round(EXAMPLE)
    assert rnd.name == "example-2022"
    assert rnd.years == ("2021/22",)
    assert rnd.org_type_codes == ("acute_teaching", "specialist", "ambulance")
    assert rnd.function_codes == ("finance", "imt", "legal_services")
    assert dict(rnd.process_classes["legal_services"]) == {
        "contract_review": "T",
        "litigation": "O",
        "legal_advice": "S",
    }
    assert [f.name for f in rnd.footprints] == ["Northdale", "Riverside", "Coast and Downs"]
    assert rnd.footprints[0].region == "North"
    vocab = rnd.vocabulary()
    assert vocab.functions == ("finance", "imt", "legal_services")
    assert set(vocab.indicators) == {"invoices_paid", "payslips", "helpdesk_calls"}


def test_size_bands_hold_turnover_from_their_minimum_up_to_below_their_maximum() -> None:
    rnd = read_round(EXAMPLE)
    assert rnd.size_band_of(0) == "small"
    assert rnd.size_band_of(199_999_999) == "small"
    assert rnd.size_band_of(200_000_000) == "medium"
    assert rnd.size_band_of(400_000_000) == "large"
    assert rnd.size_band_of(5e9) == "large"


BAD = """
format = 1
name = "bad"
title = "A bad round"
years = ["2021/22", "2021/23"]
kpis = ["pct_turnover", "pct_happiness"]
indicators = ["payslips", "smiles"]
colour = "blue"

[[size_bands]]
code = "big"
label = "Big"
min_turnover = 300
max_turnover = 500

[[size_bands]]
code = "small"
label = "Small"
min_turnover = 0
max_turnover = 400

[[org_types]]
code = "acute"
label = "Acute"

[[org_types]]
code = "acute"
label = "Acute again"

[[functions]]
code = "finance"
label = "Finance"
[functions.processes]
accounts_payable = "T"
costing = "X"

[[functions]]
code = "payroll"
[functions.processes]
accounts_payable = "T"
"""


def test_bad_definition_reports_every_issue_at_once_with_where_and_expected() -> None:
    with pytest.raises(RoundDefinitionError) as caught:
        parse_round(BAD, "bad.toml")
    issues = {(i.where, i.what) for i in caught.value.issues}
    assert ("colour", "unknown key") in issues
    assert ("years[1]", "'2021/23'") in issues
    assert ("kpis[1]", "unknown KPI 'pct_happiness'") in issues
    assert ("indicators[1]", "unknown indicator 'smiles'") in issues
    assert (
        "size_bands[1].min_turnover",
        "band 'small' overlaps or precedes band 'big'",
    ) in issues
    assert (
        "org_types[1].code",
        "duplicate organisation type 'acute' (also at org_types[0].code)",
    ) in issues
    assert ("functions[0].processes.costing", "Table 14 class 'X'") in issues
    assert ("functions[1].label", "missing") in issues
    assert (
        "functions[1].processes.accounts_payable",
        "process 'accounts_payable' is also in function 'finance'",
    ) in issues
    assert len(caught.value.issues) == 9
    message = str(caught.value)
    assert message.startswith("bad.toml: 9 problem(s)")
    assert "kpis[1]: unknown KPI 'pct_happiness' (expected one of pct_turnover" in message


def test_missing_keys_and_wrong_types_are_each_reported() -> None:
    with pytest.raises(RoundDefinitionError) as caught:
        parse_round('format = 2\nname = 3\nyears = "2021/22"\nfunctions = [1]\n', "x.toml")
    issues = {(i.where, i.what, i.expected) for i in caught.value.issues}
    assert ("format", "2", "format = 1") in issues
    assert ("name", "3", "a non-empty text value") in issues
    assert ("title", "missing", "a text value") in issues
    assert ("years", "str '2021/22'", "an array") in issues
    assert ("kpis", "missing", "an array") in issues
    assert ("indicators", "missing", "an array") in issues
    assert ("org_types", "missing", "an array") in issues
    assert ("functions[0]", "1", "a table") in issues
    assert len(issues) == 8


def test_overlapping_bands_with_open_top_and_reversed_band_are_refused() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "min_turnover = 400_000_000", "min_turnover = 400_000_000\nmax_turnover = 100"
    )
    with pytest.raises(RoundDefinitionError) as caught:
        parse_round(text)
    assert [(i.where, i.what) for i in caught.value.issues] == [
        ("size_bands[2].max_turnover", "100 is not above 4e+08")
    ]


def test_invalid_toml_is_one_clear_issue() -> None:
    with pytest.raises(RoundDefinitionError) as caught:
        parse_round("name = ", "broken.toml")
    assert len(caught.value.issues) == 1
    assert caught.value.issues[0].what.startswith("not valid TOML")


def test_the_example_in_docs_rounds_md_is_the_example_file_the_tests_load() -> None:
    doc = (EXAMPLE.parent / "rounds.md").read_text(encoding="utf-8")
    start = doc.index("```toml file=round-example.toml\n") + len(
        "```toml file=round-example.toml\n"
    )
    block = doc[start : doc.index("```", start)]
    assert block == EXAMPLE.read_text(encoding="utf-8")


def test_labels_learn_a_rounds_titles_and_the_standards_codes_keep_theirs() -> None:
    from corpbench.standard import labels

    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'label = "Ambulance trust"', 'label = "Ambulance service (renamed)"'
    )
    labels.learn_round(parse_round(text.replace("example-2022", "label-test")))
    assert labels.org_type_label("acute_teaching") == "Acute teaching trust"
    assert labels.org_type_label("ambulance") == "Ambulance trust"  # the standard's title
    assert labels.function_label("legal_services") == "Legal services"
    assert labels.function_label("legal") == "Legal"
    assert labels.process_label("contract_review") == "Contract review"
    assert labels.group_label("size_band", "medium") == "Turnover £200m to £400m"
    assert labels.grouping_label("size_band") == "Size band"
    assert labels.group_label("size_band", "unheard_of") == "unheard_of"


def test_the_round_of_a_year_is_the_round_naming_it_else_the_default() -> None:
    from corpbench.standard.rounds import RoundsByYear, default_round_text

    example = read_round(EXAMPLE)
    rounds = RoundsByYear.of([example])
    assert rounds.default.name == "qipp-2010"
    assert rounds.round_of("2021/22") is example
    assert rounds.round_of("2009/10") is rounds.default
    assert rounds.round_of("2030/31") is rounds.default  # a year no round names
    assert rounds.round_of(None) is rounds.default
    assert rounds.claimed_years() == ("2021/22",)
    assert rounds.org_types()[-3:] == ("pct_undifferentiated", "acute_teaching", "specialist")
    assert rounds.judges_register
    assert not RoundsByYear.of([]).judges_register
    assert [b.code for b in rounds.size_bands("2021/22")] == ["small", "medium", "large"]
    assert rounds.size_bands("2009/10") == ()
    # a stored version of the default round takes the built-in one's place
    stored = parse_round(default_round_text().replace('"2010/11"', '"2010/11", "2011/12"'))
    assert RoundsByYear.of([stored, example]).default is stored
