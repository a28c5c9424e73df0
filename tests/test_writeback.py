"""Write-back: ``--format xliff`` and ``--format po`` copies of the inputs with the findings
in them (mtqa/reporters/xliff_writeback.py, po_writeback.py, its.py).

Round trips on the bilingual fixtures and on small realistic files with planted errors
(tests/data/writeback/): the copy parses (lxml, polib), mtqa's readers read the same units
and target texts from it (so every finding's offsets still hold), the copy's ITS markup
follows the ITS 2.0 / XLIFF rules that can be checked offline, and every unit without a
finding, and every byte outside the units, is what it was in the input.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import DocumentError, Report, Severity
from mtqa.gate import Gate
from mtqa.readers import read_paths
from mtqa.readers.po import read_po
from mtqa.readers.xliff import read_xliff
from mtqa.reporters import its, po_writeback, xliff_writeback
from mtqa.reporters.sinks import Outputs, Run, WritebackError
from mtqa.runner import run, signature

from .conftest import FIXTURES, ROOT

DATA = Path(__file__).parent / "data" / "writeback"
BILINGUAL = FIXTURES / "bilingual"
XLIFF_FILES = [
    BILINGUAL / "ui_en_de.xlf",
    BILINGUAL / "help_en_fr.xlf",
    BILINGUAL / "dialects" / "browser_fr.xlf",
    BILINGUAL / "dialects" / "mobile_ja.xlf",
    DATA / "shop_de.xlf",
    DATA / "help_fr.xlf",
]
PO_FILES = [
    BILINGUAL / "app_de.po",
    BILINGUAL / "dialects" / "desktop_ru.po",
    BILINGUAL / "dialects" / "kde_de.po",
    DATA / "notes_de.po",
]
ITS = "{http://www.w3.org/2005/11/its}"
CONFIG = Config(use_model=False)
CHECKS = CONFIG.enabled(ALL_CHECKS)
SIGNATURE = signature(CONFIG, CHECKS)


def check_file(path: Path) -> Report:
    (document,) = read_paths([str(path)], None, "en")
    assert isinstance(document, Document), document
    return run(document, CONFIG, CHECKS, SIGNATURE)


_REPORTS: dict[Path, Report] = {}


def report_of(path: Path) -> Report:
    if path not in _REPORTS:
        _REPORTS[path] = check_file(path)
    return _REPORTS[path]


def units(document: Document) -> list[tuple[str, str, str]]:
    return [(u.id, u.source, u.target) for u in document.units]


def split_units(text: str, tag: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The text outside every ``<tag>`` element, and each element's text with its id."""
    pattern = re.compile(rf'<{tag}\b[^>]*?\bid="([^"]*)".*?</{tag}>', re.S)
    blocks = [(m.group(1), m.group(0)) for m in pattern.finditer(text)]
    return pattern.split(text)[::2], blocks


# --- the tables ------------------------------------------------------------------------


def test_every_check_category_has_an_its_issue_type() -> None:
    """ISSUE_TYPES covers the category of every check; every value is one of ITS 2.0's
    types; every key is a category or a check's code."""
    categories = {c.category for c in ALL_CHECKS}
    codes = {c.code for c in ALL_CHECKS}
    assert categories <= its.ISSUE_TYPES.keys(), categories - its.ISSUE_TYPES.keys()
    assert set(its.ISSUE_TYPES.values()) <= set(its.ITS_TYPES)
    assert its.ISSUE_TYPES.keys() <= categories | codes
    assert len(its.ITS_TYPES) == 27 and len(set(its.ITS_TYPES)) == 27
    for check in ALL_CHECKS:
        finding = dataclasses.replace(report_of(BILINGUAL / "ui_en_de.xlf").findings[0])
        finding = dataclasses.replace(finding, code=check.code, category=check.category)
        assert its.issue_type(finding) in its.ITS_TYPES


def test_severity_scores_rise_from_0_to_100() -> None:
    scores = [its.SEVERITY_SCORES[s] for s in Severity]
    assert scores == sorted(scores) and scores[0] == 0 and scores[-1] == 100
    assert len(set(scores)) == len(scores)


# --- XLIFF -----------------------------------------------------------------------------


