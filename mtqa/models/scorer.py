"""The sentence scorer: the MQM penalty a professional rater would likely give a sentence,
from the model's assessment of it and the rule findings in it.

Pure NumPy; no torch. A ridge regression trained by ``scripts/train_scorer.py`` on MQM
judgments of news translations (``../shared/train/train.jsonl``), shipped as
``mtqa/data/scorer.json``. Its inputs (``INPUT_NAMES``) are, per sentence: a constant, the
number of words, the tagger's expected number of marked words (the sum of its word
probabilities), its highest word probability, the sentence model's probability of a major
error, and the summed surprisal of the sentence in nats. The predicted penalty is in MQM
points (minor 1, major 5) and never below 0; it is what the model adds to the points of the
rule findings in the sentence (severity weight x confidence), which keep their own weight
(the regression is fitted to the human penalty minus those points).

Raters of news MT mark something in almost every sentence, so the regression predicts about
2 points even for a sentence they found clean. A sentence is charged only what its
prediction exceeds the ``allowance`` (the upper quartile of the predictions for the training
sentences raters found no error in), so that text the model trusts keeps a high score.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

INPUT_NAMES = (
    "constant",
    "words",
    "expected_marked_words",
    "max_word_probability",
    "major_probability",
    "surprisal",
)


def sentence_inputs(assessment: Any) -> np.ndarray:
    """The scorer's inputs for one sentence (an ``mtqa.models.assess.Assessment``)."""
    probabilities = assessment.word_probabilities
    return np.asarray(
        [
            1.0,
            float(len(assessment.words)),
            float(sum(probabilities)),
            float(max(probabilities, default=0.0)),
            float(assessment.major_probability),
            float(sum(assessment.surprisals)),
        ],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class Scorer:
    """Linear weights over ``INPUT_NAMES`` (in the inputs' own units) and the fit's facts."""

    weights: np.ndarray
    #: What the regression predicts for a sentence raters found no error in (the upper
    #: quartile over such training sentences): only the part above it is charged.
    allowance: float
    info: dict[str, Any]

    def predicted(self, inputs: np.ndarray) -> float:
        """The regression's MQM penalty of one sentence beyond its rule findings (>= 0)."""
        return max(0.0, float(inputs @ self.weights))

    def penalty(self, inputs: np.ndarray) -> float:
        """What the sentence is charged: its predicted penalty above the allowance (>= 0)."""
        return max(0.0, self.predicted(inputs) - self.allowance)


def to_json(scorer: Scorer) -> str:
    return json.dumps(
        {
            "inputs": list(INPUT_NAMES),
            "weights": scorer.weights.tolist(),
            "allowance": scorer.allowance,
            "info": scorer.info,
        },
        indent=1,
    )


@functools.lru_cache(maxsize=1)
def load_scorer() -> Scorer:
    """The scorer shipped in ``mtqa/data/scorer.json``."""
    raw = json.loads(resources.files("mtqa.data").joinpath("scorer.json").read_text("utf-8"))
    if raw["inputs"] != list(INPUT_NAMES):
        raise ValueError("mtqa/data/scorer.json was trained on other inputs; retrain it")
    return Scorer(
        weights=np.asarray(raw["weights"], dtype=np.float64),
        allowance=float(raw["allowance"]),
        info=dict(raw["info"]),
    )
