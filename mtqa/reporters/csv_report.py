"""CSV for spreadsheets: one row per finding (``findings.csv``) and one row per document
(``summary.csv``), written with the ``csv`` module (RFC 4180 quoting, CRLF line ends).

``render_findings`` renders one document's rows without the header, so that a run can keep
rendered rows instead of target texts; ``findings_header() + "".join(rows)`` is the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from mtqa.findings import Report, Severity
from mtqa.reporters.text import line_column

FINDING_COLUMNS = (
    "document",
    "path",
    "code",
    "name",
    "category",
    "severity",
    "start",
    "end",
    "line",
    "column",
    "text",
    "message",
    "suggestion",
    "confidence",
    "origin",
    "fingerprint",
)
SUMMARY_COLUMNS = (
    "id",
    "path",
    "overall",
    "mqm_penalty",
    "words",
    "findings",
    "critical",
    "major",
    "minor",
    "flagged",
)


def _csv(rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def findings_header() -> str:
    return _csv([FINDING_COLUMNS])


def render_findings(report: Report, target: str) -> str:
    """The rows of ``report``'s findings (no header); ``target`` is its target text."""
    rows = []
    for f in report.findings:
        line, column = line_column(target, f.start)
        rows.append(
            (
                report.id,
                report.path,
                f.code,
                f.name,
                f.category,
                f.severity.label,
                f.start,
                f.end,
                line,
                column,
                f.text,
                f.message,
                f.suggestion or "",
                round(f.confidence, 3),
                f.origin,
                f.fingerprint,
            )
        )
    return _csv(rows)


def summary_header() -> str:
    """The header line of ``summary.csv``."""
    return _csv([SUMMARY_COLUMNS])


def summary_row(r: Report) -> str:
    """A document's row of ``summary.csv``: its scores and finding counts."""
    row = (
        r.id,
        r.path,
        f"{r.score.overall:.2f}",
        f"{r.score.mqm_penalty:.2f}",
        r.words,
        len(r.findings),
        r.count(Severity.CRITICAL),
        r.count(Severity.MAJOR),
        r.count(Severity.MINOR),
        "true" if r.flagged else "false",
    )
    return _csv([row])


def render_summary(reports: Iterable[Report]) -> str:
    """``summary.csv``: one row per document checked, with its scores and finding counts."""
    return summary_header() + "".join(summary_row(r) for r in reports)
