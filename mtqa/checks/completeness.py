"""Units left untranslated, empty, or much shorter or longer than their source
(MQM accuracy/untranslated, accuracy/omission, accuracy/addition)."""

from __future__ import annotations

import functools
import math
import re
import statistics
import tomllib
from collections.abc import Iterable, Iterator
from importlib import resources

from mtqa import nlp, placeholders, verbatim
from mtqa.analysis import Analysis
from mtqa.document import Unit
from mtqa.findings import Hit, Severity
from mtqa.registry import check
from mtqa.segment import count_words

_WORD_CHARS = re.compile(r"[^\W_]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MIN_WORDS_FOR_LANGID = 4
_MIN_LANGID_PROBABILITY = 0.95
#: A305 flags a unit whose length ratio is below ``expected / _FACTOR`` or above
#: ``expected * _FACTOR``; ``mtqa/data/length_ratios.toml`` records, beside each measured
#: ratio, the share of human translations that fall outside this tolerance.
_FACTOR = 2.0
_MIN_CHARS = 20
#: Below this many word characters in the source, the tolerance widens: a short string's
#: ratio varies more (one word of "Save changes" => "Enregistrer les modifications" is a
#: quarter of it), roughly as one over the square root of its length, as a mean over fewer
#: words does; localisation guides allow two to three times the English length for UI
#: strings of up to 20 characters for the same reason.
_STEADY_CHARS = 40
_MIN_UNITS_FOR_OWN_RATIO = 10


#: What a string may consist of and stay unchanged in any language, besides placeholders,
#: markup and links: amounts with a unit (a CSS length, a size), key combinations, date and
#: time patterns, identifiers and file names.
_LEAVE_AS_IS = re.compile(
    r"(?i:\b\d+(?:[.,]\d+)?\s*(?:px|em|rem|pt|pc|vh|vw|vmin|vmax|ch|ex|fr|deg|ms|s|b|kb|mb|gb|tb|"
    r"kib|mib|gib|hz|khz|mhz|ghz|dpi|ppi|fps|bpm|x|k|cm|mm|km|kg|g)\b)"
    r"|(?i:\b(?:ctrl|alt|shift|cmd|command|meta|option|opt|fn|win|super)(?:\s*\+\s*\w+)+)"
    r"|\b\w+(?:[_.]\w+)+\b|\b[a-z]+[A-Z]\w*\b"
)


def _letters_outside_placeholders(text: str) -> str:
    spans = sorted(
        placeholders.spans(text)
        + [m.span() for m in _LEAVE_AS_IS.finditer(text)]
        + [m.span() for m in verbatim.DATE_PATTERN.finditer(text)]  # "HH:mm", as F101 does
    )
    kept, position = [], 0
    for start, end in spans:
        kept.append(text[position:start] if start > position else "")
        position = max(position, end)
    kept.append(text[position:])
    return "".join(kept)


def _needs_translation(source: str) -> bool:
    """Whether a source has words to translate (not just numbers, codes, an acronym or a
    name-like single token such as 'OK' or 'iPhone')."""
    words = re.findall(r"[^\W\d_][\w'’-]*", _letters_outside_placeholders(source))
    if not words or all(w.isupper() for w in words):
        return False  # nothing left, or only acronyms: "PDF, PNG, JPEG", "UTF-8"
    return not (len(words) == 1 and not words[0][1:].islower())


#: A one-word target identical to its source is the target language's own word (a cognate
#: spelled the same: "Documentation" in French, "Hotel" in German) when it is about as common
#: in that language's text as in the source language's (within this many zipf points, a
#: factor of four) and common there (this zipf or more); an untranslated word turns up in
#: the other language's text only as a quotation or a loan, far more rarely.
_COGNATE_ZIPF_GAP = 0.6
_COGNATE_MIN_ZIPF = 3.0


def _same_word_in_both(word: str, source_lang: str | None, target_lang: str | None) -> bool:
    """Whether ``word`` is a word of the target language as much as of the source's
    (wordfreq frequencies)."""
    if not source_lang or not target_lang or source_lang == target_lang:
        return False
    in_target = _zipf(word, target_lang)
    in_source = _zipf(word, source_lang)
    return in_target >= _COGNATE_MIN_ZIPF and in_target >= in_source - _COGNATE_ZIPF_GAP


def _zipf(word: str, lang: str) -> float:
    """The zipf frequency of one word in ``lang``, 0 for a language wordfreq lacks.

    Read from the frequency table, not through ``zipf_frequency``: that one tokenizes
    first, and for Japanese, Chinese and Korean its tokenizers are optional packages (MeCab,
    jieba) that may not be installed."""
    table = _frequencies(lang)
    frequency = table.get(word.casefold(), 0.0) if table else 0.0
    return round(math.log10(frequency * 1e9), 2) if frequency > 0 else 0.0


@functools.cache
def _frequencies(lang: str) -> dict[str, float] | None:
    try:
        from wordfreq import get_frequency_dict

        table: dict[str, float] = get_frequency_dict(lang)
        return table
    except (ImportError, LookupError, ValueError, OSError):
        return None


@check(
    "A303",
    "untranslated",
    "accuracy/untranslated",
    Severity.MAJOR,
    requires=("source",),
    languages=None,
)
def untranslated(analysis: Analysis) -> Iterator[Hit]:
    """A unit left untranslated: the target is the source, or is written in the source's language.

    Identical source and target are reported when the source has words to translate: a
    string of placeholders, markup, links, numbers with units ("12px", "1.5em"), key
    combinations ("Ctrl+Shift+N"), date patterns ("HH:mm:ss"), identifiers ("user_id",
    "config.json"), acronyms ("PDF, PNG") or a single name-like word ("OAuth") stays as it
    is in every language, and neither does a single word that is as common a word in the
    target language as in the source's (a cognate spelled the same, "Documentation" in
    French, "Hotel" in German; wordfreq frequencies within a factor of four). One or two words
    are minor (often a legitimate loanword or product name), more are major. A target of
    four words or more that the language identifier (py3langid) assigns to the source
    language with probability 0.95 or more is reported too.

    Okay: [de-en] Der Zug fährt um acht Uhr ab. => The train leaves at eight o'clock.
    Okay: [de-en] OK => OK
    Okay: [en-fr] %1$s (%2$d) => %1$s (%2$d)
    Okay: [en-de] 1.5em => 1.5em
    Okay: [en-ru] HH:mm:ss => HH:mm:ss
    Okay: [en-fr] Description => Description
    A303: [en-fr] Settings => «Settings»
    A303: [de-en] Der Zug fährt um acht Uhr ab. => «Der Zug fährt um acht Uhr ab.»
    A303: [en-de] Save your changes before closing the window. => «Save your changes before you close the window.»
    """
    document = analysis.document
    for unit in analysis.pairs:
        source, target = unit.source.strip(), unit.target.strip()
        if not target or not source:
            continue
        lead = len(unit.target) - len(unit.target.lstrip())
        start, end = unit.offset + lead, unit.offset + lead + len(target)
        if source == target:
            if not _needs_translation(source):
                continue
            prose = _letters_outside_placeholders(source)
            words = count_words(prose)
            single = re.findall(r"[^\W\d_]+", prose)
            if len(single) == 1 and _same_word_in_both(
                single[0], document.source_lang, document.target_lang
            ):
                continue  # "Documentation" is French too
            yield Hit(
                start,
                end,
                "The target is identical to the source: left untranslated?",
                confidence=0.9 if words > 2 else 0.5,
                severity=None if words > 2 else Severity.MINOR,
            )
            continue
        if (
            document.source_lang
            and document.source_lang != document.target_lang
            and count_words(target) >= _MIN_WORDS_FOR_LANGID
        ):
            lang, probability = nlp.identify_language(target)
            if lang == document.source_lang and probability >= _MIN_LANGID_PROBABILITY:
                yield Hit(
                    start,
                    end,
                    f"The target is in {lang}, the source language, not {document.target_lang}.",
                    confidence=min(probability, 0.95),
                    evidence=f"py3langid: {lang} (p={probability:.3f})",
                )


@check(
    "A304",
    "empty-target",
    "accuracy/omission",
    Severity.MAJOR,
    requires=("source",),
    languages=None,
)
def empty_target(analysis: Analysis) -> Iterator[Hit]:
    """A unit whose source has text and whose target is empty (or only spaces).

    The span is the target as it is: empty (a point at the unit's start) or its spaces. In
    an article checked with ``--source``, a source sentence that the alignment left without
    any translation is reported the same way, at the point where it would be.

    Okay: Save changes => Änderungen speichern
    A304: Save changes => «»
    """
    aligned = not analysis.document.units
    for unit in analysis.pairs:
        if unit.source.strip() and not unit.target.strip():
            yield Hit(
                unit.offset,
                unit.end,
                "This source sentence has no translation here."
                if aligned
                else "Empty translation: the source has text.",
                confidence=0.95,
                evidence=f"source: {unit.source[:200]}",
            )


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    raw = resources.files("mtqa.data").joinpath("length_ratios.toml").read_text("utf-8")
    return {k: float(v) for k, v in tomllib.loads(raw)["ratios"].items()}


def _script_counts(text: str) -> tuple[int, int]:
    """Word characters of ``text`` (letters and digits, no spaces or punctuation, which
    tokenised and untokenised text use very differently): the Chinese/Japanese/Korean ones,
    and all of them."""
    words = _WORD_CHARS.findall(text)
    return sum(1 for ch in words if _CJK.match(ch)), len(words)


def _prose(text: str) -> str:
    """``text`` without its placeholders, tags (with their attributes), links and character
    references: what is written in the language, and so what a length ratio is about."""
    kept, position = [], 0
    for start, end in sorted(placeholders.spans(text)):
        kept.append(text[position:start] if start > position else "")
        position = max(position, end)
    kept.append(text[position:])
    return " ".join(kept)


def _counts(unit: Unit) -> tuple[int, int, int]:
    """Word characters (see ``_script_counts``) outside placeholders, markup and links: the
    source's Chinese/Japanese/Korean ones, its others, and the target's."""
    cjk, total = _script_counts(_prose(unit.source))
    return cjk, total - cjk, _script_counts(_prose(unit.target))[1]


def tolerance(source_chars: float) -> float:
    """How far a unit's length ratio may be from the expected one (a factor either way):
    twice for sources of 40 word characters or more, more for shorter ones, as the spread
    of a ratio grows with one over the square root of the length: 2.7 at 20 characters, 4
    at 10 ("Save changes" may be four times the expected length)."""
    return float(_FACTOR ** math.sqrt(max(1.0, _STEADY_CHARS / max(source_chars, 1.0))))


def _effective_source(cjk: int, other: int, ratio: float) -> float:
    """Source length in the unit the ratio is for: in a Chinese source, Latin letters and
    digits ("Demio", "2025") come over one to one, so they count 1/ratio each."""
    return cjk + other / ratio if cjk else float(other)


def expected_ratio(
    pairs: tuple[Unit, ...], source_lang: str | None, target_lang: str
) -> float | None:
    """Target word characters per source word character: the document's own median when it
    has enough units, else the table's value for the pair (or its reverse), else 1 when
    both sides are written in the same kind of script, else None (no ratio known: a
    Chinese, Japanese or Korean side packs several letters' worth into one character, by an
    amount that depends on the language, so 1 would call every translation an omission or
    an addition)."""
    counts = [
        (cjk, other, target)
        for cjk, other, target in (_counts(u) for u in pairs)
        if cjk + other >= _MIN_CHARS and target
    ]
    if len(counts) >= _MIN_UNITS_FOR_OWN_RATIO:
        if sum(c for c, _, _ in counts) > sum(o for _, o, _ in counts):
            return max(statistics.median((t - o) / c for c, o, t in counts if c), 0.1)
        return statistics.median(t / (c + o) for c, o, t in counts)
    table = _table()
    if f"{source_lang}-{target_lang}" in table:
        return table[f"{source_lang}-{target_lang}"]
    if f"{target_lang}-{source_lang}" in table:
        return 1 / table[f"{target_lang}-{source_lang}"]
    if _mostly_cjk(u.source for u in pairs) != _mostly_cjk(u.target for u in pairs):
        return None
    return 1.0


def _mostly_cjk(texts: Iterable[str]) -> bool:
    """Whether most word characters of ``texts`` are Chinese, Japanese or Korean."""
    cjk = total = 0
    for text in texts:
        some, every = _script_counts(text)
        cjk, total = cjk + some, total + every
    return 2 * cjk > total


def _adequacy(analysis: Analysis, unit: Unit) -> str:
    """The model's adequacy for the unit's sentences (mean pointwise mutual information
    between them and the unit's source, nats per token), as evidence; '' without a model."""
    if not analysis.assessments:
        return ""
    assessments = analysis.assessments
    values = [
        assessments[i].adequacy
        for i in analysis.sentences_starting_in(unit.offset, max(unit.end, unit.offset + 1))
        if assessments[i].adequacy is not None
    ]
    if not values:
        return ""
    return f"; model adequacy {sum(values) / len(values):.2f} nats/token"


def _length_hits(analysis: Analysis, shorter: bool) -> Iterator[Hit]:
    document = analysis.document
    pairs = analysis.pairs
    expected = expected_ratio(pairs, document.source_lang, document.target_lang)
    if expected is None:
        return
    for unit in pairs:
        cjk, other, target_chars = _counts(unit)
        source_chars = _effective_source(cjk, other, expected)
        if not source_chars or not target_chars:
            continue
        ratio = target_chars / source_chars
        factor = tolerance(source_chars)
        body = unit.target.strip()
        lead = len(unit.target) - len(unit.target.lstrip())
        start, end = unit.offset + lead, unit.offset + lead + len(body)
        detail = (
            f"{target_chars} letters and digits for {source_chars:.0f} in the source; "
            f"expected about {expected:.2f} per source character"
        )
        if shorter and source_chars >= _MIN_CHARS and ratio < expected / factor:
            yield Hit(
                start,
                end,
                f"Much shorter than its source: part of it may be missing ({detail}).",
                confidence=round(min(0.9, 0.5 + 0.2 * math.log(expected / ratio)), 3),
                evidence=f"source: {unit.source[:200]}{_adequacy(analysis, unit)}",
            )
        elif not shorter and target_chars >= _MIN_CHARS and ratio > expected * factor:
            yield Hit(
                start,
                end,
                f"Much longer than its source: it may add content ({detail}).",
                confidence=round(min(0.9, 0.5 + 0.2 * math.log(ratio / expected)), 3),
                evidence=f"source: {unit.source[:200]}{_adequacy(analysis, unit)}",
            )


@check(
    "A305",
    "length-omission",
    "accuracy/omission",
    Severity.MAJOR,
    requires=("source",),
    languages=None,
)
def length_omission(analysis: Analysis) -> Iterator[Hit]:
    """A translation far shorter than its source: part of the source is likely missing.

    Lengths count letters and digits only (spaces and punctuation vary with tokenisation),
    outside placeholders, tags (their attributes too) and links, which are no text of either
    language; in a Chinese, Japanese or Korean source, Latin letters and digits count as copied one to
    one. The expected ratio is the document's own median when it has ten or more units of
    20+ such characters, else a measured ratio for the language pair
    (``mtqa/data/length_ratios.toml``), else 1 when both sides use the same kind of script
    (with a Chinese, Japanese or Korean side and no measured ratio, nothing is reported).
    A unit is reported when its ratio is below half of that (the table records, beside each
    measured ratio, the share of human translations below half or above twice it); for
    sources under 40 characters the tolerance widens with one over the square root of the
    length (a factor 2.7 at 20 characters, 4 at 10), as short strings vary more. Sources
    under 20 characters are left alone. When the model runs, its
    adequacy for the unit (how much the source explains the translation's words) is added
    to the evidence; it does not decide the finding, as it is not calibrated for this.

    Okay: The committee approved the budget on Tuesday after a long debate. => Der Ausschuss billigte den Haushalt am Dienstag nach langer Debatte.
    A305: The committee approved the budget on Tuesday after a long debate about schools. => «Der Ausschuss billigte ihn.»
    """
    yield from _length_hits(analysis, shorter=True)


@check(
    "A306",
    "length-addition",
    "accuracy/addition",
    Severity.MINOR,
    requires=("source",),
    languages=None,
)
def length_addition(analysis: Analysis) -> Iterator[Hit]:
    """A translation far longer than its source: it may add content the source does not have.

    Same expected ratio and tolerance as A305; reported above twice that ratio (more for
    sources under 40 characters: UI strings such as "Save changes" grow by half or more in
    French, Dutch or German), for targets of 20+ characters. Placeholders, tags and links
    do not count. Minor: explanations and expanded abbreviations make honest translations
    long too.

    Okay: The committee approved the budget. => Der Ausschuss billigte den Haushalt.
    Okay: [en-fr] Save changes => Enregistrer les modifications
    Okay: [en-zh] Accept the <a href="/privacy" title="Privacy policy">policy</a> => 接受<a href="/privacy" title="隐私政策">政策</a>
    A306: Budget approved. => «The committee approved the budget on Tuesday after a long and heated debate about schools.»
    """
    yield from _length_hits(analysis, shorter=False)
