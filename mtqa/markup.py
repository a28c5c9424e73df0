"""Markup in a segment: tags compared by what software reads, entities, well-formedness.

A tag is compared by its name, whether it opens or closes, and its attributes, except the
values of attributes that are text for people (``title``, ``alt``, ``aria-label``...): a
translated tooltip is translation, not a broken tag. XLIFF and TMX inline codes
(``<g id="1">``, ``<x id="2"/>``, ``<bpt i="1"/>``) are tags like any other here; the readers
write them so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

TAG = re.compile(
    r"</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
)
_TAG_PARTS = re.compile(r"^<(/?)([A-Za-z][\w:.-]*)(.*?)(/?)>$", re.DOTALL)
_ATTRIBUTE = re.compile(r"([\w:.-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
#: HTML elements that never have content: <br>, <br/> and <br /> are the same.
VOID = frozenset(
    {
        "br",
        "hr",
        "img",
        "input",
        "meta",
        "link",
        "wbr",
        "area",
        "col",
        "source",
        "embed",
        "param",
        "track",
        "base",
        "keygen",
    }
)
#: Attributes whose values are text for people: translated, so not compared.
TRANSLATABLE_ATTRIBUTES: tuple[str, ...] = (
    "title",
    "alt",
    "aria-label",
    "aria-description",
    "aria-placeholder",
    "aria-roledescription",
    "aria-valuetext",
    "placeholder",
    "label",
    "summary",
    "abbr",
    "standby",
)
#: XLIFF 1.2/2.x and TMX inline codes, as the readers write them.
INLINE_CODES = frozenset({"g", "x", "bx", "ex", "ph", "bpt", "ept", "it", "ut", "sc", "ec", "pc"})
#: A character reference: &amp; &nbsp; &#160; &#x2014; (and any other named one).
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")


@dataclass(frozen=True)
class Tag:
    start: int
    end: int
    name: str
    closing: bool
    empty: bool  # self-closing or a void element: opens nothing


def parse(text: str, start: int = 0) -> Tag | None:
    """The tag written ``text`` (placed at ``start``), or None if it is not one."""
    parts = _TAG_PARTS.match(text)
    if parts is None:
        return None
    closing, name, _, empty = parts.groups()
    return Tag(start, start + len(text), name, bool(closing), bool(empty) or name.lower() in VOID)


def key(
    text: str,
    translatable: Iterable[str] = TRANSLATABLE_ATTRIBUTES,
    masked: Callable[[str], bool] | None = None,
) -> str:
    """A tag compared by name, kind and attributes (any order, any quotes); the values of
    ``translatable`` attributes are left out, their presence is kept, and so are values for
    which ``masked`` is true (web addresses, which are compared as links)."""
    parts = _TAG_PARTS.match(text)
    if parts is None:
        return text
    closing, name, rest, empty = parts.groups()
    people = {a.lower() for a in translatable}
    attributes = []
    for m in _ATTRIBUTE.finditer(rest):
        value = m.group(2) or m.group(3) or m.group(4) or ""
        if m.group(1).lower() in people or (masked is not None and value and masked(value)):
            value = "…"
        attributes.append((m.group(1), value))
    attributes.sort()
    if name.lower() in VOID:
        empty = ""
    written = "".join(f' {k}="{v}"' for k, v in attributes)
    return f"<{closing}{name}{written}{empty}>"


def tags(text: str) -> list[Tag]:
    found = []
    for match in TAG.finditer(text):
        tag = parse(match.group(0), match.start())
        if tag is not None:
            found.append(tag)
    return found


@dataclass(frozen=True)
class Problem:
    """A tag that breaks the nesting: ``kind`` is "unclosed", "crossed" or "stray"."""

    tag: Tag
    kind: str
    other: str | None = None  # the tag it crosses


def nesting_problems(found: Iterable[Tag]) -> Iterator[Problem]:
    """Tags that do not nest: an opening tag never closed, a closing tag that closes another
    than the innermost open one (crossed, ``<b><i></b></i>``), or one that closes nothing.
    Names compare without case, as HTML's do."""
    stack: list[Tag] = []
    for tag in found:
        if tag.empty:
            continue
        if not tag.closing:
            stack.append(tag)
            continue
        name = tag.name.lower()
        if stack and stack[-1].name.lower() == name:
            stack.pop()
        elif any(t.name.lower() == name for t in stack):
            yield Problem(tag, "crossed", stack[-1].name)
            # the crossed tags stay open: "<b><i></b></i>" is one problem, not two
            opened = max(i for i, t in enumerate(stack) if t.name.lower() == name)
            del stack[opened]
        else:
            yield Problem(tag, "stray")
    for tag in stack:
        yield Problem(tag, "unclosed")


def entity_spans(text: str) -> list[tuple[int, int]]:
    """Character references that decode to a character (``&lt;``, ``&nbsp;``, ``&#8212;``)."""
    return [m.span() for m in ENTITY.finditer(text) if html.unescape(m.group(0)) != m.group(0)]
