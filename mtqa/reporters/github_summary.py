"""GitHub Actions job summary: the run in Markdown for ``$GITHUB_STEP_SUMMARY``.

A headline (passed or failed, and by which gate), a table of the documents (score, words,
findings per severity, whether the document fails the gate), lowest scores first, the worst
findings of the run (severity, code, where, the quoted text, the message), most severe
first, and the documents that could not be read. Each list is capped (``DOCUMENTS``,
``FINDINGS``, ``ERRORS``) and says how many it leaves out, so that a large run stays
readable and far below the 1 MiB GitHub accepts for a step's summary.

Everything that comes from the input (ids, paths, flagged text, messages) goes through
``text``: ``<``, ``>``, ``&`` and ``"`` as HTML entities and every other ASCII punctuation
mark backslash-escaped, so that a ``|`` cannot end a table cell, a backtick cannot open a
code span and ``<script>``, ``*``, ``[...](...)`` or ``#`` mean nothing; a line break is
shown as ``↵`` and controls and bidirectional overrides as escapes (``printable``), so one
cell stays one line.

The pieces are pure: ``row`` and ``findings`` from one report (keeping no target text),
``render`` the Markdown from what the run kept. The sink appends to the file that
``$GITHUB_STEP_SUMMARY`` names, as GitHub asks (what an earlier command of the same step
wrote there stays); any other destination is written whole, atomically.
"""

from __future__ import annotations

import heapq
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from mtqa.findings import DocumentError, Report, Severity
from mtqa.gate import Gate
from mtqa.printable import printable
from mtqa.reporters.sinks import Run, WholeRunSink
from mtqa.reporters.spans import locate

#: The environment variable GitHub Actions sets to the step's summary file.
ENV = "GITHUB_STEP_SUMMARY"
#: The most documents, findings and errors listed.
DOCUMENTS = 50
FINDINGS = 25
ERRORS = 20
#: The most characters quoted of a finding's text and of a message.
QUOTED = 80
MESSAGE = 240
SEVERITIES = sorted(Severity, reverse=True)

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ENTITIES.get(char) or "\\" + char


def text(value: str, limit: int | None = None) -> str:
    """``value`` as literal Markdown text on one line, at most ``limit`` characters of it."""
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…"
    return _PUNCTUATION.sub(_escape, printable(value.replace("\r\n", "↵").replace("\n", "↵")))


@dataclass(frozen=True)
class Row:
    """One document's line in the table."""

    where: str
    overall: float
    words: int
    #: Findings per severity, in ``SEVERITIES`` order.
    counts: tuple[int, ...]
    fails: bool


@dataclass(frozen=True)
class Listed:
    """One finding in the list of the worst."""

    severity: Severity
    confidence: float
    code: str
    name: str
    where: str
    quoted: str
    message: str


def _where(report: Report) -> str:
    return report.path if report.id == report.path else f"{report.path}[{report.id}]"


def row(report: Report) -> Row:
    """``report``'s row: its scores and counts, and whether it fails the run's gate."""
    counts = tuple(report.count(s) for s in SEVERITIES)
    return Row(_where(report), report.score.overall, report.words, counts, report.flagged)


def findings(report: Report) -> list[Listed]:
    """``report``'s findings as listed, their text and message already cut to length."""
    out = []
    for f in report.findings:
        line, column = locate(report, f)
        where = _where(report) if f.unit is None else f"{report.path}[{f.unit}]"
        message = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
        out.append(
            Listed(
                f.severity,
                f.confidence,
                f.code,
                f.name,
                f"{where}:{line}:{column}",
                f.text if len(f.text) <= QUOTED else f.text[: QUOTED - 1] + "…",
                message if len(message) <= MESSAGE else message[: MESSAGE - 1] + "…",
            )
        )
    return out


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _counts(counts: Iterable[int]) -> str:
    parts = [f"{n:,} {s.label}" for s, n in zip(SEVERITIES, counts, strict=True) if n]
    return ", ".join(parts)


