"""Typography and punctuation checks (MQM fluency/punctuation, fluency/grammar)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa import verbatim
from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check

_LETTERS = "A-Za-z\u00c0-\u024f"
_MISSING_SPACE = re.compile(
    rf"(?<![\w./@:&#{{-])([{_LETTERS}]{{2,}})([,;:!?]|\.(?=[A-Z][a-z]))([{_LETTERS}]{{2,}})"
)
_WEB_LIKE = re.compile(r"(https?:|www\.|@|\.(com|org|net|gov|edu|io|co|uk|de|html?)\b)", re.I)
_EXTRA_SPACES = re.compile(r"(?<=\S)[ \t\u00a0]{2,}(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=\w)[ \t\u00a0]+([,.;:!?])(?=\s|$)")
_DOUBLED_PUNCT = re.compile(r",{2,}|;{2,}|:{2,}|(?<!\.)\.\.(?!\.)|,\.|\s\.(?=\s)|[!?][.,]")
_REPEATED = re.compile(r"(?<!\w)([^\W\d_]+)([ \t\u00a0]+)(\1)(?!\w)", re.IGNORECASE)
#: Words that grammar allows twice in a row mid-sentence, per language: a relative or
#: demonstrative after a word of the same form ("that that", "die, die" without its comma,
#: "dat dat") joins two phrases, so something comes before it: at the start of a sentence
#: ("Die die Datei...") the repeat is an error.
_ALLOWED_MID_SENTENCE: dict[str, frozenset[str]] = {
    "en": frozenset({"had", "that", "is"}),
    "de": frozenset({"die", "der", "das", "sie"}),
    "nl": frozenset({"dat", "die"}),
}
#: Words allowed twice anywhere: interjections and intensifiers ("Bye bye", "Very very
#: good"), and French reflexives, which start sentences ("Nous nous sommes vus").
_ALLOWED_REPEATS: dict[str, frozenset[str]] = {
    "en": frozenset({"bye", "so", "very", "ha", "no"}),
    "de": frozenset({"ha"}),
    "fr": frozenset({"nous", "vous", "ha"}),
    "es": frozenset({"ja"}),
    "it": frozenset({"ah"}),
}
#: Languages that repeat words to make meaning (Turkish "yavaş yavaş", Hindi "धीरे धीरे",
#: Persian "کم کم", Indonesian, Vietnamese...) or write no spaces: not checked. Korean
#: writes spaces between words and joins its reduplications ("빨리빨리"), so it is checked.
_REDUPLICATING = frozenset(
    {"tr", "hi", "bn", "ur", "fa", "id", "ms", "tl", "vi", "th", "zh", "ja", "sw", "mr"}
)
_SENTENCE_END = ".!?…。！？"
_OPENERS = "\"'“‘„‚«»‹›([{¿¡"


def _starts_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins a sentence: at the start of the text or of a line,
    or after a sentence's final mark (opening quotes and brackets between do not count)."""
    before = text[:start].rstrip(" \t\u00a0" + _OPENERS)
    return not before or before[-1] in _SENTENCE_END or "\n" in text[len(before) : start]


_QUOTE_PAIRS = {
    "“": "”",
    "‘": "’",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "„": "“”",
    "‚": "‘’",
}
#: Languages whose quotes open and close with the same mark: Swedish and Finnish ”…” and
#: »…» (a » may also close with «, as elsewhere). The single ’…’ is left to the apostrophe.
_SAME_MARK_QUOTES = {"sv": {"”": "”", "»": "»«"}, "fi": {"”": "”", "»": "»«"}}
_BRACKETS = {"(": ")", "[": "]", "{": "}"}


