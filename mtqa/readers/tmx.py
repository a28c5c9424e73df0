"""TMX (1.4): one unit per ``<tu>``, its id the ``tuid`` or else the 1-based position.

The source variant is the ``<tuv>`` whose ``xml:lang`` matches the header's ``srclang``; the
target is the first other variant (or the one in the target language given with ``--lang``).
Inline codes (``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>``) are written as tags with
their ids, as in XLIFF; ``<hi>`` is transparent.
"""

from __future__ import annotations

from typing import Any

from mtqa.document import Document, Unit, language_subtag, unit_document
from mtqa.readers.decode import ReadError
from mtqa.readers.xliff import inline_text
from mtqa.readers.xml_parse import local_name, parse_xml

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _variants(tu: Any) -> list[tuple[str, Any]]:
    found = []
    for tuv in tu:
        if local_name(tuv) != "tuv":
            continue
        lang = tuv.get(_XML_LANG) or tuv.get("lang") or ""
        seg = next((s for s in tuv if local_name(s) == "seg"), None)
        if seg is not None:
            found.append((language_subtag(lang) or "", seg))
    return found


def read_tmx(path: str, data: bytes, source_lang: str | None, target_lang: str) -> Document:
    root = parse_xml(data)
    if local_name(root) != "tmx":
        raise ReadError(f"not a TMX file (root element <{local_name(root)}>)", 1)
    header = next((e for e in root if local_name(e) == "header"), None)
    declared = header.get("srclang") if header is not None else None
    src = language_subtag(declared) if declared and declared != "*all*" else source_lang
    units: list[Unit] = []
    target: str | None = None
    seen: dict[str, int] = {}
    position = 0
    for tu in root.iter():
        if local_name(tu) != "tu":
            continue
        position += 1
        unit_id = tu.get("tuid") or str(position)
        if unit_id in seen:
            raise ReadError(
                f"duplicate tuid {unit_id!r} (first on line {seen[unit_id]})", tu.sourceline
            )
        seen[unit_id] = tu.sourceline
        variants = _variants(tu)
        if src is None and variants:
            src = variants[0][0]
        source_seg = next((seg for lang, seg in variants if lang == src), None)
        if source_seg is None:
            raise ReadError(
                f"tu {unit_id!r} has no <tuv> in the source language {src}", tu.sourceline
            )
        others = [(lang, seg) for lang, seg in variants if lang != src]
        if target is None and others:
            wanted = [lang for lang, _ in others if lang == target_lang]
            target = wanted[0] if wanted else others[0][0]
        target_seg = next((seg for lang, seg in others if lang == target), None)
        notes = tuple(
            " ".join((n.text or "").split()) for n in tu if local_name(n) == "note" and n.text
        )
        units.append(
            Unit(
                unit_id,
                inline_text(source_seg),
                inline_text(target_seg) if target_seg is not None else "",
                notes=notes,
                line=tu.sourceline,
            )
        )
    if not units:
        raise ReadError("no translation units (<tu>)")
    return unit_document(
        id=path,
        path=path,
        units=units,
        source_lang=src,
        target_lang=target or target_lang,
        notes=(f"TMX: {len(units)} units",),
    )