def its_markup_problems(data: bytes) -> list[str]:
    """The test's own reading of the ITS rules (besides ``its.problems``)."""
    root = etree.fromstring(data)
    version2 = root.get("version", "").startswith("2.")
    found = []
    xml_ids = {
        e.get("{http://www.w3.org/XML/1998/namespace}id"): e
        for e in root.iter()
        if isinstance(e.tag, str)
    }
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith(ITS):
            continue
        for name, value in element.attrib.items():
            if "locQualityIssue" not in name:
                continue
            if not name.startswith(ITS):
                found.append(f"{name} outside the ITS namespace")
            bare = name[len(ITS) :]
            if bare == "locQualityIssueType" and value not in its.ITS_TYPES:
                found.append(f"type {value}")
            if bare == "locQualityIssueSeverity" and not 0 <= float(value) <= 100:
                found.append(f"severity {value}")
            if bare == "locQualityIssuesRef":
                key = value.removeprefix("#its=" if version2 else "#")
                standoff = xml_ids.get(key)
                if standoff is None or standoff.tag != f"{ITS}locQualityIssues":
                    found.append(f"dangling {value}")
        marker = element.tag.endswith("}mrk") and any(ITS in n for n in element.attrib)
        if marker and not any(a.tag.endswith("}target") for a in element.iterancestors()):
            found.append("an ITS mrk outside <target>")
    for issue in root.iter(f"{ITS}locQualityIssue"):
        if issue.get("locQualityIssueType") not in its.ITS_TYPES:
            found.append(f"standoff type {issue.get('locQualityIssueType')}")
        if not 0 <= float(issue.get("locQualityIssueSeverity", "-1")) <= 100:
            found.append("standoff severity")
    return found


@pytest.mark.parametrize("path", XLIFF_FILES, ids=lambda p: p.name)
def test_xliff_round_trip(path: Path, tmp_path: Path) -> None:
    """The copy parses, reads as the same units, has valid ITS markup for every finding,
    the findings' offsets still index its targets, checking it again finds the same, and
    every unit without a finding (and everything between units) is byte-identical."""
    data = path.read_bytes()
    report = report_of(path)
    assert report.findings, "the fixture has planted errors"
    written = xliff_writeback.annotate(data, report)
    root = etree.fromstring(written)  # well-formed
    assert its.problems(root) == []
    assert its_markup_problems(written) == []
    before = read_xliff(str(path), data, None, "en")
    after = read_xliff(str(path), written, None, "en")
    assert units(after) == units(before)
    targets = {u.id: u.target for u in after.units}
    for finding in report.findings:
        assert targets[finding.unit][finding.start : finding.end] == finding.text
    # every finding is in the copy: one ITS issue each
    comments = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("IssueComment")]
    assert len(comments) == len(report.findings)
    for finding in report.findings:
        assert its.comment(finding) in comments
    # checked again, the copy gives the same findings
    copy = tmp_path / path.name
    copy.write_bytes(written)
    again = check_file(copy)
    assert [(f.code, f.unit, f.start, f.end, f.message) for f in again.findings] == [
        (f.code, f.unit, f.start, f.end, f.message) for f in report.findings
    ]
    # nothing else changed
    tag = "unit" if root.get("version", "").startswith("2.") else "trans-unit"
    text, copied = data.decode("utf-8"), written.decode("utf-8")
    outside, blocks = split_units(text, tag)
    outside_copy, blocks_copy = split_units(copied, tag)
    assert outside_copy == outside
    flagged = {f.unit.split("/")[0] for f in report.findings if f.unit}
    assert [i for i, _ in blocks_copy] == [i for i, _ in blocks]
    for (unit, block), (_, block_copy) in zip(blocks, blocks_copy, strict=True):
        if unit in flagged:
            assert block_copy != block and "locQualityIssue" in block_copy
        else:
            assert block_copy == block, unit


def unit_block(data: bytes, unit: str) -> str:
    text = data.decode("utf-8")
    tag = "unit" if 'version="2.' in text[:400] else "trans-unit"
    return dict(split_units(text, tag)[1])[unit]


