"""JUnit XML for CI test reports: a ``<testsuite>`` per document, a failing ``<testcase>`` per
finding at or above ``--fail-on``, a passing one for a document without such findings, and a
``<testcase>`` with an ``<error>`` for a document that could not be read or checked.

The pieces are pure: ``testsuite``/``error_testsuite`` build one document's element (so that a
run keeps no target texts), ``render`` assembles them. ElementTree escapes the text.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from mtqa.findings import DocumentError, Report
from mtqa.gate import Gate
from mtqa.reporters import xml_safe
from mtqa.reporters.sinks import Run, WholeRunSink
from mtqa.reporters.spans import locate


def testsuite(report: Report, gate: Gate) -> ET.Element:
    """One document's ``<testsuite>``: a failing test case per finding that fails the
    ``gate``, one more when the overall score is below its minimum (so the suite fails
    whenever the document fails the run), and a passing one when nothing fails."""
    fail_on, min_score = gate.fail_on, gate.min_score
    failing = [f for f in report.findings if gate.fails(f)]
    low_score = gate.below(report)
    failures = len(failing) + int(low_score)
    suite = ET.Element(
        "testsuite",
        {
            "name": xml_safe(report.id),
            "tests": str(max(failures, 1)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
        },
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("path", report.path),
        ("overall", f"{report.score.overall:.2f}"),
        ("mqm_penalty", f"{report.score.mqm_penalty:.2f}"),
        ("words", str(report.words)),
        ("findings", str(len(report.findings))),
        ("signature", report.signature),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": xml_safe(value)})
    for f in failing:
        line, column = locate(report, f)
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f.code,
                "name": f"{f.code} {f.start}-{f.end}",
                "file": xml_safe(report.path),
            },
        )
        failure = ET.SubElement(
            case, "failure", {"message": xml_safe(f.message), "type": f.severity.label}
        )
        body = [
            f"{f.code} {f.name} [{f.severity.label}] {f.category}",
            f"at {report.id}{f' unit {f.unit}' if f.unit is not None else ''} line {line}, "
            f"column {column} (characters {f.start}-{f.end})",
            f"text: {f.text}",
            f"message: {f.message}",
        ]
        if f.suggestion:
            body.append(f"suggestion: {f.suggestion}")
        if f.evidence:
            body.append(f"evidence: {f.evidence}")
        failure.text = xml_safe("\n".join(body))
    if low_score:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": "mtqa", "name": "overall score", "file": xml_safe(report.path)},
        )
        message = f"overall score {report.score.overall:.1f} is below --min-score {min_score:g}"
        failure = ET.SubElement(case, "failure", {"message": message, "type": "score"})
        failure.text = (
            f"{message}\nMQM penalty {report.score.mqm_penalty:.1f} per 1,000 words, "
            f"{report.words} words, {len(report.findings)} findings"
        )
    if not failures:
        name = f"no finding at or above {fail_on.label}" if fail_on is not None else "checked"
        ET.SubElement(
            suite, "testcase", {"classname": "mtqa", "name": name, "file": xml_safe(report.path)}
        )
    return suite


def error_testsuite(error: DocumentError) -> ET.Element:
    """The ``<testsuite>`` of a document that could not be read or checked."""
    where = error.path if error.line is None else f"{error.path}:{error.line}"
    suite = ET.Element(
        "testsuite",
        {
            "name": xml_safe(error.id or where),
            "tests": "1",
            "failures": "0",
            "errors": "1",
            "skipped": "0",
        },
    )
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": "mtqa", "name": "read and check", "file": xml_safe(error.path)},
    )
    failure = ET.SubElement(case, "error", {"message": xml_safe(error.message), "type": "error"})
    failure.text = xml_safe(error.describe())
    return suite


def render(suites: Iterable[ET.Element]) -> str:
    """The JUnit XML document for a run's suites, in order; the suites are not changed."""
    members: Sequence[ET.Element] = [copy.deepcopy(s) for s in suites]
    totals = {
        key: sum(int(s.get(key, "0")) for s in members) for key in ("tests", "failures", "errors")
    }
    root = ET.Element("testsuites", {"name": "mtqa", **{k: str(v) for k, v in totals.items()}})
    root.extend(members)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


class File(WholeRunSink):
    """``--format junit``: the run's JUnit XML; a suite kept per document."""

    default = "junit.xml"

    def __init__(self, dest: str | None, run: Run) -> None:
        super().__init__(dest, run)
        self.suites: list[ET.Element] = []

    def document(self, report: Report) -> None:
        self.suites.append(testsuite(report, self.run.gate))

    def error(self, error: DocumentError) -> None:
        self.suites.append(error_testsuite(error))

    def render(self, errors: Sequence[DocumentError]) -> str:
        return render(self.suites)
