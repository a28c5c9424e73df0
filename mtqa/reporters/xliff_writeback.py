"""``--format xliff``: a copy of each XLIFF file with its findings as ITS 2.0 Localization
Quality Issues, for the editor that opens the file.

The copy is the input with insertions only, made in the text of the file (never by
writing a parsed tree out again), so that namespaces, inline codes, whitespace, comments,
entities and every unit without findings stay byte for byte what they were. Where a
finding goes:

- **A span of plain target text** (characters of one text run, not crossing an inline
  code, a comment or CDATA) is wrapped in a ``<mrk>``: XLIFF 1.2 ``<mrk mtype="x-its">``,
  XLIFF 2.x ``<mrk id="mtqaN" translate="...">`` (an id unused in the unit, ``translate``
  as it is where the marker stands), carrying the issue as ``its:`` attributes. Spans that
  cross each other cannot both be markers: the later one goes to the unit.
- **Anything else** (an empty span, one over inline codes, one crossing another): XLIFF
  1.2 puts the issue on the ``<trans-unit>``, as Okapi and Ocelot write unit-level
  issues; XLIFF 2.x on a ``<mrk>`` around the whole ``<target>`` content of the segment
  (``<target/>`` is opened for it), or on the ``<unit>`` when the segment has no target.
- **Several issues on one element** are standoff markup: ``its:locQualityIssuesRef`` to an
  ``its:locQualityIssues`` element with an ``xml:id`` unused in the document, the last
  child of the ``<trans-unit>`` (1.2, ``#ID``) or the first child of the ``<unit>``
  (2.x, ``#its=ID``, XLIFF 2's fragment identifier for the ITS module).

The ITS namespace is declared on the ``<trans-unit>``/``<unit>`` start tag (unless a prefix
for it is in scope there), with ``its:version="2.0"`` (unless an ancestor has it). The copy
is checked before it is written: it parses, mtqa's reader gives the same units, and
``its.problems`` finds nothing.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mtqa.document import Unit
from mtqa.findings import Finding, Report
from mtqa.readers.decode import ReadError, wide_encoding
from mtqa.readers.xliff import (
    _DROPPED,
    _EMPTY_CODES,
    _PAIRED_CODES,
    _attributes,
    _child,
    _code_point,
    _files,
    _not_to_translate,
    inline_text,
    read_xliff,
)
from mtqa.readers.xml_parse import local_name, parse_xml
from mtqa.reporters import its, xml_safe
from mtqa.reporters.sinks import CopySink, WritebackError

# --- the file's text and where its elements are ---------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _decode(data: bytes) -> tuple[bytes, str, str]:
    """``(byte order mark, codec, text)`` of an XML file, such that the mark and the text
    encoded with the codec are the file again, byte for byte."""
    bom, codec = b"", "utf-8"
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, codec = mark, name
            break
    else:
        wide = wide_encoding(data[:4])
        if wide is not None:
            codec = wide[0]
        else:
            declared = _DECLARED.match(data[:256])
            if declared:
                codec = declared.group(1).decode("ascii")
    try:
        codec = codecs.lookup(codec).name
        text = data[len(bom) :].decode(codec)
    except (LookupError, UnicodeDecodeError) as error:
        raise WritebackError(f"cannot decode it as {codec}: {error}") from None
    if bom + text.encode(codec) != data:
        raise WritebackError(f"its {codec} text does not encode back to the same bytes")
    return bom, codec, text


_TOKEN = re.compile(
    r"""(?P<comment><!--.*?-->)
      | (?P<cdata><!\[CDATA\[.*?\]\]>)
      | (?P<pi><\?.*?\?>)
      | (?P<doctype><!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*'|\[(?:[^\]"']|"[^"]*"|'[^']*')*\])*>)
      | (?P<end></(?P<end_name>[^\s>]+)\s*>)
      | (?P<start><(?P<name>[^\s/>!?]+)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(?P<empty>/?)>)
      | (?P<text>[^<]+)""",
    re.S | re.X,
)


_KINDS = ("comment", "cdata", "pi", "doctype", "end", "start", "text")


@dataclass
class _Token:
    kind: str  # comment, cdata, pi, doctype, end, start, empty, text
    start: int
    end: int
    #: For start, empty and end tags: the index of the element in document order.
    element: int = -1
    qname: str = ""


@dataclass
class _Element:
    qname: str
    open: int  # index of the start tag's token
    close: int  # index of the end tag's token (== open for an empty element)


@dataclass
class _Layout:
    """The file's text cut into tokens, and each element's tokens (document order, as
    lxml's ``iter`` gives the elements)."""

    text: str
    tokens: list[_Token]
    elements: list[_Element]

    def start_tag(self, index: int) -> _Token:
        return self.tokens[self.elements[index].open]

    def end_tag(self, index: int) -> _Token:
        return self.tokens[self.elements[index].close]


def _layout(text: str, tree: list[Any]) -> _Layout:
    """Where each element of ``tree`` (lxml's elements in document order) is in ``text``;
    ``WritebackError`` when the text cannot be cut so that its tags are those elements."""
    tokens: list[_Token] = []
    elements: list[_Element] = []
    stack: list[int] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise WritebackError(f"cannot find its markup at character {position}")
        kind = next(k for k in _KINDS if match.group(k) is not None)
        token = _Token(kind, match.start(), match.end())
        if kind == "start":
            token.qname = match.group("name")
            token.element = len(elements)
            elements.append(_Element(token.qname, len(tokens), len(tokens)))
            if match.group("empty"):
                token.kind = "empty"
            else:
                stack.append(token.element)
        elif kind == "end":
            token.qname = match.group("end_name")
            if not stack or elements[stack[-1]].qname != token.qname:
                raise WritebackError(f"an end tag </{token.qname}> that closes no element")
            token.element = stack.pop()
            elements[token.element].close = len(tokens)
        tokens.append(token)
        position = match.end()
    if stack or len(elements) != len(tree):
        raise WritebackError("its tags are not the elements its parser found")
    for element, node in zip(elements, tree, strict=True):
        if element.qname.rsplit(":", 1)[-1] != local_name(node):
            raise WritebackError(f"<{element.qname}> is not the element its parser found")
    return _Layout(text, tokens, elements)


# --- a target's text, character by character --------------------------------------------

_REFERENCE = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|apos|quot));|\r\n?|&")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}


