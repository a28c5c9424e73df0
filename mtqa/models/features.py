"""Words of a sentence, their surprisal from language-model token scores, and the source
prompt that conditions a translation on its source.

Plain Python; no torch. A sentence's tokens (character spans and log-probabilities
from ``mtqa.models.lm``) are grouped into the words of ``words_of``; the quality-estimation
head (``mtqa.models.head``) and the model checks work on those words.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+(?:['’\-.]\w+)*|[^\w\s]")

#: The prompt that conditions a translation on its source (text follows on the next line).
LANGUAGE_NAMES = {
    "zh": "Chinese",
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ja": "Japanese",
    "ko": "Korean",
    "it": "Italian",
    "pt": "Portuguese",
    "ar": "Arabic",
    "uk": "Ukrainian",
    "pl": "Polish",
    "nl": "Dutch",
    "tr": "Turkish",
}


def source_prompt(source: str, source_lang: str | None, target_lang: str = "en") -> str:
    src = LANGUAGE_NAMES.get(source_lang or "", "the source")
    tgt = LANGUAGE_NAMES.get(target_lang, target_lang)
    return f"Translate this {src} text into {tgt}.\n{src}: {source}\n{tgt}:\n"


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str


def words_of(text: str) -> list[Word]:
    """Words and punctuation marks of ``text`` with their character spans."""
    return [Word(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


#: Frequent words make most lookups; wordfreq keeps its own cache of 100,000 behind this one,
#: so a long feed's rare words need not stay here.
@functools.lru_cache(maxsize=20_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def token_words(words: Sequence[Word], offsets: Sequence[tuple[int, int]]) -> list[int]:
    """For each token, the index of the word it overlaps most, or -1 (a space)."""
    starts = [w.start for w in words]
    owners = []
    for start, end in offsets:
        best, best_overlap = -1, 0
        i = max(0, bisect.bisect_right(starts, start) - 1)
        for j in range(i, min(i + 3, len(words))):
            overlap = min(end, words[j].end) - max(start, words[j].start)
            if overlap > best_overlap:
                best, best_overlap = j, overlap
        owners.append(best)
    return owners


def word_surprisals(
    words: Sequence[Word], offsets: Sequence[tuple[int, int]], logprobs: Sequence[float]
) -> tuple[list[float], list[float], list[int]]:
    """Per word: summed surprisal (nats), largest token surprisal, number of tokens.

    A token belongs to the word it overlaps most (``token_words``); tokens that overlap no
    word (spaces) are added to the next word.
    """
    total = [0.0] * len(words)
    peak = [0.0] * len(words)
    count = [0] * len(words)
    pending = 0.0
    for owner, logprob in zip(token_words(words, offsets), logprobs, strict=True):
        surprisal = -logprob
        if owner < 0:
            pending += surprisal
            continue
        total[owner] += surprisal + pending
        peak[owner] = max(peak[owner], surprisal + pending)
        count[owner] += 1
        pending = 0.0
    return total, peak, count
