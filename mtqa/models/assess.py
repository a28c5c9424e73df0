"""Turn language-model token scores into per-sentence assessments with the trained tagger."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mtqa.models.features import Word, load_tagger, sentence_aggregate, word_features


@dataclass(frozen=True)
class Assessment:
    """The model's view of one sentence: words (offsets relative to the sentence), the
    probability that a rater marks each word, and the probability of a major error."""

    words: tuple[Word, ...]
    word_probabilities: tuple[float, ...]
    surprisals: tuple[float, ...]
    major_probability: float
    mean_surprisal: float

    @property
    def fluency(self) -> float:
        """1 - probability of a major error: 1.0 reads as fluent, 0.0 as broken."""
        return 1.0 - self.major_probability


def assess(lm: Any, texts: Sequence[str]) -> list[Assessment]:
    """Score ``texts`` (sentences) with ``lm`` and the shipped tagger, in one batch."""
    tagger = load_tagger()
    results = []
    for text, scores in zip(texts, lm.score(list(texts)), strict=True):
        words, features = word_features(text, scores.offsets, scores.logprobs)
        probabilities = tagger.word_probabilities(features)
        major = tagger.sentence_probability(sentence_aggregate(probabilities, features))
        mean = float(-np.mean(scores.logprobs)) if len(scores.logprobs) else 0.0
        results.append(
            Assessment(
                words=tuple(words),
                word_probabilities=tuple(float(p) for p in probabilities),
                surprisals=tuple(float(s) for s in (features[:, 0] if len(words) else [])),
                major_probability=major,
                mean_surprisal=mean,
            )
        )
    return results
