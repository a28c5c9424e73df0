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
    # after the mustache pattern, which takes "{{x}}" whole: "{{name} has" (an ICU branch
    # that starts with a variable) is a branch brace and {name}
    ("variable", re.compile(r"(?<![\w])\{\s*(?:\d+|[A-Za-z_][\w.]*)\s*(?=[},])")),
    ("escape", re.compile(r"\\[nrt]")),
)
#: The start of an ICU argument with branches: "{count, plural," "{gender, select,".
_ICU_ARGUMENT = re.compile(r"\{\s*[A-Za-z_][\w.]*\s*,\s*(?:plural|select|selectordinal)\s*,")
_TAG_PARTS = re.compile(r"^<(/?)([A-Za-z][\w:.-]*)(.*?)(/?)>$", re.DOTALL)
_ATTRIBUTE = re.compile(r"([\w:.-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
#: HTML elements that never have content: <br>, <br/> and <br /> are the same.
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "area", "col", "source"})


def _branch_braces(text: str) -> set[int]:
    """Positions of the braces that open an ICU branch ("one {# file}", "male {He}"): their
    contents are translatable text, not variables; variables inside them still count."""
    braces: set[int] = set()
    for match in _ICU_ARGUMENT.finditer(text):
        depth = 1
        for i in range(match.end(), len(text)):
            if text[i] == "{":
                if depth == 1:
                    braces.add(i)
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    break
    return braces


def _tag_key(text: str) -> str:
    """A tag compared by name, kind and attributes (any order, any quotes)."""
    parts = _TAG_PARTS.match(text)
    if parts is None:
        return text
    closing, name, rest, empty = parts.groups()
    attributes = sorted(
        (m.group(1), m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTRIBUTE.finditer(rest)
    )
    if name.lower() in _VOID:
        empty = ""
    written = "".join(f' {k}="{v}"' for k, v in attributes)
    return f"<{closing}{name}{written}{empty}>"


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
    if kind == "variable" and text.startswith(("{{", "${")):
        return "".join(text.split())  # "{{ user.name }}" is "{{user.name}}"
    if kind == "tag":
        return _tag_key(text)
    if kind == "url":
        return text.rstrip("/").lower()
    if kind == "email":
        return text.lower()
    return text


def find(text: str) -> list[Placeholder]:
    """Every placeholder in ``text``, in order."""
    taken = [False] * (len(text) + 1)
    found: list[Placeholder] = []
    branches = _branch_braces(text) if "{" in text else set()
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            if kind == "variable" and text[start] == "{" and not text.startswith("{{", start):
                if start in branches:
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
