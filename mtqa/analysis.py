"""``Analysis``: a document with its segmentation and (when needed) its English parse.

Checks receive an ``Analysis`` and read from it; nothing in it changes after it is built.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mtqa import nlp, segment
from mtqa.document import Document
from mtqa.segment import Block, Sentence


@dataclass(frozen=True)
class Analysis:
    document: Document
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    parses: tuple[Any, ...]
    parsed: bool

    @property
    def text(self) -> str:
        return self.document.target

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence that contains ``offset``, if any."""
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < max(self.sentences[i].end, offset + 1):
            return i
        return None

    def tokens(self, index: int) -> Iterator[tuple[int, Any]]:
        """``(absolute_offset, spacy_token)`` for the tokens of sentence ``index``."""
        s = self.sentences[index]
        block = self.blocks[s.block]
        for token in self.parses[s.block]:
            start = block.start + token.idx
            if s.start <= start < s.end:
                yield start, token


def analyse(document: Document) -> Analysis:
    """Segment ``document`` and parse each block (full pipeline for English targets)."""
    text = document.target
    block_list = segment.blocks(text, document.markup)
    pieces = [text[b.start : b.end] for b in block_list]
    parses = tuple(nlp.parse(pieces, document.target_lang))
    sentence_list = segment.sentences(text, block_list, parses)
    parsed = document.target_lang == "en"
    return Analysis(document, tuple(block_list), tuple(sentence_list), parses, parsed)