@dataclass
class _Char:
    raw_start: int
    raw_end: int
    #: The text run it is in (-1: generated by the reader, such as a code's tag), and the
    #: element (index) it is a child of, where a marker could go around it.
    run: int
    parent: int


def _characters(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """The characters of raw character data ``text[start:end]`` with where each came from
    (references decoded, line ends normalised as XML parsers do)."""
    position = start
    for match in _REFERENCE.finditer(text, start, end):
        for offset in range(position, match.start()):
            yield text[offset], offset, offset + 1
        hexadecimal, decimal, named = match.groups()
        piece = match.group(0)
        if piece.startswith("\r"):
            yield "\n", match.start(), match.end()
        elif named:
            yield _NAMED[named], match.start(), match.end()
        elif hexadecimal or decimal:
            yield chr(int(hexadecimal or decimal, 16 if hexadecimal else 10)), *match.span()
        else:  # an entity of a DTD: the reader does not see it as text
            raise WritebackError("an entity reference in a target")
        position = match.end()
    for offset in range(position, end):
        yield text[offset], offset, offset + 1


def _target_map(
    layout: _Layout, tree: list[Any], target: int, namespace: str
) -> tuple[str, list[_Char]]:
    """The text the reader makes of element ``target`` (``xliff.inline_text``) and, per
    character, where it is in the file and whether a marker can go around it."""
    chars: list[_Char] = []
    out: list[str] = []

    def generated(piece: str) -> None:
        out.append(piece)
        chars.extend(_Char(-1, -1, -1, -1) for _ in piece)

    # open elements: (element index, can hold a marker, closing text the reader writes)
    stack: list[tuple[int, bool, str]] = [(target, True, "")]
    skipping = 0
    run = 0
    first, last = layout.elements[target].open + 1, layout.elements[target].close
    for token in layout.tokens[first:last]:
        if skipping:
            skipping += {"start": 1, "end": -1}.get(token.kind, 0)
            continue
        if token.kind == "text":
            parent, holds, _ = stack[-1]
            for char, raw_start, raw_end in _characters(layout.text, token.start, token.end):
                out.append(char)
                chars.append(_Char(raw_start, raw_end, run if holds else -1, parent))
            continue
        run += 1
        if token.kind == "cdata":
            body = layout.text[token.start + 9 : token.end - 3]
            generated(body.replace("\r\n", "\n").replace("\r", "\n"))
        elif token.kind == "end":
            out_close = stack.pop()[2]
            if out_close:
                generated(out_close)
        elif token.kind in ("start", "empty"):
            node = tree[token.element]
            name = local_name(node)
            ours = node.tag.startswith(f"{{{namespace}}}") if namespace else node.tag[0] != "{"
            if name in _PAIRED_CODES:
                generated(f"<{name}{_attributes(node)}>")
                if token.kind == "empty":
                    generated(f"</{name}>")
                else:
                    stack.append((token.element, ours, f"</{name}>"))
            elif name in _EMPTY_CODES or name == "cp" or name in _DROPPED:
                if name in _EMPTY_CODES:
                    generated(f"<{name}{_attributes(node)}/>")
                elif name == "cp":
                    generated(_code_point(node))
                skipping = 1 if token.kind == "start" else 0
            elif token.kind == "start":  # transparent: its text is the target's
                # (a <mrk> can hold another; <sub> and foreign elements cannot)
                stack.append((token.element, ours and name == "mrk", ""))
    return "".join(out), chars


# --- what goes where --------------------------------------------------------------------


@dataclass
class _Anchor:
    """Where issues go: a marker around raw text ``[open, close)`` (``close`` None: the
    element ``host``'s start tag takes them)."""

    host: int  # a marker: the element it is a child of; else the element with the issues
    open: int = -1
    close: int = -1
    whole: bool = False  # a marker around a whole target's content
    findings: list[Finding] = field(default_factory=list)

    @property
    def marker(self) -> bool:
        return self.open >= 0


def _places(root: Any, index: dict[Any, int], version2: bool) -> dict[str, tuple[int, int | None]]:
    """Every checked unit id -> its ``<trans-unit>`` (1.2) or ``<unit>`` (2.x) and its
    target element, found as the reader finds them (``readers/xliff.py``)."""
    found: dict[str, tuple[int, int | None]] = {}
    if not version2:
        for prefix, file in _files(root, "original"):
            for tu in file.iter():
                if local_name(tu) != "trans-unit" or _not_to_translate(tu):
                    continue
                target = _child(tu, "target")
                found[prefix + tu.get("id")] = (
                    index[tu],
                    None if target is None else index[target],
                )
        return found
    for prefix, file in _files(root, "id"):
        for unit in file.iter():
            if local_name(unit) != "unit" or _not_to_translate(unit):
                continue
            segments = [s for s in unit if local_name(s) == "segment"]
            for position, segment in enumerate(segments, start=1):
                key = prefix + unit.get("id")
                if len(segments) > 1:
                    key = f"{key}/{segment.get('id') or position}"
                target = _child(segment, "target")
                found[key] = (index[unit], None if target is None else index[target])
    return found


def _laminar(spans: list[_Anchor], anchor: _Anchor) -> bool:
    """Whether ``anchor``'s span nests with (or is apart from) every span taken."""
    return all(
        anchor.close <= s.open
        or s.close <= anchor.open
        or (s.open <= anchor.open and anchor.close <= s.close)
        or (anchor.open <= s.open and s.close <= anchor.close)
        for s in spans
    )


def _quote(value: str) -> str:
    escaped = (
        xml_safe(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )
    return escaped.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def _attribute_text(pairs: list[tuple[str, str]]) -> str:
    return "".join(f' {name}="{_quote(value)}"' for name, value in pairs)


def _prefix_of(qname: str) -> str:
    return qname.split(":", 1)[0] + ":" if ":" in qname else ""


class _Writer:
    """The insertions that put one report's findings into one XLIFF file."""

    def __init__(self, text: str, root: Any, report: Report) -> None:
        self.text = text
        self.root = root
        self.tree = [e for e in root.iter() if isinstance(e.tag, str)]
        self.index = {e: n for n, e in enumerate(self.tree)}
        self.layout = _layout(text, self.tree)
        self.version2 = root.get("version", "").startswith("2.")
        self.namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
        self.report = report
        self.xml_ids = {e.get(its.XML_ID) for e in self.tree} - {None}
        self.edits: list[tuple[int, int, tuple[int, ...], str]] = []
        self.serial = 0

    def new_xml_id(self) -> str:
        while True:
            self.serial += 1
            candidate = f"mtqa-lqi-{self.serial}"
            if candidate not in self.xml_ids:
                self.xml_ids.add(candidate)
                return candidate

    def run(self) -> str:
        places = _places(self.root, self.index, self.version2)
        by_unit: dict[str, list[Finding]] = {}
        for finding in self.report.findings:
            if finding.unit is not None:
                by_unit.setdefault(finding.unit, []).append(finding)
        containers: dict[int, list[tuple[Unit, int | None, list[Finding]]]] = {}
        for unit in self.report.units:
            if unit.id not in places:
                raise WritebackError(f"unit {unit.id!r} is not in the file")
            container, target = places[unit.id]
            if unit.id in by_unit:
                containers.setdefault(container, []).append((unit, target, by_unit[unit.id]))
        for element, units in containers.items():
            self.container(element, units)
        out: list[str] = []
        position = 0
        for start, end, _, piece in sorted(self.edits, key=lambda e: (e[0], e[2])):
            if start < position:
                raise WritebackError("overlapping insertions (a bug in mtqa)")
            out += [self.text[position:start], piece]
            position = end
        out.append(self.text[position:])
        return "".join(out)

    # one <trans-unit> / <unit>

    def container(self, element: int, units: list[tuple[Unit, int | None, list[Finding]]]) -> None:
        node = self.tree[element]
        anchors: list[_Anchor] = []
        on_container = _Anchor(element)
        taken_ids = {e.get("id") for e in node.iter() if isinstance(e.tag, str)} - {None}
        for unit, target, findings in units:
            spans: list[_Anchor] = []
            leftover: list[Finding] = []
            mapped = self.mapped(unit, target)
            for finding in sorted(findings, key=lambda f: (f.start, -f.end, f.code)):
                anchor = self.span(finding, target, mapped)
                if anchor is None:
                    leftover.append(finding)
                    continue
                same = next(
                    (s for s in spans if (s.open, s.close) == (anchor.open, anchor.close)), None
                )
                if same is not None and same.host == anchor.host:
                    same.findings.append(finding)
                elif _laminar(spans, anchor):
                    anchor.findings.append(finding)
                    spans.append(anchor)
                else:
                    leftover.append(finding)
            anchors += spans
            if leftover:
                whole = self.whole_target(target)
                if whole is not None and (self.version2 or self.busy(node)):
                    whole.findings = leftover
                    anchors.append(whole)
                else:
                    on_container.findings += leftover
        if on_container.findings:
            if self.busy(node):
                raise WritebackError(
                    f"<{local_name(node)}> on line {node.sourceline} already has ITS issues"
                )
            anchors.append(on_container)
        prefix, declare = self.its_prefix(node)
        standoff: list[tuple[str, str, list[str]]] = []
        markers = sorted(
            (a for a in anchors if a.marker), key=lambda a: (a.open, -a.close, not a.whole)
        )
        for order, anchor in enumerate(markers):
            attributes = self.issue_attributes(anchor, prefix, standoff)
            self.marker(anchor, order, prefix, attributes, taken_ids)
        start_tag = list(declare)
        if on_container.findings:
            start_tag += self.issue_attributes(on_container, prefix, standoff)
        if start_tag:
            self.add_attributes(element, start_tag)
        if standoff:
            self.add_standoff(element, standoff)

    def busy(self, node: Any) -> bool:
        """Whether ``node`` already carries ITS issue attributes."""
        return any(name.startswith(f"{{{its.NAMESPACE}}}locQualityIssue") for name in node.attrib)

    def mapped(self, unit: Unit, target: int | None) -> list[_Char] | None:
        if target is None:
            return None
        try:
            text, chars = _target_map(self.layout, self.tree, target, self.namespace)
        except WritebackError:
            return None
        if text != unit.target:
            if inline_text(self.tree[target]) != unit.target:
                raise WritebackError(f"unit {unit.id!r} has changed since it was checked")
            return None  # read otherwise than the reader reads it: issues go on the unit
        return chars

    def span(
        self, finding: Finding, target: int | None, chars: list[_Char] | None
    ) -> _Anchor | None:
        """A marker around ``finding``'s text, or None where it cannot have one."""
        if chars is None or target is None or not 0 <= finding.start < finding.end <= len(chars):
            return None
        inside = chars[finding.start : finding.end]
        first = inside[0]
        if first.run < 0 or any(c.run != first.run for c in inside):
            return None
        return _Anchor(first.parent, first.raw_start, inside[-1].raw_end)

    def whole_target(self, target: int | None) -> _Anchor | None:
        if target is None:
            return None
        start_tag, end_tag = self.layout.start_tag(target), self.layout.end_tag(target)
        if start_tag.kind == "empty":
            return _Anchor(target, start_tag.end, start_tag.end, whole=True)
        return _Anchor(target, start_tag.end, end_tag.start, whole=True)

    def its_prefix(self, node: Any) -> tuple[str, list[tuple[str, str]]]:
        """The ITS prefix to write in ``node`` and the attributes that declare it there
        (with ``its:version``) when they are needed."""
        in_scope = dict(node.nsmap)
        declare: list[tuple[str, str]] = []
        prefix = next((p for p, uri in in_scope.items() if p and uri == its.NAMESPACE), None)
        if prefix is None:
            prefix = "its"
            number = 1
            while prefix in in_scope:
                prefix = f"its{number}"
                number += 1
            declare.append((f"xmlns:{prefix}", its.NAMESPACE))
        versions = [e.get(f"{{{its.NAMESPACE}}}version") for e in (node, *node.iterancestors())]
        if not any(versions):
            declare.append((f"{prefix}:version", its.VERSION))
        return prefix, declare

    def issue_attributes(
        self, anchor: _Anchor, prefix: str, standoff: list[tuple[str, str, list[str]]]
    ) -> list[tuple[str, str]]:
        """The ``its:`` attributes of ``anchor``: its issue, or a reference to the standoff
        element (added to ``standoff``) that holds its issues."""
        if len(anchor.findings) == 1:
            return [(f"{prefix}:{k}", v) for k, v in its.issue(anchor.findings[0]).items()]
        xml_id = self.new_xml_id()
        issues = [
            f"<{prefix}:locQualityIssue{_attribute_text(list(its.issue(f).items()))}/>"
            for f in anchor.findings
        ]
        standoff.append((xml_id, prefix, issues))
        reference = f"#its={xml_id}" if self.version2 else f"#{xml_id}"
        return [(f"{prefix}:locQualityIssuesRef", reference)]

    def marker(
        self,
        anchor: _Anchor,
        order: int,
        prefix: str,
        attributes: list[tuple[str, str]],
        taken_ids: set[str],
    ) -> None:
        parent = self.layout.start_tag(anchor.host)
        name = f"{_prefix_of(parent.qname)}mrk"
        own: list[tuple[str, str]]
        if self.version2:
            number = 1
            while f"mtqa{number}" in taken_ids:
                number += 1
            mark = f"mtqa{number}"
            taken_ids.add(mark)
            own = [("id", mark), ("translate", self.translate_at(anchor.host))]
        else:
            own = [("mtype", "x-its")]
        start = f"<{name}{_attribute_text(own + attributes)}"
        if anchor.whole and parent.kind == "empty":  # <target/>: opened for its marker
            slash = self.text.rindex("/", parent.start, parent.end)
            closing = f"</{parent.qname}>"
            self.edits.append((slash, parent.end, (1, order), f">{start}/>{closing}"))
            return
        self.edits.append((anchor.open, anchor.open, (1, order), start + ">"))
        self.edits.append((anchor.close, anchor.close, (0, -order), f"</{name}>"))

    def translate_at(self, element: int) -> str:
        """``translate`` where a marker goes into ``element`` (a target, or an inline
        element in it): the nearest such element's value that says, else yes."""
        for node in (self.tree[element], *self.tree[element].iterancestors()):
            if local_name(node) == "target":
                break
            value = node.get("translate")
            if value in ("yes", "no"):
                return str(value)
        return "yes"

    def add_attributes(self, element: int, pairs: list[tuple[str, str]]) -> None:
        tag = self.layout.start_tag(element)
        position = tag.end - 1
        if self.text[position - 1] == "/":
            position -= 1
        while self.text[position - 1].isspace():
            position -= 1
        self.edits.append((position, position, (0,), _attribute_text(pairs)))

    def add_standoff(self, element: int, standoff: list[tuple[str, str, list[str]]]) -> None:
        layout = self.layout
        start_tag = layout.start_tag(element)
        following = layout.tokens[layout.elements[element].open + 1]
        indent = ""
        if following.kind == "text" and not self.text[following.start : following.end].strip():
            indent = self.text[following.start : following.end]
        inner = indent + "  " if indent else ""
        pieces = []
        for xml_id, prefix, issues in standoff:
            body = "".join(inner + issue for issue in issues)
            pieces.append(
                f'{indent}<{prefix}:locQualityIssues xml:id="{xml_id}">{body}'
                f"{indent}</{prefix}:locQualityIssues>"
            )
        text = "".join(pieces)
        if self.version2:  # the first children of a <unit> are its extension elements
            self.edits.append((start_tag.end, start_tag.end, (2,), text))
            return
        close = layout.elements[element].close
        before = layout.tokens[close - 1]
        position = layout.tokens[close].start
        if before.kind == "text" and not self.text[before.start : before.end].strip():
            position = before.start
        self.edits.append((position, position, (2,), text))


def annotate(data: bytes, report: Report) -> bytes:
    """The XLIFF file ``data`` (the file ``report`` was made of) with the report's findings
    written in; ``WritebackError`` when it cannot be, or changed since it was checked."""
    bom, codec, text = _decode(data)
    try:
        root = parse_xml(data)
        before = read_xliff(report.path, data, report.source_lang, report.target_lang)
    except ReadError as error:
        raise WritebackError(f"cannot read it again: {error.message}") from None
    if [(u.id, u.source, u.target) for u in before.units] != [
        (u.id, u.source, u.target) for u in report.units
    ]:
        raise WritebackError("it has changed since it was checked")
    written = bom + _Writer(text, root, report).run().encode(codec, "xmlcharrefreplace")
    try:
        after = read_xliff(report.path, written, report.source_lang, report.target_lang)
        found = its.problems(parse_xml(written))
    except ReadError as error:
        raise WritebackError(f"the copy does not parse (a bug in mtqa): {error.message}") from None
    if [(u.id, u.source, u.target) for u in after.units] != [
        (u.id, u.source, u.target) for u in before.units
    ]:
        raise WritebackError("the copy reads differently (a bug in mtqa)")
    if found:
        raise WritebackError(f"the copy's ITS markup is wrong (a bug in mtqa): {found[0]}")
    return written


class Copies(CopySink):
    """``--format xliff[:DIR]``: a copy of each XLIFF file with its findings as ITS 2.0
    Localization Quality Issues (in ``<--out>/xliff`` by default)."""

    subfolder = "xliff"
    label = "XLIFF"
    suffixes = (".xlf", ".xliff")

    def annotate(self, data: bytes, report: Report) -> bytes:
        return annotate(data, report)
