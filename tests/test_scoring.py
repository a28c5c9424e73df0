"""The overall score and the sentence scorer (``mtqa.scoring``, ``mtqa.models.scorer``).

The scorer's weights are the shipped artefact (``mtqa/data/scorer.json``); the assessments
here are built by hand, so no model runs (the real model is in ``test_model.py``)."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa import scoring
from mtqa.config import Config
from mtqa.findings import Finding, Severity
from mtqa.models.assess import Assessment
from mtqa.models.features import words_of
from mtqa.models.scorer import INPUT_NAMES, load_scorer, sentence_inputs
from mtqa.scoring import rule_points_by_sentence

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
    assert short.overall == pytest.approx(75.0)
    long = scoring.score([major], 1000, config)
    assert long.mqm_penalty == pytest.approx(2.5) and long.overall == pytest.approx(97.5)


def test_model_penalties_replace_the_model_findings_points() -> None:
    config = Config()
    findings = [_finding(Severity.MINOR), _finding(Severity.MAJOR, origin="model")]
    without = scoring.points(findings, config)
    assert without == pytest.approx(0.5 + 2.5)
    assert scoring.points(findings, config, [1.25, 0.0]) == pytest.approx(0.5 + 1.25)


def test_rule_points_are_summed_per_sentence_without_model_findings() -> None:
    config = Config()
    findings = [
        _finding(Severity.MAJOR, sentence=1),
        _finding(Severity.MINOR, sentence=1),
        _finding(Severity.MAJOR, origin="model", sentence=0),
        _finding(Severity.CRITICAL, sentence=None),
    ]
    assert rule_points_by_sentence(findings, 2, config) == [0.0, pytest.approx(3.0)]


def _assessment(text: str, probabilities: list[float], major: float) -> Assessment:
    words = tuple(words_of(text))
    assert len(words) == len(probabilities)
    return Assessment(
        words=words,
        word_probabilities=tuple(probabilities),
        surprisals=tuple(3.0 for _ in words),
        major_probability=major,
        thresholds={"span": 0.5, "sentence": 0.6},
    )


def test_scorer_inputs_and_artefact_agree() -> None:
    scorer = load_scorer()
    assert scorer.weights.shape == (len(INPUT_NAMES),)
    assert np.isfinite(scorer.weights).all()
    assert scorer.info["segments"] > 0 and "held_out" in scorer.info
    inputs = sentence_inputs(_assessment("The talks ended .", [0.1, 0.2, 0.3, 0.0], 0.25))
    assert inputs.tolist() == pytest.approx([1.0, 4.0, 0.6, 0.3, 0.25, 12.0])


def test_a_sentence_the_model_distrusts_costs_more_than_one_it_trusts() -> None:
    scorer = load_scorer()
    text = "as he is raised up from his stomach and cannot go down"
    n = len(words_of(text))
    trusted = _assessment(text, [0.05] * n, 0.1)
    distrusted = _assessment(text, [0.6] * n, 0.8)
    low, high = (scorer.penalty(sentence_inputs(a)) for a in (trusted, distrusted))
    assert 0.0 <= low < high
    assert high >= 1.0  # at least a minor error's worth


def test_a_clean_article_without_the_model_scores_100_and_a_broken_one_less() -> None:
    clean = check_text("The talks ended on Monday. Both sides said they would meet again.")
    assert clean.score.overall == 100.0
    broken = check_text("Read:Serbia and Kosovo reach a deal\nThe talks ended on Monday.")
    assert broken.findings and broken.score.overall < 100.0


def test_only_the_prediction_above_the_allowance_is_charged() -> None:
    from mtqa.models.scorer import Scorer

    inputs = np.asarray([1.0, 10.0, 2.0, 0.4, 0.3, 30.0])
    weights = np.asarray([3.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    assert Scorer(weights, allowance=2.0, info={}).penalty(inputs) == pytest.approx(1.0)
    assert Scorer(weights, allowance=4.0, info={}).penalty(inputs) == 0.0
    assert Scorer(-weights, allowance=0.0, info={}).penalty(inputs) == 0.0
    assert load_scorer().allowance > 0.0
