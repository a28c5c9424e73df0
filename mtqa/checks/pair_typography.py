"""Punctuation, spacing and capitals that differ between a source and its translation
(MQM fluency/punctuation, fluency/spelling)."""

from __future__ import annotations

import functools
import html
import re
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from mtqa import markup, placeholders
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
        final = max(len(stripped) - 1, 0)
        return None, final, final + 1
    if core.endswith("..."):
        return "ellipsis", len(core) - 3, len(core)
    last = core[-1]
    if last == ";" and lang in _SEMICOLON_QUESTION:
        return "question mark", len(core) - 1, len(core)
    return _END_MARKS.get(last), len(core) - 1, len(core)


@check(
    "F401",
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
    F401: Do you want to save? => Möchten Sie speichern«.»
    F401: The file was saved. => Die Datei wurde gespeicher«t»
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
    "F402",
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
    F402: Total:\\n => Gesamt:«»
    F402: Name => «\\n»Name
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


#: Articles written in lowercase at the start of a sentence, before a capital: Afrikaans
#: "'n Fout het voorgekom.", Dutch "'s Morgens", "'t Is klaar".
_LOWERCASE_LEAD = re.compile(r"^\s*['’](?:n|s|t)\s+(?=\w)")
#: Languages whose nouns take a capital anywhere: a capital at the start says nothing.
_CAPITALISED_NOUNS = frozenset({"de", "lb"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _first_letter(text: str) -> int | None:
    lead = _LOWERCASE_LEAD.match(text)
    for i in range(lead.end() if lead else 0, len(text)):
        ch = text[i]
        if ch.isalpha():
            return i
        if ch.isdigit() or ch in "<{%$[(&@":
            return None  # starts with a number, a code or a placeholder: nothing to compare
    return None


@functools.lru_cache(maxsize=1)
def _calendar_names() -> dict[str, frozenset[str]]:
    raw = resources.files("mtqa.data").joinpath("calendar_names.toml").read_text("utf-8")
    return {lang: frozenset(names) for lang, names in tomllib.loads(raw)["names"].items()}


def _sentence(text: str) -> bool:
    """Whether ``text`` reads as a sentence (three words or more and a final full stop,
    question or exclamation mark) rather than a label."""
    body = text.rstrip().rstrip(_CLOSERS)
    return len(_WORD.findall(body)) >= 3 and body[-1:] in ".!?…"


def _calendar_name_lowercase(
    source: str, target: str, s: int, t: int, source_lang: str | None, target_lang: str | None
) -> bool:
    """The source starts with a weekday or month name ("Monday", "Jan") and the translation
    with the target language's name, written in lowercase as that language writes it
    ("lundi", "enero"), in a label rather than a sentence."""
    names = _calendar_names()
    first_source, first_target = _WORD.match(source, s), _WORD.match(target, t)
    if first_source is None or first_target is None or _sentence(target):
        return False
    source_names = {n.lower() for n in names.get(source_lang or "", ())}
    return first_source.group(0).lower() in source_names and first_target.group(0) in names.get(
        target_lang or "", ()
    )


def _cased(letter: str) -> bool:
    return letter.isupper() or letter.islower()


def _capital_added(source: str, target: str, s: int, t: int) -> bool:
    """The source starts with a lowercase word and the translation with a capital that is
    not a name or an acronym it took from the source ("iPhone" -> "IPhone" is still the
    source's word; "of %d pages" -> "De %d pages" is a capital added)."""
    if not (source[s].islower() and target[t].isupper()):
        return False
    first_source = _WORD.match(source, s)
    first_target = _WORD.match(target, t)
    if first_source is None or first_target is None:
        return False
    word = first_target.group(0)
    if not first_source.group(0).islower() or (word.isupper() and len(word) > 1):
        return False
    return word.lower() not in {w.lower() for w in _WORD.findall(source)[1:]}


@check(
    "F403",
    "capitalisation-mismatch",
    "fluency/spelling",
    Severity.MINOR,
    requires=("source",),
    languages=None,
)
def capitalisation_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """A capital at the start of the source and not of the translation, or the reverse; or
    capitals throughout on one side only.

    Reported when the source starts with a capital and the translation with a small letter,
    when the source starts with a small letter (a fragment such as "of %d pages") and the
    translation with a capital, and when one side is in capitals throughout ("WARNING",
    four letters or more for the translation) and the other is not. Only letters that have
    case count (Chinese, Japanese and Arabic have none). A capital added is not reported in
    German (its nouns take one), for a word the source has further on (a name), or for an
    acronym. Afrikaans and Dutch write the article "'n" ("'s", "'t") in lowercase before
    the sentence's capital: the letter after it is the one compared. French, Spanish,
    Italian, Portuguese, Dutch, Polish, Russian and others write weekday and month names
    in lowercase (``mtqa/data/calendar_names.toml``, from CLDR): a label that starts with
    one ("Monday" => "lundi") has lost no capital; a sentence that starts with one still
    takes it.

    Okay: Save the file. => Speichern Sie die Datei.
    Okay: [en-de] settings => Einstellungen
    Okay: [en-af] An error occurred. => 'n Fout het voorgekom.
    Okay: [en-ja] Download complete => ダウンロードが完了しました
    Okay: [en-fr] iCloud settings => Réglages iCloud
    Okay: [en-it] Friday => venerdì
    Okay: [en-pt] March %d => março de %d
    F403: Save the file. => «s»peichern Sie die Datei.
    F403: WARNING => «Warnung»
    F403: [en-fr] of %d pages => «D»e %d pages
    F403: [en-ru] Next => «ДАЛЕЕ»
    F403: [en-af] A new version is available. => 'n «n»uwe weergawe is beskikbaar.
    """
    target_lang = analysis.document.target_lang
    for unit in analysis.pairs:
        s, t = _first_letter(unit.source), _first_letter(unit.target)
        if s is None or t is None:
            continue
        source_letter, target_letter = unit.source[s], unit.target[t]
        if not _cased(source_letter) or not _cased(target_letter):
            continue
        letters = [c for c in unit.source if c.isalpha()]
        target_letters = [c for c in unit.target if c.isalpha()]
        body = unit.target.strip()
        lead = len(unit.target) - len(unit.target.lstrip())
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            if not all(c.isupper() for c in target_letters):
                yield Hit(
                    unit.offset + lead,
                    unit.offset + lead + len(body),
                    "The source is in capitals throughout; the translation is not.",
                    confidence=0.6,
                    suggestion=body.upper(),
                )
            continue
        if (
            len(target_letters) >= 4
            and all(c.isupper() for c in target_letters)
            and any(c.islower() for c in letters)
        ):
            yield Hit(
                unit.offset + lead,
                unit.offset + lead + len(body),
                "The translation is in capitals throughout; the source is not.",
                confidence=0.6,
            )
            continue
        if source_letter.isupper() and target_letter.islower():
            if _calendar_name_lowercase(
                unit.source, unit.target, s, t, analysis.document.source_lang, target_lang
            ):
                continue
            yield Hit(
                unit.offset + t,
                unit.offset + t + 1,
                "The source starts with a capital letter; the translation does not.",
                confidence=0.7,
                suggestion=target_letter.upper(),
            )
        elif target_lang not in _CAPITALISED_NOUNS and _capital_added(
            unit.source, unit.target, s, t
        ):
            yield Hit(
                unit.offset + t,
                unit.offset + t + 1,
                "The source starts with a small letter; the translation with a capital.",
                confidence=0.6,
                suggestion=target_letter.lower(),
            )


#: Quoted spans, tried in this order: a German „…“ closes with “, so it is read before “…”.
#: A ‘…’ closes with a ’ that no letter follows: the ’ of "it’s" inside is an apostrophe.
#: Marks that open and close alike (Swedish and Finnish ”…”, »…», ’…’; straight '…', common
#: in software strings) quote when the opening one follows no letter and the closing one
#: is followed by none: the ' of "don't" and "l'option" is an apostrophe.
#: The scripts that write no apostrophes (Chinese, Japanese, Korean): a ' next to their
#: characters is a quotation mark ("选择'导出'").
_CJK = "\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
#: A letter that an apostrophe may stand next to: a word character of another script.
_LETTER = rf"[^\W{_CJK}]"
_QUOTED = re.compile(
    r"„[^„“”\n]*[“”]|‚[^‚‘’\n]*[‘’]|“[^“”\n]*”|«[^«»\n]*»|»[^»«\n]*«|»[^»«\n]*»|"
    r"‹[^‹›\n]*›|「[^」\n]*」|『[^』\n]*』|\"[^\"\n]*\"|”[^”\n]*”|‘[^‘\n]*?’(?!\w)|"
    rf"(?<!{_LETTER})(?<!')'(?=[^\s'])[^'\n]*?(?<=[^\s'])'(?!{_LETTER})(?!')|"
    rf"(?<!{_LETTER})(?<!’)’(?=\S)[^’\n]*?(?<=\S)’(?!{_LETTER})"
)
_ANY_QUOTE = frozenset('"“”„«»‹›「」『』‚‘')
#: A single ' or ’ that is no apostrophe: a letter is not on both sides of it (nor does it
#: elide a word, as Afrikaans 'n and Dutch ’s, ’t, ’k): a quotation mark, even one left
#: without its partner.
_SINGLE_QUOTE = re.compile(rf"(?<!{_LETTER})['’](?![nstk]\b)|['’](?!{_LETTER})")
_LATIN = ('""', "“”")
#: Straight quotes, accepted in every language: software strings often keep them.
_STRAIGHT = frozenset({'""', "''"})
#: The quotation marks each language uses (opening and closing), straight ones included,
#: since software strings often keep them; languages not listed are not checked.
_CONVENTIONS: dict[str, tuple[str, ...]] = {
    "en": ('""', "“”", "‘’"),
    "de": ('""', "„“", "‚‘", "»«", "«»", "‹›", "›‹"),  # «» in Switzerland
    "fr": ('""', "«»", "“”", "‹›"),
    "ru": ('""', "«»", "„“"),
    "uk": ('""', "«»", "„“"),
    "be": ('""', "«»", "„“"),
    "bg": ('""', "„“", "«»"),
    "pl": ('""', "„”", "„“", "«»", "»«", "‚’"),
    "cs": ('""', "„“", "»«", "‚‘"),
    "sk": ('""', "„“", "»«", "‚‘"),
    "hu": ('""', "„”", "»«"),
    "ro": ('""', "„”", "«»"),
    "nl": ('""', "“”", "„”", "‘’"),
    "af": ('""', "“”", "‘’", "„”"),
    "es": ('""', "«»", "“”", "‘’"),
    "it": ('""', "«»", "“”", "‘’"),
    "pt": ('""', "«»", "“”", "‘’"),
    "ja": ('""', "「」", "『』", "“”"),
    "zh": ('""', "“”", "‘’", "「」", "『』"),
    "ar": ('""', "«»", "“”"),
    "fa": ('""', "«»", "“”"),
}


def _outside_markup(text: str) -> str:
    """``text`` with its tags, placeholders and links blanked out (same length): the quotes
    around an attribute's value (``<a href="/help">``) are markup, not quotation marks."""
    chars = list(text)
    for start, end in placeholders.spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _has_quotes(text: str) -> bool:
    """Whether ``text`` has a quotation mark outside its markup, paired or not.

    >>> _has_quotes("액세스 권한을 부여하려면 '허용'을 탭하세요."), _has_quotes("Ouvrir l’option")
    (True, False)
    """
    plain = _outside_markup(text)
    return any(ch in _ANY_QUOTE for ch in plain) or bool(_SINGLE_QUOTE.search(plain))


def _quoted(text: str) -> list[tuple[int, int, str]]:
    """The quoted spans of ``text`` outside its markup: (start, end, opening and closing
    mark)."""
    return [
        (m.start(), m.end(), m.group(0)[0] + m.group(0)[-1])
        for m in _QUOTED.finditer(_outside_markup(text))
    ]


@check(
    "L102",
    "quote-mismatch",
    "locale convention/other",
    Severity.MINOR,
    requires=("source",),
    languages=None,
)
def quote_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """Quotation marks that went missing, or that are not the target language's.

    A source with a quoted span (a button name, a file name) whose translation has no
    quotation marks at all has lost them; a quoted span in the translation written with
    marks the target language does not use (English “…” in German, which writes „…“ or
    »…«; “…” in Russian, which writes «…») is reported too. Straight quotes ("...") are
    accepted in every language: software strings often keep them, single ones too ('...',
    as Korean and Chinese UI text often writes), and a translation that has them has not
    lost its quotes. Single quotes ‘…’ (Dutch, English) are quotation marks; a ’ or ' with a
    letter on both sides is an apostrophe. Quotes inside tags and placeholders
    (``<a href="/help">``) are markup, not quotations. Languages whose conventions are not
    in the table are not checked for the second kind.

    Okay: [en-de] Tap "Done" when finished. => Tippen Sie auf „Fertig“, wenn Sie fertig sind.
    Okay: [en-fr] Tap "Done" when finished. => Appuyez sur « Terminé » une fois fini.
    Okay: [en-ja] Tap "Done" when finished. => 完了したら「完了」をタップします。
    Okay: [en-nl] Tap "Done" when finished. => Tik op ‘Gereed’ als u klaar bent.
    Okay: [en-fr] See <a href="/faq">the FAQ</a>. => Consultez <a href="/faq">la FAQ</a>.
    Okay: [en-ko] Tap "Done" when finished. => 완료되면 '완료'를 탭하세요.
    Okay: [en-de] Tap "Done" when finished. => Tippen Sie auf 'Fertig', wenn Sie fertig sind.
    L102: [en-de] Tap "Done" when finished. => Tippen Sie auf «“Fertig”», wenn Sie fertig sind.
    L102: [en-fr] Tap "Done" when finished. => «Appuyez sur Terminé une fois fini.»
    """
    conventions = _CONVENTIONS.get(analysis.document.target_lang)
    for unit in analysis.pairs:
        if not unit.target.strip():
            continue
        source_quotes = _quoted(unit.source)
        target_quotes = _quoted(unit.target)
        if source_quotes and not target_quotes and not _has_quotes(unit.target):
            body = unit.target.strip()
            lead = len(unit.target) - len(unit.target.lstrip())
            yield Hit(
                unit.offset + lead,
                unit.offset + lead + len(body),
                "The source quotes "
                + ", ".join(unit.source[s:e] for s, e, _ in source_quotes)
                + "; the translation has no quotation marks.",
                confidence=0.5,
            )
            continue
        if conventions is None:
            continue
        for start, end, marks in target_quotes:
            if marks in _STRAIGHT or (marks == "’’" and "‘’" in conventions):
                continue
            if marks not in conventions:
                usual = " or ".join(f"{m[0]}…{m[1]}" for m in conventions if m not in _STRAIGHT)
                yield Hit(
                    unit.offset + start,
                    unit.offset + end,
                    f"{marks[0]}…{marks[1]} is not how {analysis.document.target_lang} "
                    f"quotes; it writes {usual}.",
                    confidence=0.5,
                )


_OPENING = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】"}
_CLOSING = {close: open_ for open_, close in _OPENING.items()}


@dataclass(frozen=True)
class _Brackets:
    """A text's bracket pairs by kind and the kind of the pair around each ("" at the top),
    and the first closing bracket that closes another kind than the innermost open one."""

    nesting: Counter[tuple[str, str]]
    crossed: int | None


def _brackets(text: str) -> _Brackets:
    skipped = {i for start, end in placeholders.spans(text) for i in range(start, end)}
    stack: list[str] = []
    nesting: Counter[tuple[str, str]] = Counter()
    crossed = None
    for i, ch in enumerate(text):
        if i in skipped:
            continue
        if ch in _OPENING:
            stack.append(ch)
        elif ch in _CLOSING:
            if stack and stack[-1] == _CLOSING[ch]:
                stack.pop()
                nesting[(_CLOSING[ch], stack[-1] if stack else "")] += 1
            elif _CLOSING[ch] in stack:
                crossed = i if crossed is None else crossed
                del stack[len(stack) - 1 - stack[::-1].index(_CLOSING[ch])]
    return _Brackets(nesting, crossed)


@check(
    "F404",
    "bracket-mismatch",
    "fluency/punctuation",
    Severity.MINOR,
    requires=("source",),
    languages=None,
)
def bracket_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """Brackets nested the other way round from the source's, or crossed.

    "[name (A–Z)]" translated as "(nom [A–Z])" swaps the kinds of brackets, and "([...)]"
    closes them in the wrong order. Both are reported here rather than as unbalanced
    (F106): every bracket has its partner, only their order is wrong. Pairs moved about
    without nesting ("(a) [b]" -> "[b] (a)") are fine; brackets inside placeholders do not
    count.

    Okay: [en-fr] Sort by [name (A–Z)] => Trier par [nom (A–Z)]
    Okay: [en-de] See (1) and [2]. => Siehe [2] und (1).
    F404: [en-fr] Sort by [name (A–Z)] => Trier par (nom «[»A–Z])
    F404: [en-de] Size [in (bytes)] => Größe [in (Bytes«]»)
    """
    for unit in analysis.pairs:
        if not any(ch in _CLOSING for ch in unit.target):
            continue
        source, target = _brackets(unit.source), _brackets(unit.target)
        if source.crossed is None and target.crossed is not None:
            i = target.crossed
            yield Hit(
                unit.offset + i,
                unit.offset + i + 1,
                f"'{unit.target[i]}' closes before the bracket opened inside it; the source's "
                "brackets nest properly.",
                confidence=0.7,
            )
        elif (
            source.crossed is None
            and sum(source.nesting.values()) == sum(target.nesting.values())
            and {k for k, _ in source.nesting} == {k for k, _ in target.nesting}
            and source.nesting != target.nesting
        ):
            inverted = [k for k in target.nesting if target.nesting[k] > source.nesting[k]]
            kind, outer = inverted[0]
            start = next(i for i, ch in enumerate(unit.target) if ch == kind)
            yield Hit(
                unit.offset + start,
                unit.offset + start + 1,
                f"'{kind}' is nested inside '{outer or 'nothing'}' here, not as in the source.",
                confidence=0.6,
            )
