"""Word features from language-model token scores, and the small trained word tagger.

Pure NumPy; no torch. A sentence's tokens (character spans and log-probabilities from
``mtqa.models.lm``) are grouped into words; each word gets the features below, and the
tagger (a one-hidden-layer network trained by ``scripts/train_tagger.py`` on
``../shared/train/train.jsonl``, shipped as ``mtqa/data/tagger.json``) turns them into the
probability that a professional MQM rater would mark the word as part of an error.
"""

from __future__ import annotations

import bisect
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

#: Extra features when the source is known: the words' surprisal given the source, and how
#: much the source explains them (pointwise mutual information, in nats).
SOURCE_FEATURE_NAMES = (
    "source_surprisal",
    "pmi",
    "window_pmi",
    "sentence_mean_pmi",
)

#: The prompt that conditions a translation on its source (text follows on the next line).
LANGUAGE_NAMES = {
    "zh": "Chinese",
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ja": "Japanese",
    "ko": "Korean",
    "it": "Italian",
    "pt": "Portuguese",
    "ar": "Arabic",
    "uk": "Ukrainian",
    "pl": "Polish",
    "nl": "Dutch",
    "tr": "Turkish",
}


def source_prompt(source: str, source_lang: str | None, target_lang: str = "en") -> str:
    src = LANGUAGE_NAMES.get(source_lang or "", "the source")
    tgt = LANGUAGE_NAMES.get(target_lang, target_lang)
    return f"Translate this {src} text into {tgt}.\n{src}: {source}\n{tgt}:\n"


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str


def words_of(text: str) -> list[Word]:
    """Words and punctuation marks of ``text`` with their character spans."""
    return [Word(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


#: Frequent words make most lookups; wordfreq keeps its own cache of 100,000 behind this one,
#: so a long feed's rare words need not stay here (each entry costs about 200 bytes).
@functools.lru_cache(maxsize=20_000)
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
        i = max(0, bisect.bisect_right(starts, start) - 1)
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
    text: str,
    offsets: Sequence[tuple[int, int]],
    logprobs: Sequence[float],
    source_logprobs: Sequence[float] | None = None,
) -> tuple[list[Word], np.ndarray]:
    """The words of ``text`` and their feature matrix (rows: words, columns: FEATURE_NAMES,
    then SOURCE_FEATURE_NAMES when ``source_logprobs`` — the same tokens scored after the
    source prompt — are given)."""
    words = words_of(text)
    n = len(words)
    width = len(FEATURE_NAMES) + (len(SOURCE_FEATURE_NAMES) if source_logprobs else 0)
    if n == 0:
        return words, np.zeros((0, width), dtype=np.float32)
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
    matrix = np.asarray(rows, dtype=np.float32)
    if source_logprobs:
        conditioned, _, _ = word_surprisals(words, offsets, source_logprobs)
        pmi = np.asarray(total, dtype=np.float32) - np.asarray(conditioned, dtype=np.float32)
        kernel = np.ones(5, dtype=np.float32) / 5
        window_pmi = np.convolve(np.pad(pmi, 2, mode="edge"), kernel, mode="valid")
        mean_pmi = float(np.sum(logprobs) * -1 - np.sum(source_logprobs) * -1) / max(n, 1)
        extra = np.stack(
            [
                np.asarray(conditioned, dtype=np.float32),
                pmi,
                window_pmi,
                np.full(n, mean_pmi, dtype=np.float32),
            ],
            axis=1,
        )
        matrix = np.concatenate([matrix, extra], axis=1)
    return words, matrix


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
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        return probabilities

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


def _variant_to_dict(tagger: Tagger) -> dict[str, Any]:
    return {
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
    }


def to_json(taggers: dict[str, Tagger]) -> str:
    """The artefact: ``target`` (translation alone) and ``source`` (given the source)."""
    return json.dumps(
        {
            "features": list(FEATURE_NAMES),
            "source_features": list(SOURCE_FEATURE_NAMES),
            "variants": {name: _variant_to_dict(t) for name, t in taggers.items()},
        },
        indent=1,
    )


@functools.lru_cache(maxsize=2)
def load_tagger(variant: str = "target") -> Tagger:
    """The tagger shipped in ``mtqa/data/tagger.json``: ``target`` or ``source``."""
    raw = json.loads(resources.files("mtqa.data").joinpath("tagger.json").read_text("utf-8"))
    if raw["features"] != list(FEATURE_NAMES) or raw["source_features"] != list(
        SOURCE_FEATURE_NAMES
    ):
        raise ValueError("mtqa/data/tagger.json was trained on other features; retrain it")
    data = raw["variants"][variant]
    f32 = np.float32
    return Tagger(
        mean=np.asarray(data["mean"], dtype=f32),
        scale=np.asarray(data["scale"], dtype=f32),
        w1=np.asarray(data["w1"], dtype=f32),
        b1=np.asarray(data["b1"], dtype=f32),
        w2=np.asarray(data["w2"], dtype=f32),
        b2=float(data["b2"]),
        sentence_weights=np.asarray(data["sentence_weights"], dtype=f32),
        sentence_bias=float(data["sentence_bias"]),
        thresholds={k: float(v) for k, v in data["thresholds"].items()},
        info=dict(data["info"]),
    )
