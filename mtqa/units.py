"""Offsets of a bilingual file's findings: from the joined target text to each unit's target.

A bilingual file is checked as one text (its units' targets joined by line breaks); its
report gives every finding and sentence as ``unit`` plus offsets into that unit's target,
which is what an editor (and the file) knows.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

from mtqa.document import Unit
from mtqa.findings import Finding, SentenceScore


def unit_index(offset: int, units: Sequence[Unit]) -> int:
    """Index of the unit whose target contains ``offset`` (or ends at it)."""
    starts = [u.offset for u in units]
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def _local(start: int, end: int, units: Sequence[Unit]) -> tuple[Unit, int, int]:
    unit = units[unit_index(start, units)]
    local_start = min(start - unit.offset, len(unit.target))
    local_end = min(max(end - unit.offset, local_start), len(unit.target))
    return unit, local_start, local_end


def localise(finding: Finding, units: Sequence[Unit]) -> Finding:
    """``finding`` with its unit's id and offsets into that unit's target (a span that ran
    past the unit's end is cut there)."""
    unit, start, end = _local(finding.start, finding.end, units)
    return dataclasses.replace(
        finding, unit=unit.id, start=start, end=end, text=unit.target[start:end]
    )


def localise_sentence(sentence: SentenceScore, units: Sequence[Unit]) -> SentenceScore:
    if not units:
        return sentence
    unit, start, end = _local(sentence.start, sentence.end, units)
    return dataclasses.replace(sentence, unit=unit.id, start=start, end=end)
