"""Numbers, amounts and times in a segment, read in any of the common locale formats.

A number written ``1,000.5`` (English, Chinese) and ``1.000,5`` (German, French with a
full stop, Spanish) is the same value; ``1 000,5`` with a space or narrow no-break space
too. A token that is valid in both conventions ("1.000") has both values; a match on either
counts, so formats never cause false alarms, while a changed value does. Scale words
(million, Mio., Mrd., 万, 亿, ...) give a second value, and an amount written with one may
be rounded (within 0.05%: 329.29万 is "3.293 million"); times (9:30, 9.30 Uhr, 9h30,
9:30 pm) are compared as times; a version or other dotted number (3.2.1, 10.0.19045) is one
quantity, compared whole, while a date (14.03.2025) is compared by its parts, which locales
order differently. Number words (six, sechs, 六) and month names (March, März)
only ever *confirm* a number of the other side: they are never reported themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"(?<![0-9.,])\d+(?:[.,'\u2019\u00a0\u202f ]\d+)*")
#: "11万7015" (Chinese: 11 ten-thousands and 7015) is 117,015.
_CJK_COMPOUND = re.compile(r"(?<![\d.,])(\d+)万(\d{1,4})(千|百)?(?![\d.,])")
#: Chinese clock times: "9时半" (9:30), "14点20分" (14:20).
#: A bare 万 ("万元户", a household with ten thousand yuan) is ten thousand; "过亿", over
#: a hundred million.
_CJK_BARE_WAN = re.compile(r"(?<![\d零〇一二两三四五六七八九十百千几多余万])[万亿](?![万亿])")
_CJK_TIME = re.compile(
    r"(?<![\d.,零〇一二两三四五六七八九十])([01]?\d|2[0-3]|[零〇一二两三四五六七八九十]{1,3}(?=点))(?:\s*点(?:(半)|(\d{1,2})分)|：(\d\d)|\s*时(?:(半)|(\d{1,2})分)?)"
)
#: A Chinese whole hour: "晚上8点" (8 p.m.), "10点钟", "8点整", "14点开始"; a bare "3点"
#: is also "3 points" ("3点建议", three suggestions), so it needs a time of day before it,
#: 钟 or 整 after it, or a word of timing after it. Not "3点5" (3.5).
_CJK_HOUR = re.compile(
    r"(上午|早上|凌晨|中午|下午|傍晚|晚上)?\s*(?<![\d.,])([01]?\d|2[0-3])\s*点"
    r"(钟|整|(?=开始|举行|召开|结束|出发|起飞|到达|开门|关门|前|以前|之前|后|以后|之后|左右|至|到))?"
    r"(?![\d零〇一二两三四五六七八九十半])"
)
#: "3点5" is 3.5 (a decimal point written 点).
_CJK_DECIMAL = re.compile(r"(?<![\d.,])(\d+)点(\d+)(?![\d分])")
_AFTERNOON = frozenset({"下午", "傍晚", "晚上"})
_MORNING = frozenset({"上午", "早上", "凌晨"})
#: An hour with a marker and no minutes: "10 p.m.", "22 Uhr".
_HOUR = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])\s*((?:[aApP]\.?[mM]\b\.?)|Uhr\b)")
_TIME = re.compile(
    r"(?<![\d.,:])([01]?\d|2[0-3])(?:(:\s?)|(\s?[hH]\s?)|\.(?=\d\d\s*(?:Uhr|h\b|[ap]\.?m\.?)))([0-5]\d)(?![\d:])"
    r"(?:\s*(Uhr|h\b|[aApP]\.?[mM]\.?))?"
)
_SCALES = {
    "thousand": 1e3,
    "tausend": 1e3,
    "mille": 1e3,
    "k": 1e3,
    "千": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mio": 1e6,
    "mln": 1e6,
    "millionen": 1e6,
    "m": 1e6,
    "百万": 1e6,
    "千万": 1e7,
    "万": 1e4,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "mrd": 1e9,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "亿": 1e8,
    "成": 10,  # 三成: three tenths, 30%
    "万亿": 1e12,
    "trillion": 1e12,
    "billionen": 1e12,
}
_SCALE = re.compile(
    r"\s?(?:多|余|几)?(万亿|千万|百万|万|亿|千|成|(?:thousand|tausend|mille|millions?|millionen|mio|mln|"
    r"billions?|milliarden?|milliards?|mrd|bn|trillion|billionen|k|m)\b\.?)",
    re.IGNORECASE,
)
_WORDS = {
    # English, German, French, Spanish: enough for the small numbers written as words.
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    # "a" and "once" often render a source "1" ("1个", "1倍"): they may confirm it
    "a": 1,
    "an": 1,
    "once": 1,
    "single": 1,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
    "half": 0.5,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "double": 2,
    "twice": 2,
    "eins": 1,
    "ein": 1,
    "eine": 1,
    "einer": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "zwölf": 12,
    "zwanzig": 20,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "douze": 12,
    "vingt": 20,
    "cent": 100,
    "uno": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
}
#: Ordinals and "N times" words of German, French and Spanish (English's are above).
_ORDINAL_STEMS = {
    1: ("erst", "premier première", "primer primero primera"),
    2: ("zweit", "deuxième second seconde", "segundo segunda"),
    3: ("dritt", "troisième", "tercer tercero tercera"),
    4: ("viert", "quatrième", "cuarto cuarta"),
    5: ("fünft", "cinquième", "quinto quinta"),
    6: ("sechst", "sixième", "sexto sexta"),
    7: ("siebt", "septième", "séptimo séptima"),
    8: ("acht", "huitième", "octavo octava"),
    9: ("neunt", "neuvième", "noveno novena"),
    10: ("zehnt", "dixième", "décimo décima"),
}
for _number, (_german, _french, _spanish) in _ORDINAL_STEMS.items():
    for _ending in ("e", "en", "er", "es", "em"):  # die dritte, im zweiten, ein erster...
        if _german + _ending != "achten":  # the verb "achten" (to heed)
            _WORDS.setdefault(_german + _ending, _number)
    for _word in (*_french.split(), *_spanish.split()):
        _WORDS.setdefault(_word, _number)
for _word, _number in (
    ("einmal", 1),
    ("zweimal", 2),
    ("dreimal", 3),
    ("viermal", 4),
    ("fünfmal", 5),
    ("zehnmal", 10),
):
    _WORDS[_word] = _number
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january januar janvier enero jan",
            "february februar février febrero feb",
            "march märz mars marzo mar",
            "april avril abril apr",
            "may mai mayo",
            "june juni juin junio jun",
            "july juli juillet julio jul",
            "august août agosto aug",
            "september septembre septiembre sep sept",
            "october oktober octobre octubre oct okt",
            "november novembre noviembre nov",
            "december dezember décembre diciembre dec dez",
        ),
        start=1,
    )
    for name in names.split()
}
_WORD = re.compile(r"[^\W\d_]+")
#: "Thirty-two", "forty five".
_COMPOUND_WORD = re.compile(
    r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(one|two|three|four|five|six|seven|eight|nine)\b",
    re.IGNORECASE,
)
_CJK_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_NUMBER = re.compile(
    r"[零〇一二两三四五六七八九十百千几万亿]*[零〇一二两三四五六七八九十百千几]"
)
_GROUPED = {
    # decimal mark -> the grouping marks that go with it
    ".": ",'\u2019\u00a0\u202f ",
    ",": ".'\u2019\u00a0\u202f ",
}


@dataclass(frozen=True)
class Quantity:
    """A number or time in a text: its span, its possible values and whether a mismatch on
    it may be reported (digits yes; number words and month names only confirm)."""

    start: int
    end: int
    kind: str  # "number", "time" or "version"
    values: frozenset[float]
    reportable: bool = True
    #: Written with a scale word ("3.293 million"): such amounts are often rounded, so a
    #: value within 0.05% of the other side's (3,292,900) counts as the same.
    rounded: bool = False
    #: Decimal marks under which the token is valid ("." , ","), for the format check.
    readings: frozenset[str] = frozenset()
    #: A version's parts in their order (3.2.1: (3, 2, 1)); ``values`` is empty then.
    parts: tuple[int, ...] = ()


def _parse(token: str, decimal: str) -> float | None:
    """``token`` read with ``decimal`` as the decimal mark, or None when it is not valid so."""
    groups = _GROUPED[decimal]
    integer, _, fraction = token.partition(decimal)
    if decimal in fraction or any(g in fraction for g in groups):
        return None
    parts = re.split(f"[{re.escape(groups)}]", integer)
    if len(parts) > 1 and (not 1 <= len(parts[0]) <= 3 or any(len(p) != 3 for p in parts[1:])):
        return None
    if len({c for c in integer if c in groups}) > 1:
        return None
    if fraction == "" and token.endswith(decimal):
        return None
    try:
        return float("".join(parts) + ("." + fraction if fraction else ""))
    except ValueError:
        return None


_DOTTED = re.compile(r"\d+(?:\.\d+)*")


def _is_date(runs: list[str]) -> bool:
    """Whether three runs of digits may be a date: a day and month with a year of two or
    four digits, in any of the orders locales write (14.03.2025, 03.14.25, 2025.03.14)."""
    if len(runs) != 3:
        return False

    def day_month(a: str, b: str) -> bool:
        return len(a) <= 2 and len(b) <= 2 and 1 <= int(a) <= 31 and 1 <= int(b) <= 12

    first, middle, last = runs
    year_last = len(last) in (2, 4) and (day_month(first, middle) or day_month(middle, first))
    return year_last or (len(first) == 4 and day_month(last, middle))


def version(token: str) -> tuple[int, ...] | None:
    """The parts of a dotted number that is one quantity in its order: a version, a section
    or an address (three or more runs of digits joined by full stops that are not a date
    and not a number with thousands separators).

    >>> version("3.2.1"), version("10.0.19045"), version("14.03.2025"), version("1.000.000")
    ((3, 2, 1), (10, 0, 19045), None, None)
    """
    runs = token.split(".")
    if len(runs) < 3 or not all(r.isdigit() for r in runs) or _is_date(runs):
        return None
    if any(_parse(token, d) is not None for d in _GROUPED):
        return None
    return tuple(int(r) for r in runs)


def _significant(value: float) -> float:
    """``value`` to 9 significant digits: 297.6 × 10⁸ and 29.76 × 10⁹ compare equal."""
    return float(f"{value:.9g}")


def _cjk_values(text: str) -> set[float]:
    """Values of a Chinese numeral, approximate ones included: "十几" is 11-19, "四五十" is
    40 or 50 (two neighbouring digits mean "about")."""
    variants = {text}
    if "几" in text:
        variants = {text.replace("几", d) for d in "一二三四五六七八九"} | {text.replace("几", "")}
    approximate = set()
    for variant in variants:
        for i in range(len(variant) - 1):
            if variant[i] in _CJK_DIGITS and variant[i + 1] in _CJK_DIGITS:
                approximate |= {variant[:i] + variant[i + 1 :], variant[: i + 1] + variant[i + 2 :]}
    values = set()
    for variant in variants | approximate:
        value = _cjk_value(variant)
        if value is not None and variant:
            values.add(value)
    return values


def _cjk_value(text: str) -> float | None:
    """ "七万八千" is 78,000: 万 and 亿 multiply everything before them in their section."""
    if "亿" in text:
        high, _, low = text.partition("亿")
        high_value = _cjk_value(high) if high else 1.0
        low_value = _cjk_value(low) if low else 0.0
        if high_value is None or low_value is None:
            return None
        return high_value * 1e8 + low_value
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = _cjk_value(high) if high else 1.0
        low_value = _cjk_value(low) if low else 0.0
        if high_value is None or low_value is None:
            return None
        return high_value * 1e4 + low_value
    total, current = 0, 0
    for ch in text:
        if ch in _CJK_DIGITS:
            current = _CJK_DIGITS[ch]
        elif ch in _CJK_UNITS:
            total += (current or 1) * _CJK_UNITS[ch]
            current = 0
        else:
            return None
    return float(total + current)


def _scaled(text: str, end: int, values: Iterable[float]) -> tuple[set[float], int]:
    match = _SCALE.match(text, end)
    found = set(values)
    if match:
        word = match.group(1).lower().rstrip(".")
        scale = _SCALES.get(word)
        if scale:
            found |= {_significant(v * scale) for v in found}
            return found, match.end()
    return found, end


def _block(blocked: list[bool], start: int, end: int) -> None:
    """Mark ``start:end`` as taken: no later pattern reads a number inside it."""
    for i in range(start, end):
        blocked[i] = True


#: Digits of other scripts read as the Latin ones, one character for one, so that offsets
#: stay those of the text: Arabic-Indic and Persian (Eastern Arabic-Indic) digits with the
#: Arabic decimal separator U+066B, thousands separator U+066C and percent sign U+066A;
#: Devanagari, Bengali and full-width digits.
_OTHER_DIGITS = str.maketrans(
    {
        **{
            chr(base + i): str(i)
            for base in (0x0660, 0x06F0, 0x0966, 0x09E6, 0xFF10)
            for i in range(10)
        },
        "\u066b": ".",
        "\u066c": ",",
        "\u066a": "%",
    }
)


def find(text: str, skip: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Numbers and times in ``text``, outside the ``skip`` spans (placeholders, URLs).

    Digits of other scripts (٣٫٥, ۱۲, १२) are read as the same numbers as Latin ones."""
    text = text.translate(_OTHER_DIGITS)
    blocked = [False] * (len(text) + 1)
    for start, end in skip:
        _block(blocked, start, end)
    found: list[Quantity] = []
    for match in re.finditer("零点", text):  # midnight
        found.append(Quantity(match.start(), match.end(), "time", frozenset({0.0, 1440.0})))
        _block(blocked, match.start(), match.end())
    for match in _CJK_TIME.finditer(text):
        hour_text = match.group(1)
        cjk_hour = None if hour_text.isdigit() else _cjk_value(hour_text)
        if cjk_hour is None and not hour_text.isdigit():
            continue
        hour = int(cjk_hour) if cjk_hour is not None else int(hour_text)
        half = match.group(2) or match.group(5)
        minute = 30 if half else int(match.group(3) or match.group(4) or match.group(6) or 0)
        values = {float(hour * 60 + minute)} | (
            {float(hour * 60 + minute + 720)} if hour < 12 else set()
        )
        found.append(Quantity(match.start(), match.end(), "time", frozenset(values)))
        _block(blocked, match.start(), match.end())
    for match in _CJK_HOUR.finditer(text):
        if any(blocked[match.start() : match.end()]) or (
            match.group(1) is None and match.group(3) is None
        ):
            continue
        hour, period = int(match.group(2)), match.group(1)
        if period in _AFTERNOON and hour < 12:
            hours = {hour + 12}
        elif period in _MORNING or hour >= 12:
            hours = {hour}
        else:
            hours = {hour, hour + 12}
        found.append(
            Quantity(match.start(), match.end(), "time", frozenset(float(h * 60) for h in hours))
        )
        _block(blocked, match.start(), match.end())
    for match in _CJK_DECIMAL.finditer(text):
        if any(blocked[match.start() : match.end()]):
            continue
        value = float(f"{match.group(1)}.{match.group(2)}")
        found.append(Quantity(match.start(), match.end(), "number", frozenset({value})))
        _block(blocked, match.start(), match.end())
    for match in _HOUR.finditer(text):
        if any(blocked[match.start() : match.end()]):
            continue
        hour = int(match.group(1))
        marker = match.group(2).lower().replace(".", "")
        hours = {
            hour + 12
            if marker == "pm" and hour < 12
            else 0
            if marker == "am" and hour == 12
            else hour
        }
        if marker == "uhr" and hour < 12:
            hours.add(hour + 12)
        values = {float(h * 60) for h in hours}
        found.append(Quantity(match.start(), match.end(), "time", frozenset(values)))
        _block(blocked, match.start(), match.end())
    for match in _CJK_COMPOUND.finditer(text):
        unit = {"千": 1000, "百": 100}.get(match.group(3) or "", 1)
        value = float(int(match.group(1)) * 10_000 + int(match.group(2)) * unit)
        found.append(Quantity(match.start(), match.end(), "number", frozenset({value})))
        _block(blocked, match.start(), match.end())
    for match in _TIME.finditer(text):
        if any(blocked[match.start() : match.end()]):
            continue
        hour, minute, suffix = int(match.group(1)), int(match.group(4)), match.group(5)
        minutes = hour * 60 + minute
        values = {float(minutes)}
        marker = (suffix or "").lower().replace(".", "")
        if marker == "pm" and hour < 12:
            values = {float(minutes + 720)}
        elif marker == "am" and hour == 12:
            values = {float(minute)}
        elif not marker and hour < 12:  # "9:30" may be 21:30 on a 12-hour clock
            values.add(float(minutes + 720))
        found.append(Quantity(match.start(), match.end(), "time", frozenset(values)))
        _block(blocked, match.start(), match.end())
    for match in _TOKEN.finditer(text):
        pieces = [(match.start(), match.group(0))]
        readings = {d: _parse(match.group(0), d) for d in _GROUPED}
        if all(v is None for v in readings.values()):
            # "14.03.2025", "2024 500": read each run of digits on its own; a version
            # ("3.2.1") is one quantity whose parts keep their order
            pieces = []
            for dotted in _DOTTED.finditer(match.group(0)):
                start = match.start() + dotted.start()
                parts = version(dotted.group(0))
                if parts is None:
                    pieces += [
                        (start + m.start(), m.group(0))
                        for m in re.finditer(r"\d+", dotted.group(0))
                    ]
                    continue
                before = text[max(start - 2, 0) : start]
                # "v3.2.1" is a version; "SQL3.2.1" is part of a name
                named = bool(before) and before[-1].isascii() and before[-1].isalpha()
                if named and before[-1] in "vV" and not before[:-1].isalpha():
                    named = False
                end = start + len(dotted.group(0))
                if not any(blocked[start:end]):
                    found.append(
                        Quantity(
                            start, end, "version", frozenset(), reportable=not named, parts=parts
                        )
                    )
                    _block(blocked, start, end)
        for start, token in pieces:
            if any(blocked[start : start + len(token)]):
                continue
            by_mark = {d: _parse(token, d) for d in _GROUPED}
            valid = {v for v in by_mark.values() if v is not None}
            after = text[start + len(token) : start + len(token) + 1]
            if len(token) == 4 and token.endswith("0") and after == "s":
                valid.add(float(int(token) % 100))  # "the 1990s" for "90年代"
            scaled, end = _scaled(text, start + len(token), valid)
            before = text[max(start - 2, 0) : start]
            # "A380", "ATP500", "COVID-19", "F-16": part of a name
            glued = bool(before) and (
                (before[-1].isascii() and before[-1].isalpha())
                or (before[-1] == "-" and len(before) == 2 and before[0].isalpha())
            )
            found.append(
                Quantity(
                    start,
                    start + len(token),
                    "number",
                    frozenset(scaled),
                    # "A380", "ATP500": part of a name; confirms "ATP 500" but is not reported
                    reportable=not glued,
                    readings=frozenset(d for d, v in by_mark.items() if v is not None),
                    rounded=end > start + len(token),
                )
            )
            _block(blocked, start, end)
    for match in _CJK_NUMBER.finditer(text):
        if any(blocked[match.start() : match.end()]):
            continue
        cjk = _cjk_values(match.group(0))
        if cjk:
            scaled, _ = _scaled(text, match.end(), cjk)
            found.append(
                Quantity(match.start(), match.end(), "number", frozenset(scaled), reportable=False)
            )
    for match in _CJK_BARE_WAN.finditer(text):
        if not blocked[match.start()]:
            value = 1e4 if match.group(0) == "万" else 1e8
            found.append(
                Quantity(match.start(), match.end(), "number", frozenset({value}), reportable=False)
            )
    for match in _COMPOUND_WORD.finditer(text):
        tens, ones = (_WORDS[w.lower()] for w in match.groups())
        found.append(
            Quantity(
                match.start(),
                match.end(),
                "number",
                frozenset({float(tens + ones)}),
                reportable=False,
            )
        )
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        # "sept" is seven in French and September in English: both values
        word_values = {
            float(v)
            for v in (_WORDS.get(word), _MONTHS.get(word), _WORDS.get(word.removesuffix("s")))
            if v is not None
        }
        if word_values:
            scaled, _ = _scaled(text, match.end(), word_values)
            found.append(
                Quantity(match.start(), match.end(), "number", frozenset(scaled), reportable=False)
            )
    return sorted(found, key=lambda q: q.start)


