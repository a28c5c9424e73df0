"""The same source translated differently, or different sources translated identically,
within one bilingual file (MQM terminology/inconsistent, accuracy/mistranslation)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from mtqa.analysis import Analysis
from mtqa.document import Unit
from mtqa.findings import Hit, Severity
from mtqa.registry import check

_PUNCT = re.compile(r"[^\w\s]")


def _normal(text: str) -> str:
    return " ".join(text.split())


def _loose(text: str) -> str:
    """Case, punctuation and spacing removed: sources that differ only so are the same."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def _span(unit: Unit) -> tuple[int, int]:
    body = unit.target.strip()
    lead = len(unit.target) - len(unit.target.lstrip())
    return unit.offset + lead, unit.offset + lead + len(body)


@check(
    "T201",
    "inconsistent-translation",
    "terminology/inconsistent",
    Severity.MINOR,
    scope="document",
    requires=("source",),
    languages=None,
)
def inconsistent_translation(analysis: Analysis) -> Iterator[Hit]:
    """The same source segment translated in different ways in one file.

    The most frequent translation (the first one on a tie) is taken as the file's; every
    unit with another is reported, naming the unit that has it. Spacing differences do not
    count; units with different contexts (a PO ``msgctxt``) and the plural forms of one
    message are not compared.

    Okay: Save\\nSave => Speichern\\nSpeichern
    T201: Save\\nSave => Speichern\\n«Sichern»
    """
    groups: dict[tuple[str | None, int | None, str], list[Unit]] = defaultdict(list)
    for unit in analysis.pairs:
        if unit.source.strip() and unit.target.strip():
            groups[(unit.context, unit.plural, _normal(unit.source))].append(unit)
    for members in groups.values():
        counts = Counter(_normal(u.target) for u in members)
        if len(counts) < 2:
            continue
        usual = max(
            counts,
            key=lambda t: (
                counts[t],
                -next(i for i, u in enumerate(members) if _normal(u.target) == t),
            ),
        )
        model = next(u for u in members if _normal(u.target) == usual)
        for unit in members:
            if _normal(unit.target) != usual:
                start, end = _span(unit)
                yield Hit(
                    start,
                    end,
                    f"The same source is translated differently in unit {model.id}: {usual!r}.",
                    confidence=0.7,
                    suggestion=usual,
                )


@check(
    "A307",
    "same-translation-different-sources",
    "accuracy/mistranslation",
    Severity.MINOR,
    scope="document",
    requires=("source",),
    languages=None,
)
def same_translation_different_sources(analysis: Analysis) -> Iterator[Hit]:
    """Different source segments translated identically in one file.

    Often a copy-paste from the wrong unit or a translation memory match accepted without
    editing. Sources that differ only in case, punctuation or spacing are the same here;
    one-word translations and PO plural forms are left alone (two source words can share
    one translation).

    Okay: Open the file.\\nOpen the file! => Öffnen Sie die Datei.\\nÖffnen Sie die Datei.
    A307: Open the file.\\nClose the file. => Öffnen Sie die Datei.\\n«Öffnen Sie die Datei.»
    """
    groups: dict[str, list[Unit]] = defaultdict(list)
    for unit in analysis.pairs:
        # plural forms of a message may all read alike (French "%d fichier(s)")
        if unit.source.strip() and len(unit.target.split()) >= 2 and unit.plural is None:
            groups[_normal(unit.target)].append(unit)
    for members in groups.values():
        first = members[0]
        for unit in members[1:]:
            if _loose(unit.source) != _loose(first.source):
                start, end = _span(unit)
                yield Hit(
                    start,
                    end,
                    f"Unit {first.id} has the same translation for another source "
                    f"({first.source[:80]!r}).",
                    confidence=0.6,
                    evidence=f"source: {unit.source[:200]}",
                )
