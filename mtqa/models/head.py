"""The quality-estimation head: error probabilities per word and a predicted MQM penalty per
sentence, from the embedded model's hidden states.

The language model is causal: its state at a word knows nothing of the words after it, and
a garbled phrase is often visible only from its right. The head reads the frozen states of
the words of a sentence (averaged over each word's tokens, from the layers in
``HeadWeights.layers``) together with a few lexical features (``LEXICAL_NAMES``), projects
them to a small width and runs a bidirectional GRU over the sentence. From each word's GRU
state it predicts the probability that a professional rater marks the word (any error, and
a major one); from the sentence's mean and maximum states, the sentence's MQM penalty
(``log1p`` points) and its probability of a major error.

A head whose thresholds hold ``word_scale`` charges a sentence the expected penalty of its
words instead: each word's probability of an error plus ``MAJOR_WEIGHT - 1`` times its
probability of a major one, summed and scaled to MQM points by ``word_scale`` (fitted on
held-out training data; a span of several words is one error). Summing over words keeps
what the word outputs learned from every marked word, and a long garbled sentence costs more
than a short one (``scripts/train_head.py`` writes both measures into ``info``).

It is trained by ``scripts/train_head.py`` on ``../shared/train/train.jsonl`` (word labels
from the raters' spans, the sentence penalty, and a ranking loss between the translations
of one source) and shipped as plain arrays, read without pickle. There is one per context,
``context`` for a sentence read after the sentence before it (articles) and ``source`` for
a translation read after its source, and one per role (``ROLES``): the ``spans`` heads
(``mtqa/data/head-*.npz``) give S901 its word probabilities and the sentence its
major-error probability, the ``score`` heads (``mtqa/data/score-*.npz``) give the sentence
its penalty. They are trained the same way (``--role``) and kept apart: the head that
ranks best, at the span thresholds that keep its recall, also flags words of clean
headlines and professional prose. Both read the same layers, so one forward pass serves
both.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import torch
from torch import nn

from mtqa.models.features import Word

LEXICAL_NAMES = ("zipf", "capitalised", "digit", "punctuation", "relative_position", "first_word")
VARIANTS = ("context", "source")
#: What a shipped head is used for: ``spans`` (S901's word probabilities and the sentence's
#: major-error probability) or ``score`` (the sentence's penalty in ``score.overall``).
ROLES = ("spans", "score")


def head_file(variant: str, role: str) -> str:
    """The package data file of the head for ``variant`` and ``role``."""
    return f"head-{variant}.npz" if role == "spans" else f"score-{variant}.npz"


def lexical_features(words: Sequence[Word]) -> np.ndarray:
    """[words, len(LEXICAL_NAMES)]: what the states do not say directly about a word."""
    from mtqa.models.features import _zipf

    n = len(words)
    rows = []
    for i, w in enumerate(words):
        alnum = w.text[0].isalnum()
        rows.append(
            [
                (_zipf(w.text.lower()) if alnum else 7.0) / 7.0,
                float(w.text[0].isupper() and i > 0),
                float(any(c.isdigit() for c in w.text)),
                float(not alnum),
                i / max(n - 1, 1),
                float(i == 0),
            ]
        )
    return np.asarray(rows, dtype=np.float32).reshape(n, len(LEXICAL_NAMES))


class QualityHead(nn.Module):
    """Projection, bidirectional GRU, word and sentence outputs (see the module docstring)."""

    def __init__(self, inputs: int, width: int) -> None:
        super().__init__()
        self.project = nn.Sequential(nn.Linear(inputs, width), nn.GELU(), nn.Dropout(0.1))
        self.gru = nn.GRU(width, width // 2, batch_first=True, bidirectional=True)
        self.word = nn.Linear(width, 2)
        self.sentence = nn.Linear(2 * width, 2)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``x`` [batch, words, inputs] (normalised), ``mask`` [batch, words] (1 = a word):
        word logits [batch, words, 2] (any error, major error) and sentence outputs
        [batch, 2] (log1p penalty, major-error logit)."""
        h = self.project(x)
        lengths = mask.sum(dim=1).clamp(min=1).long().cpu()
        packed = nn.utils.rnn.pack_padded_sequence(
            h, lengths, batch_first=True, enforce_sorted=False
        )
        out, _ = self.gru(packed)
        states, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        m = mask.unsqueeze(-1)
        mean = (states * m).sum(dim=1) / m.sum(dim=1).clamp(min=1)
        peak = states.masked_fill(m == 0, -1e4).max(dim=1).values
        return self.word(states), self.sentence(torch.cat([mean, peak], dim=-1))