#: Relative difference under which a rounded amount equals the exact one.
_ROUNDING = 5e-4


def _same(a: Quantity, b: Quantity) -> bool:
    if a.parts or b.parts:
        return a.parts == b.parts
    if a.values & b.values:
        return True
    if not (a.rounded or b.rounded):
        return False
    return any(
        abs(x - y) <= _ROUNDING * max(abs(x), abs(y)) and max(abs(x), abs(y)) >= 1e4
        for x in a.values
        for y in b.values
    )


@dataclass(frozen=True)
class Mismatch:
    """Numbers of one side that the other side does not have."""

    missing: tuple[Quantity, ...]  # in the source, not in the target
    added: tuple[Quantity, ...]  # in the target, not in the source


def compare(source: list[Quantity], target: list[Quantity]) -> Mismatch:
    """Match every reportable quantity of each side against the quantities of the other
    side (of the same kind, each used once); what finds no partner is a mismatch."""

    def unmatched(side: list[Quantity], other: list[Quantity]) -> list[Quantity]:
        left = []
        used = [False] * len(other)
        # reportable items first, so that a number word does not take a digit's partner
        for q in sorted(side, key=lambda q: not q.reportable):
            partner = next(
                (
                    i
                    for i, o in enumerate(other)
                    if not used[i] and o.kind == q.kind and _same(q, o)
                ),
                None,
            )
            if partner is None:
                if q.reportable:
                    left.append(q)
            else:
                used[partner] = True
        return sorted(left, key=lambda q: q.start)

    return Mismatch(tuple(unmatched(source, target)), tuple(unmatched(target, source)))


def read_as(token: str, decimal: str) -> float | None:
    """``token`` read with ``decimal`` ("." or ",") as its decimal mark; None if invalid."""
    return _parse(token, decimal)


def write(value: float, decimal: str) -> str:
    """``value`` in the format of a language with decimal mark ``decimal``."""
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    if decimal == ",":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text
