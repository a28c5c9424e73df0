"""SARIF 2.1.0 for code-scanning tools: one run, the checks as rules, a result per finding.

Regions are computed from the document's target text: 1-based lines and columns
(``endColumn`` is the column after the span, as SARIF defines it) and ``charOffset``/
``charLength`` in Python ``str`` characters. For a feed record the target is the record's
``mt`` string and for HTML the extracted text, so the region indexes that text, not the
file; the record id is in ``result.properties.document``.

The pieces are pure: ``rules`` from the checks, ``results`` from one document (so that a run
keeps no target texts), ``render`` assembles the log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from mtqa.findings import DocumentError, Report, Severity
from mtqa.registry import Check
from mtqa.reporters.sinks import Run, WholeRunSink
from mtqa.reporters.spans import locate

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "mtqa/v1"
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.MAJOR: "error",
    Severity.MINOR: "warning",
    Severity.NEUTRAL: "note",
}


def level(severity: Severity) -> str:
    return LEVELS[severity]


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: relative paths stay relative, absolute ones are file URIs."""
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix(), safe="/")


def rules(checks: Iterable[Check]) -> list[dict[str, Any]]:
    """``tool.driver.rules``: one reporting descriptor per check (a renamed check's old
    code in ``deprecatedIds``, so that code scanning knows the rule under both)."""
    return [
        {
            "id": c.code,
            **({"deprecatedIds": [c.formerly]} if c.formerly else {}),
            "name": c.name,
            "shortDescription": {"text": c.summary},
            "fullDescription": {"text": c.doc or c.summary},
            "help": {"text": c.doc or c.summary},
            "defaultConfiguration": {"level": level(c.severity)},
            "properties": {
                "category": c.category,
                "severity": c.severity.label,
                "origin": c.origin,
            },
        }
        for c in checks
    ]


def results(report: Report) -> list[dict[str, Any]]:
    """One SARIF result per finding of ``report``."""
    out = []
    uri = artifact_uri(report.path)
    for f in report.findings:
        start_line, start_column = locate(report, f)
        end_line, end_column = locate(report, f, f.end)
        properties: dict[str, Any] = {
            "severity": f.severity.label,
            "category": f.category,
            "confidence": round(f.confidence, 3),
            "origin": f.origin,
            "text": f.text,
        }
        if f.suggestion is not None:
            properties["suggestion"] = f.suggestion
        if f.evidence is not None:
            properties["evidence"] = f.evidence
        if report.id != report.path:
            properties["document"] = report.id
        region: dict[str, Any] = {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
            "charOffset": f.start,
            "charLength": f.end - f.start,
        }
        unit = report.unit_of(f)
        if f.unit is not None:
            # offsets index the unit's target, not the file: the region is the unit's line
            properties.update(unit=f.unit, start=f.start, end=f.end)
            region = {"startLine": unit.line if unit is not None and unit.line else 1}
        out.append(
            {
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT: f.fingerprint},
                "properties": properties,
            }
        )
    return out


def _notification(error: DocumentError) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(error.path)}}
    if error.line is not None:
        location["region"] = {"startLine": error.line}
    notification: dict[str, Any] = {
        "level": "error",
        "message": {"text": error.describe()},
        "locations": [{"physicalLocation": location}],
    }
    if error.id is not None:
        notification["properties"] = {"document": error.id}
    return notification


def render(
    checks: Sequence[Check],
    found: Iterable[dict[str, Any]],
    errors: Sequence[DocumentError],
    version: str,
) -> str:
    """The SARIF log of a run: its rules, every result, and each unreadable document as a
    tool execution notification."""
    indexes = {c.code: i for i, c in enumerate(checks)}
    listed = []
    for result in found:
        index = indexes.get(result["ruleId"])
        listed.append(result if index is None else {**result, "ruleIndex": index})
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mtqa",
                        "version": version,
                        "semanticVersion": version,
                        "rules": rules(checks),
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "toolExecutionNotifications": [_notification(e) for e in errors],
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": listed,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


class File(WholeRunSink):
    """``--format sarif``: the run's SARIF log; results kept per document."""

    default = "mtqa.sarif"

    def __init__(self, dest: str | None, run: Run) -> None:
        super().__init__(dest, run)
        self.found: list[dict[str, Any]] = []

    def document(self, report: Report) -> None:
        self.found += results(report)

    def render(self, errors: Sequence[DocumentError]) -> str:
        return render(self.run.checks, self.found, errors, self.run.version)
