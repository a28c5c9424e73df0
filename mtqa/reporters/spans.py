"""Positions and spans in a report's text, shared by every reporter: where a finding is
(1-based line and column in the text its offsets index), and the merging of overlapping
spans for quoting."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from mtqa.findings import Finding, Report


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def locate(report: Report, finding: Finding, offset: int | None = None) -> tuple[int, int]:
    """1-based line and column of ``offset`` (by default the finding's start) in the text
    that ``finding``'s offsets index: its unit's target, or the report's."""
    return line_column(report.text_of(finding), finding.start if offset is None else offset)


class Lines:
    """``line_column`` for many offsets of one text: bisection over its line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def merge_spans(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """``spans`` clipped to ``start:end``, sorted, with overlapping or touching ones merged."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        s, e = max(s, start), min(e, end)
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]
