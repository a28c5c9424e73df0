"""Every check's documented examples, and the acceptance criteria on the seed article."""

from __future__ import annotations

import pytest

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.findings import Report, Severity
from mtqa.glossary import load as load_glossary
from mtqa.registry import split_example, split_marks

from .conftest import FIXTURES, check_text

EXAMPLES = [  # model checks' examples run in test_model.py, with the model
    pytest.param(
        check, should_flag, text, id=f"{check.code}-{'flag' if should_flag else 'okay'}-{i}"
    )
    for check in ALL_CHECKS
    if check.origin == "rule"
    for i, (should_flag, text) in enumerate(check.examples())
]


def test_every_check_documents_both_kinds_of_example() -> None:
    for check in ALL_CHECKS:
        kinds = {flag for flag, _ in check.examples()}
        assert kinds == {True, False}, f"{check.code} needs Okay: and {check.code}: examples"


def test_codes_are_unique_and_well_formed() -> None:
    codes = [c.code for c in ALL_CHECKS]
    assert len(codes) == len(set(codes))
    assert all(c.category.count("/") == 1 for c in ALL_CHECKS)


@pytest.mark.parametrize(("check", "should_flag", "text"), EXAMPLES)
def test_docstring_example(check, should_flag: bool, text: str) -> None:
    config = Config(use_model=False, select=(check.code,))
    if "glossary" in check.requires:
        config = Config(
            use_model=False,
            select=(check.code,),
            glossary=load_glossary(FIXTURES / "bilingual" / "glossary.csv"),
        )
    # «...» in a flagging example's translation: what its findings must cover, exactly
    plain, marks = split_marks(text) if should_flag else (text, None)
    source, target = None, plain
    langs: tuple[str | None, str] = (None, "en")
    paired = split_example(plain)
    if "source" in check.requires or paired[0] is not None:
        source, target, source_lang, target_lang = paired
        assert source is not None, f"{check.code}: examples need 'SOURCE => TARGET'"
        langs = (source_lang, target_lang)
    if marks is not None:
        offset = len(plain) - len(target)  # the translation ends the example
        assert all(start >= offset for start, _ in marks), f"{check.code}: a mark in the source"
        marks = tuple((start - offset, end - offset) for start, end in marks)
    report = check_text(target, config, source=source, langs=langs)
    codes = [f.code for f in report.findings]
    if should_flag:
        assert check.code in codes, f"{check.code} should flag: {text!r}"
    else:
        assert check.code not in codes, f"{check.code} should not flag: {text!r}"
    for f in report.findings:
        assert f.text == target[f.start : f.end]
    if marks is not None:
        found = sorted((f.start, f.end) for f in report.findings if f.code == check.code)
        assert found == sorted(marks), (
            f"{check.code} should flag exactly {[target[s:e] for s, e in sorted(marks)]}, "
            f"flagged {[target[s:e] for s, e in found]}: {text!r}"
        )


def test_marks_in_examples() -> None:
    assert split_marks("He paid «1,050» euros") == ("He paid 1,050 euros", ((8, 13),))
    assert split_marks("«It» said «its»") == ("It said its", ((0, 2), (8, 11)))
    assert split_marks("Gesamt:«»") == ("Gesamt:", ((7, 7),))
    assert split_marks("no marks") == ("no marks", None)
    assert split_marks("\\««Слава»\\» a\\b") == ("«Слава» a\\b", ((1, 6),))
    for bad in ("«open", "closed»", "««nested»»"):
        with pytest.raises(ValueError, match="mark"):
            split_marks(bad)


def _spans(report: Report, code: str) -> list[str]:
    return [f.text for f in report.findings if f.code == code]


def _finding_at(report: Report, text: str, needle: str, code: str) -> bool:
    start = text.index(needle)
    return any(
        f.code == code and f.start <= start and start + len(needle) <= f.end
        for f in report.findings
    )


def test_seed_fragments(seed_report: Report, seed_text: str) -> None:
    assert "in processing." in _spans(seed_report, "F302")
    assert "to achieve that." in _spans(seed_report, "F302")
    starts = {f.start for f in seed_report.findings if f.code == "F301"}
    assert seed_text.index("in processing.") in starts
    assert seed_text.index("to achieve that.") in starts