def test_xliff_12_places() -> None:
    """XLIFF 1.2: a number inside plain text gets a <mrk mtype="x-its"> around exactly it;
    a span over inline codes and empty spans go on the <trans-unit>, several of them as
    standoff markup; 'its' is bound to another namespace in this file, so 'its1' is used."""
    path = DATA / "shop_de.xlf"
    written = xliff_writeback.annotate(path.read_bytes(), report_of(path))
    days = unit_block(written, "delivery.days")
    assert re.search(r'<mrk mtype="x-its" its1:locQualityIssueType="numbers"[^>]*>5</mrk>', days)
    assert 'xmlns:its1="http://www.w3.org/2005/11/its" its1:version="2.0"' in days
    summary = unit_block(written, "order.summary")
    assert 'its1:locQualityIssuesRef="#mtqa-lqi-1"' in summary.split(">", 1)[0]
    assert summary.count("<its1:locQualityIssue ") == 2
    assert re.search(r"</target>\s*<its1:locQualityIssues xml:id=\"mtqa-lqi-1\">", summary)
    failed = unit_block(written, "payment.failed")
    assert "<target/>" in failed and 'its1:locQualityIssueType="omission"' in failed
    total = unit_block(written, "order.total")  # a number inside a placeholder finding
    assert re.search(r"<mrk [^>]*>Bestellsumme: <mrk [^>]*>12</mrk> Artikel</mrk>", total)
    assert "voucher.expired" in written.decode()  # translate="no": untouched


def test_xliff_2_places() -> None:
    """XLIFF 2.0: markers are <mrk id=... translate=...> with an id unused in the unit and
    the translate of where they stand; a span over <ph/> puts the segment's issues on a
    marker around its whole target (standoff in the unit for several); <target/> is
    opened for its marker; a segment without a target puts its issue on the <unit>."""
    path = DATA / "help_fr.xlf"
    written = xliff_writeback.annotate(path.read_bytes(), report_of(path))
    intro = unit_block(written, "sync.intro")
    assert re.search(
        r'<pc id="1"[^>]*><mrk id="mtqa1" translate="yes" [^>]*>50</mrk> minutes</pc>', intro
    )
    assert "xmlns:its" not in intro  # the root binds its: already
    assert '<unit id="sync.intro" name="intro" its:version="2.0">' in intro
    conflict = unit_block(written, "sync.conflict")
    assert re.search(
        r'<unit id="sync.conflict" its:version="2.0">\s*<its:locQualityIssues xml:id="mtqa-lqi-1">',
        conflict,
    )
    reference = 'its:locQualityIssuesRef="#its=mtqa-lqi-1"'
    assert f'<target><mrk id="mtqa1" translate="yes" {reference}>Un conflit' in conflict
    brand = unit_block(written, "sync.brand")
    assert re.search(
        r'translate="no">AcmeSync <mrk id="mtqa1" translate="no" [^>]*>3</mrk></mrk>', brand
    )
    pending = unit_block(written, "sync.pending")
    assert re.search(r'<target><mrk id="mtqa2" translate="yes" [^>]*/></target>', pending)
    assert 'its:locQualityIssueType="omission"' in pending.split(">", 1)[0]


@pytest.mark.parametrize("path", [DATA / "shop_de.xlf", DATA / "help_fr.xlf"], ids=lambda p: p.name)
def test_xliff_other_encodings_and_line_ends(path: Path) -> None:
    """UTF-16 with a byte order mark and CRLF line ends come back as they were: the
    copy is in the input's encoding, and inserted markup uses its line ends."""
    report = report_of(path)
    text = path.read_text("utf-8").replace("\n", "\r\n")
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    written = xliff_writeback.annotate(data, report)
    assert written.startswith(codecs.BOM_UTF16_LE)
    copied = written[2:].decode("utf-16-le")
    assert "\n" not in copied.replace("\r\n", "")
    assert units(read_xliff("x", written, None, "en")) == units(read_xliff("x", data, None, "en"))
    assert its.problems(etree.fromstring(written)) == []
    # the same insertions as in the UTF-8 LF file: every finding is there, nothing else moved
    plain = xliff_writeback.annotate(path.read_bytes(), report).decode("utf-8")
    assert copied.replace("\r\n", "\n").replace('"UTF-16"', '"UTF-8"') == plain
    assert plain.count("locQualityIssueComment=") == len(report.findings)


