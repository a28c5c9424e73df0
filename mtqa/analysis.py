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
from mtqa.document import Document, Unit
from mtqa.segment import Block, Sentence

#: Sources longer than this are not used to condition the model (each sentence would be
#: scored after the whole source; articles need sentence alignment first).
MAX_SOURCE_CHARS = 1000
#: How sure the language identifier must be before a source's unstated language is taken.
SOURCE_LANG_PROBABILITY = 0.9
#: How much of a source the language identifier reads.
SOURCE_LANG_SAMPLE_CHARS = 2000


@dataclass(frozen=True)
class Analysis:
    document: Document
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    parses: tuple[Any, ...]
    #: Whether ``parses`` are the English pipeline's (tags, dependencies, entities): the
    #: target is English. Other targets are only split into sentences.
    has_english_parse: bool
    #: One model assessment per sentence (``mtqa.models.assess``), when a model ran.
    assessments: tuple[Any, ...] | None = None
    #: Source/target pairs for the source-aware checks: a bilingual file's units, a feed
    #: record's source and translation, or an article's aligned sentences; () without a source.
    pairs: tuple[Unit, ...] = ()
    #: The run's glossary (``mtqa.glossary.Glossary``), when ``--glossary`` gave one.
    glossary: Any = None
    #: The run's placeholder and markup settings (``mtqa.placeholders.Settings``).
    localization: Any = None

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

    def sentences_starting_in(self, start: int, end: int) -> range:
        """Indexes of the sentences whose first character lies in ``[start, end)``."""
        starts = self._sentence_starts
        return range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))

    @functools.cached_property
    def _pair_starts(self) -> list[int]:
        return [p.offset for p in self.pairs]

    def pair_at(self, offset: int) -> Unit | None:
        """The pair (unit, aligned sentences) whose target contains ``offset``, if any."""
        i = bisect.bisect_right(self._pair_starts, offset) - 1
        if i >= 0 and self.pairs[i].offset <= offset <= self.pairs[i].end:
            return self.pairs[i]
        return None

    @functools.cached_property
    def _token_starts(self) -> dict[int, list[int]]:
        """Block-relative start offset of every token, per block, filled as blocks are asked for
        (``tokens`` finds a sentence's tokens in it by bisection, so that checks visiting every
        sentence of a long paragraph do not scan the paragraph's tokens once per sentence)."""
        return {}

    def _block_token_starts(self, block: int) -> list[int]:
        starts = self._token_starts.get(block)
        if starts is None:
            starts = self._token_starts[block] = self.parses[block].to_array("IDX").tolist()
        return starts

    def tokens(self, index: int) -> Iterator[tuple[int, Any]]:
        """``(absolute_offset, spacy_token)`` for the tokens of sentence ``index``: those whose
        first character lies in the sentence's span."""
        s = self.sentences[index]
        origin = self.blocks[s.block].start
        doc = self.parses[s.block]
        starts = self._block_token_starts(s.block)
        first = bisect.bisect_left(starts, s.start - origin)
        stop = bisect.bisect_left(starts, s.end - origin)
        for i in range(first, stop):
            yield origin + starts[i], doc[i]


def analyse(document: Document, lm: Any = None) -> Analysis:
    """Segment ``document``, parse each block (full pipeline for English targets) and, given
    a language model, assess every sentence with it."""
    return analyse_many([document], lm)[0]


def analyse_many(documents: Sequence[Document], lm: Any = None) -> list[Analysis]:
    """``analyse`` for several documents: all blocks are parsed in one batched pass and all
    sentences go to the model together (it sorts and packs them by length)."""
    documents = [with_source_language(d) for d in documents]
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
                pairs=pairs_of(document, sentence_list),
            )
        )
    if lm is not None:
        analyses = _with_assessments(analyses, lm)
    return analyses


def with_source_language(document: Document) -> Document:
    """``document`` with its source's language filled in when it has a source but no stated
    language (a feed record without ``src_lang``, a run without ``--lang``): identified from
    the source text by py3langid when it is at least ``SOURCE_LANG_PROBABILITY`` sure, and
    said in the report's notes. The source-aware checks (expected length ratio, number
    formats, text left in the source language) and the model's source prompt need it."""
    if document.source_lang is not None:
        return document
    source = document.source or " ".join(u.source for u in document.units[:200])
    sample = source[:SOURCE_LANG_SAMPLE_CHARS]
    if not sample.strip():
        return document
    lang, probability = nlp.identify_language(sample)
    if probability < SOURCE_LANG_PROBABILITY or lang == document.target_lang:
        return document
    note = f"source language not given: identified as {lang} (py3langid, p={probability:.2f})"
    return dataclasses.replace(document, source_lang=lang, notes=(*document.notes, note))


def pairs_of(document: Document, sentence_list: Sequence[Sentence]) -> tuple[Unit, ...]:
    """What the source-aware checks compare: a bilingual file's units; for a document with a
    source, the whole text when either side is one sentence, else its aligned sentences."""
    if document.units:
        return document.units
    if not document.source or not document.source.strip():
        return ()
    from mtqa import align, numbers

    text, source = document.target, document.source
    source_spans = align.split_source(source)
    if len(sentence_list) <= 1 or len(source_spans) <= 1:
        return (Unit("1", source, text, 0, reference=document.reference),)
    beads = align.align(
        [s.end - s.start for s in source_spans],
        [s.end - s.start for s in sentence_list],
        [numbers.find(source[s.start : s.end]) for s in source_spans],
        [numbers.find(text[s.start : s.end]) for s in sentence_list],
    )
    pairs = []
    position = 0
    for number, bead in enumerate(beads, start=1):
        src = " ".join(source[source_spans[k].start : source_spans[k].end] for k in bead.source)
        if bead.target:
            first, last = sentence_list[bead.target[0]], sentence_list[bead.target[-1]]
            start, end = first.start, last.end
        else:
            start = end = position
        pairs.append(Unit(str(number), src, text[start:end], start))
        position = end
    return tuple(pairs)


def _with_assessments(analyses: list[Analysis], lm: Any) -> list[Analysis]:
    from mtqa.models.assess import assess
    from mtqa.models.features import source_prompt

    texts: list[str] = []
    prompts: list[str | None] = []
    contexts: list[str | None] = []
    for a in analyses:
        document = a.document
        prompt = None
        if document.source and len(document.source) <= MAX_SOURCE_CHARS:
            prompt = source_prompt(document.source, document.source_lang, document.target_lang)
        previous: str | None = None
        for s in a.sentences:
            texts.append(a.text[s.start : s.end])
            contexts.append(previous)  # the sentence before, so names it gave are expected
            previous = texts[-1]
            pair = a.pair_at(s.start) if a.pairs and prompt is None else None
            if pair is not None and pair.source.strip() and len(pair.source) <= MAX_SOURCE_CHARS:
                # a unit's (or an aligned sentence's) own source conditions its sentences
                prompts.append(
                    source_prompt(pair.source, document.source_lang, document.target_lang)
                )
            else:
                prompts.append(prompt)
    results = iter(assess(lm, texts, prompts, contexts))
    return [
        dataclasses.replace(a, assessments=tuple(next(results) for _ in a.sentences))
        for a in analyses
    ]
