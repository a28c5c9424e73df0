"""Punctuation, spacing and capitals that differ between a source and its translation
(MQM fluency/punctuation, fluency/spelling)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from mtqa import markup
from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check

#: Closing quotes and brackets after a final mark; German closes with “ and ‘, Danish and
#: Swedish often with « and ›.
_CLOSERS = "\"'”’»“‘«›)]}」』"
_END_MARKS = {
    ".": "full stop",
    "。": "full stop",
    "．": "full stop",
    "?": "question mark",
    "？": "question mark",
    "!": "exclamation mark",
    "！": "exclamation mark",
    ":": "colon",
    "：": "colon",
    "…": "ellipsis",
    ";": "semicolon",
    "；": "semicolon",
    "｡": "full stop",  # half-width ideographic full stop
    "।": "full stop",  # Devanagari danda (Hindi, Marathi, Nepali...)
    "॥": "full stop",
    "۔": "full stop",  # Urdu
    "։": "full stop",  # Armenian
    "።": "full stop",  # Ethiopic
    "؟": "question mark",  # Arabic, Persian, Urdu
    "፧": "question mark",  # Ethiopic
}
_FINAL_ENTITY = re.compile(markup.ENTITY.pattern + "$")
#: Languages whose ";" is their question mark.
_SEMICOLON_QUESTION = frozenset({"el"})


def _end(text: str, lang: str | None) -> tuple[str | None, int, int]:
    """The kind of the text's final punctuation mark (None when it has none) and its span
    (or, without one, the span of the last character); ``lang`` is the text's language.
    A final character reference counts as the character it stands for: ``&hellip;`` is an
    ellipsis, ``&gt;`` no mark, ``&nbsp;`` a space."""
    stripped = text.rstrip()
    core = stripped.rstrip(_CLOSERS + " \u3000")  # "。 ”" in tokenised text too
    while (entity := _FINAL_ENTITY.search(core)) is not None:
        character = html.unescape(entity.group(0))
        if not character.isspace():
            return _END_MARKS.get(character), entity.start(), entity.end()
        core = core[: entity.start()].rstrip(_CLOSERS + " \u3000")
    if not core:
        last = max(len(stripped) - 1, 0)
        return None, last, last + 1
    if core.endswith("..."):
        return "ellipsis", len(core) - 3, len(core)
    last = core[-1]
    if last == ";" and lang in _SEMICOLON_QUESTION:
        return "question mark", len(core) - 1, len(core)
    return _END_MARKS.get(last), len(core) - 1, len(core)


@check(
    "B201",
    "end-punctuation-mismatch",
    "fluency/punctuation",
    Severity.MINOR,
    requires=("source",),
    languages=None,
)
def end_punctuation_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """The translation ends with other punctuation than its source (or with none, or the reverse).

    Compared by kind, so a Chinese "。" and an English "." agree, as do "？", "؟" and "?" (and
    a Greek ";", its question mark); closing quotes and brackets after the mark are ignored.

    Okay: [zh-en] 会议结束了。 => The meeting is over.
    Okay: Do you want to save? => Möchten Sie speichern?
    Okay: He said: "Stop." => Er sagte: „Stopp.“
    Okay: [en-el] Do you want to save? => Θέλετε να αποθηκεύσετε;
    Okay: [en-hi] The file was saved. => फ़ाइल सहेजी गई।
    Okay: Use &lt;br&gt; => Verwenden Sie &lt;br&gt;
    Okay: Loading&hellip; => Wird geladen …
    B201: Do you want to save? => Möchten Sie speichern.
    B201: The file was saved. => Die Datei wurde gespeichert
    """
    for unit in analysis.pairs:
        if not unit.source.strip() or not unit.target.strip():
            continue
        source_kind, _, _ = _end(unit.source, analysis.document.source_lang)
        target_kind, start, end = _end(unit.target, analysis.document.target_lang)
        if source_kind == target_kind:
            continue
        want = f"a {source_kind}" if source_kind else "no final punctuation"
        have = f"a {target_kind}" if target_kind else "none"
        if not target_kind:
            end = len(unit.target.rstrip())
            start = max(end - 1, 0)
        yield Hit(
            unit.offset + start,
            unit.offset + end,
            f"The source ends with {want}, the translation with {have}.",
            confidence=0.6,
        )


def _edge(text: str) -> tuple[str, str]:
    body = text.strip()
    if not body:
        return "", ""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead, trail


@check(
    "B202",
    "edge-whitespace-mismatch",
    "fluency/punctuation",
    Severity.MINOR,
    requires=("source",),
    languages=None,
)
def edge_whitespace_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """Leading or trailing spaces (or line breaks) that differ between source and translation.

    Software strings are often concatenated: a lost or added space at either end shows up as
    "Total:5" or a double space on screen. The span is the translation's extra spaces, or
    the point where the source's are missing.

    Okay: Total:\\n => Gesamt:\\n
    B202: Total:\\n => Gesamt:
    B202: Name => \\nName
    """
    for unit in analysis.pairs:
        if not unit.source.strip() or not unit.target.strip():
            continue
        source_lead, source_trail = _edge(unit.source)
        target_lead, target_trail = _edge(unit.target)
        if source_lead != target_lead:
            yield Hit(
                unit.offset,
                unit.offset + len(target_lead),
                f"Leading whitespace {target_lead!r} where the source has {source_lead!r}.",
                confidence=0.8,
                suggestion=source_lead,
            )
        if source_trail != target_trail:
            end = unit.end
            yield Hit(
                end - len(target_trail),
                end,
                f"Trailing whitespace {target_trail!r} where the source has {source_trail!r}.",
                confidence=0.8,
                suggestion=source_trail,
            )


def _first_letter(text: str) -> int | None:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return i
        if ch.isdigit() or ch in "<{%$[(":
            return None  # starts with a number, a code or a placeholder: nothing to compare
    return None


@check(
    "B203",
    "capitalisation-mismatch",
    "fluency/spelling",
    Severity.MINOR,
    requires=("source",),
    languages=None,
)
def capitalisation_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """A capital letter at the start of the source but not of the translation, or lost capitals.

    Reported when the source starts with a capital and the translation with a small letter,
    or when the source is in capitals throughout and the translation is not.

    Only letters that have case count (Chinese has none); a source starting with a small
    letter may get a capital (German nouns), so that direction is not reported.

    Okay: Save the file. => Speichern Sie die Datei.
    Okay: settings => Einstellungen
    B203: Save the file. => speichern Sie die Datei.
    B203: WARNING => Warnung
    """
    for unit in analysis.pairs:
        s, t = _first_letter(unit.source), _first_letter(unit.target)
        if s is None or t is None:
            continue
        source_letter, target_letter = unit.source[s], unit.target[t]
        if not (source_letter.isupper() or source_letter.islower()):
            continue
        if not (target_letter.isupper() or target_letter.islower()):
            continue
        letters = [c for c in unit.source if c.isalpha()]
        target_letters = [c for c in unit.target if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            if not all(c.isupper() for c in target_letters):
                body = unit.target.strip()
                lead = len(unit.target) - len(unit.target.lstrip())
                yield Hit(
                    unit.offset + lead,
                    unit.offset + lead + len(body),
                    "The source is in capitals throughout; the translation is not.",
                    confidence=0.6,
                    suggestion=body.upper(),
                )
            continue
        if source_letter.isupper() and target_letter.islower():
            yield Hit(
                unit.offset + t,
                unit.offset + t + 1,
                "The source starts with a capital letter; the translation does not.",
                confidence=0.7,
                suggestion=target_letter.upper(),
            )
