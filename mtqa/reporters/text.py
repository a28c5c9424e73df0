"""Terminal output: one line per finding (``path:line:col: CODE [severity] message``) and a
run summary."""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.findings import DocumentError, Report, Severity


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def render(report: Report, target: str) -> str:
    out = []
    where = report.path if report.id == report.path else f"{report.path}[{report.id}]"
    for f in report.findings:
        if f.unit is not None:  # a bilingual file: line and column in the unit's target
            where = f"{report.path}[{f.unit}]"
        line, column = line_column(report.text_of(f, target), f.start)
        snippet = f.text if len(f.text) <= 60 else f.text[:57] + "..."
        snippet = snippet.replace("\n", "↵")
        out.append(
            f"{where}:{line}:{column}: {f.code} [{f.severity.label}] {f.message} «{snippet}»"
        )
    return "\n".join(out) + ("\n" if out else "")


def render_summary(
    reports: Sequence[Report], errors: Sequence[DocumentError], out_dir: str | None
) -> str:
    total = [f for r in reports for f in r.findings]
    counts = ", ".join(
        f"{sum(1 for f in total if f.severity == s)} {s.label}"
        for s in sorted(Severity, reverse=True)
        if any(f.severity == s for f in total)
    )
    flagged = sum(1 for r in reports if r.flagged)
    lines = [
        f"mtqa: checked {len(reports)} document(s), {flagged} flagged; "
        f"{len(total)} finding(s){': ' + counts if counts else ''}; {len(errors)} error(s)"
    ]
    for report in sorted(reports, key=lambda r: r.score.overall)[:20]:
        lines.append(
            f"  {report.score.overall:6.1f}  {report.id}  ({len(report.findings)} findings)"
        )
    if len(reports) > 20:
        lines.append(f"  ... and {len(reports) - 20} more")
    if errors:
        lines.append("errors:")
        lines += [f"  {e.describe()}" for e in errors]
    if out_dir:
        lines.append(f"reports written to {out_dir}")
    return "\n".join(lines) + "\n"
