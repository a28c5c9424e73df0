"""Sentence fragments left by broken segmentation (MQM fluency/grammar)."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check

_FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
_FRAGMENT_OPENERS = frozenset({"IN", "TO", "CC", "WDT", "WRB", "VBG", "VBN", "VB"})
_MAX_FRAGMENT_WORDS = 8


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, frozenset[str]]:
    raw = tomllib.loads(resources.files("mtqa.data").joinpath("fragments.toml").read_text("utf-8"))
    return {key: frozenset(value) for key, value in raw.items()}


def _previous_ends_sentence(text: str, start: int) -> str | None:
    """The terminal mark just before ``start`` on the same line, if there is one."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    while i >= 0 and text[i] in "\"'”’)]":
        i -= 1
    if i >= 0 and text[i] in ".!?":
        return text[i]
    return None


@check("F301", "lowercase-sentence-start", "fluency/grammar", Severity.MAJOR, languages=None)
def lowercase_sentence_start(analysis: Analysis) -> Iterator[Hit]:
    """A sentence that starts in lowercase right after a full stop, question or exclamation mark.

    This is the mark of a sentence cut in two by broken segmentation: "no matter how many
    were killed. in processing." The span is the first word of the lowercase piece.
    Abbreviations ("e.g. the", "a.m. on") are not sentence ends and are not flagged.

    Okay: He left at 9 a.m. on Monday.
    Okay: They arrived, e.g. the French and the Dutch.
    F301: No matter how many were killed. «in» processing.
    F301: Others believe that more violence is needed. «to» achieve that.
    """
    text = analysis.text
    for sentence in analysis.sentences:
        first = text[sentence.start]
        if not first.islower() or sentence.kind != "sentence":
            continue
        mark = _previous_ends_sentence(text, sentence.start)
        if mark is None:
            continue
        end = sentence.start
        while end < sentence.end and (text[end].isalnum() or text[end] in "'’-"):
            end += 1
        yield Hit(
            sentence.start,
            end,
            f"Sentence starts in lowercase after '{mark}': the text was probably cut mid-sentence.",
            confidence=0.85,
            evidence=text[max(sentence.start - 30, 0) : min(end + 30, len(text))],
        )


def _is_imperative_root(token: Any) -> bool:
    """A base-form verb heading the sentence without "to": "Think about the cost." """
    return bool(
        token.dep_ == "ROOT"
        and token.tag_ == "VB"
        and not any(child.lower_ == "to" for child in token.children)
    )


@check("F302", "verbless-fragment", "fluency/grammar", Severity.MAJOR, requires=("nlp",))
def verbless_fragment(analysis: Analysis) -> Iterator[Hit]:
    """A short piece ending in a full stop with no finite verb, such as "in processing.".

    Flags sentences of at most eight words that end with a full stop, contain no finite
    verb, and start like a dangling continuation (a preposition, "to", a conjunction, a
    participle or a lowercase word). Imperatives ("Think about the cost."), questions,
    headlines and common fixed expressions ("Of course.") are not flagged.

    Okay: Even this can be a double-edged sword.
    Okay: Of course.
    Okay: But look at the difference in their numbers.
    Okay: Think about the cost, the cost of labor.
    Okay: How about causality?
    Okay: The Russian military might yet finish Putin off
    F302: They fought on. «in processing.»
    F302: More violence is needed. «to achieve that.»
    F302: He signed the deal. «Without telling anyone.»
    """
    if not analysis.has_english_parse:
        return
    text = analysis.text
    fixed = _data()["fixed_expressions"]
    for index, sentence in enumerate(analysis.sentences):
        if sentence.kind != "sentence" or text[sentence.end - 1] != ".":
            continue
        tokens = [tok for _, tok in analysis.tokens(index)]
        if any(_is_imperative_root(tok) for tok in tokens):
            continue
        words = [tok for tok in tokens if not tok.is_punct and not tok.is_space]
        if not words or len(words) > _MAX_FRAGMENT_WORDS:
            continue
        phrase = " ".join(tok.lower_ for tok in words)
        if phrase in fixed or any(tok.tag_ in _FINITE_TAGS for tok in words):
            continue
        if not (words[0].tag_ in _FRAGMENT_OPENERS or words[0].text[0].islower()):
            continue
        yield Hit(
            sentence.start,
            sentence.end,
            "Sentence fragment with no finite verb: it probably belongs to the sentence before it.",
            confidence=0.8,
            evidence=" ".join(f"{tok.text}/{tok.tag_}" for tok in words),
        )


@check("F303", "cut-sentence", "fluency/grammar", Severity.MAJOR)
def cut_sentence(analysis: Analysis) -> Iterator[Hit]:
    """A sentence that ends on a word that cannot end an English sentence ("... and the.").

    The text was cut mid-clause. The span is the last word and the punctuation after it.

    Okay: He knows it and will only issue the order if he is confident.
    Okay: That is what they are fighting for.
    F303: Russia's most important allies among «the.»
    F303: He will go to Moscow «and.»
    """
    text = analysis.text
    cannot_end = _data()["cannot_end"]
    for sentence in analysis.sentences:
        if sentence.kind != "sentence" or text[sentence.end - 1] not in ".!?":
            continue
        body = text[sentence.start : sentence.end].rstrip(".!?\"'”’) ")
        last = body.rsplit(None, 1)[-1] if body.split() else ""
        if last.lower() not in cannot_end or len(body.split()) < 2:
            continue
        start = sentence.start + len(body) - len(last)
        yield Hit(
            start,
            sentence.end,
            f"Sentence ends on '{last}': it was cut mid-clause.",
            confidence=0.75,
        )
