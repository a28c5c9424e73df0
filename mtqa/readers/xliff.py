"""XLIFF 1.2 and 2.x: one unit per ``trans-unit`` (1.2) or per ``segment`` of a ``unit`` (2.x).

Inline codes are kept, not flattened into text: each is written into the unit's text as a
short tag with its id, in the file's own vocabulary, so that the placeholder check can
compare them and offsets stay meaningful to an editor:

- XLIFF 1.2: ``<g id="1">``…``</g>``; ``<x id="2"/>``, ``<bx id="3"/>``, ``<ex id="3"/>``;
  ``<ph id="4"/>``, ``<bpt id="5"/>``, ``<ept id="5"/>``, ``<it id="6"/>`` (their native code
  content is left out); ``<mrk>`` is transparent (its text stays, the tag goes).
- XLIFF 2.x: ``<pc id="1">``…``</pc>``; ``<ph id="2"/>``, ``<sc id="3"/>``,
  ``<ec startRef="3"/>``; ``<cp hex="…"/>`` becomes its character; ``<mrk>`` is transparent
  and ``<sm/>``/``<em/>`` markers are left out.

Unit ids: the ``trans-unit``'s ``id`` (1.2); the ``unit``'s ``id`` (2.x), followed by
``/`` and the segment's ``id`` (or its 1-based position) when the unit has several segments.
Ids need only be unique within a ``<file>``: in a file with several ``<file>`` elements each
id is preceded by its file's ``original`` (1.2) or ``id`` (2.x), or its 1-based position,
and ``#``. Units marked ``translate="no"`` (on themselves or on an enclosing ``group`` or
``file``) are not checked; the document's notes say how many there were.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from mtqa.document import Document, Unit, language_subtag, unit_document
from mtqa.readers.decode import ReadError
from mtqa.readers.xml_parse import local_name, parse_xml

_EMPTY_CODES = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "ut", "sc", "ec"})
_PAIRED_CODES = frozenset({"g", "pc"})
_TRANSPARENT = frozenset({"mrk", "sub"})
_DROPPED = frozenset({"sm", "em"})


def _attributes(element: Any) -> str:
    for name in ("id", "i", "startRef", "rid"):
        value = element.get(name)
        if value is not None:
            return f' {name}="{html.escape(value, quote=True)}"'
    return ""


def _code_point(element: Any) -> str:
    """The character of a ``<cp hex="..."/>``; U+FFFD for a value that is no character
    (surrogates included: UTF-8 cannot encode them, so no report could hold one)."""
    try:
        value = int(element.get("hex", ""), 16)
    except ValueError:
        return "\ufffd"
    if not 0 <= value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return "\ufffd"
    return chr(value)


def inline_text(element: Any) -> str:
    """The text of a ``source``/``target`` element with inline codes written as tags.

    Written with a stack, not recursion: XML nested a thousand levels deep (which lxml
    accepts) would otherwise exceed Python's recursion limit."""
    parts: list[str] = [element.text or ""]
    # per open element: its children still to write, and what follows them (its closing
    # tag, if it is written, and its tail)
    stack: list[tuple[Iterator[Any], str]] = [(iter(element), "")]
    while stack:
        children, after = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(after)
            continue
        name = local_name(child)
        tail = child.tail or ""
        if name in _PAIRED_CODES:
            parts += [f"<{name}{_attributes(child)}>", child.text or ""]
            stack.append((iter(child), f"</{name}>{tail}"))
            continue
        if name in _EMPTY_CODES:
            parts.append(f"<{name}{_attributes(child)}/>")
        elif name == "cp":
            parts.append(_code_point(child))
        elif name in _TRANSPARENT or (name not in _DROPPED and name):
            parts.append(child.text or "")
            stack.append((iter(child), tail))
            continue
        parts.append(tail)
    return "".join(parts)


def _child(element: Any, name: str) -> Any:
    for child in element:
        if local_name(child) == name:
            return child
    return None


def _notes(element: Any) -> tuple[str, ...]:
    found = []
    for child in element.iter():
        if local_name(child) == "note" and (child.text or "").strip():
            found.append(" ".join(child.text.split()))
    return tuple(found)


def _not_to_translate(element: Any) -> bool:
    """Whether ``translate="no"`` is on the element or on one that encloses it."""
    return any(e.get("translate") == "no" for e in (element, *element.iterancestors()))