def test_xliff_legacy_encoding_writes_character_references(tmp_path: Path) -> None:
    """A message a legacy code page cannot hold is written with character references."""
    text = (DATA / "shop_de.xlf").read_text("utf-8").replace("€", "EUR")
    data = text.replace('"UTF-8"', '"ISO-8859-1"').encode("latin-1")
    path = tmp_path / "shop_latin1.xlf"
    path.write_bytes(data)
    report = check_file(path)
    findings = [dataclasses.replace(f, message=f"{f.message} → “Prüfen”") for f in report.findings]
    report = dataclasses.replace(report, findings=tuple(findings))
    written = xliff_writeback.annotate(data, report)
    assert b"&#8594; &#8220;Pr\xfcfen&#8221;" in written
    root = etree.fromstring(written)
    assert "→ “Prüfen”" in root.iter(f"{ITS}locQualityIssue").__next__().get(
        "locQualityIssueComment"
    )


def test_xliff_refuses_a_changed_file() -> None:
    path = BILINGUAL / "ui_en_de.xlf"
    changed = path.read_bytes().replace(b"4 Tagen", b"40 Tagen")
    with pytest.raises(WritebackError, match="changed since it was checked"):
        xliff_writeback.annotate(changed, report_of(path))


def test_xliff_2_standoff_on_a_unit_and_on_a_segment_of_it() -> None:
    """Several issues of a segment without a target go on its <unit> as standoff markup,
    next to another segment's: the reference on the <unit> itself resolves in that unit
    (its.problems looked for a <unit> among its ancestors only, and refused the copy)."""
    path = DATA / "help_fr.xlf"
    report = report_of(path)
    units = {u.id: u for u in report.units}
    template = report.findings[0]
    findings = [
        dataclasses.replace(
            template, code=code, unit=unit, start=0, end=0, text="", message=f"{code} {unit}"
        )
        for unit in ("sync.pending/mtqa1", "sync.pending/later")
        for code in ("F201", "F202")
    ]
    assert units["sync.pending/later"].target == ""
    written = xliff_writeback.annotate(
        path.read_bytes(), dataclasses.replace(report, findings=tuple(findings))
    )
    root = etree.fromstring(written)
    assert its.problems(root) == [] and its_markup_problems(written) == []
    pending = unit_block(written, "sync.pending")
    assert re.match(
        r'<unit id="sync.pending"[^>]* its:locQualityIssuesRef="#its=mtqa-lqi-\d"', pending
    )
    assert pending.count("<its:locQualityIssues ") == 2
    assert pending.count("<its:locQualityIssue ") == 4


def test_its_problems_finds_broken_markup() -> None:
    """The offline ITS check reports what it promises to."""
    broken = b"""<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"
      xmlns:its="http://www.w3.org/2005/11/its"><file><body>
      <trans-unit id="a" its:version="2.0" its:locQualityIssuesRef="#nowhere">
        <source><mrk mtype="x-its" its:locQualityIssueType="spelling">x</mrk></source>
        <target><mrk its:locQualityIssueSeverity="150"
          its:locQualityIssueType="grammar">y</mrk></target>
        <its:locQualityIssues xml:id="s1">
          <its:locQualityIssue locQualityIssueEnabled="maybe"/>
        </its:locQualityIssues>
      </trans-unit>
      <trans-unit id="b"><source>z</source>
        <target locQualityIssueType="grammar" its:locQualityIssueComment="c">z</target>
      </trans-unit>
      </body></file></xliff>"""
    found = " | ".join(its.problems(etree.fromstring(broken)))
    for expected in (
        "resolves to no locQualityIssues",
        "'spelling' is not an ITS 2.0 issue type",
        "an issue <mrk> outside <target>",
        "severity '150' is not a number from 0 to 100",
        "without mtype='x-its'",
        "locQualityIssueEnabled is 'maybe'",
        "needs a type or a comment",
        "locQualityIssueType is not in the ITS namespace",
        "ITS issue attributes on <target>",
        "no its:version='2.0'",
    ):
        assert expected in found, expected


# --- PO --------------------------------------------------------------------------------


def po_blocks(text: str) -> list[str]:
    return re.split(r"\n\n", text)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("fuzzy", [False, True])
