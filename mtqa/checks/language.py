"""Untranslated text and text in the wrong language (MQM accuracy/untranslated)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from mtqa import nlp
from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check
from mtqa.segment import count_words

_LATIN_TARGETS = frozenset(
    {
        "en",
        "de",
        "fr",
        "es",
        "it",
        "pt",
        "nl",
        "sv",
        "da",
        "no",
        "nb",
        "fi",
        "pl",
        "cs",
        "sk",
        "sl",
        "hr",
        "ro",
        "hu",
        "tr",
        "et",
        "lv",
        "lt",
        "id",
        "ms",
        "vi",
        "ca",
        "ga",
        "sq",
    }
)
_WORDISH = re.compile(r"\w+")
_MIN_WORDS_FOR_LANGID = 6
_MIN_LANGID_PROBABILITY = 0.995


def _script(ch: str) -> str | None:
    """Coarse script of a letter ('LATIN', 'CJK', 'CYRILLIC', ...), None for non-letters."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
        return "CJK"
    return name.split(" ", 1)[0] if name else None


@check(
    "A201",
    "foreign-script",
    "accuracy/untranslated",
    Severity.MAJOR,
    scope="text",
    languages=_LATIN_TARGETS,
)
def foreign_script(analysis: Analysis) -> Iterator[Hit]:
    """Letters of another script (Chinese, Cyrillic, Arabic, ...) in a Latin-script translation.

    Almost always source text the MT system left untranslated. A run of such letters (with
    the spaces and punctuation between them) is one span.

    Okay: The Kremlin’s spokesman, Dmitry Peskov, declined to comment.
    A201: The minister said «我们会继续努力» at the meeting.
    A201: The slogan \\««Слава Україні»\\» was everywhere.
    """
    text = analysis.text
    run_start: int | None = None
    run_end = 0
    scripts: set[str] = set()
    for i, ch in enumerate(text + "\n"):
        script = _script(ch)
        foreign = script is not None and script != "LATIN"
        if foreign:
            if run_start is None:
                run_start = i
                scripts = set()
            run_end = i + 1
            scripts.add(str(script))
        elif run_start is not None and (ch.isalpha() or ch == "\n" or i - run_end > 3):
            yield Hit(
                run_start,
                run_end,
                f"Untranslated {'/'.join(sorted(scripts)).lower()} text in the translation.",
                confidence=0.95,
            )
            run_start = None


@check(
    "A202",
    "wrong-language",
    "accuracy/untranslated",
    Severity.MAJOR,
    languages=None,
)
def wrong_language(analysis: Analysis) -> Iterator[Hit]:
    """A whole sentence in a language other than the document's target language.

    Uses the offline language identifier py3langid on sentences of six words or more and
    flags only near-certain identifications, so names and short quotes do not trigger it.

    Okay: The Russian military might yet finish Putin off, experts said on Monday.
    A202: «Die russische Armee könnte Putin noch den Garaus machen, sagen Experten.»
    """
    target = analysis.document.target_lang
    text = analysis.text
    for sentence in analysis.sentences:
        piece = text[sentence.start : sentence.end]
        if count_words(piece) < _MIN_WORDS_FOR_LANGID or not _WORDISH.search(piece):
            continue
        lang, probability = nlp.identify_language(piece)
        if lang != target and probability >= _MIN_LANGID_PROBABILITY:
            yield Hit(
                sentence.start,
                sentence.end,
                f"Sentence looks like {lang}, not {target} (p={probability:.3f}).",
                confidence=min(probability, 0.95),
                evidence=f"py3langid: {lang}",
            )
