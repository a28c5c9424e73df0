"""Sentence alignment of an article with its source (Gale–Church, with number anchors).

The target's sentences come from mtqa's segmentation; the source is split into sentences
by spaCy's rule-based sentencizer (lines first, so paragraphs never merge). A dynamic
programme then pairs them in groups of 1–1, 1–2, 2–1, 2–2, 1–0 (a source sentence left out
of the translation) and 0–1 (a target sentence with no source), scoring each group by how
far its length ratio is from the document's own ratio (Gale & Church 1993: a normal model
of the length difference, variance 6.8 per character) and by whether the numbers of the
two sides agree: numbers are strong anchors in news text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from mtqa import numbers

#: Prior probabilities of the group shapes (Gale & Church 1993, table 5).
_PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
}
_VARIANCE = 6.8
#: Cost of a number on one side that the other side of the group lacks, and the bonus for one
#: they share (in the same units as the Gale–Church cost: negative log probabilities).
_NUMBER_MISMATCH = 3.0
_NUMBER_MATCH = 1.0
#: Only cells this close to the diagonal are explored (long articles stay fast).
_BAND = 20


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Bead:
    """One aligned group: indices of source and target sentences (either may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]


def split_source(text: str) -> list[Span]:
    """Sentence spans of a source text in any language (lines, then spaCy's sentencizer)."""
    from mtqa import nlp, segment

    blocks = segment.blocks(text, "text")
    docs = nlp.multilingual_sentencizer().pipe([text[b.start : b.end] for b in blocks])
    spans = []
    for block, doc in zip(blocks, docs, strict=True):
        for sent in doc.sents:
            start, end = block.start + sent.start_char, block.start + sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append(Span(start, end))
    return spans


def _length_cost(source_chars: int, target_chars: int, ratio: float) -> float:
    if source_chars == 0 and target_chars == 0:
        return 0.0
    mean = (source_chars + target_chars / ratio) / 2
    delta = (target_chars - source_chars * ratio) / math.sqrt(max(mean, 1.0) * _VARIANCE * ratio)
    # two-sided tail probability of a standard normal
    tail = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(max(tail, 1e-12))


def align(
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    source_numbers: Sequence[list[numbers.Quantity]] | None = None,
    target_numbers: Sequence[list[numbers.Quantity]] | None = None,
) -> list[Bead]:
    """The lowest-cost alignment of two sequences of sentences, given their lengths in
    characters (and, optionally, the numbers each sentence contains)."""
    n, m = len(source_lengths), len(target_lengths)
    ratio = (sum(target_lengths) or 1) / (sum(source_lengths) or 1)
    infinity = float("inf")
    cost = [[infinity] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    band = max(_BAND, abs(n - m) + 2)
    for i in range(n + 1):
        for j in range(m + 1):
            if abs(j - i * m / max(n, 1)) > band or cost[i][j] == infinity:
                continue
            for (di, dj), prior in _PRIORS.items():
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                step = -math.log(prior) + _length_cost(
                    sum(source_lengths[i:ni]), sum(target_lengths[j:nj]), ratio
                )
                if source_numbers is not None and target_numbers is not None and di and dj:
                    src = [q for k in range(i, ni) for q in source_numbers[k]]
                    tgt = [q for k in range(j, nj) for q in target_numbers[k]]
                    if src or tgt:
                        mismatch = numbers.compare(src, tgt)
                        unmatched = len(mismatch.missing) + len(mismatch.added)
                        matched = sum(q.reportable for q in src) - len(mismatch.missing)
                        step += _NUMBER_MISMATCH * unmatched - _NUMBER_MATCH * matched
                if cost[i][j] + step < cost[ni][nj]:
                    cost[ni][nj] = cost[i][j] + step
                    back[ni][nj] = (i, j)
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        previous = back[i][j]
        assert previous is not None
        pi, pj = previous
        beads.append(Bead(tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    return beads[::-1]
