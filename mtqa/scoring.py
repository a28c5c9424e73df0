"""Scores: the MQM penalty per 1,000 words and the 0-100 overall score.

A rule finding costs its severity weight x its confidence (weights: neutral 0, minor 1,
major 5, critical 25 by default; configurable). Findings are weighted by their confidence
because they are unconfirmed issues, not errors.

When the language model ran, each sentence also costs the MQM penalty that the
quality-estimation score head (``mtqa.models.head``, trained on professional MQM judgments
of news) predicts a rater would give it, beyond what it predicts for professional
translations (``head.charge``; that allowance is stored with the head's weights in
``mtqa/data/score-*.npz``). Model findings (origin ``model``) mark where the problem is;
they are not counted a second time.

``mqm_penalty`` = points per 1,000 words of the target, counting a document of fewer than
``MIN_WORDS`` words as ``MIN_WORDS`` long: one error in a ten-word sentence is one error,
not a hundred per thousand words, so short texts are not extrapolated (extrapolated, the
overall score of single sentences says little about how raters judge them).

``overall`` = 100 x exp(-mqm_penalty / 200): 100 for a document with no penalty, 95 for 10
points per 1,000 words (a minor slip every hundred words), 78 for 50 (a major error per
hundred words), 61 for 100, 37 for 200. Raters of news charge much machine translation
more than 100 points per 1,000 words, and a linear ``100 - penalty`` clipped at 0 would give
all of it the same 0, a tie that ranks no translation above another; the exponential keeps
every difference in the penalty visible and never leaves [0, 100].
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mtqa.config import Config
from mtqa.findings import Finding, Score

if TYPE_CHECKING:
    from mtqa.models.assess import Assessment

#: Documents shorter than this are scored as if they had this many words.
MIN_WORDS = 100


def finding_points(finding: Finding, config: Config) -> float:
    """What one finding costs: its severity's weight times its confidence."""
    return config.weight(finding.severity) * finding.confidence


def points(
    findings: Sequence[Finding], config: Config, model_penalties: Sequence[float] | None = None
) -> float:
    """Penalty points (see the module docstring); ``model_penalties`` holds the head's
    predicted penalty of every sentence when the model ran."""
    return _points(findings, config, None if model_penalties is None else sum(model_penalties))


def _points(findings: Sequence[Finding], config: Config, model_points: float | None) -> float:
    if model_points is None:
        return sum(finding_points(f, config) for f in findings)
    rules = sum(finding_points(f, config) for f in findings if f.origin != "model")
    return rules + model_points


def mqm_penalty(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    model_penalties: Sequence[float] | None = None,
) -> float:
    """Penalty points per 1,000 words, at least ``MIN_WORDS`` words counted."""
    return points(findings, config, model_penalties) * 1000.0 / max(words, MIN_WORDS)


def score(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    fluency: float | None = None,
    adequacy: float | None = None,
    model_penalties: Sequence[float] | None = None,
) -> Score:
    model_points = None if model_penalties is None else sum(model_penalties)
    return _score(findings, words, config, model_points, fluency, adequacy)


def _score(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    model_points: float | None,
    fluency: float | None,
    adequacy: float | None,
) -> Score:
    penalty = _points(findings, config, model_points) * 1000.0 / max(words, MIN_WORDS)
    return Score(
        overall=overall(penalty),
        mqm_penalty=penalty,
        fluency=fluency,
        adequacy=adequacy,
        model_points=model_points,
    )


def document_score(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    assessments: Sequence[Assessment] | None,
) -> Score:
    """The score of a document: its findings and, when the model ran, its sentences'
    assessments (fluency, the probability of no major error, and adequacy are their means
    weighted by each sentence's words; the head's predicted penalties are the model's share
    of the points)."""
    if not assessments:
        return score(findings, words, config)
    weights = [max(len(a.words), 1) for a in assessments]
    pairs = zip(assessments, weights, strict=True)
    fluency = sum(a.no_major_probability * w for a, w in pairs) / sum(weights)
    adequacies = [
        (a.adequacy, w) for a, w in zip(assessments, weights, strict=True) if a.adequacy is not None
    ]
    adequacy = None
    if adequacies:
        adequacy = sum(a * w for a, w in adequacies) / sum(w for _, w in adequacies)
    penalties = [a.penalty for a in assessments]
    return score(findings, words, config, fluency, adequacy, model_penalties=penalties)


def rescore(score: Score, findings: Sequence[Finding], words: int, config: Config) -> Score:
    """``score`` again for fewer ``findings`` (some hidden by a baseline): the model's share
    and the other scores stay as they were."""
    again = _score(findings, words, config, score.model_points, score.fluency, score.adequacy)
    return dataclasses.replace(again, reference=score.reference)


#: Penalty points per 1,000 words at which the overall score falls to 100/e (about 37).
SCALE = 200.0


def overall(penalty: float) -> float:
    """The 0-100 overall score of a penalty per 1,000 words (see the module docstring)."""
    return 100.0 * math.exp(-max(penalty, 0.0) / SCALE)
