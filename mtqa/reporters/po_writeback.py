"""``--format po``: a copy of each PO file with its findings as extracted comments.

Each finding becomes a line ``#. mtqa CODE severity: message`` among the comments of its
message (``#. mtqa CODE severity msgstr[N]: message`` for a plural form), after the
message's own extracted comments and before its references and flags, in the order
gettext writes them. With ``po-fuzzy = true`` (or ``--po-fuzzy``) a message with a finding
of major severity or worse is also flagged ``fuzzy`` (added to its ``#,`` line, or a
``#, fuzzy`` line of its own), so that gettext leaves its translation out until someone
looks at it. ``#. mtqa`` lines from an earlier run are replaced, everywhere in the file.

The copy is made by inserting lines into the file's text: polib would write every message
again, re-wrapping long strings and re-ordering what it does not keep, so every other
line stays byte for byte what it was. The copy is checked before it is written: mtqa's
reader (and so polib) reads the same messages from it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from mtqa.document import Unit
from mtqa.findings import Finding, Report, Severity
from mtqa.readers.decode import ReadError
from mtqa.readers.po import read_po, unit_id
from mtqa.reporters import its
from mtqa.reporters.sinks import CopySink, WritebackError

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_KEYWORD = re.compile(r'^\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*)$', re.S)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
#: A comment line mtqa wrote: replaced when a copy is made again.
_OURS = re.compile(r"^#\.\s*mtqa [A-Z]\d{3} ")


@dataclass
class _Entry:
    """A message of the file: its comment lines and keyword lines (indices into the lines)."""

    comments: list[int] = field(default_factory=list)
    first: int = -1
    strings: dict[str, list[str]] = field(default_factory=dict)
    keyword: str = ""

    def text(self, keyword: str) -> str | None:
        import polib

        parts = self.strings.get(keyword)
        return None if parts is None else polib.unescape("".join(parts))


def _lines(text: str) -> list[str]:
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _entries(lines: list[str]) -> list[_Entry]:
    """The file's messages (not obsolete ones), in order, with the comments right above."""
    entries: list[_Entry] = []
    pending: list[int] = []
    current: _Entry | None = None
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#~"):  # between messages, or an obsolete one
            pending = []
            current = None
            continue
        if stripped.startswith("#"):
            current = None
            pending.append(number)
            continue
        keyword = _KEYWORD.match(line)
        if keyword is not None:
            name, rest = keyword.groups()
            joins = current is not None and name != "msgctxt"
            if name == "msgid" and current is not None and current.keyword != "msgctxt":
                joins = False
            if not joins:
                current = _Entry(comments=pending, first=number)
                pending = []
                entries.append(current)
            assert current is not None
            current.keyword = name
            current.strings[name] = _STRING.findall(rest)
        elif current is not None:  # a string continuing the keyword above
            current.strings[current.keyword] += _STRING.findall(line)
    return entries


def _group(line: str) -> int:
    """Where a comment line goes in gettext's order: translator 0, extracted 1,
    reference 2, flags 3, previous 4, anything else 5."""
    mark = line[1:2]
    if mark in ("", " ", "\t", "\r", "\n"):
        return 0
    return {".": 1, ":": 2, ",": 3, "|": 4}.get(mark, 5)


def _codec(data: bytes, encoding: str) -> tuple[bytes, str]:
    """``(byte order mark, codec)`` that turn the decoded text into ``data`` again."""
    for mark, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(mark) and encoding in ("utf-8-sig", "utf-16", "utf-32"):
            return mark, name
    return b"", encoding


def _texts(units: tuple[Unit, ...]) -> list[tuple[str, str, str]]:
    return [(u.id, u.source, u.target) for u in units]


