"""Turn the language model's hidden states and token scores into per-sentence assessments
with the trained quality-estimation head (``mtqa.models.head``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mtqa.models.features import Word, word_surprisals, words_of


@dataclass(frozen=True)
class Assessment:
    """The model's view of one sentence: words (offsets relative to the sentence), the
    probability that a rater marks each word (any error, and a major one), each word's
    surprisal (nats), the probability of a major error in the sentence, what it is charged
    in the overall score (the MQM points a rater would likely give it beyond what
    professional translations get, ``mtqa.models.head.charge``) and, when the source was
    given, each word's pointwise mutual information with the source (``pmi``: surprisal
    alone minus surprisal given the source) and the sentence's mean PMI (``adequacy``)."""

    words: tuple[Word, ...]
    word_probabilities: tuple[float, ...]
    surprisals: tuple[float, ...]
    major_probability: float
    thresholds: dict[str, float]
    adequacy: float | None = None
    pmi: tuple[float, ...] | None = None
    major_word_probabilities: tuple[float, ...] = ()
    penalty: float = 0.0

    @property
    def no_major_probability(self) -> float:
        """1 - ``major_probability``: the probability that the sentence has no major error
        (the report's sentence and document ``fluency``: 1.0 reads as fluent, 0.0 as
        broken)."""
        return 1.0 - self.major_probability


def context_prefix(previous: str | None) -> str:
    """What a sentence is read after when there is no source: the sentence before it, so
    that a name or topic introduced there is not surprising."""
    return f"{previous.strip()}\n" if previous and previous.strip() else ""


def assess(
    lm: Any,
    texts: Sequence[str],
    prompts: Sequence[str | None] | None = None,
    contexts: Sequence[str | None] | None = None,
) -> list[Assessment]:
    """Assess ``texts`` (sentences) with ``lm`` and the shipped heads, in one batch.

    ``prompts[i]``, when given, is the source prompt of text ``i``: the text is then also
    read after it, and the ``source`` head decides from those states. Otherwise the
    ``context`` head decides from the states of the text read after ``contexts[i]`` (the
    sentence before it, if any).
    """
    from mtqa.models.head import HeadWeights, charge, load_head
    from mtqa.models.pooling import word_pool

    n = len(texts)
    prompts = list(prompts) if prompts is not None else [None] * n
    contexts = list(contexts) if contexts is not None else [None] * n
    variants = ("context", "source")
    heads = {variant: load_head(variant, "spans") for variant in variants}
    scorers = {variant: load_head(variant, "score") for variant in variants}
    if not all(h.fits(lm.model.config) for h in (*heads.values(), *scorers.values())):
        return _without_head(lm, texts, prompts, contexts)
    # the layers both heads of a variant read, computed once
    layers = {v: tuple(sorted({*heads[v].layers, *scorers[v].layers})) for v in variants}
    alone = lm.score(list(texts), [context_prefix(c) for c in contexts], layers=layers["context"])
    with_source = [i for i, p in enumerate(prompts) if p]
    conditioned: dict[int, Any] = {}
    if with_source:
        scored = lm.score(
            [texts[i] for i in with_source],
            [prompts[i] for i in with_source],
            layers=layers["source"],
        )
        conditioned = dict(zip(with_source, scored, strict=True))
    words_of_text = [words_of(t) for t in texts]
    pooled: dict[str, list[tuple[np.ndarray, Sequence[Word]]]] = {"context": [], "source": []}
    order: list[tuple[str, int]] = []
    for i, words in enumerate(words_of_text):
        variant = "source" if i in conditioned else "context"
        scores = conditioned[i] if i in conditioned else alone[i]
        order.append((variant, len(pooled[variant])))
        pooled[variant].append((word_pool(words, scores.offsets, scores.states), words))

    def predict(head: HeadWeights, variant: str) -> list[Any]:
        picked = [layers[variant].index(layer) for layer in head.layers]
        return head.predict([(states[:, picked], words) for states, words in pooled[variant]])

    spans = {v: predict(heads[v], v) if pooled[v] else [] for v in variants}
    penalties = {v: predict(scorers[v], v) if pooled[v] else [] for v in variants}
    results = []
    for i, (_text, words) in enumerate(zip(texts, words_of_text, strict=True)):
        variant, k = order[i]
        any_p, major_p, _, major = spans[variant][k]
        penalty = penalties[variant][k][2]
        scores = alone[i]
        surprisal = word_surprisals(words, scores.offsets, scores.logprobs)[0]
        pmi = adequacy = None
        given = conditioned.get(i)
        if given is not None:
            source_surprisal = word_surprisals(words, given.offsets, given.logprobs)[0]
            pmi = tuple(float(a - b) for a, b in zip(surprisal, source_surprisal, strict=True))
            if len(scores.logprobs):
                # mean pointwise mutual information of the tokens with the source, in nats
                adequacy = float(np.mean(np.asarray(given.logprobs) - np.asarray(scores.logprobs)))
        results.append(
            Assessment(
                words=tuple(words),
                word_probabilities=tuple(float(p) for p in any_p),
                surprisals=tuple(float(s) for s in surprisal),
                major_probability=float(major),
                thresholds=heads[variant].thresholds,
                adequacy=adequacy,
                pmi=pmi,
                major_word_probabilities=tuple(float(p) for p in major_p),
                penalty=charge(float(penalty), scorers[variant].thresholds.get("allowance", 0.0)),
            )
        )
    return results


#: Thresholds no probability reaches: without a head nothing is flagged.
_NEVER = {"span": 2.0, "sentence": 2.0}


def _without_head(
    lm: Any,
    texts: Sequence[str],
    prompts: Sequence[str | None],
    contexts: Sequence[str | None],
) -> list[Assessment]:
    """Assessments from token scores alone, for a model the heads were not trained on (other
    layers or width): surprisal and PMI for the checks that read them, no word or sentence
    probabilities (S901 flags nothing) and no penalty."""
    alone = lm.score(list(texts), [context_prefix(c) for c in contexts])
    with_source = [i for i, p in enumerate(prompts) if p]
    conditioned = dict(
        zip(
            with_source,
            lm.score([texts[i] for i in with_source], [prompts[i] for i in with_source])
            if with_source
            else [],
            strict=True,
        )
    )
    results = []
    for i, text in enumerate(texts):
        words = words_of(text)
        surprisal = word_surprisals(words, alone[i].offsets, alone[i].logprobs)[0]
        pmi = adequacy = None
        if i in conditioned:
            given = word_surprisals(words, conditioned[i].offsets, conditioned[i].logprobs)[0]
            pmi = tuple(float(a - b) for a, b in zip(surprisal, given, strict=True))
            if alone[i].logprobs:
                adequacy = float(
                    np.mean(np.asarray(conditioned[i].logprobs) - np.asarray(alone[i].logprobs))
                )
        zeros = tuple(0.0 for _ in words)
        results.append(
            Assessment(
                words=tuple(words),
                word_probabilities=zeros,
                surprisals=tuple(float(s) for s in surprisal),
                major_probability=0.0,
                thresholds=_NEVER,
                adequacy=adequacy,
                pmi=pmi,
                major_word_probabilities=zeros,
            )
        )
    return results