def test_po_round_trip(path: Path, fuzzy: bool, tmp_path: Path) -> None:
    """polib reads the copy, mtqa's reader reads the same messages (and checking it finds
    the same), each finding is a ``#. mtqa CODE severity: message`` comment of its
    message, major ones are fuzzy only with ``fuzzy``, and every message without a finding
    is byte-identical."""
    data = path.read_bytes()
    report = report_of(path)
    written = po_writeback.annotate(data, report, fuzzy=fuzzy)
    copy = tmp_path / path.name
    copy.write_bytes(written)
    assert [(f.code, f.unit, f.start, f.end) for f in check_file(copy).findings] == [
        (f.code, f.unit, f.start, f.end) for f in report.findings
    ]
    catalog = polib.pofile(written.decode("utf-8"))
    assert units(read_po(str(path), written, None, "en")) == units(
        read_po(str(path), data, None, "en")
    )
    flagged = {f.unit for f in report.findings}
    plural = {u.id: u.plural for u in report.units}
    by_key = {}
    for entry in catalog:
        if not entry.obsolete:
            by_key[entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}::{entry.msgid}"] = (
                entry
            )
    major: set[str] = set()
    for finding in report.findings:
        assert finding.unit is not None
        form = plural[finding.unit]
        key = finding.unit if form is None else finding.unit.removesuffix(f"[{form}]")
        where = "" if form is None else f" msgstr[{form}]"
        line = its.comment(finding, where)
        assert line in by_key[key].comment.splitlines()
        assert line.startswith(f"mtqa {finding.code} {finding.severity.label}{where}: ")
        if finding.severity >= Severity.MAJOR:
            major.add(key)
    original = polib.pofile(data.decode("utf-8"))
    for entry in catalog:
        before = original.find(entry.msgid, msgctxt=entry.msgctxt, include_obsolete_entries=True)
        assert before is not None
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}::{entry.msgid}"
        expected = set(before.flags) | ({"fuzzy"} if fuzzy and key in major else set())
        assert set(entry.flags) == expected, key
        if not any(u == key or u.startswith(f"{key}[") for u in flagged):
            assert entry.comment == before.comment
    # byte for byte: every block (message) without findings, and the header
    text, copied = data.decode("utf-8"), written.decode("utf-8")
    blocks, blocks_copy = po_blocks(text), po_blocks(copied)
    assert len(blocks) == len(blocks_copy) and blocks[0] == blocks_copy[0]
    changed = [b for b, c in zip(blocks, blocks_copy, strict=True) if b != c]
    assert len(changed) == len({u.split("[")[0] if plural[u] is not None else u for u in flagged})
    for block, block_copy in zip(blocks, blocks_copy, strict=True):
        if block != block_copy:  # only mtqa's lines were inserted (and 'fuzzy' added)
            lines = block.splitlines()
            for line in block_copy.splitlines():
                if lines and line.replace("#, fuzzy, ", "#, ") == lines[0].replace(
                    "#, fuzzy, ", "#, "
                ):
                    lines.pop(0)
                else:
                    assert line.startswith("#. mtqa ") or line == "#, fuzzy", line
            assert lines == []


def test_po_text_level_edits_keep_wrapping_that_polib_would_change() -> None:
    """polib writes the file's long lines otherwise (wrapped at 78, or unwrapped), which is
    why the copy is made by inserting lines: its long lines are the file's own."""
    path = DATA / "notes_de.po"
    text = path.read_text("utf-8")
    assert str(polib.pofile(text)) != text and str(polib.pofile(text, wrapwidth=0)) != text
    written = po_writeback.annotate(path.read_bytes(), report_of(path)).decode("utf-8")
    long_line = next(line for line in text.splitlines() if len(line) > 80)
    assert long_line in written.splitlines()
    assert (
        "#. mtqa A301 major: The number '200' is not in the source (the source has 20)." in written
    )


def test_po_copy_of_a_copy_replaces_the_earlier_comments() -> None:
    path = DATA / "notes_de.po"
    report = report_of(path)
    once = po_writeback.annotate(path.read_bytes(), report, fuzzy=True)
    assert po_writeback.annotate(once, report, fuzzy=True) == once