def render(
    rows: Sequence[Row],
    worst: Sequence[Listed],
    errors: Sequence[DocumentError],
    totals: tuple[int, int, tuple[int, ...]],
    gate: Gate,
    exit_code: int,
    version: str,
) -> str:
    """The summary's Markdown. ``rows`` are the listed documents, lowest score first;
    ``worst`` the listed findings, most severe first; ``totals`` the documents checked, how
    many of them fail the gate, and the findings per severity over the whole run."""
    documents, failing, counts = totals
    found = sum(counts)
    fail_on = gate.fail_on.label if gate.fail_on is not None else None
    because = [f"a finding at or above {fail_on}"] if fail_on else []
    if gate.min_score is not None:
        because.append(f"an overall score below {gate.min_score:g}")
    passed = exit_code == 0
    lines = [f"### mtqa: {'passed' if passed else 'failed'}", ""]
    headline = f"{_plural(documents, 'document')} checked"
    if because:
        headline += f"; {failing:,} with {' or '.join(because)}"
    headline += f"; {_plural(found, 'finding')}"
    headline += f" ({_counts(counts)})" if found else ""
    if errors:
        headline += f"; {_plural(len(errors), 'document')} could not be read or checked"
    lines += [headline + f". Exit code {exit_code}.", ""]
    if rows:
        header = ["Document", "Score", "Words", *(s.label.title() for s in SEVERITIES), "Result"]
        lines += ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 2) + "---|"]
        for r in rows:
            cells = [
                text(r.where),
                f"{r.overall:.1f}",
                f"{r.words:,}",
                *(f"{n:,}" for n in r.counts),
                "fails" if r.fails else "passes",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        if documents > len(rows):
            lines += ["", f"The {len(rows)} lowest scores are shown of {documents:,} documents."]
        lines.append("")
    if worst:
        shown = f"the {len(worst)} most severe of {found:,}" if found > len(worst) else "all"
        lines += [f"#### Worst findings ({shown})", ""]
        lines += ["| Severity | Code | Where | Text | Message |", "|---|---|---|---|---|"]
        for f in worst:
            cells = [
                f.severity.label,
                f"{f.code} {text(f.name)}",
                text(f.where),
                f"«{text(f.quoted)}»",
                text(f.message),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if errors:
        lines += ["#### Could not be read or checked", ""]
        lines += [f"- {text(e.describe(), MESSAGE)}" for e in errors[:ERRORS]]
        if len(errors) > ERRORS:
            lines.append(f"- and {len(errors) - ERRORS:,} more")
        lines.append("")
    gates = f"fail-on {fail_on or 'never'}"
    if gate.min_score is not None:
        gates += f", min-score {gate.min_score:g}"
    lines += [f"<sub>mtqa {text(version)} · {gates}</sub>", ""]
    return "\n".join(lines)


class File(WholeRunSink):
    """``--format github-summary``: the run's summary, appended to ``$GITHUB_STEP_SUMMARY``
    (the destination the CLI gives it when none is named and the variable is set), else
    written to its file. Only the lowest-scoring rows and the worst findings are kept, so
    memory does not grow with the run."""

    default = "github-summary.md"

    def __init__(self, dest: str | None, run: Run) -> None:
        super().__init__(dest, run)
        step_summary = os.environ.get(ENV)
        self.append = (
            self.path is not None
            and bool(step_summary)
            and os.path.abspath(str(step_summary)) == os.path.abspath(self.path)
        )
        self.documents = 0
        self.failing = 0
        self.counts = [0] * len(SEVERITIES)
        self.exit_code = 0
        self._order = 0
        # The DOCUMENTS lowest (score, order) and the FINDINGS worst (severity, confidence,
        # order), each a min-heap of the entries that sort highest.
        self._rows: list[tuple[float, int, Row]] = []
        self._worst: list[tuple[int, float, int, Listed]] = []

    def document(self, report: Report) -> None:
        r = row(report)
        self.documents += 1
        self.failing += r.fails
        self.counts = [a + b for a, b in zip(self.counts, r.counts, strict=True)]
        _keep(self._rows, (-r.overall, -self.documents, r), DOCUMENTS)
        for f in findings(report):
            self._order += 1
            _keep(self._worst, (int(f.severity), f.confidence, -self._order, f), FINDINGS)

    def render(self, errors: Sequence[DocumentError]) -> str:
        rows = [r for *_, r in sorted(self._rows, reverse=True)]
        worst = [f for *_, f in sorted(self._worst, reverse=True)]
        totals = (self.documents, self.failing, tuple(self.counts))
        return render(rows, worst, errors, totals, self.run.gate, self.exit_code, self.run.version)

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None:
        self.exit_code = exit_code
        if not self.append or self.path is None:
            super().close(errors, exit_code)
            return
        from mtqa.output import WriteError

        content = self.render(errors)
        try:
            with self.path.open("a", encoding="utf-8", newline="\n") as summary:
                summary.write(content)
        except OSError as error:
            raise WriteError(self.path, error) from None


Entry = TypeVar("Entry", bound=tuple[Any, ...])


def _keep(heap: list[Entry], entry: Entry, size: int) -> None:
    """Keep in the min-heap ``heap`` the ``size`` entries that sort highest; an entry's
    keys are unique (they end with its order), so its last item is never compared."""
    if len(heap) < size:
        heapq.heappush(heap, entry)
    elif entry > heap[0]:
        heapq.heapreplace(heap, entry)
