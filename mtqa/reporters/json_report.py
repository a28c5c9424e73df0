"""JSON reports (schema ``mtqa.report/1``): one file per document, or one line per document."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mtqa.findings import DocumentError, Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_line(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False) + "\n"


def render_error_line(error: DocumentError) -> str:
    return json.dumps({"schema": "mtqa.error/1", **error.to_dict()}, ensure_ascii=False) + "\n"


def render_summary(
    reports: Sequence[tuple[Report, str | None]], errors: Sequence[DocumentError], exit_code: int
) -> str:
    """The run summary: one entry per document (with its report file) and every error."""
    documents: list[dict[str, Any]] = []
    for report, filename in reports:
        worst = report.worst()
        documents.append(
            {
                "id": report.id,
                "path": report.path,
                "report": filename,
                "overall": round(report.score.overall, 2),
                "flagged": report.flagged,
                "findings": len(report.findings),
                "worst": worst.label if worst is not None else None,
            }
        )
    data = {
        "schema": "mtqa.summary/1",
        "documents": documents,
        "errors": [e.to_dict() for e in errors],
        "exit_code": exit_code,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