@pytest.mark.parametrize(
    "hostile", ["\x00", "\x1c", "\x1d", "\x1e", "\x07\x1b\x7f", '\n#, fuzzy\nmsgid "x"\n']
)
def test_po_comment_stays_one_line_of_text(hostile: str) -> None:
    """A message with what Python's splitlines takes for a line end (\\x1c-\\x1e, which
    mtqa's PO reader and polib split on) or a NUL (which makes the file binary) used to
    make a copy that does not read; the comment is one line of text whatever it quotes."""
    path = DATA / "notes_de.po"
    report = report_of(path)
    findings = [
        dataclasses.replace(f, message=f"quoted «a{hostile}b» {f.message}") for f in report.findings
    ]
    written = po_writeback.annotate(
        path.read_bytes(), dataclasses.replace(report, findings=tuple(findings)), fuzzy=True
    )
    text = written.decode("utf-8")
    ours = [line for line in text.splitlines() if line.startswith("#. mtqa ")]
    assert len(ours) == len(findings)
    assert all("quoted «a" in line and "b» " in line for line in ours)
    assert units(read_po(str(path), written, None, "en")) == units(report)


def test_po_crlf_and_placement() -> None:
    """CRLF line ends stay CRLF; a comment goes after translator and extracted comments,
    before references and flags; 'fuzzy' joins an existing flags line."""
    path = DATA / "notes_de.po"
    data = path.read_bytes().replace(b"\n", b"\r\n")
    written = po_writeback.annotate(data, report_of(path), fuzzy=True).decode("utf-8")
    assert "\n" not in written.replace("\r\n", "")
    assert (
        "# Translators: the limit is set by the server\r\n"
        "#. mtqa A301 major: The number '200' is not in the source (the source has 20).\r\n"
        "#: src/upload.py:88\r\n#, fuzzy\r\n"
    ) in written
    assert "#, fuzzy, python-format\r\n" in written
    assert '#, fuzzy\r\n#| msgid "Insert a link"\r\n' in written  # already fuzzy: as it was


# --- the sinks and the command line ----------------------------------------------------


def test_a_failing_copy_is_an_error_of_its_document_only(tmp_path: Path) -> None:
    """Outputs.document returns what a sink could not write; the other documents' copies
    are written (atomically, at their relative path), never over the input."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    good, bad = inputs / "shop_de.xlf", inputs / "ui_en_de.xlf"
    good.write_bytes((DATA / "shop_de.xlf").read_bytes())
    bad.write_bytes((BILINGUAL / "ui_en_de.xlf").read_bytes())
    reports = [check_file(good), check_file(bad)]
    bad.write_bytes(bad.read_bytes().replace(b"4 Tagen", b"40 Tagen"))  # changed meanwhile
    out = tmp_path / "out"
    outputs = Outputs([("xliff", None)], Run(out, tuple(CHECKS), Gate.of(CONFIG), "test"))
    assert outputs.document(reports[0]) == []
    (failure,) = outputs.document(reports[1])
    assert isinstance(failure, DocumentError) and failure.path == str(bad)
    assert "changed since it was checked" in failure.message
    assert (out / "xliff" / "shop_de.xlf").is_file()  # an absolute path: its name
    assert not list((out / "xliff").rglob("ui_en_de.xlf"))
    assert not [p for p in (out / "xliff").rglob("*") if p.name.endswith(".tmp")]


def test_a_bug_in_a_writer_is_an_error_of_its_document_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception while making one copy (a bug) used to stop the whole run
    with a traceback; it is that document's error, and the next document's copy is made."""
    first, second = check_file(DATA / "shop_de.xlf"), check_file(DATA / "help_fr.xlf")
    real = xliff_writeback.annotate

    def buggy(data: bytes, report: Report) -> bytes:
        if report.path == first.path:
            raise IndexError("list index out of range")
        return real(data, report)

    monkeypatch.setattr(xliff_writeback, "annotate", buggy)
    out = tmp_path / "out"
    outputs = Outputs([("xliff", None)], Run(out, tuple(CHECKS), Gate.of(CONFIG), "test"))
    (failure,) = outputs.document(first)
    assert failure.path == first.path
    assert failure.message == (
        "no XLIFF copy with its findings written: a bug in mtqa: "
        "IndexError('list index out of range')"
    )
    assert outputs.document(second) == []
    assert (out / "xliff" / "help_fr.xlf").is_file()
    assert not (out / "xliff" / "shop_de.xlf").exists()


