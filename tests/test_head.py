"""The quality-estimation head (``mtqa.models.head``) and word pooling
(``mtqa.models.pooling``), without the language model: the shipped artefacts, their round
trip, and what the predictions must satisfy. The head on real model states is tested in
``test_model.py``."""

from __future__ import annotations

import io

import numpy as np
import pytest

from mtqa.models.features import token_words, words_of
from mtqa.models.head import (
    LEXICAL_NAMES,
    ROLES,
    VARIANTS,
    from_arrays,
    head_file,
    load_head,
    to_arrays,
)
from mtqa.models.pooling import word_pool

SENTENCE = "Putin said: the talks in Geneva, which began on Monday, will resume."


def test_tokens_belong_to_the_word_they_overlap_most() -> None:
    words = words_of("He went home.")
    # " He", " went" (with its space), "ho", "me", "."
    offsets = [(0, 2), (2, 7), (8, 10), (10, 12), (12, 13)]
    assert token_words(words, offsets) == [0, 1, 2, 2, 3]
    assert token_words(words, [(2, 3)]) == [-1]  # a lone space belongs to no word


def test_word_pool_averages_each_words_tokens() -> None:
    words = words_of("He went home.")
    offsets = [(0, 2), (2, 7), (8, 10), (10, 12), (12, 13)]
    states = np.arange(5 * 2 * 3, dtype=np.float32).reshape(5, 2, 3)
    pooled = word_pool(words, offsets, states)
    assert pooled.shape == (4, 2, 3)
    np.testing.assert_allclose(pooled[2], (states[2] + states[3]) / 2)
    np.testing.assert_allclose(pooled[0], states[0])


def test_a_word_no_token_covers_takes_the_next_tokens_state() -> None:
    words = words_of("a b")
    states = np.ones((1, 1, 2), dtype=np.float32)
    pooled = word_pool(words, [(2, 3)], states)  # the only token covers "b"
    np.testing.assert_allclose(pooled, np.ones((2, 1, 2)))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_shipped_heads_load_and_predict_probabilities(variant: str, role: str) -> None:
    head = load_head(variant, role)
    assert head.info["role"] == role
    assert head.layers and all(0 <= layer <= 18 for layer in head.layers)
    assert 0.0 < head.thresholds["span"] < 1.0 and 0.0 < head.thresholds["sentence"] < 1.0
    assert head.mean.shape == head.scale.shape and (head.scale > 0).all()
    width = (head.mean.shape[0] - len(LEXICAL_NAMES)) // len(head.layers)
    words = words_of(SENTENCE)
    rng = np.random.default_rng(0)
    states = rng.normal(size=(len(words), len(head.layers), width)).astype(np.float32)
    [(any_p, major_p, penalty, major)] = head.predict([(states, words)])
    assert any_p.shape == major_p.shape == (len(words),)
    assert ((any_p >= 0) & (any_p <= 1)).all() and ((major_p >= 0) & (major_p <= 1)).all()
    assert penalty >= 0.0 and 0.0 <= major <= 1.0
    again = head.predict([(states, words), (states[:0], [])])
    np.testing.assert_array_equal(again[0][0], any_p)  # deterministic, batch-independent
    assert again[1][2] == 0.0 and len(again[1][0]) == 0


def test_a_score_head_charges_from_its_words_and_allowance() -> None:
    """The score heads turn words' probabilities into MQM points (``word_scale``) and are
    charged above what professional translations get (``allowance``); the span heads have
    files of their own."""
    for variant in VARIANTS:
        scorer = load_head(variant, "score")
        assert scorer.thresholds["word_scale"] > 0 and scorer.thresholds["allowance"] >= 0
        assert head_file(variant, "spans") != head_file(variant, "score")


def test_a_head_survives_its_round_trip_through_plain_arrays() -> None:
    head = load_head("context")
    buffer = io.BytesIO()
    np.savez(buffer, **to_arrays(head))
    buffer.seek(0)
    with np.load(buffer, allow_pickle=False) as arrays:
        copy = from_arrays(arrays)
    assert copy.layers == head.layers and copy.thresholds == head.thresholds
    words = words_of(SENTENCE)
    width = (head.mean.shape[0] - len(LEXICAL_NAMES)) // len(head.layers)
    states = np.full((len(words), len(head.layers), width), 0.25, dtype=np.float32)
    np.testing.assert_allclose(
        copy.predict([(states, words)])[0][0], head.predict([(states, words)])[0][0]
    )
