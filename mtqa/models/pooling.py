"""From token states to word states: the average of each word's token states."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mtqa.models.features import Word, token_words


def word_pool(words: Sequence[Word], offsets: Sequence[tuple[int, int]], states: Any) -> np.ndarray:
    """The mean of each word's token states: ``states`` is [tokens, layers, width], the
    result [words, layers, width] (float32). A word no token overlaps gets the state of the
    token after it (the one that read it), or zeros at the very end."""
    states = np.asarray(states, dtype=np.float32)
    out = np.zeros((len(words), *states.shape[1:]), dtype=np.float32)
    counts = np.zeros(len(words), dtype=np.float32)
    owners = token_words(words, offsets)
    for token, word in enumerate(owners):
        if word >= 0:
            out[word] += states[token]
            counts[word] += 1
    for missing in np.flatnonzero(counts == 0).tolist():
        after = next((t for t, (s, _) in enumerate(offsets) if s >= words[missing].end), None)
        if after is not None:
            out[missing] = states[after]
            counts[missing] = 1
    out /= np.maximum(counts, 1)[:, None, None]
    return out
