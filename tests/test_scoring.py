"""The overall score (``mtqa.scoring``) and what a sentence is charged by the head
(``mtqa.models.head.charge``). No model runs here (the real model is in ``test_model.py``)."""

from __future__ import annotations

import itertools
import math
from types import SimpleNamespace

import pytest

from mtqa import scoring
from mtqa.config import Config
from mtqa.findings import Finding, Severity
from mtqa.models.head import charge

from .conftest import check_text


def _finding(severity: Severity, origin: str = "rule", sentence: int | None = 0) -> Finding:
    return Finding(
        code="F301",
        name="fragment",
        category="fluency/grammar",
        severity=severity,
        start=0,
        end=4,
        text="text",
        sentence=sentence,
        message="m",
        confidence=0.5,
        origin=origin,
    )


def test_a_short_text_counts_as_a_hundred_words() -> None:
    config = Config()
    major = _finding(Severity.MAJOR)
    short = scoring.score([major], 12, config)
    assert short.mqm_penalty == pytest.approx(5 * 0.5 * 1000 / 100)
    long = scoring.score([major], 1000, config)
    assert long.mqm_penalty == pytest.approx(2.5)
    assert short.overall == pytest.approx(100 * math.exp(-25 / scoring.SCALE))
    assert long.overall > short.overall


def test_overall_keeps_every_difference_and_stays_in_range() -> None:
    penalties = [0.0, 10.0, 50.0, 150.0, 400.0, 1000.0, 5000.0]
    scores = [scoring.overall(p) for p in penalties]
    assert scores[0] == 100.0
    assert all(a > b for a, b in itertools.pairwise(scores))  # no ties, no floor
    assert all(0.0 < s <= 100.0 for s in scores)
    assert scoring.overall(50.0) == pytest.approx(77.9, abs=0.1)  # a major error per 100 words


def test_model_penalties_replace_the_model_findings_points() -> None:
    config = Config()
    findings = [_finding(Severity.MINOR), _finding(Severity.MAJOR, origin="model")]
    without = scoring.points(findings, config)
    assert without == pytest.approx(0.5 + 2.5)
    assert scoring.points(findings, config, [1.25, 0.0]) == pytest.approx(0.5 + 1.25)


def test_document_score_weights_sentences_by_their_words() -> None:
    """Fluency and adequacy are the sentences' means weighted by their words; the head's
    penalties are the model's share of the points, kept in the score."""
    config = Config()
    sentences = [
        SimpleNamespace(words=(1, 2, 3), no_major_probability=0.9, adequacy=0.5, penalty=2.0),
        SimpleNamespace(words=(1,), no_major_probability=0.5, adequacy=None, penalty=1.0),
    ]
    findings = [_finding(Severity.MINOR), _finding(Severity.MAJOR, origin="model")]
    scored = scoring.document_score(findings, 200, config, sentences)  # type: ignore[arg-type]
    assert scored.fluency == pytest.approx((0.9 * 3 + 0.5) / 4)
    assert scored.adequacy == pytest.approx(0.5)
    assert scored.model_points == pytest.approx(3.0)
    assert scored.mqm_penalty == pytest.approx((0.5 + 3.0) * 1000 / 200)
    assert scoring.document_score(findings, 200, config, None) == scoring.score(
        findings, 200, config
    )


def test_rescore_without_some_findings_keeps_the_model_share() -> None:
    config = Config()
    minor, model = _finding(Severity.MINOR), _finding(Severity.MAJOR, origin="model")
    full = scoring.score([minor, model], 100, config, 0.8, None, model_penalties=[1.5])
    fewer = scoring.rescore(full, [model], 100, config)
    assert fewer == scoring.score([model], 100, config, 0.8, None, model_penalties=[1.5])
    assert fewer.mqm_penalty == pytest.approx(full.mqm_penalty - 0.5 * 1000 / 100)


def test_a_clean_article_without_the_model_scores_100_and_a_broken_one_less() -> None:
    clean = check_text("The talks ended on Monday. Both sides said they would meet again.")
    assert clean.score.overall == 100.0
    broken = check_text("Read:Serbia and Kosovo reach a deal\nThe talks ended on Monday.")
    assert broken.findings and broken.score.overall < 100.0


def test_a_sentence_is_charged_smoothly_above_the_allowance() -> None:
    allowance = 2.0
    charges = [charge(p, allowance) for p in (0.0, 1.0, 2.0, 3.0, 6.0, 20.0)]
    assert all(0.0 < a < b for a, b in itertools.pairwise(charges))
    assert charges[0] < 0.05  # far below the allowance: almost nothing
    assert charge(20.0, allowance) == pytest.approx(18.0, abs=0.01)  # far above: the excess
    assert charge(1e6, allowance) == pytest.approx(1e6 - allowance)  # no overflow
