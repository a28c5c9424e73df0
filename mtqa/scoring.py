"""Scores: the MQM penalty per 1,000 words and the 0-100 overall score.

``mqm_penalty`` = sum over findings of (severity weight x confidence), per 1,000 words of
the target (weights: neutral 0, minor 1, major 5, critical 25 by default; configurable).
``overall`` = max(0, 100 - mqm_penalty), so a document with no findings scores 100 and one
major issue per 100 words scores 50. Findings are weighted by their confidence because they
are unconfirmed issues, not errors.

When the language model ran, its contribution is the *expected* penalty of each sentence,
major weight x the sentence's probability of a major error (from the trained sentence
model), instead of its findings' weights: a smooth score ranks translations better than
counting thresholded spans, and nothing is counted twice. Model findings (origin
``model``) still mark where the problem is.
"""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.config import Config
from mtqa.findings import Finding, Score


def mqm_penalty(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    major_probabilities: Sequence[float] | None = None,
) -> float:
    """Penalty points per 1,000 words (see the module docstring)."""
    from mtqa.findings import Severity

    points = sum(
        config.weight(f.severity) * f.confidence
        for f in findings
        if major_probabilities is None or f.origin != "model"
    )
    if major_probabilities is not None:
        points += config.weight(Severity.MAJOR) * sum(major_probabilities)
    return points * 1000.0 / max(words, 1)


def score(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    fluency: float | None = None,
    adequacy: float | None = None,
    major_probabilities: Sequence[float] | None = None,
) -> Score:
    penalty = mqm_penalty(findings, words, config, major_probabilities)
    return Score(
        overall=max(0.0, 100.0 - penalty), mqm_penalty=penalty, fluency=fluency, adequacy=adequacy
    )
