"""Gettext PO files (polib): one unit per message, one per plural form.

Unit ids: the ``msgid``, preceded by the ``msgctxt`` and ``::`` when the message has a
context; each plural form of a plural message is a unit of its own, its id followed by
``[N]`` (N the msgstr index; its source is ``msgid`` for form 0 and ``msgid_plural`` for the
others where the language has two forms, as the ``Plural-Forms`` header says, or says
nothing; ``msgid_plural`` for every form where it has one or three or more, since form 0
then covers other numbers than 1 too). A form that the header's ``nplurals`` asks for and
the message lacks is an empty unit. The header entry and obsolete (``#~``) entries are
skipped; flags such as ``fuzzy`` and ``c-format`` and translator and extracted comments
become the unit's notes (the flags choose the placeholder dialects); ``msgctxt`` becomes
the unit's context.
"""

from __future__ import annotations

import re

from mtqa.document import Document, Unit, language_subtag, unit_document
from mtqa.readers.decode import ReadError, decode

_KEYWORD = r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)"
_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"^\s*(?:{_KEYWORD}\s+)?{_STRING}\s*$")


def check_syntax(text: str) -> None:
    """``ReadError`` naming the first line that is not a comment, a blank line or a
    keyword with a complete quoted string. polib alone accepts an unterminated string
    and silently drops its last character; this check refuses such a file instead."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _LINE.match(line):
            problem = (
                "unterminated string"
                if stripped.count('"') % 2 or not stripped.endswith('"')
                else "unexpected text"
            )
            raise ReadError(
                f"malformed PO file: {problem} on line {number}: {stripped[:60]!r}", number
            )


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def plural_forms(header: str | None) -> int | None:
    """``nplurals`` of a ``Plural-Forms`` header (None when absent or unreadable)."""
    match = _NPLURALS.search(header or "")
    return int(match.group(1)) if match else None


def unit_id(msgid: str, msgctxt: str | None) -> str:
    return f"{msgctxt}::{msgid}" if msgctxt is not None else msgid


def read_po(path: str, data: bytes, source_lang: str | None, target_lang: str) -> Document:
    import polib

    decoded = decode(data, language_subtag(target_lang))
    check_syntax(decoded.text)
    try:
        catalog = polib.pofile(decoded.text, wrapwidth=0)
    except (OSError, ValueError) as error:  # polib raises OSError("Syntax error ... (line N)")
        message = str(error)
        line = None
        if "(line " in message:
            tail = message.rsplit("(line ", 1)[1].rstrip(")")
            line = int(tail) if tail.isdigit() else None
        raise ReadError(f"malformed PO file: {message}", line) from None
    units: list[Unit] = []
    nplurals = plural_forms(catalog.metadata.get("Plural-Forms"))
    two_forms = nplurals in (None, 2)
    for entry in catalog:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            continue
        key = unit_id(entry.msgid, entry.msgctxt)
        notes = tuple(
            n
            for n in (
                *(f"flag: {flag}" for flag in entry.flags),
                " ".join((entry.comment or "").split()),
                " ".join((entry.tcomment or "").split()),
            )
            if n
        )
        line = entry.linenum
        if entry.msgid_plural:
            forms = sorted(entry.msgstr_plural.items()) or [(0, ""), (1, "")]
            # a form the language needs (Plural-Forms: nplurals=3 in Russian) and the file
            # lacks is an empty unit: A304 then says that it is missing
            present = {int(index) for index, _ in forms}
            forms += [(i, "") for i in range(nplurals or 0) if i not in present]
            for index, translation in forms:
                # msgstr[0] is the singular only where there are two forms (de, fr, es...):
                # in Russian it also covers 21, 31...; in Japanese or Chinese, every number
                source = entry.msgid if int(index) == 0 and two_forms else entry.msgid_plural
                units.append(
                    Unit(
                        f"{key}[{index}]",
                        source,
                        translation,
                        notes=notes,
                        line=line,
                        context=entry.msgctxt,
                        plural=int(index),
                    )
                )
        else:
            units.append(
                Unit(key, entry.msgid, entry.msgstr, notes=notes, line=line, context=entry.msgctxt)
            )
    if not units:
        raise ReadError("no messages to check")
    language = language_subtag(catalog.metadata.get("Language"))
    return unit_document(
        id=path,
        path=path,
        units=units,
        source_lang=source_lang,
        target_lang=language or target_lang,
        encoding=decoded.encoding,
        notes=(f"PO: {len(units)} units",) + ((decoded.note,) if decoded.note else ()),
    )
