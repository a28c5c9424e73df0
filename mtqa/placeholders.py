"""Placeholders, inline tags, variables, markup, URLs and e-mail addresses in a segment.

Things a translation must carry over. ``find`` returns them with their spans and a ``key``
that says what must match across languages: for a placeholder, the argument it takes (see
``mtqa/dialects.py``), for a tag its name and the attributes software reads
(``mtqa/markup.py``), for a link its address. Other checks (numbers) leave their insides
alone.

Which placeholder dialects are looked for is chosen per unit (``dialects_for``): a PO
message's format flags (``#, c-format``, ``python-format``...) name its own; otherwise the
configuration's ``placeholders`` for the file (a list, or a table of file globs); otherwise
all of them.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from mtqa import dialects, markup
from mtqa.dialects import Dialect

#: Every dialect, in the order in which overlapping matches are resolved.
AUTO: tuple[str, ...] = tuple(d.name for d in dialects.DIALECTS)

_URL = re.compile(
    # ASCII only: "www.example.cn）由..." ends at the full-width bracket
    r"\b(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%()]*[A-Za-z0-9\-_~/#=&%]"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
#: The start of an ICU argument with branches: "{count, plural," "{gender, select,".
_ICU_ARGUMENT = re.compile(r"\{\s*[A-Za-z_][\w.]*\s*,\s*(?:plural|select|selectordinal)\s*,")


@dataclass(frozen=True)
class Settings:
    """What the configuration says about placeholders and markup."""

    #: (file glob, dialect names): the first glob that matches a file's path or name picks
    #: its dialects; a plain list in the configuration is the glob "*".
    dialects: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Attributes whose values are translated (not compared): ``title``, ``alt``...
    translatable_attributes: tuple[str, ...] = markup.TRANSLATABLE_ATTRIBUTES


DEFAULT = Settings()


@dataclass(frozen=True)
class Placeholder:
    """A span that must survive translation; ``key`` is what is compared across languages."""

    kind: str  # "variable", "escape", "tag", "url" or "email"
    start: int
    end: int
    key: str
    #: What a finding calls it: "Qt placeholder", "XLIFF inline code", "tag", "URL".
    label: str = ""
    #: A plain placeholder's position among the plain ones (matched by position).
    plain: bool = False


def _is_address(value: str) -> bool:
    """Whether an attribute's value is a web or e-mail address (compared as a link, A302)."""
    return bool(_URL.fullmatch(value) or _EMAIL.fullmatch(value.removeprefix("mailto:")))


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


def _tag_label(name: str, inline_codes: str | None) -> str:
    if inline_codes and name in markup.INLINE_CODES:
        return f"{inline_codes} inline code"
    return "tag"


def find(
    text: str,
    chosen: Sequence[Dialect] | None = None,
    *,
    translatable: Iterable[str] = markup.TRANSLATABLE_ATTRIBUTES,
    inline_codes: str | None = None,
) -> list[Placeholder]:
    """Every placeholder, tag and link in ``text``, in order: placeholders of the
    ``chosen`` dialects (all of them by default); ``inline_codes`` names the file format
    whose inline codes tags may be ("XLIFF", "TMX")."""
    taken = [False] * (len(text) + 1)
    found: list[Placeholder] = []

    def take(placeholder: Placeholder) -> None:
        found.append(placeholder)
        for i in range(placeholder.start, placeholder.end):
            taken[i] = True

    tag_spans: list[tuple[int, int]] = []
    for match in markup.TAG.finditer(text):
        start, end = match.span()
        tag = markup.parse(match.group(0), start)
        if tag is None or text[start - 1 : start] == "%":
            continue  # "%<count>d" is a Ruby placeholder
        take(
            Placeholder(
                "tag",
                start,
                end,
                markup.key(match.group(0), translatable, masked=_is_address),
                _tag_label(tag.name, inline_codes),
            )
        )
        tag_spans.append((start, end))
    for kind, pattern in (("url", _URL), ("email", _EMAIL)):
        for match in pattern.finditer(text):
            start, end = match.span()
            inside = any(s <= start and end <= e for s, e in tag_spans)
            if inside or not any(taken[start:end]):
                value = match.group(0)
                address = value.rstrip("/").lower() if kind == "url" else value.lower()
                link = Placeholder(
                    kind, start, end, address, "URL" if kind == "url" else "e-mail address"
                )
                # an address in a tag's attribute ("<a href=...>") is compared as a link;
                # the tag around it is still a tag
                if inside:
                    found.append(link)
                else:
                    take(link)
    branches = _branch_braces(text) if "{" in text else set()
    slots: list[tuple[Dialect, dialects.Slot]] = []
    for dialect in dialects.DIALECTS if chosen is None else chosen:
        for slot in dialect.match(text):
            if any(taken[slot.start : slot.end]) or slot.start in branches:
                continue  # "other {items}" is translatable text of an ICU message
            slots.append((dialect, slot))
            for i in range(slot.start, slot.end):
                taken[i] = True
    slots.sort(key=lambda pair: pair[1].start)
    plain_count: dict[str, int] = {}
    for dialect, slot in slots:
        plain = slot.name is None and slot.index is None
        if plain:
            position = dialect.first + plain_count.get(dialect.family, 0)
            plain_count[dialect.family] = plain_count.get(dialect.family, 0) + 1
            argument = str(position)
        else:
            argument = slot.name if slot.name is not None else str(slot.index)
        kind = "escape" if dialect.name == "escape" else "variable"
        found.append(
            Placeholder(
                kind,
                slot.start,
                slot.end,
                f"{dialect.family}:{argument}:{slot.form}",
                dialect.label,
                plain,
            )
        )
    return sorted(found, key=lambda p: p.start)


def spans(text: str) -> list[tuple[int, int]]:
    """Every placeholder, tag and link of any dialect: what other checks leave alone."""
    return [(p.start, p.end) for p in find(text)] + markup.entity_spans(text)


#: PO flags that name no dialect: they say nothing about placeholders.
_NEUTRAL_FLAGS = frozenset({"fuzzy", "range", "wrap", "no-wrap"})


def _flags(notes: Iterable[str]) -> list[str]:
    return [n.removeprefix("flag: ").strip() for n in notes if n.startswith("flag: ")]


def dialects_for(settings: Settings, path: str, notes: Iterable[str] = ()) -> tuple[Dialect, ...]:
    """The dialects to look for in a unit of the file at ``path`` whose notes are ``notes``:
    the unit's PO format flags (``flag: c-format``) when it has any, else the configuration's
    for the file, else all of them. Escapes (``\\n``) are always looked for."""
    flags = _flags(notes)
    named = [d for f in flags if f not in _NEUTRAL_FLAGS and (d := dialects.resolve(f))]
    if named:
        names = [d.name for d in named]
    else:
        names = list(AUTO)
        for pattern, configured in settings.dialects:
            if _matches(path, pattern):
                names = list(configured)
                break
    refused = {d.name for f in flags if f.startswith("no-") and (d := dialects.resolve(f[3:]))}
    chosen = [n for n in dict.fromkeys([*names, "escape"]) if n not in refused]
    return tuple(d for d in dialects.DIALECTS if d.name in chosen)


def _matches(path: str, pattern: str) -> bool:
    return fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(PurePath(path).name, pattern)


def inline_format(path: str) -> str | None:
    """The file format whose inline codes a file's tags are ("XLIFF", "TMX"), if any."""
    suffix = PurePath(path).suffix.lower()
    return {".xlf": "XLIFF", ".xliff": "XLIFF", ".tmx": "TMX"}.get(suffix)
