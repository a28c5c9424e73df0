"""Placeholders, inline tags, variables, markup, URLs and e-mail addresses in a segment.

Things a translation must carry over unchanged. ``find`` returns them with their spans, so
a check can say which ones went missing from the target or appeared in it, and other checks
(numbers) can leave their insides alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: (kind, pattern), tried in this order; a span taken by one kind is not matched again.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # ASCII only: "www.example.cn）由..." ends at the full-width bracket
    (
        "url",
        re.compile(
            r"\b(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%()]*[A-Za-z0-9\-_~/#=&%]"
        ),
    ),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "tag",
        re.compile(
            r"</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
        ),
    ),
    (
        "variable",
        re.compile(
            r"\{\{\s*[\w.]+\s*\}\}|\$\{[\w.]+\}|%\([\w.]+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
        ),
    ),
    (
        "variable",
        re.compile(
            r"(?<!\d)%(?:\d+\$)?[#0+'-]*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcsp@]|%%"
        ),
    ),
    ("variable", re.compile(r"(?<![{\w])\{\s*(?:\d+|[A-Za-z_][\w.]*)\s*(?=[},])")),
    ("escape", re.compile(r"\\[nrt]")),
)
_ICU_SELECTOR = re.compile(r"(?:\b(?:zero|one|two|few|many|other)|=\d+)\s*$")


@dataclass(frozen=True)
class Placeholder:
    """A span that must survive translation; ``key`` is what is compared across languages."""

    kind: str
    start: int
    end: int
    key: str


def _key(kind: str, text: str) -> str:
    if kind == "variable" and text.startswith("{") and not text.startswith(("{{", "${")):
        return "{" + text.strip("{} ") + "}"  # "{count}", "{ count" and "{count," alike
    if kind == "url":
        return text.rstrip("/").lower()
    if kind == "email":
        return text.lower()
    return text


def find(text: str) -> list[Placeholder]:
    """Every placeholder in ``text``, in order."""
    taken = [False] * (len(text) + 1)
    found: list[Placeholder] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            if kind == "variable" and text[start] == "{" and not text.startswith("{{", start):
                if _ICU_SELECTOR.search(text, 0, start):
                    continue  # "other {items}" is translatable text of an ICU message
                # ICU arguments: "{count, plural, ...}" or "{name}": the key is the name
                closing = text.find("}", end)
                if closing != -1 and text[end] == "}":
                    end += 1
            found.append(Placeholder(kind, start, end, _key(kind, text[start:end])))
            for i in range(start, end):
                taken[i] = True
    return sorted(found, key=lambda p: p.start)


def spans(text: str) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in find(text)]
