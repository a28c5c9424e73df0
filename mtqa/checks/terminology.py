"""Glossary terms and do-not-translate terms (``--glossary``; MQM terminology)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _pattern(term: str, suffix: bool, case: bool) -> re.Pattern[str]:
    if _CJK.search(term):
        return re.compile(re.escape(term))
    tail = r"\w{0,3}" if suffix else ""
    return re.compile(rf"(?<!\w){re.escape(term)}{tail}(?!\w)", 0 if case else re.IGNORECASE)


def _violations(analysis: Analysis, dnt: bool) -> Iterator[Hit]:
    glossary = analysis.glossary
    document = analysis.document
    if glossary is None:
        return
    for entry in glossary.entries:
        sides = entry.pair(document.source_lang, document.target_lang)
        if sides is None:
            continue
        sources, targets = sides
        keep = set(sources) == set(targets)
        if keep != dnt:
            continue
        source_patterns = [_pattern(t, suffix=not keep, case=keep) for t in sources]
        target_patterns = [_pattern(t, suffix=not keep, case=keep) for t in targets]
        for unit in analysis.pairs:
            found = next((m for p in source_patterns if (m := p.search(unit.source))), None)
            if found is None or not unit.target.strip():
                continue
            if any(p.search(unit.target) for p in target_patterns):
                continue
            body = unit.target.strip()
            lead = len(unit.target) - len(unit.target.lstrip())
            wanted = " or ".join(repr(t) for t in targets)
            message = (
                f"{found.group(0)!r} must stay as it is (do not translate): {wanted} is missing."
                if keep
                else f"Glossary: {found.group(0)!r} should be translated as {wanted}."
            )
            yield Hit(
                unit.offset + lead,
                unit.offset + lead + len(body),
                message,
                confidence=0.8 if keep else 0.7,
                evidence=f"{glossary.path}" + (f": {entry.note}" if entry.note else ""),
                suggestion=None,
            )


@check(
    "T301",
    "glossary-term",
    "terminology/inconsistent with termbase",
    Severity.MAJOR,
    requires=("source", "glossary"),
    languages=None,
)
def glossary_term(analysis: Analysis) -> Iterator[Hit]:
    """A source term from the glossary whose required translation is not in the target.

    Terms match whole words, case-insensitively; the target term may carry a short ending
    (up to three letters: "Haushalts", "budgets"). The span is the unit's target (where the
    term went is not known). Needs ``--glossary FILE`` (see ``mtqa/glossary.py`` and the
    README); the examples use ``fixtures/bilingual/glossary.csv``.

    Okay: [en-de] The budget was approved. => Der Haushalt wurde gebilligt.
    T301: [en-de] The budget was approved. => «Das Budget wurde gebilligt.»
    """
    yield from _violations(analysis, dnt=False)


@check(
    "T302",
    "do-not-translate",
    "terminology/inconsistent with termbase",
    Severity.MAJOR,
    requires=("source", "glossary"),
    languages=None,
)
def do_not_translate(analysis: Analysis) -> Iterator[Hit]:
    """A do-not-translate term (a product or brand name) of the source missing from the target.

    Matched whole-word and case-sensitively: "Acme Cloud" must appear as "Acme Cloud".

    Okay: [en-de] Sign in to Acme Cloud. => Melden Sie sich bei Acme Cloud an.
    T302: [en-de] Sign in to Acme Cloud. => «Melden Sie sich bei der Acme-Wolke an.»
    """
    yield from _violations(analysis, dnt=True)