@check(
    "F101",
    "missing-space-after-punctuation",
    "fluency/punctuation",
    Severity.MINOR,
    scope="text",
    languages=None,
)
def missing_space_after_punctuation(analysis: Analysis) -> Iterator[Hit]:
    """A comma, colon, semicolon or full stop glued to the next word.

    Scraped or badly segmented text loses the space after punctuation ("Read:Serbia").
    Web addresses, e-mail addresses, decimals, times and date or time patterns
    ("HH:mm", "dd.MM.yyyy", which A303 accepts unchanged too) are not flagged.

    Okay: Read: Serbia and Kosovo reach an agreement.
    Okay: See www.example.com or write to press@example.org for details.
    Okay: The ratio was 3:1 at 9:30.
    Okay: Use &lt;strong&gt; for bold and the format HH:mm:ss for times.
    Okay: Zeitformat: HH:mm
    F101: «Read:Serbia» and Kosovo reach free movement agreement
    F101: The talks «ended,and» nobody spoke.
    """
    text = analysis.text
    # The space before a match and the whitespace after it are looked for from where the
    # previous match's search stopped, and a token is tested once however many matches it
    # holds, so that a long text without spaces is read once, not once per match.
    last_space, searched = -1, 0
    token_end = 0
    web_like: tuple[int, int, bool] = (-1, -1, False)
    for match in _MISSING_SPACE.finditer(text):
        found = text.rfind(" ", searched, match.start())
        last_space, searched = max(last_space, found), match.start()
        token_start = last_space + 1
        token_end = max(token_end, match.end())
        while token_end < len(text) and not text[token_end].isspace():
            token_end += 1
        if web_like[:2] != (token_start, token_end):
            found_web = bool(_WEB_LIKE.search(text, token_start, token_end))
            web_like = (token_start, token_end, found_web)
        if web_like[2]:
            continue
        left, mark, right = match.group(1), match.group(2), match.group(3)
        if text.count(mark, token_start, token_end) > 1:
            continue  # a code such as "HH:mm:ss" or "a,b,c", not words glued together
        if verbatim.in_date_pattern(text, match.start(), match.end()):
            continue  # "HH:mm", "dd.MM"
        yield Hit(
            match.start(),
            match.end(),
            f"No space after '{mark}' in '{match.group(0)}'.",
            confidence=0.9,
            suggestion=f"{left}{mark} {right}",
        )


@check("F102", "extra-spaces", "fluency/punctuation", Severity.MINOR, scope="text", languages=None)
def extra_spaces(analysis: Analysis) -> Iterator[Hit]:
    """Two or more spaces between words.

    Okay: The talks ended. Nobody spoke.
    F102: The talks«  »ended.
    """
    for match in _EXTRA_SPACES.finditer(analysis.text):
        yield Hit(
            match.start(), match.end(), "Several spaces in a row.", confidence=0.95, suggestion=" "
        )


@check("F103", "space-before-punctuation", "fluency/punctuation", Severity.MINOR, scope="text")
def space_before_punctuation(analysis: Analysis) -> Iterator[Hit]:
    """A space before a comma, full stop, colon, semicolon, question or exclamation mark.

    English puts no space there (French does before some marks; this check is for English).

    Okay: He left, and she stayed.
    F103: He left« ,» and she stayed.
    F103: Who knows« ?»
    """
    for match in _SPACE_BEFORE.finditer(analysis.text):
        yield Hit(
            match.start(),
            match.end(),
            f"Space before '{match.group(1)}'.",
            confidence=0.85,
            suggestion=match.group(1),
        )


@check(
    "F104",
    "doubled-punctuation",
    "fluency/punctuation",
    Severity.MINOR,
    scope="text",
    languages=None,
)
def doubled_punctuation(analysis: Analysis) -> Iterator[Hit]:
    """Punctuation marks doubled or stacked: ",,", "..", ",.", "?.".

    An ellipsis ("...") is not flagged.

    Okay: He waited... and waited.
    Okay: Apples, pears, etc., were sold.
    F104: He left«,,» and she stayed.
    F104: The war is over«..»
    """
    for match in _DOUBLED_PUNCT.finditer(analysis.text):
        marks = match.group(0).strip()
        start = match.start() + match.group(0).index(marks)
        yield Hit(start, start + len(marks), f"Doubled punctuation '{marks}'.", confidence=0.85)


def _unbalanced(
    text: str, start: int, end: int, pairs: dict[str, str], crossing: bool = False
) -> Iterator[int]:
    """Marks of ``pairs`` (each opening mark and the marks that may close it) without a
    partner; a mark that may open or close ("“" closes a German „ and opens an English
    quote) closes when it can. With ``crossing``, a closing mark whose opening one is open
    further out ("([)]") has a partner: the order is wrong, not the balance (F404 reports
    that against the source)."""
    closing = {c for closers in pairs.values() for c in closers}
    stack: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if stack and ch in pairs[text[stack[-1]]]:
            stack.pop()
        elif ch in pairs:
            stack.append(i)
        elif ch in closing:
            if crossing and any(ch in pairs[text[j]] for j in stack):
                partner = max(k for k, j in enumerate(stack) if ch in pairs[text[j]])
                del stack[partner]
            elif ch == "’":  # also the apostrophe: only an opening ‘ can be unmatched
                continue
            else:
                yield i
    yield from stack