def mtqa_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mtqa", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


def test_cli_writes_copies_and_refuses_to_overwrite_inputs(tmp_path: Path) -> None:
    """``--format xliff --format po`` write into OUT/xliff and OUT/po at the inputs'
    relative paths, ``po-fuzzy`` in mtqa.toml flags major messages fuzzy; a copy that
    would replace its input is refused for that document only (exit 2, named)."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "shop_de.xlf").write_bytes((DATA / "shop_de.xlf").read_bytes())
    (tmp_path / "sub" / "help_fr.xlf").write_bytes((DATA / "help_fr.xlf").read_bytes())
    (tmp_path / "notes_de.po").write_bytes((DATA / "notes_de.po").read_bytes())
    (tmp_path / "mtqa.toml").write_text("po-fuzzy = true\n", "utf-8")
    inputs = ["shop_de.xlf", "sub/help_fr.xlf", "notes_de.po"]
    common = ["--no-model", "--no-cache", "--out", "out"]
    done = mtqa_cli("check", *inputs, *common, "--format", "xliff", "--format", "po", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    for name in ("xliff/shop_de.xlf", "xliff/sub/help_fr.xlf", "po/notes_de.po"):
        assert (tmp_path / "out" / name).is_file(), name
    po = (tmp_path / "out" / "po" / "notes_de.po").read_text("utf-8")
    assert "#, fuzzy, python-format" in po
    assert its.NAMESPACE in (tmp_path / "out" / "xliff" / "shop_de.xlf").read_text("utf-8")

    originals = {name: (tmp_path / name).read_bytes() for name in inputs}
    done = mtqa_cli(
        "check", *inputs, *common, "--format", "xliff:.", "--format", "po", cwd=tmp_path
    )
    assert done.returncode == 2
    assert "shop_de.xlf: no XLIFF copy with its findings written: its copy" in done.stderr
    assert {name: (tmp_path / name).read_bytes() for name in inputs} == originals
    assert (tmp_path / "out" / "po" / "notes_de.po").is_file()  # the others went on


def test_a_copy_never_replaces_another_input(tmp_path: Path) -> None:
    """``mtqa check a.xlf sub/a.xlf --format xliff:sub``: a.xlf's copy would be sub/a.xlf,
    the other input, which it used to overwrite (the check compared a copy with its own
    input only); it is refused for that document, and the input stays as it was."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.xlf").write_bytes((DATA / "shop_de.xlf").read_bytes())
    other = (BILINGUAL / "ui_en_de.xlf").read_bytes()
    (tmp_path / "sub" / "a.xlf").write_bytes(other)
    inputs = ["a.xlf", "sub/a.xlf"]
    done = mtqa_cli("check", *inputs, "--no-model", "--no-cache", "-f", "xliff:sub", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    refused = "a.xlf: no XLIFF copy with its findings written: its copy sub/a.xlf would replace"
    assert f"{refused} an input file" in done.stderr
    assert (tmp_path / "sub" / "a.xlf").read_bytes() == other
    assert (tmp_path / "sub" / "sub" / "a.xlf").is_file()  # the other input's copy


def test_po_fuzzy_is_an_output_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``po-fuzzy`` (configuration) and ``--po-fuzzy`` set it; it is not in the cache key,
    since it changes no checked report; a value that is no boolean is refused."""
    from mtqa import cli
    from mtqa.cache import run_key
    from mtqa.config import ConfigError, load

    assert run_key(dataclasses.replace(CONFIG, po_fuzzy=True), "sig") == run_key(CONFIG, "sig")
    settings = tmp_path / "mtqa.toml"
    settings.write_text("po-fuzzy = true\n", "utf-8")
    assert load(settings).po_fuzzy and not load(None).po_fuzzy
    settings.write_text('po-fuzzy = "yes"\n', "utf-8")
    with pytest.raises(ConfigError, match="'po-fuzzy' must be true or false"):
        load(settings)
    settings.unlink()
    monkeypatch.chdir(tmp_path)
    parser = cli.build_parser()
    assert cli._configure(parser.parse_args(["check", "x.po", "--po-fuzzy"])).po_fuzzy
    assert not cli._configure(parser.parse_args(["check", "x.po"])).po_fuzzy
