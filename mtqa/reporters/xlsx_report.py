"""XLSX for editors who work in spreadsheets: a ``Findings`` sheet with one row per finding
(the columns of ``findings.csv``) and a ``Summary`` sheet with one row per document (the
columns of ``summary.csv``), written with pandas and openpyxl.

Both sheets have a frozen header row and an autofilter. Text is stored as text: a finding
that starts with ``=`` is never turned into a formula, control characters that the XLSX
format cannot hold become U+FFFD, and text longer than a cell holds (32,767 characters) is
cut with an ellipsis.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from mtqa.findings import DocumentError, Report
from mtqa.reporters import xml_safe
from mtqa.reporters.csv_report import FINDING_COLUMNS, SUMMARY_COLUMNS, finding_rows, summary_row
from mtqa.reporters.sinks import Run, WholeRunSink

CELL_LIMIT = 32_767


def _cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return value if len(value) <= CELL_LIMIT else value[: CELL_LIMIT - 1] + "…"


def _write_sheet(
    writer: Any, name: str, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    import pandas as pd

    frame = pd.DataFrame([[_cell(v) for v in row] for row in rows], columns=list(columns))
    frame.to_excel(writer, sheet_name=name, index=False)
    sheet = writer.sheets[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # a string that starts with "=" is text, not a formula
                cell.data_type = "s"


def render(
    finding_rows: Sequence[Sequence[object]], summary_rows: Sequence[Sequence[object]]
) -> bytes:
    """The workbook's bytes: ``finding_rows`` in ``FINDING_COLUMNS`` order and
    ``summary_rows`` in ``SUMMARY_COLUMNS`` order (see ``mtqa.reporters.csv_report``)."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _write_sheet(writer, "Findings", FINDING_COLUMNS, finding_rows)
        _write_sheet(writer, "Summary", SUMMARY_COLUMNS, summary_rows)
    return buffer.getvalue()


class File(WholeRunSink):
    """``--format xlsx``: the workbook; each document's finding and summary rows kept."""

    default = "findings.xlsx"

    def __init__(self, dest: str | None, run: Run) -> None:
        super().__init__(dest, run)
        self.findings: list[tuple[object, ...]] = []
        self.summary: list[tuple[object, ...]] = []

    def document(self, report: Report) -> None:
        self.findings += finding_rows(report)
        self.summary.append(summary_row(report))

    def render(self, errors: Sequence[DocumentError]) -> bytes:
        return render(self.findings, self.summary)