def _files(root: Any, name_attribute: str) -> list[tuple[str, Any]]:
    """The ``<file>`` elements with the prefix of their units' ids ('' when only one)."""
    files = [e for e in root if local_name(e) == "file"]
    if len(files) == 1:
        return [("", files[0])]
    return [
        (f"{file.get(name_attribute) or position}#", file)
        for position, file in enumerate(files, start=1)
    ]


def _units_12(root: Any) -> tuple[list[Unit], str | None, str | None, int]:
    units: list[Unit] = []
    source_lang = target_lang = None
    seen: dict[str, int] = {}
    untranslatable = 0
    for prefix, file in _files(root, "original"):
        source_lang = source_lang or file.get("source-language")
        target_lang = target_lang or file.get("target-language")
        for tu in file.iter():
            if local_name(tu) != "trans-unit":
                continue
            if not tu.get("id"):
                raise ReadError("<trans-unit> without an id", tu.sourceline)
            if _not_to_translate(tu):
                untranslatable += 1
                continue
            unit_id = prefix + tu.get("id")
            if unit_id in seen:
                raise ReadError(
                    f"duplicate trans-unit id {unit_id!r} (first on line {seen[unit_id]})",
                    tu.sourceline,
                )
            seen[unit_id] = tu.sourceline
            source = _child(tu, "source")
            if source is None:
                raise ReadError(f"trans-unit {unit_id!r} has no <source>", tu.sourceline)
            target = _child(tu, "target")
            units.append(
                Unit(
                    unit_id,
                    inline_text(source),
                    inline_text(target) if target is not None else "",
                    notes=_notes(tu),
                    line=tu.sourceline,
                )
            )
    return units, source_lang, target_lang, untranslatable


def _units_2(root: Any) -> tuple[list[Unit], str | None, str | None, int]:
    units: list[Unit] = []
    seen: dict[str, int] = {}
    untranslatable = 0
    every = [(prefix, u) for prefix, f in _files(root, "id") for u in f.iter()]
    for prefix, unit in every:
        if local_name(unit) != "unit":
            continue
        if not unit.get("id"):
            raise ReadError("<unit> without an id", unit.sourceline)
        if _not_to_translate(unit):
            untranslatable += 1
            continue
        unit_id = prefix + unit.get("id")
        segments = [s for s in unit if local_name(s) == "segment"]
        notes = _notes(unit)
        for position, segment in enumerate(segments, start=1):
            key = unit_id
            if len(segments) > 1:
                key = f"{unit_id}/{segment.get('id') or position}"
            if key in seen:
                raise ReadError(
                    f"duplicate unit id {key!r} (first on line {seen[key]})", segment.sourceline
                )
            seen[key] = segment.sourceline
            source = _child(segment, "source")
            if source is None:
                raise ReadError(f"unit {key!r} has a segment without <source>", segment.sourceline)
            target = _child(segment, "target")
            units.append(
                Unit(
                    key,
                    inline_text(source),
                    inline_text(target) if target is not None else "",
                    notes=notes,
                    line=segment.sourceline,
                )
            )
    return units, root.get("srcLang"), root.get("trgLang"), untranslatable


def read_xliff(path: str, data: bytes, source_lang: str | None, target_lang: str) -> Document:
    """The document of an XLIFF file; ``ReadError`` for malformed XML or a non-XLIFF root."""
    root = parse_xml(data)
    if local_name(root) != "xliff":
        raise ReadError(f"not an XLIFF file (root element <{local_name(root)}>)", 1)
    version = root.get("version", "")
    if version.startswith("1."):
        units, src, tgt, untranslatable = _units_12(root)
    elif version.startswith("2."):
        units, src, tgt, untranslatable = _units_2(root)
    else:
        raise ReadError(f"unsupported XLIFF version {version!r} (1.2 and 2.x are read)", 1)
    if not units:
        left = f' ({untranslatable} marked translate="no")' if untranslatable else ""
        raise ReadError(f"no translation units to check{left}")
    notes = f"XLIFF {version}: {len(units)} units"
    if untranslatable:
        notes += f'; {untranslatable} marked translate="no" not checked'
    return unit_document(
        id=path,
        path=path,
        units=units,
        source_lang=language_subtag(src) or source_lang,
        target_lang=language_subtag(tgt) or target_lang,
        notes=(notes,),
    )
