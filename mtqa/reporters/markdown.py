"""Markdown report for editors: flagged sentences quoted with the spans marked, worst first.

Text from the document (ids, quotes, messages, evidence) is written with ``<``, ``>`` and
``&`` escaped, so that a renderer that allows raw HTML shows it rather than runs it, and
with line breaks shown as ``↵``; flagged text and suggestions are code spans whose fence is
longer than any run of backticks in them.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

from mtqa.findings import Finding, Report, Severity
from mtqa.reporters.sinks import FolderSink
from mtqa.reporters.spans import merge_spans


def _plain(text: str) -> str:
    """Document text as Markdown text: HTML escaped, on one line."""
    return html.escape(text, quote=False).replace("\r", "").replace("\n", " ↵ ")


def _code(text: str) -> str:
    """``text`` as an inline code span, on one line, whatever backticks it holds."""
    text = text.replace("\r", "").replace("\n", " ↵ ")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _mark(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """``text[start:end]`` with each (merged) span wrapped in ⟦ ⟧, line breaks shown as ↵."""
    out, pos = [], start
    for s, e in merge_spans(spans, start, end):
        out += [_plain(text[pos:s]), "⟦", _plain(text[s:e]), "⟧"]
        pos = e
    out.append(_plain(text[pos:end]))
    return "".join(out)


def _counts(findings: tuple[Finding, ...] | list[Finding]) -> str:
    parts = []
    for severity in sorted(Severity, reverse=True):
        n = sum(1 for f in findings if f.severity == severity)
        if n:
            parts.append(f"{n} {severity.label}")
    return ", ".join(parts) or "none"


def _finding_line(f: Finding) -> str:
    line = (
        f"- **{f.code} {f.name}** · {f.severity.label} · {f.category} · "
        f"confidence {f.confidence:.2f} · {_code(f.text[:80])} ({f.start}–{f.end}): "
        f"{_plain(f.message)}"
    )
    if f.suggestion:
        line += f" Suggestion: {_code(f.suggestion)}."
    if f.evidence:
        line += f" Evidence: {_plain(f.evidence)}."
    return line


def _unit_sections(report: Report) -> list[str]:
    """A bilingual file: each flagged unit with its source and marked target, worst first."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[finding.unit or ""].append(finding)
    order = {u.id: i for i, u in enumerate(report.units)}

    def badness(item: tuple[str, list[Finding]]) -> tuple[int, int, int]:
        return (-max(f.severity for f in item[1]), -len(item[1]), order.get(item[0], -1))

    lines = ["## Flagged units, worst first", ""]
    for number, (unit_id, found) in enumerate(sorted(groups.items(), key=badness), start=1):
        unit = report.unit_of(found[0])
        worst = max(f.severity for f in found)
        where = f", line {unit.line}" if unit is not None and unit.line else ""
        lines += [f"### {number}. Unit {_code(unit_id)} ({worst.label}{where})", ""]
        if unit is not None:
            marked = _mark(unit.target, 0, len(unit.target), [(f.start, f.end) for f in found])
            lines += [
                "> source: " + _plain(unit.source),
                ">",
                "> target: " + marked,
                "",
            ]
        lines += [_finding_line(f) for f in found] + [""]
    lines += [f"<sub>{report.signature}</sub>", ""]
    return lines


def render(report: Report) -> str:
    """The report as Markdown."""
    target = report.target
    lines = [
        f"# mtqa report: {_plain(report.id)}",
        "",
        f"**Score {report.score.overall:.1f}/100** · MQM penalty "
        f"{report.score.mqm_penalty:.1f} per 1,000 words · {report.words} words · "
        f"{len(report.findings)} findings ({_counts(report.findings)})",
        "",
    ]
    if report.notes:
        lines += [f"> Note: {_plain(note)}" for note in report.notes] + [""]
    if report.score.reference is not None:
        ref = report.score.reference
        lines += [
            f"Against the reference ({ref.segments} segments): BLEU {ref.document.bleu:.1f} · "
            f"chrF {ref.document.chrf:.1f} · TER {ref.document.ter:.1f}",
            "",
        ]
    if not report.findings:
        lines += ["No issues found.", "", f"<sub>{report.signature}</sub>", ""]
        return "\n".join(lines)
    if report.units:
        return "\n".join(lines + _unit_sections(report))
    groups: dict[int, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        key = finding.sentence if finding.sentence is not None else -1 - finding.start
        groups[key].append(finding)

    def badness(item: tuple[int, list[Finding]]) -> tuple[int, int, int]:
        found = item[1]
        return (-max(f.severity for f in found), -len(found), found[0].start)

    lines += ["## Flagged sentences, worst first", ""]
    for number, (key, found) in enumerate(sorted(groups.items(), key=badness), start=1):
        if key >= 0:
            sentence = report.sentences[key]
            start, end = sentence.start, max(sentence.end, max(f.end for f in found))
            title = f"Sentence {key + 1}"
        else:
            start, end = found[0].start, max(f.end for f in found)
            title = "Outside any sentence"
        worst = max(f.severity for f in found)
        lines += [
            f"### {number}. {title} ({worst.label}, chars {start}–{end})",
            "",
            "> " + _mark(target, start, end, [(f.start, f.end) for f in found]),
            "",
        ]
        lines += [_finding_line(f) for f in found]
        lines.append("")
    lines += [f"<sub>{report.signature}</sub>", ""]
    return "\n".join(lines)


class Files(FolderSink):
    """``--format md``: one Markdown report per document."""

    extension = "md"

    def render(self, report: Report) -> str:
        return render(report)
