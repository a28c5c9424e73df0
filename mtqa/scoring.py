"""Scores: the MQM penalty per 1,000 words and the 0-100 overall score.

``mqm_penalty`` = sum over findings of (severity weight x confidence), per 1,000 words of
the target (weights: neutral 0, minor 1, major 5, critical 25 by default; configurable).
``overall`` = max(0, 100 - mqm_penalty), so a document with no findings scores 100 and one
major issue per 100 words scores 50. Findings are weighted by their confidence because they
are unconfirmed issues, not errors.
"""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.config import Config
from mtqa.findings import Finding, Score


def mqm_penalty(findings: Sequence[Finding], words: int, config: Config) -> float:
    points = sum(config.weight(f.severity) * f.confidence for f in findings)
    return points * 1000.0 / max(words, 1)


def score(
    findings: Sequence[Finding],
    words: int,
    config: Config,
    fluency: float | None = None,
    adequacy: float | None = None,
) -> Score:
    penalty = mqm_penalty(findings, words, config)
    return Score(
        overall=max(0.0, 100.0 - penalty), mqm_penalty=penalty, fluency=fluency, adequacy=adequacy
    )
