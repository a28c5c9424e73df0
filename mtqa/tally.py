"""``RunTally``: what the run summary needs, in memory that does not grow with the run.

A run over a feed of 100,000 records must not keep 100,000 reports: the tally keeps counts
and the twenty lowest-scoring documents for the terminal summary; the per-document rows of
``summary.json`` and ``summary.csv`` are spooled to files by the CLI as they come.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from mtqa.findings import Report, Severity

#: Documents listed by name in the terminal summary (the lowest scores first).
LISTED = 20


@dataclass(frozen=True)
class Listed:
    """A document named in the terminal summary."""

    overall: float
    id: str
    findings: int


class RunTally:
    """Counts over the documents checked so far, and the ``LISTED`` lowest scores."""

    def __init__(self) -> None:
        self.documents = 0
        self.flagged = 0
        self.from_cache = 0
        self.severities: Counter[Severity] = Counter()
        # A max-heap (by negated keys) of the lowest (overall, order) pairs seen so far.
        self._lowest: list[tuple[float, int, Listed]] = []

    def add(self, report: Report, cached: bool = False) -> None:
        self.documents += 1
        self.flagged += report.flagged
        self.from_cache += cached
        self.severities.update(f.severity for f in report.findings)
        entry = (
            -report.score.overall,
            -self.documents,
            Listed(report.score.overall, report.id, len(report.findings)),
        )
        if len(self._lowest) < LISTED:
            heapq.heappush(self._lowest, entry)
        elif entry[:2] > self._lowest[0][:2]:
            heapq.heapreplace(self._lowest, entry)

    @property
    def findings(self) -> int:
        return sum(self.severities.values())

    def lowest(self) -> list[Listed]:
        """The ``LISTED`` lowest-scoring documents, lowest first (ties in input order)."""
        return [listed for *_, listed in sorted(self._lowest, reverse=True)]
