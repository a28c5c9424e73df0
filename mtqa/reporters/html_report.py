"""HTML review report: one self-contained page per document (the run's index page is
``html_index.py``, what the pages share ``html_common.py``).

Pure functions from reports to strings. Every piece of text (the document, messages, the
checks' documentation) is escaped with ``html.escape``; the only script and style on a page
are the package's ``assets/`` files, inlined, so a page works offline when opened from disk.

The document's text is rendered exactly as read, inside an element with
``white-space: pre-wrap`` (line breaks and paragraphs kept), with every finding highlighted in
place by a ``<mark class="hl">``. Findings may overlap or nest: the text is split at every
finding boundary and marks are nested; where two findings cross, the inner one is closed
and reopened, so a finding may be drawn as several pieces (the first carries ``id="m-N"``).
Either way the text content of the text element equals the target text, and each piece's
text is a slice of ``target[start:end]``. Opening a page at ``#m-N`` selects finding N.

Triage (``assets/triage.js``): each finding of the list carries its fingerprint, and the page
its document id and signature, so that an editor's marks (accepted, dismissed, a note) are
kept in localStorage per report and exported as a baseline file (``suppression.load_baseline``
reads it) and as CSV. Its controls are ``hidden`` until the script shows them: without
JavaScript the page reads as before and a ``<noscript>`` line says what needs it.

A bilingual file's page shows the units' targets joined as its document text (one unit per
line); the findings and sentences of its report, whose offsets index their unit's target,
are moved by their unit's offset to be highlighted there, and say which unit they are in.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from mtqa.findings import DocumentError, Finding, Report, SentenceScore, Severity
from mtqa.reporters.html_common import decimal, esc, page, severity_counts
from mtqa.reporters.html_index import IndexEntry, index_entry, render_index
from mtqa.reporters.sinks import FolderSink, Run
from mtqa.reporters.spans import Lines, merge_spans

#: How each severity is drawn, for the legend (colour is never the only cue).
SEVERITY_LOOK = {
    Severity.CRITICAL: "red, double underline",
    Severity.MAJOR: "orange, solid underline",
    Severity.MINOR: "yellow, dotted underline",
    Severity.NEUTRAL: "grey, dashed underline",
}


def _attrs(finding: Finding) -> str:
    return (
        f'data-code="{esc(finding.code)}" data-severity="{finding.severity.label}" '
        f'data-category="{esc(finding.category)}" data-origin="{esc(finding.origin)}"'
    )


def _open_mark(number: int, finding: Finding, depth: int, first: bool) -> str:
    classes = f"hl sev-{finding.severity.label} d{min(depth, 3)}"
    if not first:
        classes += " cont"
    if finding.start == finding.end:
        classes += " empty"
    ident = f' id="m-{number}"' if first else ""
    title = f"{finding.code} {finding.severity.label}: {finding.message}"
    return (
        f'<mark class="{classes}"{ident} data-finding="{number}" {_attrs(finding)} '
        f'data-start="{finding.start}" data-end="{finding.end}" tabindex="0" '
        f'aria-describedby="sum-{number}" title="{esc(title)}">'
    )


def highlight(
    target: str, findings: Sequence[Finding], anchors: Mapping[int, Sequence[str]] = {}
) -> str:
    """``target`` as HTML with every finding wrapped in ``<mark class="hl">`` elements.

    Finding ``i`` of ``findings`` gets ``data-finding="i"``. Marks nest where spans nest;
    where spans cross, the inner mark is closed at the boundary and reopened after it.
    ``anchors`` maps offsets to ids of empty ``<span class="anchor">`` elements placed there.
    """
    size = len(target)
    spans = [(max(0, min(f.start, size)), max(0, min(f.end, size))) for f in findings]
    starts: dict[int, list[int]] = defaultdict(list)
    for number, (start, _) in enumerate(spans):
        starts[start].append(number)
    points = sorted({0, size, *starts, *(end for _, end in spans), *anchors})
    out: list[str] = []
    stack: list[int] = []  # findings open at this point, outermost first
    position = 0
    for point in points:
        out.append(esc(target[position:point]))
        position = point
        ending = {n for n in stack if spans[n][1] == point}
        if ending:
            reopen = []
            while ending.intersection(stack):
                number = stack.pop()
                out.append("</mark>")
                if number not in ending:
                    reopen.append(number)
            for number in reversed(reopen):
                out.append(_open_mark(number, findings[number], len(stack), first=False))
                stack.append(number)
        out += [f'<span class="anchor" id="{esc(a)}"></span>' for a in anchors.get(point, ())]
        for number in sorted(starts.get(point, ()), key=lambda n: (-spans[n][1], n)):
            out.append(_open_mark(number, findings[number], len(stack), first=True))
            if spans[number][1] == point:  # an empty span: shown as a marker
                out.append("</mark>")
            else:
                stack.append(number)
    out.append("</mark>" * len(stack))
    return "".join(out)


def _scores(report: Report) -> str:
    counts = severity_counts(report.findings)
    items = [
        f"<li>Overall <b>{decimal(report.score.overall, 1)}</b>/100</li>",
        f"<li>MQM penalty <b>{decimal(report.score.mqm_penalty, 1)}</b> per 1,000 words</li>",
    ]
    if report.score.fluency is not None:
        items.append(f"<li>Fluency <b>{report.score.fluency:.3f}</b></li>")
    if report.score.adequacy is not None:
        items.append(f"<li>Adequacy <b>{report.score.adequacy:.3f}</b> nats/token</li>")
    items.append(f"<li>Words <b>{report.words}</b></li>")
    for severity in sorted(Severity, reverse=True):
        items.append(
            f'<li class="count" data-severity="{severity.label}">'
            f'<span class="tag sev-{severity.label}">{severity.label}</span> '
            f"<b>{counts.get(severity, 0)}</b></li>"
        )
    return '<ul class="scores" aria-label="Scores">' + "".join(items) + "</ul>"


def _checkboxes(kind: str, values: Counter[str], labels: Mapping[str, str] = {}) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-filter="{kind}" value="{esc(value)}" checked> '
        f"{labels.get(value, esc(value))} ({count})</label>"
        for value, count in values.items()
    )
    return f"<fieldset><legend>{kind.capitalize()}</legend>{boxes}</fieldset>"


def _controls(findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    severities: Counter[str] = Counter()
    for severity in sorted({f.severity for f in findings}, reverse=True):
        severities[severity.label] = sum(1 for f in findings if f.severity == severity)
    labels = {s: f'<span class="tag sev-{s}">{s}</span>' for s in severities}
    categories = Counter(sorted(f.category for f in findings))
    origins = Counter(sorted(f.origin for f in findings))
    legend = "".join(
        f'<li><span class="swatch sev-{s.label}">{s.label}</span> {SEVERITY_LOOK[s]}</li>'
        for s in sorted(Severity, reverse=True)
    )
    return (
        '<section class="controls" aria-label="Filters and legend">'
        + _checkboxes("severity", severities, labels)
        + _checkboxes("category", categories)
        + _checkboxes("origin", origins)
        + '<fieldset><legend>Legend</legend><ul class="legend">'
        + legend
        + "</ul></fieldset></section>"
    )


def in_joined_text(report: Report) -> Report:
    """A bilingual file's report with the offsets of its findings and sentences moved from
    their unit's target into the document's joined text; other reports as they are."""
    if not report.units:
        return report
    offsets = {u.id: u.offset for u in report.units}

    def moved(item: Finding | SentenceScore) -> int:
        return offsets.get(item.unit, 0) if item.unit is not None else 0

    return dataclasses.replace(
        report,
        findings=tuple(
            dataclasses.replace(f, start=f.start + moved(f), end=f.end + moved(f))
            for f in report.findings
        ),
        sentences=tuple(
            dataclasses.replace(s, start=s.start + moved(s), end=s.end + moved(s))
            for s in report.sentences
        ),
    )


def _place(finding: Finding, unit_offsets: Mapping[str, int]) -> str:
    """Where a finding is, for a reader: characters of the document or of its unit."""
    if finding.unit is not None and finding.unit in unit_offsets:
        offset = unit_offsets[finding.unit]
        start, end = finding.start - offset, finding.end - offset
        return f"unit {finding.unit}, characters {start}–{end} of its translation"
    return f"characters {finding.start}–{finding.end}"


def _detail(number: int, finding: Finding, lines: Lines, unit_offsets: Mapping[str, int]) -> str:
    line, column = lines.at(finding.start)
    rows = [
        ("Flagged text", f'<q class="flagged">{esc(finding.text)}</q>'),
        ("Message", esc(finding.message)),
        ("Category", esc(finding.category)),
        (
            "Severity",
            f'<span class="tag sev-{finding.severity.label}">{finding.severity.label}</span>',
        ),
        ("Confidence", f"{finding.confidence:.2f}"),
        ("Origin", esc(finding.origin)),
    ]
    if finding.evidence:
        rows.append(("Evidence", esc(finding.evidence)))
    if finding.suggestion:
        rows.append(("Suggestion", f"<q>{esc(finding.suggestion)}</q>"))
    where = f"{_place(finding, unit_offsets)}, line {line}, column {column}"
    if finding.sentence is not None:
        where += f", sentence {finding.sentence + 1}"
    rows.append(("Where", where))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return (
        f'<template id="detail-{number}" data-code="{esc(finding.code)}">'
        f"<h3>{esc(finding.code)} {esc(finding.name)}</h3>"
        f'<dl class="detail">{body}</dl></template>'
    )


_EXAMPLE = re.compile(r"^\s*(Okay|[A-Z]\d{3}):")


def doc_html(doc: str) -> str:
    """A check's documentation as HTML: prose paragraphs re-flowed into ``<p>``, paragraphs
    with ``Okay:``/``CODE:`` examples kept line by line in ``<pre>``."""
    out = []
    for paragraph in re.split(r"\n\s*\n", doc.strip()):
        lines = paragraph.splitlines()
        if any(_EXAMPLE.match(line) for line in lines):
            out.append(f"<pre>{esc(chr(10).join(lines))}</pre>")
        else:
            out.append(f"<p>{esc(' '.join(line.strip() for line in lines))}</p>")
    return "".join(out)


def _doc(code: str, name: str, doc: str) -> str:
    return (
        f'<template id="doc-{esc(code)}"><details class="doc" open>'
        f"<summary>About {esc(code)} {esc(name)}</summary>{doc_html(doc)}"
        "</details></template>"
    )


def _quote(target: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> str:
    """``target[start:end]`` escaped, with the (merged) spans in ``<span class="q">``."""
    out, position = [], start
    for s, e in merge_spans(list(spans), start, end):
        out += [esc(target[position:s]), '<span class="q">', esc(target[s:e]), "</span>"]
        position = e
    out.append(esc(target[position:end]))
    return "".join(out)


def _entry(number: int, finding: Finding) -> str:
    summary = (
        f"{finding.code} {finding.name}, {finding.severity.label}, {finding.category}: "
        f"{finding.message}"
    )
    suggestion = f" Suggestion: <q>{esc(finding.suggestion)}</q>." if finding.suggestion else ""
    text = finding.text if len(finding.text) <= 80 else finding.text[:77] + "…"
    return (
        f'<li class="entry" data-entry="{number}" {_attrs(finding)} '
        f'data-fingerprint="{esc(finding.fingerprint)}">'
        f'<span class="tag sev-{finding.severity.label}">{finding.severity.label}</span> '
        f'<span id="sum-{number}">{esc(summary)}</span> '
        f"<q>{esc(text)}</q> (confidence {finding.confidence:.2f}).{suggestion}"
        f'<button type="button" class="goto" data-goto="{number}">show in text</button></li>'
    )


def _groups(report: Report, target: str, unit_offsets: Mapping[str, int]) -> str:
    if not report.findings:
        return "<p>No issues found.</p>"
    groups: dict[int, list[int]] = defaultdict(list)
    for number, finding in enumerate(report.findings):
        key = finding.sentence if finding.sentence is not None else -1 - finding.start
        groups[key].append(number)

    def badness(item: tuple[int, list[int]]) -> tuple[int, int, int]:
        found = [report.findings[n] for n in item[1]]
        return (-max(f.severity for f in found), -len(found), found[0].start)

    items = []
    for key, numbers in sorted(groups.items(), key=badness):
        found = [report.findings[n] for n in numbers]
        if 0 <= key < len(report.sentences):
            sentence = report.sentences[key]
            start, end = sentence.start, max(sentence.end, max(f.end for f in found))
            link, title = f"#s-{key}", f"Sentence {key + 1}"
        else:
            start, end = found[0].start, max(f.end for f in found)
            link, title = f"#m-{numbers[0]}", "Outside any sentence"
        if found[0].unit is not None and found[0].unit in unit_offsets:
            title += f" (unit {found[0].unit})"
        worst = max(f.severity for f in found)
        quote = _quote(target, start, end, [(f.start, f.end) for f in found])
        entries = "".join(_entry(n, report.findings[n]) for n in numbers)
        items.append(
            f'<li class="group" data-worst="{worst.label}"><h3><a href="{link}">{title}</a> '
            f'<span class="tag sev-{worst.label}">{worst.label}</span> '
            f"<small>{_place(dataclasses.replace(found[0], start=start, end=end), unit_offsets)}"
            "</small></h3>"
            f"<blockquote>{quote}</blockquote>"
            f'<ul class="entries">{entries}</ul></li>'
        )
    return '<ol class="groups">' + "".join(items) + "</ol>"


#: The triage keys, as the page documents them (``assets/triage.js`` handles them).
TRIAGE_KEYS = (
    ("j", "next finding (or ↓ on a highlight)"),
    ("k", "previous finding (or ↑ on a highlight)"),
    ("a", "accept: a real error, to fix"),
    ("d", "dismiss: a false alarm"),
    ("n", "note (Enter saves, Shift+Enter a new line, Esc cancels)"),
    ("u", "clear the finding's mark and note"),
)


def _triage_current(report: Report) -> str:
    """The selected finding's triage (``assets/triage.js``): its mark, buttons and note.
    Hidden until a finding is selected, so that a page without JavaScript reads as before."""
    if not report.findings:
        return ""
    return (
        '<section id="triage-current" class="triage" aria-labelledby="triage-current-title" '
        'hidden><h3 id="triage-current-title">This finding: <span id="triage-state">open</span>'
        '</h3><p class="buttons" role="group" aria-label="Triage of the selected finding">'
        '<button type="button" data-act="accepted" aria-pressed="false" aria-keyshortcuts="a">'
        "Accept</button> "
        '<button type="button" data-act="dismissed" aria-pressed="false" aria-keyshortcuts="d">'
        "Dismiss</button> "
        '<button type="button" data-act="clear" aria-keyshortcuts="u">Clear</button></p>'
        '<form id="triage-note-form"><label for="triage-note">Note</label>'
        '<textarea id="triage-note" rows="3" maxlength="2000" aria-keyshortcuts="n">'
        "</textarea>"
        '<button type="submit">Save note</button> '
        '<button type="button" id="triage-note-cancel">Cancel</button></form></section>'
    )


def _triage(report: Report) -> str:
    """The page's triage (``assets/triage.js``): the counts, the exports and the keys.
    Hidden until the script shows it; without JavaScript, a line says that triage needs it."""
    if not report.findings:
        return ""
    keys = "".join(f"<li><kbd>{key}</kbd> {esc(what)}</li>" for key, what in TRIAGE_KEYS)
    run = (
        f'<section id="triage" class="triage" aria-labelledby="triage-title" hidden '
        f'data-document="{esc(report.id)}" data-signature="{esc(report.signature)}">'
        '<h2 id="triage-title">Triage</h2>'
        '<p><output id="triage-counts"></output></p>'
        '<p id="triage-said" role="status"></p>'
        '<p class="buttons"><button type="button" id="export-baseline">'
        "Export baseline (JSON)</button> "
        '<button type="button" id="export-csv">Export CSV</button></p>'
        '<p class="meta">Mark each finding accepted (a real error, to fix) or dismissed (a '
        "false alarm). The marks stay in this browser for this document and configuration. "
        "The exported baseline hides the dismissed findings: "
        "<code>mtqa check --baseline FILE</code>.</p>"
        f'<ul class="keys" aria-label="Keys">{keys}</ul>'
        "</section>"
    )
    noscript = (
        '<noscript><p class="notes">Triage (marking findings accepted or dismissed and '
        "exporting a baseline) needs JavaScript; the rest of this page reads without it."
        "</p></noscript>"
    )
    return run + noscript


def render(
    report: Report,
    *,
    docs: Mapping[str, str] | None = None,
    index: str | None = "index.html",
) -> str:
    """The review page of one document: its text (for a bilingual file, its units' targets
    joined, which the findings' unit offsets are moved into) and its source beside it when
    it has one; ``docs`` maps check codes to their documentation (only the codes of the
    report's findings are embedded); ``index`` is the link back to the run's index page.
    """
    docs = docs or {}
    target, source = report.target, report.source
    report = in_joined_text(report)
    unit_offsets = {u.id: u.offset for u in report.units}
    lines = Lines(target)
    anchors: dict[int, list[str]] = defaultdict(list)
    for number, sentence in enumerate(report.sentences):
        anchors[sentence.start].append(f"s-{number}")
    names = {f.code: f.name for f in report.findings}
    lang = report.target_lang
    if report.source_lang:
        lang = f"{report.source_lang}→{report.target_lang}"
    back = f'<a href="{esc(index)}">All documents</a> · ' if index else ""
    where = "" if report.path == report.id else f" · from {esc(report.path)}"
    notes = "".join(f'<p class="notes">Note: {esc(n)}</p>' for n in report.notes)
    header = (
        f'<header><p class="meta">{back}mtqa review report</p>'
        f"<h1>{esc(report.id)}</h1>"
        f'<p class="meta">{len(report.findings)} findings · language {esc(lang)} · '
        f"encoding {esc(report.encoding)}{where}</p>"
        f"{_scores(report)}{notes}"
        f'<p class="signature">{esc(report.signature)}</p>'
        f"{_controls(report.findings)}{_triage(report)}</header>"
    )
    target_pane = (
        f'<section class="pane" aria-labelledby="target-title">'
        f'<h2 id="target-title">Translation</h2>'
        f'<div class="text" id="target" lang="{esc(report.target_lang)}">'
        f"{highlight(target, report.findings, anchors)}</div></section>"
    )
    if source is not None:
        source_lang = f' lang="{esc(report.source_lang)}"' if report.source_lang else ""
        panes = (
            '<div class="panes two"><section class="pane" aria-labelledby="source-title">'
            '<h2 id="source-title">Source</h2>'
            f'<div class="text" id="source"{source_lang}>{esc(source)}</div></section>'
            f"{target_pane}</div>"
        )
    else:
        panes = f'<div class="panes">{target_pane}</div>'
    shown = (
        f'<p class="meta"><output id="shown">{len(report.findings)}</output> of '
        f"{len(report.findings)} findings highlighted. Click or focus (Tab) a highlight "
        "for its details.</p>"
        if report.findings
        else ""
    )
    details = (
        '<aside id="details" aria-labelledby="details-title">'
        f'<h2 id="details-title">Details</h2>{_triage_current(report)}'
        '<div id="details-body" aria-live="polite">'
        "<p>Select a highlighted span to see what was found.</p></div></aside>"
    )
    templates = "".join(_detail(n, f, lines, unit_offsets) for n, f in enumerate(report.findings))
    templates += "".join(
        _doc(code, names[code], docs[code]) for code in sorted(names) if docs.get(code)
    )
    body = (
        f'{header}<main>{shown}<div class="layout"><div>{panes}</div>{details}</div>'
        f'<section class="below" aria-labelledby="flagged-title">'
        f'<h2 id="flagged-title">Flagged sentences, worst first</h2>'
        f"{_groups(report, target, unit_offsets)}</section></main>{templates}"
        f'<footer class="signature">{esc(report.signature)}</footer>'
    )
    return page(f"mtqa: {report.id}", body, "page.js", "triage.js")


class Pages(FolderSink):
    """``--format html``: a review page per document, and the run's ``index.html``."""

    extension = "html"

    def __init__(self, dest: str | None, run: Run) -> None:
        super().__init__(dest, run)
        self.docs = {c.code: c.doc for c in run.checks}
        self.entries: list[IndexEntry] = []

    def render(self, report: Report) -> str:
        # only the documentation of the checks that found something is embedded
        docs = {f.code: self.docs[f.code] for f in report.findings if f.code in self.docs}
        return render(report, docs=docs)

    def written(self, report: Report, stem: str) -> None:
        self.entries.append(index_entry(report, f"{stem}.html"))

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None:
        from mtqa.output import write_atomic

        write_atomic(self.folder / "index.html", render_index(self.entries, errors, exit_code))