@dataclass(frozen=True, eq=False)
class HeadWeights:
    """A trained head: its network, the layers it reads, the input normalisation and the
    decision thresholds chosen on held-out training data."""

    network: QualityHead
    layers: tuple[int, ...]
    mean: np.ndarray
    scale: np.ndarray
    thresholds: dict[str, float]
    info: dict[str, Any]

    def fits(self, model_config: Any) -> bool:
        """Whether a model with ``model_config`` (a transformers config) has the layers and
        the width this head was trained on (``--model`` can name any causal LM)."""
        layers = int(getattr(model_config, "num_hidden_layers", 0) or 0)
        width = int(getattr(model_config, "hidden_size", 0) or 0)
        wanted = (self.mean.shape[0] - len(LEXICAL_NAMES)) // max(len(self.layers), 1)
        return max(self.layers) <= layers and width == wanted

    def inputs(self, states: np.ndarray, words: Sequence[Word]) -> np.ndarray:
        """Normalised inputs of one sentence: ``states`` [words, layers, width] pooled."""
        flat = states.reshape(len(words), -1)
        x = np.concatenate([flat, lexical_features(words)], axis=1)
        normalised: np.ndarray = ((x - self.mean) / self.scale).astype(np.float32)
        return normalised

    def predict(
        self, sentences: Sequence[tuple[np.ndarray, Sequence[Word]]]
    ) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
        """Per sentence (pooled states, words): P(any error) per word, P(major) per word,
        the predicted MQM penalty in points and P(major error in the sentence)."""
        results: list[tuple[np.ndarray, np.ndarray, float, float]] = []
        todo = [i for i, (_, words) in enumerate(sentences) if len(words)]
        if not todo:
            return [(np.zeros(0), np.zeros(0), 0.0, 0.0) for _ in sentences]
        longest = max(len(sentences[i][1]) for i in todo)
        width = self.mean.shape[0]
        x = np.zeros((len(todo), longest, width), dtype=np.float32)
        mask = np.zeros((len(todo), longest), dtype=np.float32)
        for row, i in enumerate(todo):
            states, words = sentences[i]
            x[row, : len(words)] = self.inputs(states, words)
            mask[row, : len(words)] = 1
        with torch.inference_mode():
            word_logits, sentence_out = self.network(torch.from_numpy(x), torch.from_numpy(mask))
        word_p = torch.sigmoid(word_logits).numpy()
        penalty = np.expm1(sentence_out[:, 0].clamp(min=0).numpy())
        major = torch.sigmoid(sentence_out[:, 1]).numpy()
        word_scale = self.thresholds.get("word_scale")
        by_index = {i: row for row, i in enumerate(todo)}
        for i, (_, words) in enumerate(sentences):
            if i not in by_index:
                results.append((np.zeros(0), np.zeros(0), 0.0, 0.0))
                continue
            row, n = by_index[i], len(words)
            any_p, major_p = word_p[row, :n, 0], word_p[row, :n, 1]
            points = (
                word_scale * expected_penalty(any_p, major_p)
                if word_scale is not None
                else float(penalty[row])
            )
            results.append((any_p, major_p, points, float(major[row])))
        return results


#: MQM weight of a major error (a minor one weighs 1).
MAJOR_WEIGHT = 5.0


def expected_penalty(any_error: np.ndarray, major: np.ndarray) -> float:
    """Unscaled expected penalty of a sentence's words (see the module docstring)."""
    return float(any_error.sum() + (MAJOR_WEIGHT - 1.0) * major.sum())


#: Points over which the charge of a sentence goes from nothing to linear (see ``charge``).
CHARGE_SOFTNESS = 0.5


def charge(penalty: float, allowance: float) -> float:
    """What a sentence costs in the overall score: its predicted penalty above what the head
    predicts for professional translations (``allowance``), through a softplus so that the
    charge never ties at 0 (a tie ranks no translation above another)."""
    x = (penalty - allowance) / CHARGE_SOFTNESS
    return CHARGE_SOFTNESS * (x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x)))


def to_arrays(head: HeadWeights) -> dict[str, np.ndarray]:
    """What ``load_head`` reads back: plain arrays (the network's tensors by name)."""
    arrays = {f"param.{k}": v.detach().cpu().numpy() for k, v in head.network.state_dict().items()}
    arrays["layers"] = np.asarray(head.layers, dtype=np.int64)
    arrays["mean"] = head.mean.astype(np.float32)
    arrays["scale"] = head.scale.astype(np.float32)
    arrays["meta"] = np.asarray(json.dumps({"thresholds": head.thresholds, "info": head.info}))
    return arrays


def from_arrays(arrays: Any) -> HeadWeights:
    params = {
        k.removeprefix("param."): torch.from_numpy(np.array(arrays[k], dtype=np.float32))
        for k in arrays.files
        if k.startswith("param.")
    }
    inputs = params["project.0.weight"].shape[1]
    width = params["project.0.weight"].shape[0]
    network = QualityHead(inputs, width)
    network.load_state_dict(params)
    network.eval()
    meta = json.loads(str(arrays["meta"]))
    return HeadWeights(
        network,
        tuple(int(v) for v in arrays["layers"]),
        np.asarray(arrays["mean"], dtype=np.float32),
        np.asarray(arrays["scale"], dtype=np.float32),
        {k: float(v) for k, v in meta["thresholds"].items()},
        meta["info"],
    )


@functools.lru_cache(maxsize=4)
def load_head(variant: str, role: str = "spans") -> HeadWeights:
    """The shipped head for ``variant`` (``context`` or ``source``) and ``role``."""
    path = resources.files("mtqa.data").joinpath(head_file(variant, role))
    with path.open("rb") as stream, np.load(stream, allow_pickle=False) as arrays:
        return from_arrays(arrays)
