"""Scores: the MQM penalty per 1,000 words and the 0-100 overall score.

A rule finding costs its severity weight x its confidence (weights: neutral 0, minor 1,
major 5, critical 25 by default; configurable). Findings are weighted by their confidence
because they are unconfirmed issues, not errors.

When the language model ran, each sentence also costs the penalty that the sentence scorer
(``mtqa.models.scorer``, trained on professional MQM judgments of news) predicts a rater
would give it beyond its rule findings, from the model's signals: how many words the word
tagger expects a rater to mark, its most suspicious word, the sentence's probability of a
major error, its surprisal and its length; only the part above what the scorer predicts for
sentences raters found clean (its allowance, 2.4 points) is charged. Model findings (origin
``model``) mark where the problem is; they are not counted a second time.

``mqm_penalty`` = points per 1,000 words of the target, counting a document of fewer than
``MIN_WORDS`` words as ``MIN_WORDS`` long: one error in a ten-word sentence is one error,
not a hundred per thousand words, so short texts are not extrapolated (with no floor, the
overall score of single sentences hardly correlates with human judgments: Pearson 0.09
against 0.42 on held-out news, see the README). ``overall`` = max(0, 100 - mqm_penalty):
a document with no findings (and, with the model, sentences the scorer trusts) scores 100;
one with a major issue per 100 words scores 50.
"""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.config import Config
from mtqa.findings import Finding, Score

#: Documents shorter than this are scored as if they had this many words.
MIN_WORDS = 100


def finding_points(finding: Finding, config: Config) -> float:
    """What one finding costs: its severity's weight times its confidence."""
    return config.weight(finding.severity) * finding.confidence


def points(
    findings: Sequence[Finding], config: Config, model_penalties: Sequence[float] | None = None
) -> float:
    """Penalty points (see the module docstring); ``model_penalties`` holds the sentence
    scorer's penalty of every sentence when the model ran."""
    if model_penalties is None:
        return sum(finding_points(f, config) for f in findings)
    rules = sum(finding_points(f, config) for f in findings if f.origin != "model")
    return rules + sum(model_penalties)


def rule_points_by_sentence(
    findings: Sequence[Finding], sentences: int, config: Config
) -> list[float]:
    """The points of the findings not made by the model, summed per sentence (what the
    sentence scorer is trained beyond); findings outside every sentence are left out."""
    per_sentence = [0.0] * sentences
    for f in findings:
        if f.origin != "model" and f.sentence is not None and 0 <= f.sentence < sentences:
            per_sentence[f.sentence] += finding_points(f, config)
    return per_sentence


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
    penalty = mqm_penalty(findings, words, config, model_penalties)
    return Score(
        overall=max(0.0, 100.0 - penalty), mqm_penalty=penalty, fluency=fluency, adequacy=adequacy
    )
