"""HTML review report: one self-contained page per document and an index page for the run.

Pure functions from reports to strings. Every piece of text (the document, messages, the
checks' documentation) is escaped with ``html.escape``; the only script and style on a page
are the constants of this module, so a page works offline when opened from disk.

The document's text is rendered exactly as read, inside an element with
``white-space: pre-wrap`` (line breaks and paragraphs kept), with every finding highlighted in
place by a ``<mark class="hl">``. Findings may overlap or nest: the text is split at every
finding boundary and marks are nested; where two findings cross, the inner one is closed
and reopened, so a finding may be drawn as several pieces (the first carries ``id="m-N"``).
Either way the text content of the text element equals the target text, and each piece's
text is a slice of ``target[start:end]``. Opening a page at ``#m-N`` selects finding N.

A bilingual file's page shows the units' targets joined as its document text (one unit per
line); the findings and sentences of its report, whose offsets index their unit's target,
are moved by their unit's offset to be highlighted there, and say which unit they are in.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mtqa.findings import DocumentError, Finding, Report, Score, SentenceScore, Severity
from mtqa.reporters.sinks import FolderSink, Run
from mtqa.reporters.spans import Lines, merge_spans

#: How each severity is drawn, for the legend (colour is never the only cue).
SEVERITY_LOOK = {
    Severity.CRITICAL: "red, double underline",
    Severity.MAJOR: "orange, solid underline",
    Severity.MINOR: "yellow, dotted underline",
    Severity.NEUTRAL: "grey, dashed underline",
}

_CSS = """
:root { --ink: #1a1a1a; --muted: #555; --line: #d0d4da; --accent: #1a56db; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #fafafa; }
header, main, footer, .below { padding: 0 1.5rem; }
header { background: #fff; border-bottom: 1px solid var(--line); padding-bottom: .5rem; }
h1 { font-size: 1.35rem; margin: .8rem 0 .2rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1rem 0 .4rem; }
h3 { font-size: 1rem; margin: .3rem 0; }
.meta { color: var(--muted); margin: 0; overflow-wrap: anywhere; }
.scores { display: flex; flex-wrap: wrap; gap: .5rem; margin: .6rem 0; padding: 0;
  list-style: none; }
.scores li { border: 1px solid var(--line); border-radius: 6px; padding: .3rem .7rem;
  background: #fff; }
.scores b { font-size: 1.2rem; }
.signature { font: 12px/1.4 ui-monospace, monospace; color: var(--muted);
  overflow-wrap: anywhere; }
.notes { margin: .3rem 0; color: var(--muted); }
.controls { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0;
  padding: .2rem .7rem .4rem; background: #fff; }
legend { font-weight: 600; padding: 0 .3rem; }
fieldset label { display: inline-block; margin-right: .8rem; white-space: nowrap; }
.legend { list-style: none; padding: 0; margin: .2rem 0; }
.legend li { display: inline-block; margin-right: 1rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 1.5rem;
  align-items: start; }
@media (max-width: 60rem) { .layout { grid-template-columns: minmax(0, 1fr); } }
.panes { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; }
.panes.two { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.pane { background: #fff; border: 1px solid var(--line); border-radius: 6px;
  padding: .3rem 1rem 1rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 17px/1.9 Georgia, serif; }
aside#details { position: sticky; top: .5rem; background: #fff;
  border: 1px solid var(--line); border-radius: 6px; padding: .3rem 1rem 1rem;
  max-height: calc(100vh - 1rem); overflow: auto; }
aside dl { display: grid; grid-template-columns: auto 1fr; gap: .15rem .7rem; margin: .3rem 0; }
aside dt { font-weight: 600; color: var(--muted); }
aside dd { margin: 0; overflow-wrap: anywhere; }
.doc p { margin: .4rem 0; font-size: .92rem; }
fieldset label { font-size: .95rem; }
aside pre, .doc pre { white-space: pre-wrap; font: 13px/1.4 ui-monospace, monospace;
  background: #f3f4f6; padding: .5rem; border-radius: 4px; }
mark.hl, .swatch, .q { color: var(--ink); border-radius: 2px; }
mark.hl { cursor: pointer; }
.sev-critical { background: #ffc9c9; border-bottom: 3px double #a4001d; }
.sev-major { background: #ffdcb0; border-bottom: 2px solid #9c4a00; }
.sev-minor { background: #fff1a0; border-bottom: 2px dotted #6b5800; }
.sev-neutral { background: #e6e8eb; border-bottom: 2px dashed #4a4f57; }
mark.d0 { padding-bottom: 5px; }
mark.d1 { padding-bottom: 2px; }
mark.hl.current { outline: 2px solid var(--accent); }
mark.hl:focus { outline: 3px solid var(--accent); outline-offset: 1px; }
mark.hl.off { background: transparent; border-bottom: 0; cursor: auto; outline: 0; }
mark.hl.empty::after { content: "\\2041"; color: #a4001d; }
.swatch { padding: 0 .35rem; }
.tag { display: inline-block; font-size: .8rem; font-weight: 600; border-radius: 3px;
  padding: 0 .3rem; border: 1px solid currentColor; }
.tag.sev-critical { color: #7a0016; } .tag.sev-major { color: #6e3400; }
.tag.sev-minor { color: #4d3f00; } .tag.sev-neutral { color: #3a3e45; }
.anchor { scroll-margin-top: 4rem; }
ol.groups { padding-left: 1.6rem; }
ol.groups > li { margin-bottom: 1rem; }
blockquote { margin: .3rem 0; padding: .3rem .8rem; border-left: 3px solid var(--line);
  background: #fff; white-space: pre-wrap; font-family: Georgia, serif; }
.q { background: #fff1a0; font-weight: 600; }
ul.entries { padding-left: 1.2rem; margin: .3rem 0; }
ul.entries li { margin: .2rem 0; }
button { font: inherit; font-size: .85rem; cursor: pointer; }
button.goto { margin-left: .4rem; }
footer { margin: 2rem 0 1rem; }
table { border-collapse: collapse; background: #fff; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th button { background: none; border: 0; font-weight: 600; padding: 0; font-size: 1rem; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
.errors li { color: #7a0016; overflow-wrap: anywhere; }
"""

_PAGE_JS = """
(function () {
  "use strict";
  var panel = document.getElementById("details-body");
  function marksOf(id) {
    return document.querySelectorAll('#target mark.hl[data-finding="' + id + '"]');
  }
  function show(id) {
    var detail = document.getElementById("detail-" + id);
    if (!detail) { return; }
    var content = detail.content.cloneNode(true);
    var code = detail.getAttribute("data-code");
    var doc = document.getElementById("doc-" + code);
    panel.replaceChildren(content);
    if (doc) { panel.appendChild(doc.content.cloneNode(true)); }
    document.querySelectorAll("#target mark.current").forEach(function (m) {
      m.classList.remove("current");
    });
    marksOf(id).forEach(function (m) { m.classList.add("current"); });
  }
  function markOf(node) {
    var mark = node && node.closest ? node.closest("mark.hl") : null;
    while (mark && mark.classList.contains("off")) {  /* filtered out: the mark around it */
      mark = mark.parentElement ? mark.parentElement.closest("mark.hl") : null;
    }
    return mark;
  }
  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark) { show(mark.getAttribute("data-finding")); }
  });
  document.addEventListener("click", function (event) {
    var mark = markOf(event.target);
    if (mark) { show(mark.getAttribute("data-finding")); return; }
    var go = event.target.closest ? event.target.closest("button.goto") : null;
    if (go) {
      var first = document.getElementById("m-" + go.getAttribute("data-goto"));
      if (first && !first.classList.contains("off")) {
        first.scrollIntoView({block: "center"});
        first.focus({preventScroll: true});
      }
    }
  });
  var inputs = document.querySelectorAll("input[data-filter]");
  function apply() {
    var off = {severity: {}, category: {}, origin: {}};
    inputs.forEach(function (input) {
      if (!input.checked) { off[input.getAttribute("data-filter")][input.value] = true; }
    });
    function hidden(el) {
      return off.severity[el.getAttribute("data-severity")] === true ||
        off.category[el.getAttribute("data-category")] === true ||
        off.origin[el.getAttribute("data-origin")] === true;
    }
    var shown = {};
    document.querySelectorAll("#target mark.hl").forEach(function (mark) {
      var hide = hidden(mark);
      mark.classList.toggle("off", hide);
      mark.tabIndex = hide ? -1 : 0;
      if (!hide) { shown[mark.getAttribute("data-finding")] = true; }
    });
    document.querySelectorAll("li.entry").forEach(function (entry) {
      entry.hidden = hidden(entry);
    });
    document.querySelectorAll("li.group").forEach(function (group) {
      group.hidden = group.querySelector("li.entry:not([hidden])") === null;
    });
    var count = document.getElementById("shown");
    if (count) { count.textContent = String(Object.keys(shown).length); }
  }
  inputs.forEach(function (input) { input.addEventListener("change", apply); });
  apply();
  function fromHash() {
    var mark = /^#m-[0-9]+$/.test(location.hash) ?
      document.getElementById(location.hash.slice(1)) : null;
    if (mark) { show(mark.getAttribute("data-finding")); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""

_INDEX_JS = """
(function () {
  "use strict";
  var table = document.getElementById("documents");
  if (!table) { return; }
  var body = table.tBodies[0];
  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.parentElement;
      var column = Array.prototype.indexOf.call(th.parentElement.children, th);
      var numeric = th.getAttribute("data-type") === "number";
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      function key(row) {
        var cell = row.children[column];
        var value = cell.getAttribute("data-value");
        if (value === null) { value = cell.textContent.trim(); }
        return value;
      }
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (numeric) {
          if (x === "" || y === "") { return (x === "") - (y === ""); }
          x = parseFloat(x); y = parseFloat(y);
          return ascending ? x - y : y - x;
        }
        var order = x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
"""


def _esc(value: object) -> str:
    """Text or attribute value, escaped; a carriage return survives HTML parsing as ``&#13;``;
    a NUL, which HTML parsers drop (shifting every offset after it), is drawn as U+FFFD."""
    return html.escape(str(value), quote=True).replace("\r", "&#13;").replace("\x00", "\ufffd")


def _attrs(finding: Finding) -> str:
    return (
        f'data-code="{_esc(finding.code)}" data-severity="{finding.severity.label}" '
        f'data-category="{_esc(finding.category)}" data-origin="{_esc(finding.origin)}"'
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
        f'aria-describedby="sum-{number}" title="{_esc(title)}">'
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
        out.append(_esc(target[position:point]))
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
        out += [f'<span class="anchor" id="{_esc(a)}"></span>' for a in anchors.get(point, ())]
        for number in sorted(starts.get(point, ()), key=lambda n: (-spans[n][1], n)):
            out.append(_open_mark(number, findings[number], len(stack), first=True))
            if spans[number][1] == point:  # an empty span: shown as a marker
                out.append("</mark>")
            else:
                stack.append(number)
    out.append("</mark>" * len(stack))
    return "".join(out)


def _counts(findings: Sequence[Finding]) -> Counter[Severity]:
    return Counter(f.severity for f in findings)


def _number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _scores(report: Report) -> str:
    counts = _counts(report.findings)
    items = [
        f"<li>Overall <b>{_number(report.score.overall, 1)}</b>/100</li>",
        f"<li>MQM penalty <b>{_number(report.score.mqm_penalty, 1)}</b> per 1,000 words</li>",
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
        f'<label><input type="checkbox" data-filter="{kind}" value="{_esc(value)}" checked> '
        f"{labels.get(value, _esc(value))} ({count})</label>"
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
        ("Flagged text", f"<q>{_esc(finding.text)}</q>"),
        ("Message", _esc(finding.message)),
        ("Category", _esc(finding.category)),
        (
            "Severity",
            f'<span class="tag sev-{finding.severity.label}">{finding.severity.label}</span>',
        ),
        ("Confidence", f"{finding.confidence:.2f}"),
        ("Origin", _esc(finding.origin)),
    ]
    if finding.evidence:
        rows.append(("Evidence", _esc(finding.evidence)))
    if finding.suggestion:
        rows.append(("Suggestion", f"<q>{_esc(finding.suggestion)}</q>"))
    where = f"{_place(finding, unit_offsets)}, line {line}, column {column}"
    if finding.sentence is not None:
        where += f", sentence {finding.sentence + 1}"
    rows.append(("Where", where))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return (
        f'<template id="detail-{number}" data-code="{_esc(finding.code)}">'
        f"<h3>{_esc(finding.code)} {_esc(finding.name)}</h3>"
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
            out.append(f"<pre>{_esc(chr(10).join(lines))}</pre>")
        else:
            out.append(f"<p>{_esc(' '.join(line.strip() for line in lines))}</p>")
    return "".join(out)


def _doc(code: str, name: str, doc: str) -> str:
    return (
        f'<template id="doc-{_esc(code)}"><details class="doc" open>'
        f"<summary>About {_esc(code)} {_esc(name)}</summary>{doc_html(doc)}"
        "</details></template>"
    )


def _quote(target: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> str:
    """``target[start:end]`` escaped, with the (merged) spans in ``<span class="q">``."""
    out, position = [], start
    for s, e in merge_spans(list(spans), start, end):
        out += [_esc(target[position:s]), '<span class="q">', _esc(target[s:e]), "</span>"]
        position = e
    out.append(_esc(target[position:end]))
    return "".join(out)


def _entry(number: int, finding: Finding) -> str:
    summary = (
        f"{finding.code} {finding.name}, {finding.severity.label}, {finding.category}: "
        f"{finding.message}"
    )
    suggestion = f" Suggestion: <q>{_esc(finding.suggestion)}</q>." if finding.suggestion else ""
    text = finding.text if len(finding.text) <= 80 else finding.text[:77] + "…"
    return (
        f'<li class="entry" data-entry="{number}" {_attrs(finding)}>'
        f'<span class="tag sev-{finding.severity.label}">{finding.severity.label}</span> '
        f'<span id="sum-{number}">{_esc(summary)}</span> '
        f"<q>{_esc(text)}</q> (confidence {finding.confidence:.2f}).{suggestion}"
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


def _page(title: str, body: str, script: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="mtqa">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{body}\n<script>{script}</script>\n</body>\n</html>\n"
    )


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
    back = f'<a href="{_esc(index)}">All documents</a> · ' if index else ""
    where = "" if report.path == report.id else f" · from {_esc(report.path)}"
    notes = "".join(f'<p class="notes">Note: {_esc(n)}</p>' for n in report.notes)
    header = (
        f'<header><p class="meta">{back}mtqa review report</p>'
        f"<h1>{_esc(report.id)}</h1>"
        f'<p class="meta">{len(report.findings)} findings · language {_esc(lang)} · '
        f"encoding {_esc(report.encoding)}{where}</p>"
        f"{_scores(report)}{notes}"
        f'<p class="signature">{_esc(report.signature)}</p>'
        f"{_controls(report.findings)}</header>"
    )
    target_pane = (
        f'<section class="pane" aria-labelledby="target-title">'
        f'<h2 id="target-title">Translation</h2>'
        f'<div class="text" id="target" lang="{_esc(report.target_lang)}">'
        f"{highlight(target, report.findings, anchors)}</div></section>"
    )
    if source is not None:
        source_lang = f' lang="{_esc(report.source_lang)}"' if report.source_lang else ""
        panes = (
            '<div class="panes two"><section class="pane" aria-labelledby="source-title">'
            '<h2 id="source-title">Source</h2>'
            f'<div class="text" id="source"{source_lang}>{_esc(source)}</div></section>'
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
        '<aside id="details" aria-live="polite" aria-labelledby="details-title">'
        '<h2 id="details-title">Details</h2><div id="details-body">'
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
        f'<footer class="signature">{_esc(report.signature)}</footer>'
    )
    return _page(f"mtqa: {report.id}", body, _PAGE_JS)


@dataclass(frozen=True)
class IndexEntry:
    """What the run's index shows of one document: kept instead of its report, so that a
    long run does not hold every report until the index is written."""

    id: str
    href: str
    words: int
    score: Score
    counts: Mapping[Severity, int]
    findings: int
    flagged: bool
    signature: str


def index_entry(report: Report, href: str) -> IndexEntry:
    """``report``'s row of the index; ``href`` is its page, relative to the index."""
    return IndexEntry(
        id=report.id,
        href=href,
        words=report.words,
        score=report.score,
        counts=_counts(report.findings),
        findings=len(report.findings),
        flagged=report.flagged,
        signature=report.signature,
    )


def render_index(
    pages: Sequence[IndexEntry], errors: Sequence[DocumentError], exit_code: int
) -> str:
    """The run's index page: a sortable table of the documents (in input order) with their
    scores and counts, then the documents that could not be read."""
    columns = [
        ("Document", "text"),
        ("Words", "number"),
        ("Overall", "number"),
        ("MQM penalty", "number"),
        ("Fluency", "number"),
        ("Adequacy", "number"),
        ("Critical", "number"),
        ("Major", "number"),
        ("Minor", "number"),
        ("Findings", "number"),
        ("Flagged", "text"),
    ]
    head = "".join(
        f'<th scope="col" data-type="{kind}"><button type="button">{name}</button></th>'
        for name, kind in columns
    )
    rows = []
    for page in pages:
        counts, score = page.counts, page.score

        def number(value: float | None, digits: int) -> str:
            data = "" if value is None else f"{value:.{digits}f}"
            return f'<td data-value="{data}">{_number(value, digits)}</td>'

        rows.append(
            f'<tr><td><a href="{_esc(page.href)}">{_esc(page.id)}</a></td>'
            f'<td data-value="{page.words}">{page.words}</td>'
            f"{number(score.overall, 1)}{number(score.mqm_penalty, 1)}"
            f"{number(score.fluency, 3)}{number(score.adequacy, 3)}"
            + "".join(
                f'<td data-value="{counts.get(s, 0)}">{counts.get(s, 0)}</td>'
                for s in (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
            )
            + f'<td data-value="{page.findings}">{page.findings}</td>'
            f"<td>{'yes' if page.flagged else 'no'}</td></tr>"
        )
    flagged = sum(1 for page in pages if page.flagged)
    signatures = sorted({page.signature for page in pages})
    table = (
        f'<table id="documents"><caption class="meta">Click a column header to sort.</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if pages
        else "<p>No document was checked.</p>"
    )
    error_list = ""
    if errors:
        items = "".join(f"<li>{_esc(e.describe())}</li>" for e in errors)
        error_list = (
            f'<h2 id="errors">Documents that could not be read or checked ({len(errors)})</h2>'
            f'<ul class="errors">{items}</ul>'
        )
    body = (
        '<header><p class="meta">mtqa review report</p><h1>Run index</h1>'
        f'<p class="meta">{len(pages)} documents checked, {flagged} flagged, '
        f"{len(errors)} errors · exit code {exit_code}</p>"
        + "".join(f'<p class="signature">{_esc(s)}</p>' for s in signatures)
        + f"</header><main>{table}{error_list}</main>"
    )
    return _page("mtqa: run index", body, _INDEX_JS)


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
