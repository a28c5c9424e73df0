"""The run's HTML index page: a sortable table of the documents checked, then the documents
that could not be read or checked. Its rows are :class:`IndexEntry` values, kept instead of
the reports, so that a long run does not hold every report until the index is written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mtqa.findings import DocumentError, Report, Score, Severity
from mtqa.reporters.html_common import decimal, esc, page, severity_counts


@dataclass(frozen=True)
class IndexEntry:
    """What the run's index shows of one document."""

    id: str
    href: str
    words: int
    score: Score
    counts: Mapping[Severity, int]
    findings: int
    flagged: bool
    signature: str


def index_entry(report: Report, href: str) -> IndexEntry:
    """``report``'s row of the index; ``href`` is its page, relative to the index."""
    return IndexEntry(
        id=report.id,
        href=href,
        words=report.words,
        score=report.score,
        counts=severity_counts(report.findings),
        findings=len(report.findings),
        flagged=report.flagged,
        signature=report.signature,
    )


COLUMNS = (
    ("Document", "text"),
    ("Words", "number"),
    ("Overall", "number"),
    ("MQM penalty", "number"),
    ("Fluency", "number"),
    ("Adequacy", "number"),
    ("Critical", "number"),
    ("Major", "number"),
    ("Minor", "number"),
    ("Findings", "number"),
    ("Flagged", "text"),
)


def _cell(value: float | None, digits: int) -> str:
    """A score's cell; ``data-value`` is what the table sorts by (empty where there is none)."""
    data = "" if value is None else f"{value:.{digits}f}"
    return f'<td data-value="{data}">{decimal(value, digits)}</td>'


def _row(entry: IndexEntry) -> str:
    found, score = entry.counts, entry.score
    return (
        f'<tr><td><a href="{esc(entry.href)}">{esc(entry.id)}</a></td>'
        f'<td data-value="{entry.words}">{entry.words}</td>'
        f"{_cell(score.overall, 1)}{_cell(score.mqm_penalty, 1)}"
        f"{_cell(score.fluency, 3)}{_cell(score.adequacy, 3)}"
        + "".join(
            f'<td data-value="{found.get(s, 0)}">{found.get(s, 0)}</td>'
            for s in (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
        )
        + f'<td data-value="{entry.findings}">{entry.findings}</td>'
        f"<td>{'yes' if entry.flagged else 'no'}</td></tr>"
    )


def render_index(
    pages: Sequence[IndexEntry], errors: Sequence[DocumentError], exit_code: int
) -> str:
    """The run's index page: a sortable table of the documents (in input order) with their
    scores and counts, then the documents that could not be read."""
    head = "".join(
        f'<th scope="col" data-type="{kind}"><button type="button">{name}</button></th>'
        for name, kind in COLUMNS
    )
    rows = "".join(_row(entry) for entry in pages)
    flagged = sum(1 for entry in pages if entry.flagged)
    signatures = sorted({entry.signature for entry in pages})
    table = (
        f'<table id="documents"><caption class="meta">Click a column header to sort.</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        if pages
        else "<p>No document was checked.</p>"
    )
    error_list = ""
    if errors:
        items = "".join(f"<li>{esc(e.describe())}</li>" for e in errors)
        error_list = (
            f'<h2 id="errors">Documents that could not be read or checked ({len(errors)})</h2>'
            f'<ul class="errors">{items}</ul>'
        )
    body = (
        '<header><p class="meta">mtqa review report</p><h1>Run index</h1>'
        f'<p class="meta">{len(pages)} documents checked, {flagged} flagged, '
        f"{len(errors)} errors · exit code {exit_code}</p>"
        + "".join(f'<p class="signature">{esc(s)}</p>' for s in signatures)
        + f"</header><main>{table}{error_list}</main>"
    )
    return page("mtqa: run index", body, "index.js")
