"""Consistency of names within one document (MQM terminology/inconsistent)."""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterator
from importlib import resources

from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check

_CAPITALISED = re.compile(r"\b[A-Z][a-z\u00e0-\u024f]{3,}(?:y)?\b")


@functools.lru_cache(maxsize=1)
def _variant_groups() -> tuple[tuple[str, ...], ...]:
    raw = resources.files("mtqa.data").joinpath("name_variants.toml").read_text("utf-8")
    return tuple(tuple(group) for group in tomllib.loads(raw)["groups"])


def _one_edit_apart(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one letter added, dropped or changed, not at the end.

    Edits at the end are left out: they make plurals and adjectives (Russia, Russian).
    """
    if a == b or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 and diffs[0] < len(a) - 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_) - 1))


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _minority_hits(text: str, variants: list[str]) -> Iterator[Hit]:
    counts = {v: len(_occurrences(text, v)) for v in variants}
    used = [v for v in variants if counts[v]]
    if len(used) < 2:
        return
    preferred = max(used, key=lambda v: (counts[v], -variants.index(v)))
    for variant in used:
        if variant == preferred:
            continue
        for start, end in _occurrences(text, variant):
            yield Hit(
                start,
                end,
                f"'{variant}' is also spelled '{preferred}' in this document.",
                confidence=0.8,
                suggestion=preferred,
                evidence=f"{preferred} ×{counts[preferred]}, {variant} ×{counts[variant]}",
            )


@check(
    "T101",
    "inconsistent-name",
    "terminology/inconsistent",
    Severity.MINOR,
    scope="document",
    languages=None,
)
def inconsistent_name(analysis: Analysis) -> Iterator[Hit]:
    """The same name spelled two ways in one document (Kyiv/Kiev, Zelensky/Zelenskyy).

    Known transliteration variants come from ``mtqa/data/name_variants.toml``; capitalised
    words one letter apart (not a plural) are also compared. The less frequent spelling is
    flagged, with the more frequent one as the suggestion.

    Okay: Zelensky spoke in Kyiv. Zelensky then left Kyiv.
    T101: Zelensky spoke in Kyiv. Later «Zelenskyy» left «Kiev» for Lviv.
    """
    text = analysis.text
    seen: set[str] = set()
    for group in _variant_groups():
        variants = list(group)
        seen.update(variants)
        yield from _minority_hits(text, variants)
    words = Counter(m.group(0) for m in _CAPITALISED.finditer(text))
    names = sorted(w for w in words if w not in seen)
    for i, j in _candidate_pairs(names):
        a, b = names[i], names[j]
        if len(a) >= 5 and _one_edit_apart(a, b):
            yield from _minority_hits(text, [a, b])


def _candidate_pairs(names: list[str]) -> list[tuple[int, int]]:
    """Index pairs ``i < j`` of ``names``, in order, that include every pair one edit apart:
    words that are the same but for one letter (never the first: ``_one_edit_apart`` wants
    it equal) or where one is the other with a letter dropped share a key here, so that a long
    document's thousands of names are not compared two by two."""
    keyed: dict[tuple[int, str], list[int]] = defaultdict(list)
    for index, word in enumerate(names):
        for i in range(1, len(word) - 1):  # a changed letter at i
            keyed[(i, word[:i] + word[i + 1 :])].append(index)
        keyed[(-1, word)].append(index)  # the shorter of two
        for i in range(len(word) - 1):  # the longer of two, its letter at i dropped
            keyed[(-1, word[:i] + word[i + 1 :])].append(index)
    pairs = {
        (bucket[x], bucket[y])
        for bucket in keyed.values()
        for x in range(len(bucket))
        for y in range(x + 1, len(bucket))
        if bucket[x] != bucket[y]
    }
    return sorted(pairs)
