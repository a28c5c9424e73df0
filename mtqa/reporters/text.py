"""Terminal output: one line per finding (``path:line:col: CODE [severity] message``) and a
run summary. Everything that comes from the input (ids, paths, messages, snippets) goes
through ``printable``: one finding is one line, and no input can write to the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.findings import DocumentError, Report, Severity
from mtqa.printable import printable
from mtqa.reporters.sinks import StreamSink
from mtqa.reporters.spans import locate
from mtqa.tally import LISTED, RunTally


def render(report: Report) -> str:
    out = []
    where = report.path if report.id == report.path else f"{report.path}[{report.id}]"
    for f in report.findings:
        if f.unit is not None:  # a bilingual file: line and column in the unit's target
            where = f"{report.path}[{f.unit}]"
        line, column = locate(report, f)
        snippet = f.text if len(f.text) <= 60 else f.text[:57] + "..."
        snippet = printable(snippet.replace("\n", "↵"))
        out.append(
            f"{printable(where)}:{line}:{column}: {f.code} [{f.severity.label}] "
            f"{printable(f.message)} «{snippet}»"
        )
    return "\n".join(out) + ("\n" if out else "")


def render_summary(tally: RunTally, errors: Sequence[DocumentError], out_dir: str | None) -> str:
    counts = ", ".join(
        f"{tally.severities[s]} {s.label}"
        for s in sorted(Severity, reverse=True)
        if tally.severities[s]
    )
    lines = [
        f"mtqa: checked {tally.documents} document(s), {tally.flagged} flagged; "
        f"{tally.findings} finding(s){': ' + counts if counts else ''}; {len(errors)} error(s)"
    ]
    lines += [
        f"  {d.overall:6.1f}  {printable(d.id)}  ({d.findings} findings)" for d in tally.lowest()
    ]
    if tally.documents > LISTED:
        lines.append(f"  ... and {tally.documents - LISTED} more")
    if tally.from_cache:
        lines.append(f"{tally.from_cache} of them from the result cache (unchanged documents)")
    if errors:
        lines.append("errors:")
        lines += [f"  {printable(e.describe())}" for e in errors]
    if out_dir:
        lines.append(f"reports written to {printable(out_dir)}")
    return "\n".join(lines) + "\n"


class Lines(StreamSink):
    """``--format text``: one line per finding on stdout."""

    def render(self, report: Report) -> str:
        return render(report)
