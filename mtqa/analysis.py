"""``Analysis``: a document with its segmentation and (when needed) its English parse.

Checks receive an ``Analysis`` and read from it; nothing in it changes after it is built.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mtqa import nlp, segment
from mtqa.document import Document
from mtqa.segment import Block, Sentence

#: Sources longer than this are not used to condition the model (each sentence would be
#: scored after the whole source; articles need sentence alignment first).
MAX_SOURCE_CHARS = 1000


@dataclass(frozen=True)
class Analysis:
    document: Document
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    parses: tuple[Any, ...]
    parsed: bool
    #: One model assessment per sentence (``mtqa.models.assess``), when a model ran.
    assessments: tuple[Any, ...] | None = None

    @property
    def text(self) -> str:
        return self.document.target

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    @functools.cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence that contains ``offset``, if any."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
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


def analyse(document: Document, lm: Any = None) -> Analysis:
    """Segment ``document``, parse each block (full pipeline for English targets) and, given
    a language model, assess every sentence with it."""
    return analyse_many([document], lm)[0]


def analyse_many(documents: Sequence[Document], lm: Any = None) -> list[Analysis]:
    """``analyse`` for several documents: all blocks are parsed in one batched pass and all
    sentences go to the model together (it sorts and packs them by length)."""
    block_lists = [segment.blocks(d.target, d.markup) for d in documents]
    by_lang: dict[str, list[tuple[int, str]]] = {}
    for i, (document, block_list) in enumerate(zip(documents, block_lists, strict=True)):
        pieces = by_lang.setdefault(document.target_lang, [])
        pieces += [(i, document.target[b.start : b.end]) for b in block_list]
    parses: list[list[Any]] = [[] for _ in documents]
    for lang, pieces in by_lang.items():
        for (i, _), parsed in zip(pieces, nlp.parse([p for _, p in pieces], lang), strict=True):
            parses[i].append(parsed)
    analyses = []
    for document, block_list, parsed_blocks in zip(documents, block_lists, parses, strict=True):
        sentence_list = segment.sentences(document.target, block_list, parsed_blocks)
        analyses.append(
            Analysis(
                document,
                tuple(block_list),
                tuple(sentence_list),
                tuple(parsed_blocks),
                document.target_lang == "en",
            )
        )
    if lm is not None:
        analyses = _with_assessments(analyses, lm)
    return analyses


def _with_assessments(analyses: list[Analysis], lm: Any) -> list[Analysis]:
    from mtqa.models.assess import assess
    from mtqa.models.features import source_prompt

    texts, prompts = [], []
    for a in analyses:
        document = a.document
        prompt = None
        if document.source and len(document.source) <= MAX_SOURCE_CHARS:
            prompt = source_prompt(document.source, document.source_lang, document.target_lang)
        for s in a.sentences:
            texts.append(a.text[s.start : s.end])
            prompts.append(prompt)
    results = iter(assess(lm, texts, prompts))
    return [
        dataclasses.replace(a, assessments=tuple(next(results) for _ in a.sentences))
        for a in analyses
    ]
