"""CSV for spreadsheets: one row per finding (``findings.csv``) and one row per document
(``summary.csv``), written with the ``csv`` module (RFC 4180 quoting, CRLF line ends).

``render_findings`` renders one document's rows without the header, so that a run can keep
rendered rows instead of target texts; ``findings_header() + "".join(rows)`` is the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from mtqa.findings import DocumentError, Report, Severity
from mtqa.reporters.sinks import Run, WholeRunSink
from mtqa.reporters.spans import locate

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
    "unit",
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


#: A spreadsheet reads a cell starting with one of these as a formula (``=HYPERLINK(...)``
#: in a quoted finding would run when the file is opened): such text cells get a leading
#: ``'``, as OWASP's CSV-injection advice says.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """``value``, with a ``'`` before a text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([spreadsheet_safe(v) for v in row] for row in rows)
    return buffer.getvalue()


def findings_header() -> str:
    return _csv([FINDING_COLUMNS])


def finding_rows(report: Report) -> list[tuple[object, ...]]:
    """One row per finding of ``report``, in ``FINDING_COLUMNS`` order."""
    rows: list[tuple[object, ...]] = []
    for f in report.findings:
        line, column = locate(report, f)
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
                f.unit or "",
            )
        )
    return rows


def render_findings(report: Report) -> str:
    """The CSV rows of ``report``'s findings (no header)."""
    return _csv(finding_rows(report))


def summary_row(report: Report) -> tuple[object, ...]:
    """``report``'s row in ``SUMMARY_COLUMNS`` order: its scores and finding counts."""
    return (
        report.id,
        report.path,
        round(report.score.overall, 2),
        round(report.score.mqm_penalty, 2),
        report.words,
        len(report.findings),
        report.count(Severity.CRITICAL),
        report.count(Severity.MAJOR),
        report.count(Severity.MINOR),
        report.flagged,
    )


def summary_header() -> str:
    """The header line of ``summary.csv``."""
    return _csv([SUMMARY_COLUMNS])


def summary_line(report: Report) -> str:
    """A document's line of ``summary.csv``: its scores and finding counts."""
    doc_id, path, overall, penalty, *counts, flagged = summary_row(report)
    flag = "true" if flagged else "false"
    return _csv([(doc_id, path, f"{overall:.2f}", f"{penalty:.2f}", *counts, flag)])


class File(WholeRunSink):
    """``--format csv``: ``findings.csv``; each document's rows kept rendered."""

    default = "findings.csv"

    def __init__(self, dest: str | None, run: Run) -> None:
        super().__init__(dest, run)
        self.rows: list[str] = []

    def document(self, report: Report) -> None:
        self.rows.append(render_findings(report))

    def render(self, errors: Sequence[DocumentError]) -> str:
        return findings_header() + "".join(self.rows)