def annotate(data: bytes, report: Report, fuzzy: bool = False) -> bytes:
    """The PO file ``data`` (the file ``report`` was made of) with the report's findings as
    extracted comments (and, with ``fuzzy``, messages with a major finding flagged fuzzy);
    ``WritebackError`` when it cannot be, or changed since it was checked."""
    try:
        before = read_po(report.path, data, report.source_lang, report.target_lang)
    except ReadError as error:
        raise WritebackError(f"cannot read it again: {error.message}") from None
    if _texts(before.units) != _texts(report.units):
        raise WritebackError("it has changed since it was checked")
    bom, codec = _codec(data, report.encoding)
    try:
        text = data[len(bom) :].decode(codec)
    except (LookupError, UnicodeDecodeError) as error:
        raise WritebackError(f"cannot decode it as {report.encoding}: {error}") from None
    if bom + text.encode(codec) != data:
        raise WritebackError(f"its {report.encoding} text does not encode back to the same bytes")
    lines = _lines(text)
    newline = next((line[len(line.rstrip("\r\n")) :] for line in lines if line.strip()), "\n")
    entries: dict[str, _Entry] = {}
    for entry in _entries(lines):
        msgid, msgctxt = entry.text("msgid"), entry.text("msgctxt")
        if msgid is None or (msgid == "" and msgctxt is None):
            continue  # the header
        key = unit_id(msgid, msgctxt)
        if key in entries:
            raise WritebackError(f"two messages are {key!r}")
        entries[key] = entry
    per_entry: dict[str, list[tuple[Finding, int | None]]] = {}
    plural = {u.id: u.plural for u in report.units}
    for finding in report.findings:
        if finding.unit is None:
            continue
        form = plural.get(finding.unit)
        key = finding.unit if form is None else finding.unit.removesuffix(f"[{form}]")
        if key not in entries:
            raise WritebackError(f"message {key!r} is not in the file")
        per_entry.setdefault(key, []).append((finding, form))
    removed = {n for e in entries.values() for n in e.comments if _OURS.match(lines[n])}
    inserted: dict[int, list[str]] = {}
    replaced: dict[int, str] = {}
    for key, found in per_entry.items():
        entry = entries[key]
        block = [n for n in entry.comments if n not in removed]
        comments = [
            f"#. {its.comment(f, '' if form is None else f' msgstr[{form}]')}{newline}"
            for f, form in found
        ]
        after = [n for n in block if _group(lines[n]) <= 1]
        at = after[-1] + 1 if after else (block[0] if block else entry.first)
        inserted.setdefault(at, []).extend(comments)
        if fuzzy and any(f.severity >= Severity.MAJOR for f, _ in found):
            flags = next((n for n in block if _group(lines[n]) == 3), None)
            if flags is None:
                after = [n for n in block if _group(lines[n]) <= 3]
                at = after[-1] + 1 if after else (block[0] if block else entry.first)
                inserted.setdefault(at, []).append(f"#, fuzzy{newline}")
            else:
                line = lines[flags]
                body = line.rstrip("\r\n")
                names = [name.strip() for name in body[2:].split(",")]
                if "fuzzy" not in names:
                    rest = body[2:].strip()
                    flagged = f"#, fuzzy, {rest}" if rest else "#, fuzzy"
                    replaced[flags] = flagged + line[len(body) :]
    out: list[str] = []
    for number, line in enumerate(lines):
        out += inserted.get(number, [])
        if number not in removed:
            out.append(replaced.get(number, line))
    out += inserted.get(len(lines), [])
    written = bom + "".join(out).encode(codec, "backslashreplace")
    try:
        after_report = read_po(report.path, written, report.source_lang, report.target_lang)
    except ReadError as error:
        raise WritebackError(f"the copy does not parse (a bug in mtqa): {error.message}") from None
    if _texts(after_report.units) != _texts(before.units):
        raise WritebackError("the copy reads differently (a bug in mtqa)")
    return written


class Copies(CopySink):
    """``--format po[:DIR]``: a copy of each PO file with its findings as extracted
    comments (in ``<--out>/po`` by default); ``po-fuzzy`` flags major ones fuzzy."""

    subfolder = "po"
    label = "PO"
    suffixes = (".po", ".pot")

    def annotate(self, data: bytes, report: Report) -> bytes:
        return annotate(data, report, fuzzy=self.run.po_fuzzy)
