"""Segmentation keeps every character where it was and exposes broken sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa import segment
from mtqa.analysis import analyse
from mtqa.document import Document


def _sentences(text: str, markup: str = "text") -> list[str]:
    analysis = analyse(Document("t", "t", text, markup=markup))
    return [text[s.start : s.end] for s in analysis.sentences]


def test_fragment_after_full_stop_is_its_own_sentence() -> None:
    text = "They would cling to power, no matter how many were killed. in processing."
    assert _sentences(text) == [
        "They would cling to power, no matter how many were killed.",
        "in processing.",
    ]


def test_abbreviations_do_not_split() -> None:
    text = "He left at 9 a.m. on Monday, e.g. before the talks. Then he spoke."
    assert _sentences(text) == [
        "He left at 9 a.m. on Monday, e.g. before the talks.",
        "Then he spoke.",
    ]


def test_headlines_and_lines_are_blocks(seed_text: str) -> None:
    blocks = segment.blocks(seed_text)
    kinds = [(seed_text[b.start : b.end], b.kind) for b in blocks]
    assert ("World", "headline") in kinds
    assert ("Previous post", "headline") in kinds
    assert all(b.kind == "paragraph" for b in blocks if seed_text[b.start : b.end].endswith("."))


def test_markdown_joins_soft_wrapped_lines() -> None:
    text = "# Title\n\nFirst line of a paragraph\ncontinues here.\n\n- item one\n- item two\n"
    blocks = segment.blocks(text, "markdown")
    pieces = [(text[b.start : b.end], b.kind) for b in blocks]
    assert pieces == [
        ("# Title", "heading"),
        ("First line of a paragraph\ncontinues here.", "paragraph"),
        ("- item one", "headline"),
        ("- item two", "headline"),
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_sentences_are_ordered_non_overlapping_and_trimmed(text: str) -> None:
    analysis = analyse(Document("t", "t", text))
    previous_end = 0
    for s in analysis.sentences:
        assert previous_end <= s.start < s.end <= len(text)
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        previous_end = s.end