def test_seed_pronoun_switch_for_putin(seed_report: Report, seed_text: str) -> None:
    flagged = {(f.start, f.text) for f in seed_report.findings if f.code == "F201"}
    its_followers = seed_text.index("its followers")
    believed_it = seed_text.index("it was not tough")
    its_annexation = seed_text.index("Its annexation")
    it_can = seed_text.index("it can legally use")
    for start, word in [
        (its_followers, "its"),
        (believed_it, "it"),
        (its_annexation, "Its"),
        (it_can, "it"),
    ]:
        assert (start, word) in flagged
    for f in seed_report.findings:
        if f.code == "F201":
            assert f.severity == Severity.MAJOR
            assert f.suggestion in {"his", "His", "he", "He"}
    # "It was not only intended" (passive) and "He knows it" (object) stay clean
    assert (seed_text.index("It was not only"), "It") not in flagged
    assert not any(
        f.code == "F201" and f.start == seed_text.index("it and will only")
        for f in seed_report.findings
    )


def test_seed_teasers_and_navigation(seed_report: Report, seed_text: str) -> None:
    teasers = _spans(seed_report, "A101")
    read_lines = [line for line in seed_text.splitlines() if line.startswith("Read:")]
    assert sorted(teasers) == sorted(read_lines)
    navigation = _spans(seed_report, "A102")
    assert any(t.startswith("Previous post\nFury as basic state pension") for t in navigation)
    assert any(t.startswith("Next post\nPolice seal off scene") for t in navigation)


def test_seed_missing_space(seed_report: Report, seed_text: str) -> None:
    start = seed_text.index("Read:Serbia")
    assert any(
        f.code == "F101"
        and f.start == start
        and f.text == "Read:Serbia"
        and f.suggestion == "Read: Serbia"
        for f in seed_report.findings
    )


def test_seed_fluent_sentences_have_no_major_finding(seed_report: Report, seed_text: str) -> None:
    fluent = [
        "Even this can be a double-edged sword.",
        "What happens next depends on which factions take power.",
        "Putin’s end may come sooner rather than later.",
        "Either of them would mean a war on the level of Europe.",
        "This message will be delivered to others in the nuclear chain of command",
    ]
    for sentence in fluent:
        start = seed_text.index(sentence)
        end = start + len(sentence)
        overlapping = [
            f
            for f in seed_report.findings
            if f.start < end and start < f.end and f.severity >= Severity.MAJOR
        ]
        assert not overlapping, (sentence, overlapping)


def test_seed_offsets_are_exact(seed_report: Report, seed_text: str) -> None:
    assert seed_report.findings
    for f in seed_report.findings:
        assert f.text == seed_text[f.start : f.end]
        assert f.fingerprint


def test_select_ignore_and_severity_override() -> None:
    text = "Read:Serbia and Kosovo reach free movement agreement | Serbia"
    only_f = check_text(text, Config(use_model=False, select=("F",)))
    assert {f.code for f in only_f.findings} == {"F101"}
    no_x = check_text(text, Config(use_model=False, ignore=("A1", "A2")))
    assert "A101" not in {f.code for f in no_x.findings}
    raised = check_text(
        text,
        Config(use_model=False, select=("F101",), severity_overrides=(("F1", Severity.CRITICAL),)),
    )
    assert [f.severity for f in raised.findings] == [Severity.CRITICAL]


def test_kyiv_kiev_flags_minority_spelling() -> None:
    text = "Zelensky spoke in Kyiv on Monday. Kyiv was quiet. Later he left Kiev for Lviv."
    report = check_text(text)
    hits = [f for f in report.findings if f.code == "T101"]
    assert [(f.text, f.suggestion) for f in hits] == [("Kiev", "Kyiv")]


def test_score_falls_with_findings(seed_report: Report) -> None:
    clean = check_text("The talks ended on Monday. Both sides said they would meet again.")
    assert clean.score.overall == 100.0
    assert clean.findings == ()
    assert 0.0 <= seed_report.score.overall < 75.0  # over 58 points per 1,000 words
    assert seed_report.flagged


def test_docs_catalogue_is_up_to_date() -> None:
    from mtqa.reporters.rules_doc import render

    from .conftest import ROOT

    on_disk = (ROOT / "docs" / "checks.md").read_text("utf-8")
    assert on_disk == render(ALL_CHECKS), "run: mtqa rules --markdown > docs/checks.md"
