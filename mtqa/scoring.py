"""Scores: the MQM penalty per 1,000 words and the 0-100 overall score.

``mqm_penalty`` = sum over findings of (severity weight x confidence), per 1,000 words of
the target (weights: neutral 0, minor 1, major 5, critical 25 by default; configurable).
``overall`` = max(0, 100 - mqm_penalty), so a document with no findings scores 100 and one
major issue per 100 words scores 50. Findings are weighted by their confidence because they
are unconfirmed issues, not errors.

When the language model ran, its contribution is graded per sentence instead of per
finding: major weight x ``excess(p)``, where p is the sentence's probability of a major
error (the trained sentence model) and ``excess(p) = max(0, p - t) / (1 - t)`` with t the
sentence model's threshold. A sentence below the threshold costs nothing (the model's base
rate, about 0.3 on news, must not sink every document), one at certainty costs a major
error, and the score moves smoothly in between. Model findings (origin ``model``) still
mark where the problem is; they are not counted a second time.
"""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.config import Config
from mtqa.findings import Finding, Score


def mqm_penalty(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    model_excess: Sequence[float] | None = None,
) -> float:
    """Penalty points per 1,000 words (see the module docstring); ``model_excess`` holds
    ``excess(p)`` of every sentence when the model ran."""
    from mtqa.findings import Severity

    points = sum(
        config.weight(f.severity) * f.confidence
        for f in findings
        if model_excess is None or f.origin != "model"
    )
    if model_excess is not None:
        points += config.weight(Severity.MAJOR) * sum(model_excess)
    return points * 1000.0 / max(words, 1)


def score(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    fluency: float | None = None,
    adequacy: float | None = None,
    model_excess: Sequence[float] | None = None,
) -> Score:
    penalty = mqm_penalty(findings, words, config, model_excess)
    return Score(
        overall=max(0.0, 100.0 - penalty), mqm_penalty=penalty, fluency=fluency, adequacy=adequacy
    )


def excess(probability: float, threshold: float) -> float:
    """How far a sentence's major-error probability is above the threshold, scaled to 0-1."""
    if threshold >= 1.0:
        return 0.0
    return max(0.0, probability - threshold) / (1.0 - threshold)
