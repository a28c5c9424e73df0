"""Split a target text into blocks (paragraphs, headlines) and sentences, keeping offsets.

Segmentation never moves or drops a character: every span indexes the text as read. It is
meant to *expose* broken text: "were killed. in processing." is two sentences, and the
second starts in lowercase, which the fragment checks then report.

Blocks are lines (plain text, HTML extracts, feeds) or blank-line separated paragraphs
(Markdown). Sentences come from spaCy's parser for English (its sentencizer otherwise), then
are split again wherever terminal punctuation is followed by a lowercase word that does not
follow an abbreviation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

TERMINAL = ".!?"
_CLOSERS = "\"'”’)]»"
_MD_STRUCTURE = re.compile(r"^\s{0,3}(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>)")
_LOWERCASE_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[a-z])")
_WORD = re.compile(r"\w[\w'’-]*")
#: A likely sentence end inside a long paragraph: terminal marks, closers, spaces, then
#: something that can start a sentence.
_PIECE_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    """A paragraph-level span: ``kind`` is ``paragraph``, ``headline`` or ``heading``."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Sentence:
    """A sentence span inside block number ``block``; ``kind`` is ``sentence`` or ``headline``."""

    start: int
    end: int
    block: int
    kind: str


@functools.lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    text = resources.files("mtqa.data").joinpath("abbreviations.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_spans(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield pos, stop
        pos = stop + 1


def _classify(text: str, start: int, end: int, markdown: bool) -> str:
    piece = text[start:end]
    if markdown and piece.lstrip().startswith("#"):
        return "heading"
    if "\n" in piece:
        return "paragraph"
    stripped = piece.rstrip(_CLOSERS + " ")
    if stripped and stripped[-1] in TERMINAL + ":;,":
        return "paragraph"
    return "headline" if count_words(piece) <= 25 else "paragraph"


def blocks(text: str, markup: str = "text") -> list[Block]:
    """Paragraph-level spans of ``text``; Markdown joins soft-wrapped lines of a paragraph."""
    markdown = markup == "markdown"
    spans: list[tuple[int, int]] = []
    if not markdown:
        spans = [_trimmed(text, s, e) for s, e in _line_spans(text, 0, len(text))]
    else:
        current: tuple[int, int] | None = None
        for s, e in _line_spans(text, 0, len(text)):
            if not text[s:e].strip():
                if current:
                    spans.append(current)
                current = None
            elif current is None or _MD_STRUCTURE.match(text[s:e]) or text[current[0]] == "#":
                if current:
                    spans.append(current)
                current = (s, e)
            else:
                current = (current[0], e)
        if current:
            spans.append(current)
        spans = [_trimmed(text, s, e) for s, e in spans]
    return [Block(s, e, _classify(text, s, e, markdown)) for s, e in spans if e > s]


def _ends_abbreviation(text: str, floor: int, stop: int) -> bool:
    """Whether the word that ends at ``stop`` (just after a full stop), looked for no further
    back than ``floor``, is an abbreviation or an initial rather than a sentence's end."""
    word_start = stop
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    last_word = text[word_start:stop].lower()
    letters = last_word.rstrip(".")
    return last_word in abbreviations() or len(letters) <= 1 or "." in letters


def _split_at_lowercase_starts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split [start, end) wherever ". lowercase" is a sentence boundary, not an abbreviation."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for match in _LOWERCASE_BOUNDARY.finditer(text, start, end):
        if _ends_abbreviation(text, piece_start, match.start() + 1):
            continue
        boundary = match.end()
        pieces.append(_trimmed(text, piece_start, boundary))
        piece_start = boundary
    pieces.append(_trimmed(text, piece_start, end))
    return [(s, e) for s, e in pieces if e > s]


def parse_pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """Consecutive spans that cover ``text`` exactly, none longer than ``limit`` characters, for
    a paragraph too long to parse in one piece. Each cut is after the last likely sentence end
    (not an abbreviation) in the second half of the window, else after its last space, else
    at the limit (a run of ``limit`` characters with no space in it)."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        floor, window_end = start + limit // 2, start + limit
        cut = None
        for match in _PIECE_BOUNDARY.finditer(text, floor, window_end):
            if not _ends_abbreviation(text, start, match.start() + 1):
                cut = match.end()
        if cut is None:
            for match in _SPACES.finditer(text, floor, window_end):
                cut = match.end()
        if cut is None or cut <= start:
            cut = window_end
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def sentences(text: str, block_list: Sequence[Block], parses: Sequence[object]) -> list[Sentence]:
    """Sentence spans of every block, given one spaCy ``Doc`` per block (in the same order)."""
    result: list[Sentence] = []
    for index, (block, doc) in enumerate(zip(block_list, parses, strict=True)):
        if block.kind in ("headline", "heading"):
            result.append(Sentence(block.start, block.end, index, "headline"))
            continue
        for sent in doc.sents:  # type: ignore[attr-defined]
            s, e = _trimmed(text, block.start + sent.start_char, block.start + sent.end_char)
            for ps, pe in _split_at_lowercase_starts(text, s, e):
                result.append(Sentence(ps, pe, index, "sentence"))
    return result