@check(
    "F105",
    "unbalanced-quotes",
    "fluency/punctuation",
    Severity.MINOR,
    scope="sentence",
    languages=None,
)
def unbalanced_quotes(analysis: Analysis) -> Iterator[Hit]:
    """An opening quotation mark with no closing one in its paragraph, or the reverse.

    Each language's pairs count: „…“ and »…« (German), „…” (Polish, Hungarian, Romanian),
    «…» and ‹…›, the single ‚…‘, ‚…’ and ‘…’, and in Swedish and Finnish ”…” and »…»,
    which open and close with the same mark. Straight double quotes are flagged when a
    paragraph has an odd number of them.

    Okay: The White House says it has “communicated directly” with Moscow.
    Okay: Wounded soldiers ‘abandoned’ as Putin’s forces flee Kherson
    Okay: Kliknij „Zapisz”, aby zachować zmiany.
    Okay: Wählen Sie »Drucken« und dann ‚Alle Seiten‘.
    Okay: [en-sv] Tap "Save". => Tryck på ”Spara” eller »Avbryt».
    F105: The White House says it has «“»communicated directly with Moscow.
    F105: He said «"»we will win.
    F105: [en-fi] Tap "Save". => Napauta «”»Tallenna.
    """
    text = analysis.text
    pairs = _QUOTE_PAIRS | _SAME_MARK_QUOTES.get(analysis.document.target_lang, {})
    for block in analysis.blocks:
        for i in _unbalanced(text, block.start, block.end, pairs):
            yield Hit(i, i + 1, f"Unbalanced quotation mark '{text[i]}'.", confidence=0.7)
        straight = [i for i in range(block.start, block.end) if text[i] == '"']
        if len(straight) % 2:
            i = straight[-1]
            yield Hit(
                i, i + 1, "Odd number of straight quotation marks in the paragraph.", confidence=0.6
            )


@check(
    "F106",
    "unbalanced-brackets",
    "fluency/punctuation",
    Severity.MINOR,
    scope="sentence",
    languages=None,
)
def unbalanced_brackets(analysis: Analysis) -> Iterator[Hit]:
    """A bracket or parenthesis with no partner in its paragraph.

    List markers such as "1)" or "a)" at the start of a paragraph are not flagged, nor are
    brackets that all have partners but close in the wrong order ("([...)]"; F404 compares
    that with the source).

    Okay: The alliance (NATO) met in Brussels.
    Okay: 1) Open the file.
    F106: The alliance «(»NATO met in Brussels.
    F106: The alliance NATO«)» met in Brussels.
    """
    text = analysis.text
    for block in analysis.blocks:
        marker = re.match(r"\s*(\w{1,3}\))", text[block.start : block.end])
        first = block.start + (marker.end() if marker else 0)
        for i in _unbalanced(text, first, block.end, _BRACKETS, crossing=True):
            yield Hit(i, i + 1, f"Unbalanced bracket '{text[i]}'.", confidence=0.75)


@check("F107", "repeated-word", "fluency/grammar", Severity.MINOR, scope="text", languages=None)
def repeated_word(analysis: Analysis) -> Iterator[Hit]:
    """The same word twice in a row ("the the", "die die", "les les"), in any language.

    Words that grammar allows twice are not flagged: "had had" and "that that" in English
    and "die die" in German mid-sentence (at the start of a sentence, "Die die Datei..." is
    an error), "nous nous" in French anywhere (as in "Nous nous sommes vus"), interjections
    such as "bye bye"; languages that repeat words to make meaning (Turkish "yavaş yavaş",
    Hindi, Persian, Indonesian, Vietnamese...) or write without spaces are not checked.
    Korean, which writes spaces between words, is.

    Okay: He said that that was enough.
    F107: «The the» war is over.
    F107: Russia «will will» respond.
    """
    lang = analysis.document.target_lang
    if lang in _REDUPLICATING:
        return
    allowed = _ALLOWED_REPEATS.get(lang, frozenset())
    mid_sentence = _ALLOWED_MID_SENTENCE.get(lang, frozenset())
    text = analysis.text
    for match in _REPEATED.finditer(text):
        word = match.group(1)
        if word.lower() in allowed:
            continue
        if word.lower() in mid_sentence and not _starts_sentence(text, match.start()):
            continue
        yield Hit(
            match.start(), match.end(), f"Repeated word '{word}'.", confidence=0.9, suggestion=word
        )
