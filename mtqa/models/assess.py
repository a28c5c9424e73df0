"""Turn language-model token scores into per-sentence assessments with the trained tagger."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mtqa.models.features import (
    FEATURE_NAMES,
    SOURCE_FEATURE_NAMES,
    Word,
    load_tagger,
    sentence_aggregate,
    word_features,
)

_PMI_COLUMN = len(FEATURE_NAMES) + SOURCE_FEATURE_NAMES.index("pmi")


@dataclass(frozen=True)
class Assessment:
    """The model's view of one sentence: words (offsets relative to the sentence), the
    probability that a rater marks each word, each word's surprisal (nats), the probability
    of a major error and, when the source was given, each word's pointwise mutual
    information with the source (``pmi``: surprisal alone minus surprisal given the source)."""

    words: tuple[Word, ...]
    word_probabilities: tuple[float, ...]
    surprisals: tuple[float, ...]
    major_probability: float
    thresholds: dict[str, float]
    adequacy: float | None = None
    pmi: tuple[float, ...] | None = None

    @property
    def fluency(self) -> float:
        """1 - probability of a major error: 1.0 reads as fluent, 0.0 as broken."""
        return 1.0 - self.major_probability


def assess(
    lm: Any, texts: Sequence[str], prompts: Sequence[str | None] | None = None
) -> list[Assessment]:
    """Score ``texts`` (sentences) with ``lm`` and the shipped tagger, in one batch.

    ``prompts[i]``, when given, is the source prompt of text ``i``: the text is then also
    scored after it, and the tagger that uses the source features decides.
    """
    prompts = list(prompts) if prompts is not None else [None] * len(texts)
    alone = lm.score(list(texts))
    with_source = [i for i, p in enumerate(prompts) if p]
    conditioned: dict[int, Any] = {}
    if with_source:
        scored = lm.score([texts[i] for i in with_source], [prompts[i] for i in with_source])
        conditioned = dict(zip(with_source, scored, strict=True))
    results = []
    for i, (text, scores) in enumerate(zip(texts, alone, strict=True)):
        given = conditioned.get(i)
        tagger = load_tagger("source" if given is not None else "target")
        source_logprobs = given.logprobs if given is not None else None
        words, features = word_features(text, scores.offsets, scores.logprobs, source_logprobs)
        probabilities = tagger.word_probabilities(features)
        major = tagger.sentence_probability(sentence_aggregate(probabilities, features))
        adequacy = None
        if given is not None and len(scores.logprobs):
            # mean pointwise mutual information of the tokens with the source, in nats
            adequacy = float(np.mean(np.asarray(given.logprobs) - np.asarray(scores.logprobs)))
        results.append(
            Assessment(
                words=tuple(words),
                word_probabilities=tuple(float(p) for p in probabilities),
                surprisals=tuple(float(s) for s in (features[:, 0] if len(words) else [])),
                major_probability=major,
                thresholds=tagger.thresholds,
                adequacy=adequacy,
                pmi=(
                    tuple(float(v) for v in features[:, _PMI_COLUMN]) if given is not None else None
                ),
            )
        )
    return results
