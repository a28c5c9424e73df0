"""Word features from language-model token scores, and the small trained word tagger.

Pure NumPy; no torch. A sentence's tokens (character spans and log-probabilities from
``mtqa.models.lm``) are grouped into words; each word gets the features below, and the
tagger (a one-hidden-layer network trained by ``scripts/train_tagger.py`` on
``../shared/train/train.jsonl``, shipped as ``mtqa/data/tagger.json``) turns them into the
probability that a professional MQM rater would mark the word as part of an error.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+(?:['’\-.]\w+)*|[^\w\s]")

FEATURE_NAMES = (
    "surprisal",
    "max_token_surprisal",
    "tokens",
    "zipf",
    "capitalised",
    "digit",
    "punctuation",
    "previous_surprisal",
    "next_surprisal",
    "sentence_mean_surprisal",
    "relative_position",
    "log_words",
    "surprisal_minus_mean",
    "window_max_surprisal",
    "surprisal_x_zipf",
    "first_word",
)


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str


def words_of(text: str) -> list[Word]:
    """Words and punctuation marks of ``text`` with their character spans."""
    return [Word(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


@functools.lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def word_surprisals(
    words: Sequence[Word], offsets: Sequence[tuple[int, int]], logprobs: Sequence[float]
) -> tuple[list[float], list[float], list[int]]:
    """Per word: summed surprisal (nats), largest token surprisal, number of tokens.

    A token belongs to the word it overlaps most; tokens that overlap no word (spaces) are
    added to the next word.
    """
    total = [0.0] * len(words)
    peak = [0.0] * len(words)
    count = [0] * len(words)
    starts = [w.start for w in words]
    pending = 0.0
    for (start, end), logprob in zip(offsets, logprobs, strict=True):
        surprisal = -logprob
        best, best_overlap = -1, 0
        i = max(0, np.searchsorted(starts, start, side="right") - 1)
        for j in range(i, min(i + 3, len(words))):
            overlap = min(end, words[j].end) - max(start, words[j].start)
            if overlap > best_overlap:
                best, best_overlap = j, overlap
        if best < 0:
            pending += surprisal
            continue
        total[best] += surprisal + pending
        peak[best] = max(peak[best], surprisal + pending)
        count[best] += 1
        pending = 0.0
    return total, peak, count


def word_features(
    text: str, offsets: Sequence[tuple[int, int]], logprobs: Sequence[float]
) -> tuple[list[Word], np.ndarray]:
    """The words of ``text`` and their feature matrix (rows: words, columns: FEATURE_NAMES)."""
    words = words_of(text)
    n = len(words)
    if n == 0:
        return words, np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    total, peak, count = word_surprisals(words, offsets, logprobs)
    mean = float(-np.mean(logprobs)) if len(logprobs) else 0.0
    rows = []
    for i, w in enumerate(words):
        zipf = _zipf(w.text.lower()) if w.text[0].isalnum() else 7.0
        window = total[max(0, i - 2) : i + 3]
        rows.append(
            [
                total[i],
                peak[i],
                count[i],
                zipf,
                float(w.text[0].isupper() and i > 0),
                float(any(c.isdigit() for c in w.text)),
                float(not w.text[0].isalnum()),
                total[i - 1] if i > 0 else 0.0,
                total[i + 1] if i + 1 < n else 0.0,
                mean,
                i / max(n - 1, 1),
                math.log(n),
                total[i] - mean,
                max(window),
                total[i] * (7.0 - zipf) / 7.0,
                float(i == 0),
            ]
        )
    return words, np.asarray(rows, dtype=np.float32)


@dataclass(frozen=True)
class Tagger:
    """A one-hidden-layer network over standardised word features, plus the sentence model
    and the thresholds chosen on the training data."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    sentence_weights: np.ndarray
    sentence_bias: float
    thresholds: dict[str, float]
    info: dict[str, Any]

    def word_probabilities(self, features: np.ndarray) -> np.ndarray:
        if len(features) == 0:
            return np.zeros(0, dtype=np.float32)
        x = (features - self.mean) / self.scale
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        return 1.0 / (1.0 + np.exp(-logits))

    def sentence_probability(self, aggregate: np.ndarray) -> float:
        z = float(aggregate @ self.sentence_weights + self.sentence_bias)
        return 1.0 / (1.0 + math.exp(-z))


def sentence_aggregate(word_probs: np.ndarray, features: np.ndarray) -> np.ndarray:
    """Sentence-level inputs of the major-error model, from its words' probabilities."""
    if len(word_probs) == 0:
        return np.zeros(7, dtype=np.float32)
    top = np.sort(word_probs)[::-1]
    return np.asarray(
        [
            float(top[0]),
            float(np.mean(word_probs)),
            float(np.mean(top[:3])),
            float(features[0, 9]),  # sentence mean surprisal
            float(np.max(features[:, 0])),
            float(features[0, 11]),  # log words
            float(np.sum(word_probs)),
        ],
        dtype=np.float32,
    )


def to_json(tagger: Tagger) -> str:
    return json.dumps(
        {
            "features": list(FEATURE_NAMES),
            "mean": tagger.mean.tolist(),
            "scale": tagger.scale.tolist(),
            "w1": tagger.w1.tolist(),
            "b1": tagger.b1.tolist(),
            "w2": tagger.w2.tolist(),
            "b2": tagger.b2,
            "sentence_weights": tagger.sentence_weights.tolist(),
            "sentence_bias": tagger.sentence_bias,
            "thresholds": tagger.thresholds,
            "info": tagger.info,
        },
        indent=1,
    )


@functools.lru_cache(maxsize=1)
def load_tagger() -> Tagger:
    """The tagger shipped in ``mtqa/data/tagger.json``."""
    raw = json.loads(resources.files("mtqa.data").joinpath("tagger.json").read_text("utf-8"))
    if raw["features"] != list(FEATURE_NAMES):
        raise ValueError("mtqa/data/tagger.json was trained on other features; retrain it")
    f32 = np.float32
    return Tagger(
        mean=np.asarray(raw["mean"], dtype=f32),
        scale=np.asarray(raw["scale"], dtype=f32),
        w1=np.asarray(raw["w1"], dtype=f32),
        b1=np.asarray(raw["b1"], dtype=f32),
        w2=np.asarray(raw["w2"], dtype=f32),
        b2=float(raw["b2"]),
        sentence_weights=np.asarray(raw["sentence_weights"], dtype=f32),
        sentence_bias=float(raw["sentence_bias"]),
        thresholds={k: float(v) for k, v in raw["thresholds"].items()},
        info=dict(raw["info"]),
    )
