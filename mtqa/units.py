"""Offsets of a bilingual file's findings: from the joined target text to each unit's target.

A bilingual file is checked as one text (its units' targets joined by line breaks); its
report gives every finding and sentence as ``unit`` plus offsets into that unit's target,
which is what an editor (and the file) knows.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from mtqa.document import Unit
from mtqa.findings import Finding, SentenceScore


@dataclass(frozen=True)
class Locator:
    """Finds the unit of an offset in the joined text (binary search over unit starts)."""

    units: Sequence[Unit]
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", [u.offset for u in self.units])

    def unit_at(self, offset: int) -> Unit:
        """The unit whose target contains ``offset`` (or ends at it)."""
        return self.units[max(bisect.bisect_right(self.starts, offset) - 1, 0)]

    def _local(self, start: int, end: int) -> tuple[Unit, int, int]:
        unit = self.unit_at(start)
        local_start = min(start - unit.offset, len(unit.target))
        local_end = min(max(end - unit.offset, local_start), len(unit.target))
        return unit, local_start, local_end

    def localise(self, finding: Finding) -> Finding:
        """``finding`` with its unit's id and offsets into that unit's target (a span that
        ran past the unit's end is cut there)."""
        unit, start, end = self._local(finding.start, finding.end)
        return dataclasses.replace(
            finding, unit=unit.id, start=start, end=end, text=unit.target[start:end]
        )

    def localise_sentence(self, sentence: SentenceScore) -> SentenceScore:
        unit, start, end = self._local(sentence.start, sentence.end)
        return dataclasses.replace(sentence, unit=unit.id, start=start, end=end)
