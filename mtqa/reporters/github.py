"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per
finding (error for major and critical, warning for minor, notice for neutral), and an
``::error`` per document that could not be read or checked.

Lines and columns are 1-based, computed from the target text; ``endColumn`` is the column of
the span's last character, and columns are given only for a span on one line (GitHub takes
columns only when ``line`` and ``endLine`` are equal). Positions point into the file only
when the target text is the file's text: for a feed record (whose target is its ``mt``
string) and for HTML (the extracted text) the annotation names the file without a line, and
the title says the record and its line:column in that text.
"""

from __future__ import annotations

from mtqa.findings import DocumentError, Report, Severity
from mtqa.reporters.sinks import StreamSink
from mtqa.reporters.spans import locate

COMMANDS = {
    Severity.CRITICAL: "error",
    Severity.MAJOR: "error",
    Severity.MINOR: "warning",
    Severity.NEUTRAL: "notice",
}


def escape_data(value: str) -> str:
    """Escape a command's message: ``%``, carriage return and line feed."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: as a message, and also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str | int], message: str) -> str:
    """``::name key=value,...::message`` with everything escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' if props else ''}{props}::{escape_data(message)}"


def render(report: Report) -> str:
    """One annotation line per finding of ``report``."""
    in_file = report.id == report.path and report.markup != "html"
    lines = []
    for f in report.findings:
        line, column = locate(report, f)
        last_line, last_column = locate(report, f, max(f.end - 1, f.start))
        title = f"{f.code} {f.name}"
        properties: dict[str, str | int] = {"file": report.path}
        unit = report.unit_of(f)
        if f.unit is not None:  # a bilingual file: the unit's line; columns in its target
            if unit is not None and unit.line is not None:
                properties["line"] = unit.line
            title += f" (unit {f.unit} {line}:{column})"
        elif in_file:
            properties.update(line=line, col=column, endLine=last_line, endColumn=last_column)
            if last_line != line:  # GitHub takes columns only within one line
                del properties["col"], properties["endColumn"]
        else:
            title += f" ({report.id} {line}:{column})"
        properties["title"] = title
        message = f.message
        if f.suggestion:
            message += f" Suggestion: {f.suggestion}"
        lines.append(command(COMMANDS[f.severity], properties, message))
    return "".join(line + "\n" for line in lines)


def render_error(error: DocumentError) -> str:
    """The annotation for a document that could not be read or checked."""
    properties: dict[str, str | int] = {"file": error.path}
    if error.line is not None:
        properties["line"] = error.line
    properties["title"] = "mtqa: unreadable document"
    return command("error", properties, error.message) + "\n"


class Annotations(StreamSink):
    """``--format github``: workflow commands on stdout."""

    def render(self, report: Report) -> str:
        return render(report)

    def render_error(self, error: DocumentError) -> str:
        return render_error(error)
