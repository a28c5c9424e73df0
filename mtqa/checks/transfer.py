"""What a translation must carry over from its source: numbers, placeholders, tags, links.

These checks compare each source segment with its translation (a bilingual file's units, a
feed record's ``source``, or an article's aligned sentences; MQM accuracy/mistranslation,
locale conventions, markup).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator

from mtqa import markup, numbers, placeholders, verbatim
from mtqa.analysis import Analysis
from mtqa.document import Unit
from mtqa.findings import Hit, Severity
from mtqa.registry import check

#: Words before a version number ("Version 2.0", "iOS 17.4"), which keeps its dots in
#: every language.
_VERSION_BEFORE = re.compile(
    r"(?i)\b(?:version|versión|versione|versão|v|ver|release|build|update|ios|ipados|macos|"
    r"android|windows|python|java|php|node|chrome|firefox|edge|safari|bluetooth|wi-?fi|usb|"
    r"hdmi|http|https|tls|ssl|oauth|html|css|ipv|opengl|directx|unicode|api|sdk|gtk|qt|kde|gnome)\.?\s*$"
)
_DOTTED_CHAIN = re.compile(r"^\.\d")


def _looks_like_a_version(text: str, start: int, end: int) -> bool:
    """The number at ``text[start:end]`` follows a version word or is part of ``1.2.3``."""
    if _VERSION_BEFORE.search(text[max(0, start - 20) : start]):
        return True
    before = text[max(0, start - 2) : start]
    return bool(_DOTTED_CHAIN.match(text[end : end + 2])) or (
        len(before) == 2 and before[1] == "." and before[0].isdigit()
    )


#: Languages that write a decimal point (the others here write a decimal comma).
_DECIMAL_POINT = frozenset({"en", "zh", "ja", "ko", "he", "th", "hi", "ms", "ga", "mt"})
_DECIMAL_COMMA = frozenset(
    {
        "de",
        "fr",
        "es",
        "it",
        "pt",
        "nl",
        "ru",
        "pl",
        "cs",
        "sk",
        "sv",
        "da",
        "fi",
        "nb",
        "no",
        "tr",
        "ro",
        "hu",
        "uk",
        "bg",
        "hr",
        "sl",
        "el",
        "lt",
        "lv",
        "et",
        "id",
        "vi",
        "ca",
    }
)


def decimal_mark(lang: str | None) -> str | None:
    if lang in _DECIMAL_POINT:
        return "."
    if lang in _DECIMAL_COMMA:
        return ","
    return None


#: Languages that write the percent sign before the number (CLDR: Turkish "%15", Basque
#: "% 15", Kurdish "%15"): there "%15" is fifteen percent, not a Qt placeholder.
_PERCENT_FIRST = frozenset({"tr", "eu", "ku"})
_PERCENT_AFTER = re.compile(r"(?<![\w.,%])(\d+(?:[.,]\d+)?)[ \u00a0\u202f]?[%\u066a٪]")
_PERCENT_BEFORE = re.compile(r"(?<![\w%])[%\u066a٪][ \u00a0\u202f]?(\d+(?:[.,]\d+)?)(?![\w$%])")


def percentages_first(text: str, lang: str | None, other: str) -> list[tuple[int, int]]:
    """Percentages of ``text`` (in ``lang``) written with the sign first ("%15") where the
    language writes them so and the ``other`` side of the pair has a percentage ("15%") and
    not the same text (a placeholder there): numbers, not Qt placeholders. (When
    the values differ, "%51" for "15%", that is a number changed, which A301 reports.)

    >>> percentages_first("İndirim: %15", "tr", "Discount: 15%")
    [(9, 12)]
    >>> percentages_first("Sayfa %1 / %2", "tr", "Page %1 of %2")
    []
    """
    if lang not in _PERCENT_FIRST or not _PERCENT_BEFORE.search(text):
        return []
    if not _PERCENT_AFTER.search(other):
        return []
    return [
        match.span()
        for match in _PERCENT_BEFORE.finditer(text)
        if not re.search(rf"(?<![\w%]){re.escape(match.group(0))}(?!\d)", other)
    ]


def _spans(text: str, lang: str | None, other: str) -> list[tuple[int, int]]:
    """What numbers leave alone in ``text``: its placeholders, less the percentages written
    sign first in a language that writes them so."""
    percentages = percentages_first(text, lang, other)
    return [
        (start, end)
        for start, end in placeholders.spans(text)
        if not any(s <= start and end <= e for s, e in percentages)
    ]


def _quantities(
    unit: Unit, source_lang: str | None = None, target_lang: str | None = None
) -> tuple[list[numbers.Quantity], list[numbers.Quantity]]:
    source = numbers.find(unit.source, _spans(unit.source, source_lang, unit.target))
    target = numbers.find(unit.target, _spans(unit.target, target_lang, unit.source))
    return source, target


def _whole(unit: Unit) -> tuple[int, int]:
    return unit.offset, unit.end


@check(
    "A301",
    "number-mismatch",
    "accuracy/mistranslation",
    Severity.MAJOR,
    requires=("source",),
    languages=None,
)
def number_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """A number, amount, date or time of the source that the translation changed or lost.

    Formats do not matter: 1,000.5 and 1.000,5 and 1 000,5 are the same value, and so are
    "14. März 2025" and "14 March 2025", "21:30 Uhr" and "9:30 pm", "1,2万" and "12,000",
    "3 Millionen" and "3 million"; an amount with a scale word may be rounded (329.29万,
    "3.293 million"). A version or other dotted number (3.2.1, 192.168.0.1) is one number,
    compared whole, so parts that changed places inside it are a change; a date's parts
    (14.03.2025) may take the order of the locale, and separate numbers may change places
    as the language's word order asks ("Step 3 of 5", "5단계 중 3단계"). A number written as a word ("six", "sechs", "六") or a
    month name confirms a number of the other side but is never reported itself. Numbers
    inside placeholders, tags and web addresses are left to M101/A302. The span is the
    translation's number that has no partner in the source; when the translation simply
    lacks a number, the span is the unit's whole target (or a point when it is empty).
    Two omissions and additions translators make on purpose are minor: a year added to a
    date ("7月26日" as "July 26, 2020") and a day of the month left out ("26日").

    Okay: [de-en] Der Umsatz stieg auf 1.000,5 Millionen Euro. => Revenue rose to 1,000.5 million euros.
    Okay: [de-en] Am 14. März 2025 um 21:30 Uhr. => On 14 March 2025 at 9:30 pm.
    Okay: [zh-en] 当地已转移群众1.2万人。 => Local authorities have evacuated 12,000 people.
    Okay: [zh-en] 上世纪80年代的影片。 => A film of the 1980s.
    Okay: [en-tr] Storage is 85% full. => Depolama alanı %85 dolu.
    Okay: [en-ko] Step 3 of 5 => 5단계 중 3단계
    A301: [en-de] Update to version 4.1.2 now. => Jetzt auf Version «4.2.1» aktualisieren.
    A301: [de-en] Die Sitzung beginnt um 9:30 Uhr. => The meeting starts at «10:30».
    A301: [de-en] Er zahlte 1.500 Euro für 3 Tickets. => He paid «1,050» euros for 3 tickets.
    A301: [fr-en] Le projet coûtera 40 millions d'euros. => «The project will cost millions of euros.»
    """
    for unit in analysis.pairs:
        if not unit.source.strip() or not unit.target.strip():
            continue
        source, target = _quantities(
            unit, analysis.document.source_lang, analysis.document.target_lang
        )
        mismatch = _without_decades(unit, numbers.compare(source, target))
        if not mismatch.missing and not mismatch.added:
            continue
        lost = ", ".join(unit.source[q.start : q.end] for q in mismatch.missing)
        for q in mismatch.added:
            text = unit.target[q.start : q.end]
            kind = "time" if q.kind == "time" else "number"
            if not mismatch.missing and _year_of_a_date(unit.target, q):
                yield Hit(
                    unit.offset + q.start,
                    unit.offset + q.end,
                    f"The year {text!r} is not in the source: a translator often adds the "
                    "year to a date, but check that it is the right one.",
                    confidence=0.5,
                    severity=Severity.MINOR,
                )
                continue
            message = f"The {kind} {text!r} is not in the source"
            message += f" (the source has {lost})." if lost else "."
            yield Hit(unit.offset + q.start, unit.offset + q.end, message, confidence=0.8)
        if mismatch.missing and not mismatch.added:
            start, end = _whole(unit)
            days_only = all(_day_of_month(unit.source, q) for q in mismatch.missing)
            yield Hit(
                start,
                end,
                f"The source's {lost} is missing from the translation"
                + (
                    " (a day of the month: the date may be clear from the context)."
                    if days_only
                    else "."
                ),
                confidence=0.5 if days_only else 0.7,
                evidence=f"source: {unit.source[:200]}",
                severity=Severity.MINOR if days_only else None,
            )


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
#: A day and month written just before a year: "July 26, ", "26th July ", "July 26th, ".
_DATE_BEFORE_YEAR = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}),?\s*$"
)
#: A decade written with its century: "1980s", "1980's", "the 1980’s".
_DECADE = re.compile(r"^(?:19|20)\d0$")
_DECADE_AFTER = re.compile(r"^['’]?s\b")


def _year_of_a_date(text: str, q: numbers.Quantity) -> bool:
    """Whether ``q`` is a year written right after a day and month ("July 26, 2020")."""
    written = text[q.start : q.end]
    if not (len(written) == 4 and written.isdigit() and 1900 <= int(written) <= 2099):
        return False
    return bool(_DATE_BEFORE_YEAR.search(text[max(0, q.start - 24) : q.start]))


def _day_of_month(text: str, q: numbers.Quantity) -> bool:
    """Whether a source number is a day of the month in Chinese or Japanese ("26日")."""
    return text[q.end : q.end + 1] in {"日", "号", "號"} and text[q.start : q.end].isdigit()


def _without_decades(unit: Unit, mismatch: numbers.Mismatch) -> numbers.Mismatch:
    """``mismatch`` less each decade written with its century in the translation ("the
    1980s") that pairs with the source's decade without it (上世纪80年代: "the '80s")."""
    missing = list(mismatch.missing)
    added = []
    for q in mismatch.added:
        written = unit.target[q.start : q.end]
        partner = None
        if _DECADE.match(written) and _DECADE_AFTER.match(unit.target[q.end : q.end + 3]):
            partner = next(
                (m for m in missing if unit.source[m.start : m.end] == written[2:]), None
            )
        if partner is None:
            added.append(q)
        else:
            missing.remove(partner)
    return numbers.Mismatch(tuple(missing), tuple(added))


@check(
    "L101",
    "number-format",
    "locale convention/number format",
    Severity.MINOR,
    requires=("source",),
    languages=None,
)
def number_format(analysis: Analysis) -> Iterator[Hit]:
    """A number left in the source language's format, which reads differently in the target.

    German "1.500" is fifteen hundred; in English "1.500" is one and a half. When the
    translation keeps the source's decimal comma or grouping full stop, a reader of the
    target language gets another number (or an unusual format). Applies when both
    languages' decimal marks are known and differ. A number that reads, in the target's
    format, as one of the source's values is correct, and version numbers ("Version 2.0",
    "1.2.3") and CSS lengths ("1.5em", "0.75rem") keep their dots in every language.

    Okay: [de-en] Er zahlte 1.500 Euro. => He paid 1,500 euros.
    Okay: Only 1 in 1,000 users is affected. => Nur 1 von 1.000 Nutzern ist betroffen.
    Okay: Up to 5k users. => Bis zu 5.000 Nutzer.
    Okay: Version 2.0 is out. => Version 2.0 ist da.
    Okay: [en-fr] Line height: 1.25rem => Hauteur de ligne : 1.25rem
    L101: [de-en] Er zahlte 1.500 Euro. => He paid «1.500» euros.
    L101: [de-en] Die Quote lag bei 3,5 Prozent. => The rate was «3,5» percent.
    """
    document = analysis.document
    source_mark = decimal_mark(document.source_lang)
    target_mark = decimal_mark(document.target_lang)
    if source_mark is None or target_mark is None or source_mark == target_mark:
        return
    for unit in analysis.pairs:
        source, target = _quantities(unit, document.source_lang, document.target_lang)
        source_values = {
            value
            for q in source
            if q.kind == "number"
            and (value := numbers.read_as(unit.source[q.start : q.end], source_mark)) is not None
        }
        # what the source's numbers mean in its own format, scaled ones ("5k") included
        meant = source_values | {v for q in source if q.rounded for v in q.values}
        for q in target:
            if q.kind != "number" or not q.reportable:
                continue
            token = unit.target[q.start : q.end]
            as_target = numbers.read_as(token, target_mark)
            as_source = numbers.read_as(token, source_mark)
            if as_source is None or as_source not in source_values or as_target == as_source:
                continue
            if as_target is not None and as_target in meant:
                continue  # correctly written for the target: "1 in 1,000" -> "1 von 1.000"
            if _looks_like_a_version(unit.target, q.start, q.end):
                continue
            if verbatim.css_length_at(unit.target, q.start, q.end):
                continue  # "1.5em" is code: A303 accepts it unchanged too
            if as_target is None and not any(c in token for c in ".,"):
                continue
            meaning = "is not a valid number" if as_target is None else f"reads as {as_target:g}"
            fixed = numbers.write(as_source, target_mark)
            yield Hit(
                unit.offset + q.start,
                unit.offset + q.end,
                f"{token!r} is in the source's number format: in {document.target_lang} "
                f"it {meaning}, not {as_source:g}.",
                confidence=0.85,
                suggestion=fixed,
            )


def settings_of(analysis: Analysis) -> placeholders.Settings:
    return analysis.localization or placeholders.DEFAULT


def found_in(analysis: Analysis, unit: Unit, side: str) -> list[placeholders.Placeholder]:
    """The placeholders, tags and links of the unit's ``side`` ("source" or "target"), in
    the dialects that apply to the unit; a percentage written sign first ("%15" in Turkish
    for the source's "15%") is a number, not one of them."""
    text, other = (unit.source, unit.target) if side == "source" else (unit.target, unit.source)
    settings = settings_of(analysis)
    document = analysis.document
    found = placeholders.find(
        text,
        placeholders.dialects_for(settings, document.path, unit.notes),
        translatable=settings.translatable_attributes,
        inline_codes=placeholders.inline_format(document.path),
    )
    lang = document.source_lang if side == "source" else document.target_lang
    percentages = percentages_first(text, lang, other)
    return [p for p in found if not any(s <= p.start and p.end <= e for s, e in percentages)]


def _argument(key: str) -> str:
    return key.split(":")[1]


def _numbered(written: str, position: str) -> str | None:
    """A plain placeholder written with its argument's number: %d -> %2$d, {} -> {1}."""
    if written.startswith("%") and written != "%%":
        return f"%{position}${written[1:]}"
    if written == "{}":
        return "{" + position + "}"
    return None


def _placeholder_hits(analysis: Analysis, unit: Unit, kinds: frozenset[str]) -> Iterator[Hit]:
    source = [p for p in found_in(analysis, unit, "source") if p.kind in kinds]
    target = [p for p in found_in(analysis, unit, "target") if p.kind in kinds]
    if not source and not target:
        return
    have = Counter(p.key for p in target)
    want = Counter(p.key for p in source)
    extra = have - want
    missing = want - have
    written = {p.key: unit.source[p.start : p.end] for p in source}
    lost = sorted({written[k] for k in missing})
    for p in target:
        if extra[p.key] <= 0:
            continue
        extra[p.key] -= 1
        text = unit.target[p.start : p.end]
        moved = [q for q in source if q.plain and q.key in missing and written[q.key] == text]
        if p.plain and moved:
            want_position = _argument(moved[0].key)
            yield Hit(
                unit.offset + p.start,
                unit.offset + p.end,
                f"The {p.label} {text!r} takes argument {_argument(p.key)} here and argument "
                f"{want_position} in the source: plain placeholders are filled in order, so "
                "reordering them swaps the values (number them to reorder).",
                confidence=0.9,
                suggestion=_numbered(text, want_position),
            )
            continue
        yield Hit(
            unit.offset + p.start,
            unit.offset + p.end,
            f"The {p.label} {text!r} is not in the source"
            + (f" (the source has {', '.join(lost)})." if lost else "."),
            confidence=0.9,
            suggestion=lost[0] if len(lost) == 1 else None,
        )
    if missing and not (have - want):
        labels = {p.key: p.label for p in source}
        gone = ", ".join(f"{labels[k]} {written[k]}" for k in sorted(missing.elements(), key=str))
        yield Hit(
            unit.offset,
            unit.end,
            f"Missing from the translation: {gone}.",
            confidence=0.9,
            evidence=f"source: {unit.source[:200]}",
        )


@check(
    "M101",
    "placeholder-mismatch",
    "design and markup/markup",
    Severity.CRITICAL,
    requires=("source",),
    languages=None,
)
def placeholder_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """An inline tag, placeholder or variable missing from the translation, added or altered.

    Placeholders are found by dialect (``mtqa/dialects.py``; the finding names it: "Qt
    placeholder '%1'"): printf (``%s``, ``%1$s``, ``%lld``, ``%@``, ``%1$@``, ``%S``),
    Python (``%(name)s``), braces (``{name}``, ``{0}``, ``{}``, ``{0:.2f}``), ICU and Java
    MessageFormat (``{0,number}``, the argument of ``{count, plural, ...}``, whose branches
    are translatable text), Qt (``%1``, ``%L1``, ``%n``), Mozilla (``$user$``,
    ``&brandShortName;``), Ruby (``%{name}``), shell (``${name}``, ``$(name)``), ``@NAME@``,
    Fluent (``{ $count }``), ``{{mustache}}`` and literal escapes (``\\n``). A PO message's
    format flags (``#, c-format``, ``python-format``...) choose its dialects, else the
    ``placeholders`` setting for the file, else all of them.

    Placeholders are matched by the argument they take, not by their text: numbered ones
    (``%2$d``, ``{1}``, ``%1``) by number and type (an ICU argument's named style, such as
    ``percent`` in ``{0,number,percent}``, is part of its type), named ones by name, plain ones (``%s``,
    ``{}``) by their order. So ``%s ... %d`` may become ``%2$d ... %1$s`` and ``{0}``/``{1}``
    may swap, while ``%d ... %s`` (which fills the values the wrong way round) is reported.
    Tags (HTML, XLIFF and TMX inline codes) are compared by name and attributes, except
    those whose values are translated (``title``, ``alt``, ``aria-label``...; the
    ``translatable-attributes`` setting). In Turkish, Basque and Kurdish, which write the
    percent sign first, "%85" for the source's "85%" is a percentage, not a Qt placeholder. Software breaks or shows garbage when these
    change, hence critical.

    Okay: You have %d new messages. => Sie haben %d neue Nachrichten.
    Okay: %s uploaded %d files. => %2$d Dateien wurden von %1$s hochgeladen.
    Okay: [en-fr] {0} replied to {1}. => {1} a répondu à {0}.
    Okay: [en-tr] Storage is 85% full. => Depolama alanı %85 dolu.
    Okay: Hello {name}, you have {count, plural, one {# file} other {# files}}. => Hallo {name}, du hast {count, plural, one {# Datei} other {# Dateien}}.
    Okay: Read the <a href="/faq" title="Frequently asked questions">FAQ</a>. => Lesen Sie die <a href="/faq" title="Häufige Fragen">FAQ</a>.
    M101: Click <g id="1">here</g> to continue. => «Klicken Sie hier, um fortzufahren.»
    M101: Delete {count} files? => «{cuenta}» archivos eliminar?
    M101: %s uploaded %d files. => «%d» Dateien wurden von «%s» hochgeladen.
    M101: [en-ru] Page %1 of %2 => Страница %1 из «%3»
    M101: [en-fr] {0,number} of storage used => «{0,number,percent}» de stockage utilisé
    M101: Welcome to &brandShortName;! => «Willkommen bei Firefox!»
    """
    for unit in analysis.pairs:
        if unit.target.strip():
            yield from _placeholder_hits(analysis, unit, frozenset({"tag", "variable", "escape"}))


@check(
    "A302",
    "link-mismatch",
    "accuracy/mistranslation",
    Severity.MAJOR,
    requires=("source",),
    languages=None,
)
def link_mismatch(analysis: Analysis) -> Iterator[Hit]:
    """A web address or e-mail address of the source missing from the translation, or changed.

    Letter case and a final slash do not count as changes. An address added where the
    source has none (a site's name written as its address) is minor.

    Okay: See https://example.com/help for details. => Details unter https://example.com/help.
    A302: Write to press@example.org for details. => Schreiben Sie an «presse@example.org».
    A302: See https://example.com/help for details. => «Details finden Sie in der Hilfe.»
    """
    links = frozenset({"url", "email"})
    for unit in analysis.pairs:
        if not unit.target.strip():
            continue
        source_has_links = any(p.kind in links for p in found_in(analysis, unit, "source"))
        for hit in _placeholder_hits(analysis, unit, links):
            if source_has_links:
                yield hit
            else:
                # a site's name rendered as its address ("经济观察网" as "www.eeo.com.cn")
                # adds a link without losing one
                yield dataclasses.replace(
                    hit,
                    message=hit.message + " Nothing was lost: the source has no address.",
                    severity=Severity.MINOR,
                )


def _tags(analysis: Analysis, unit: Unit, side: str) -> list[markup.Tag]:
    text = unit.source if side == "source" else unit.target
    found = (
        markup.parse(text[p.start : p.end], p.start)
        for p in found_in(analysis, unit, side)
        if p.kind == "tag"
    )
    return [t for t in found if t is not None]


_PROBLEMS = {
    "unclosed": "is never closed",
    "stray": "closes nothing that is open",
    "crossed": "crosses <{other}>: tags must close in the reverse order they open",
}


@check(
    "M102",
    "markup-not-well-formed",
    "design and markup/markup",
    Severity.MAJOR,
    requires=("source",),
    languages=None,
)
def markup_not_well_formed(analysis: Analysis) -> Iterator[Hit]:
    """Markup that nests properly in the source and not in the translation.

    A tag opened and never closed, a closing tag with nothing open, or tags that cross
    (``<b><i>...</b></i>``) break the page or the file they end up in, even when every tag
    of the source is still there (which M101 checks). Void elements (``<br>``, ``<img>``)
    and self-closing tags open nothing; names compare without case, as in HTML. Only units
    whose source nests properly are checked.

    Okay: <b>Note:</b> <i>changes are final</i> => <b>Hinweis:</b> <i>Änderungen sind endgültig</i>
    Okay: Line one<br>line two => Zeile eins<br/>Zeile zwei
    M102: <b>Note:</b> <i>changes are final</i> => <b>Hinweis: <i>Änderungen«</b>» sind endgültig</i>
    M102: [en-fr] <p>Your <em>trial</em> ends today.</p> => <p>Votre <em>essai«</p>» se termine aujourd’hui.</em>
    M102: [en-de] Read the <a href="https://example.org/faq">FAQ</a> => Lesen Sie die «<a href="https://example.org/faq">»FAQ
    """
    for unit in analysis.pairs:
        if "<" not in unit.target or "<" not in unit.source:
            continue
        if any(markup.nesting_problems(_tags(analysis, unit, "source"))):
            continue
        for problem in markup.nesting_problems(_tags(analysis, unit, "target")):
            tag = problem.tag
            written = unit.target[tag.start : tag.end]
            why = _PROBLEMS[problem.kind].format(other=problem.other)
            yield Hit(
                unit.offset + tag.start,
                unit.offset + tag.end,
                f"The tag {written!r} {why}; the source's markup nests properly.",
                confidence=0.85,
                evidence=f"source: {unit.source[:200]}",
            )
