"""JSON reports (schema ``mtqa.report/1``): one file per document, or one line per document."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from mtqa.findings import DocumentError, Report
from mtqa.reporters.sinks import FolderSink, StreamSink


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_line(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False) + "\n"


def render_error_line(error: DocumentError) -> str:
    return json.dumps({"schema": "mtqa.error/1", **error.to_dict()}, ensure_ascii=False) + "\n"


def summary_entry(report: Report, filename: str | None) -> str:
    """A document's entry in ``summary.json``, as one line of JSON."""
    worst = report.worst()
    entry = {
        "id": report.id,
        "path": report.path,
        "report": filename,
        "overall": round(report.score.overall, 2),
        "flagged": report.flagged,
        "findings": len(report.findings),
        "worst": worst.label if worst is not None else None,
    }
    return json.dumps(entry, ensure_ascii=False)


def render_summary(
    entries: Iterable[str], errors: Sequence[DocumentError], exit_code: int
) -> Iterator[str]:
    """The run summary, in pieces: one entry per document (``summary_entry`` lines, which
    may come from a file) and every error."""
    yield '{\n  "schema": "mtqa.summary/1",\n  "documents": ['
    for number, entry in enumerate(entries):
        yield ("\n    " if number == 0 else ",\n    ") + entry.rstrip("\n")
    yield '\n  ],\n  "errors": '
    yield json.dumps([e.to_dict() for e in errors], ensure_ascii=False, indent=2).replace(
        "\n", "\n  "
    )
    yield f',\n  "exit_code": {exit_code}\n}}\n'


class Files(FolderSink):
    """``--format json``: one report file per document."""

    extension = "json"

    def render(self, report: Report) -> str:
        return render(report)


class Lines(StreamSink):
    """``--format jsonl``: one line per document, and one per document that could not be
    read or checked (``mtqa.error/1``), so that a consumer sees every record accounted for."""

    default = "report.jsonl"

    def render(self, report: Report) -> str:
        return render_line(report)

    def render_error(self, error: DocumentError) -> str:
        return render_error_line(error)
