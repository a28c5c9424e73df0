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

The words (number words, month names, scale words, Chinese numerals and periods of the day)
are ``data/numbers.toml``, read once when first needed; ``PASSES`` is the table of the
readings ``find`` makes, in their order.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

_TOKEN = re.compile(r"(?<![0-9.,])\d+(?:[.,'\u2019\u00a0\u202f ]\d+)*")
#: "11万7015" (Chinese: 11 ten-thousands and 7015) is 117,015.
_CJK_COMPOUND = re.compile(r"(?<![\d.,])(\d+)万(\d{1,4})(千|百)?(?![\d.,])")
#: "3点5" is 3.5 (a decimal point written 点).
_CJK_DECIMAL = re.compile(r"(?<![\d.,])(\d+)点(\d+)(?![\d分])")
#: An hour with a marker and no minutes: "10 p.m.", "22 Uhr".
_HOUR = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])\s*((?:[aApP]\.?[mM]\b\.?)|Uhr\b)")
_TIME = re.compile(
    r"(?<![\d.,:])([01]?\d|2[0-3])(?:(:\s?)|(\s?[hH]\s?)|\.(?=\d\d\s*(?:Uhr|h\b|[ap]\.?m\.?)))([0-5]\d)(?![\d:])"
    r"(?:\s*(Uhr|h\b|[aApP]\.?[mM]\.?))?"
)
_WORD = re.compile(r"[^\W\d_]+")
_GROUPED = {
    # decimal mark -> the grouping marks that go with it
    ".": ",'\u2019\u00a0\u202f ",
    ",": ".'\u2019\u00a0\u202f ",
}


@dataclass(frozen=True)
class _Lexicon:
    """What ``data/numbers.toml`` says, and the patterns made of its words."""

    words: Mapping[str, float]
    months: Mapping[str, int]
    scales: Mapping[str, float]
    cjk_digits: Mapping[str, int]
    cjk_units: Mapping[str, int]
    #: Chinese periods of the day that put an hour in the morning or the afternoon.
    morning: frozenset[str]
    afternoon: frozenset[str]
    #: A scale word after a number: "3 million", "329.29万".
    scale: re.Pattern[str]
    #: "Thirty-two", "forty five".
    compound_word: re.Pattern[str]
    #: Chinese clock times: "9时半" (9:30), "14点20分" (14:20).
    cjk_time: re.Pattern[str]
    #: A Chinese whole hour: "晚上8点" (8 p.m.), "10点钟", "8点整", "14点开始"; a bare "3点"
    #: is also "3 points" ("3点建议", three suggestions), so it needs a time of day before it,
    #: 钟 or 整 after it, or a word of timing after it. Not "3点5" (3.5).
    cjk_hour: re.Pattern[str]
    #: A bare 万 ("万元户", a household with ten thousand yuan) is ten thousand; "过亿", over
    #: a hundred million.
    cjk_bare_wan: re.Pattern[str]
    cjk_number: re.Pattern[str]


def _merged(kind: str, tables: Iterable[Iterable[tuple[str, float]]]) -> dict[str, float]:
    """One table of the languages' tables of ``kind``; a word with two values is an error."""
    merged: dict[str, float] = {}
    for table in tables:
        for word, value in table:
            word = word.lower()
            if merged.setdefault(word, value) != value:
                raise ValueError(f"numbers.toml: {kind} {word!r} is {merged[word]} and {value}")
    return merged


def _is_cjk(word: str) -> bool:
    return all(unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH") for c in word)


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in words)


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = tomllib.loads(resources.files("mtqa.data").joinpath("numbers.toml").read_text("utf-8"))
    stems = [
        (stem + ending, number)
        for table in raw["ordinal_stems"].values()
        for stem, number in table["stems"].items()
        for ending in table["endings"]
        if stem + ending not in table["not_words"]
    ]
    words = _merged("word", [*(t.items() for t in raw["words"].values()), stems])
    for language, names in raw["months"].items():
        if len(names) != 12:
            raise ValueError(f"numbers.toml: {language} has {len(names)} months")
    months = _merged(
        "month",
        (
            ((name, number) for number, names in enumerate(table, start=1) for name in names)
            for table in raw["months"].values()
        ),
    )
    scales = _merged("scale", (t.items() for t in raw["scales"].values()))
    # longest first, so that 万亿 is not read as 万; a word in Latin letters ends at a word
    # boundary and may take a full stop ("Mio.")
    by_length = sorted(scales, key=lambda w: (-len(w), w))
    scale_words = [re.escape(w) for w in by_length if _is_cjk(w)]
    if latin := [w for w in by_length if not _is_cjk(w)]:
        scale_words.append(rf"(?:{_alternatives(latin)})\b\.?")
    compounds = raw["compounds"].values()
    tens = _alternatives(w for c in compounds for w in c["tens"])
    ones = _alternatives(w for c in compounds for w in c["ones"])
    cjk = raw["cjk_numerals"]
    digits, units = "".join(cjk["digits"]), "".join(cjk["units"])
    ten = "".join(c for c, v in cjk["units"].items() if v == 10)
    periods = raw["cjk_hours"]["periods"]
    if odd := sorted(set(periods.values()) - {"am", "pm", "either"}):
        raise ValueError(f"numbers.toml: a period of the day is {odd[0]!r}, not am, pm or either")
    return _Lexicon(
        words=words,
        months={name: int(number) for name, number in months.items()},
        scales=scales,
        cjk_digits=cjk["digits"],
        cjk_units=cjk["units"],
        morning=frozenset(p for p, half in periods.items() if half == "am"),
        afternoon=frozenset(p for p, half in periods.items() if half == "pm"),
        scale=re.compile(rf"\s?(?:多|余|几)?({'|'.join(scale_words)})", re.IGNORECASE),
        compound_word=re.compile(rf"\b({tens})[- ]({ones})\b", re.IGNORECASE),
        cjk_time=re.compile(
            rf"(?<![\d.,{digits}{ten}])([01]?\d|2[0-3]|[{digits}{ten}]{{1,3}}(?=点))"
            r"(?:\s*点(?:(半)|(\d{1,2})分)|：(\d\d)|\s*时(?:(半)|(\d{1,2})分)?)"
        ),
        cjk_hour=re.compile(
            rf"({_alternatives(periods)})?\s*(?<![\d.,])([01]?\d|2[0-3])\s*点"
            rf"(钟|整|(?={_alternatives(raw['cjk_hours']['followers'])}))?"
            rf"(?![\d{digits}{ten}半])"
        ),
        cjk_bare_wan=re.compile(rf"(?<![\d{digits}{units}几多余万])[万亿](?![万亿])"),
        cjk_number=re.compile(rf"[{digits}{units}几万亿]*[{digits}{units}几]"),
    )


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
    digits = _lexicon().cjk_digits
    approximate = set()
    for variant in variants:
        for i in range(len(variant) - 1):
            if variant[i] in digits and variant[i + 1] in digits:
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
    lexicon = _lexicon()
    total, current = 0, 0
    for ch in text:
        if ch in lexicon.cjk_digits:
            current = lexicon.cjk_digits[ch]
        elif ch in lexicon.cjk_units:
            total += (current or 1) * lexicon.cjk_units[ch]
            current = 0
        else:
            return None
    return float(total + current)


def _scaled(text: str, end: int, values: Iterable[float]) -> tuple[set[float], int]:
    lexicon = _lexicon()
    match = lexicon.scale.match(text, end)
    found = set(values)
    if match:
        word = match.group(1).lower().rstrip(".")
        scale = lexicon.scales.get(word)
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


def _taken(blocked: list[bool], start: int, end: int) -> bool:
    """Whether an earlier pass (or a skipped span) took a character of ``start:end``."""
    return any(blocked[start:end])


def _midnight(text: str, blocked: list[bool]) -> list[Quantity]:
    """ "零点": midnight."""
    found = []
    for match in re.finditer("零点", text):
        found.append(Quantity(match.start(), match.end(), "time", frozenset({0.0, 1440.0})))
        _block(blocked, match.start(), match.end())
    return found


def _cjk_times(text: str, blocked: list[bool]) -> list[Quantity]:
    """Chinese clock times: "9时半" (9:30), "14点20分" (14:20), "九点半"."""
    found = []
    for match in _lexicon().cjk_time.finditer(text):
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
    return found


def _cjk_hours(text: str, blocked: list[bool]) -> list[Quantity]:
    """Chinese whole hours: "晚上8点" (8 p.m.), "10点钟", "14点开始"."""
    lexicon = _lexicon()
    found = []
    for match in lexicon.cjk_hour.finditer(text):
        if _taken(blocked, match.start(), match.end()) or (
            match.group(1) is None and match.group(3) is None
        ):
            continue
        hour, period = int(match.group(2)), match.group(1)
        if period in lexicon.afternoon and hour < 12:
            hours = {hour + 12}
        elif period in lexicon.morning or hour >= 12:
            hours = {hour}
        else:
            hours = {hour, hour + 12}
        found.append(
            Quantity(match.start(), match.end(), "time", frozenset(float(h * 60) for h in hours))
        )
        _block(blocked, match.start(), match.end())
    return found


def _cjk_decimals(text: str, blocked: list[bool]) -> list[Quantity]:
    """ "3点5": 3.5."""
    found = []
    for match in _CJK_DECIMAL.finditer(text):
        if _taken(blocked, match.start(), match.end()):
            continue
        value = float(f"{match.group(1)}.{match.group(2)}")
        found.append(Quantity(match.start(), match.end(), "number", frozenset({value})))
        _block(blocked, match.start(), match.end())
    return found


def _hours(text: str, blocked: list[bool]) -> list[Quantity]:
    """An hour with a marker and no minutes: "10 p.m.", "22 Uhr"."""
    found = []
    for match in _HOUR.finditer(text):
        if _taken(blocked, match.start(), match.end()):
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
    return found


def _cjk_compounds(text: str, blocked: list[bool]) -> list[Quantity]:
    """ "11万7015": 117,015."""
    found = []
    for match in _CJK_COMPOUND.finditer(text):
        unit = {"千": 1000, "百": 100}.get(match.group(3) or "", 1)
        value = float(int(match.group(1)) * 10_000 + int(match.group(2)) * unit)
        found.append(Quantity(match.start(), match.end(), "number", frozenset({value})))
        _block(blocked, match.start(), match.end())
    return found


def _times(text: str, blocked: list[bool]) -> list[Quantity]:
    """Times with minutes: "9:30", "9.30 Uhr", "9h30", "9:30 pm"."""
    found = []
    for match in _TIME.finditer(text):
        if _taken(blocked, match.start(), match.end()):
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
    return found


def _digits(text: str, blocked: list[bool]) -> list[Quantity]:
    """Numbers in digits in either decimal convention, with a scale word after them ("3.5
    million"); versions ("3.2.1"); the runs of digits of a date ("14.03.2025")."""
    found = []
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
                if not _taken(blocked, start, end):
                    found.append(
                        Quantity(
                            start, end, "version", frozenset(), reportable=not named, parts=parts
                        )
                    )
                    _block(blocked, start, end)
        for start, token in pieces:
            if _taken(blocked, start, start + len(token)):
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
    return found


def _cjk_numerals(text: str, blocked: list[bool]) -> list[Quantity]:
    """Chinese numerals ("六", "七万八千", "十几"), with a scale word after them: they only
    confirm."""
    found = []
    for match in _lexicon().cjk_number.finditer(text):
        if _taken(blocked, match.start(), match.end()):
            continue
        cjk = _cjk_values(match.group(0))
        if cjk:
            scaled, _ = _scaled(text, match.end(), cjk)
            found.append(
                Quantity(match.start(), match.end(), "number", frozenset(scaled), reportable=False)
            )
    return found


def _cjk_bare_scales(text: str, blocked: list[bool]) -> list[Quantity]:
    """A bare 万 ("万元户") or 亿 ("过亿") with no numeral before it: they only confirm."""
    found = []
    for match in _lexicon().cjk_bare_wan.finditer(text):
        if not blocked[match.start()]:
            value = 1e4 if match.group(0) == "万" else 1e8
            found.append(
                Quantity(match.start(), match.end(), "number", frozenset({value}), reportable=False)
            )
    return found


def _compound_words(text: str, blocked: list[bool]) -> list[Quantity]:
    """ "Thirty-two", "forty five": they only confirm."""
    words = _lexicon().words
    found = []
    for match in _lexicon().compound_word.finditer(text):
        tens, ones = (words[w.lower()] for w in match.groups())
        found.append(
            Quantity(
                match.start(),
                match.end(),
                "number",
                frozenset({float(tens + ones)}),
                reportable=False,
            )
        )
    return found


def _words(text: str, blocked: list[bool]) -> list[Quantity]:
    """Number words ("six", "sechs", "dritten") and month names ("March", "März"), with a
    scale word after them: they only confirm."""
    lexicon = _lexicon()
    words, months = lexicon.words, lexicon.months
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        # "sept" is seven in French and September in English: both values
        word_values = {
            float(v)
            for v in (words.get(word), months.get(word), words.get(word.removesuffix("s")))
            if v is not None
        }
        if word_values:
            scaled, _ = _scaled(text, match.end(), word_values)
            found.append(
                Quantity(match.start(), match.end(), "number", frozenset(scaled), reportable=False)
            )
    return found


@dataclass(frozen=True)
class Pass:
    """One pass of ``find``: ``read`` finds its kind of quantity in the text (its offsets
    are the text's), skips what ``blocked`` marks as taken and marks what it takes."""

    name: str
    read: Callable[[str, list[bool]], list[Quantity]]


#: The passes of ``find``, in their order. The order decides between readings of the same
#: characters: a pass marks the spans it takes, and later passes read no number inside them.
#: So times come before numbers ("9:30" is one time, not 9 and 30; "22 Uhr" is not the
#: number 22), Chinese times and hours before the decimal written 点 ("9点30分", "8点钟"
#: against "3点5"), "11万7015" before its runs of digits, and digits before Chinese numerals
#: and number words (a scale word after digits is theirs: the 万 of "3万" is not a bare
#: 万). The last four passes take nothing, for they only confirm. Quantities that start at
#: the same offset stay in pass order in the result, and ``compare`` pairs in that order.
#: A new pass is a function like these and a row here.
PASSES: tuple[Pass, ...] = (
    Pass("midnight", _midnight),
    Pass("cjk_times", _cjk_times),
    Pass("cjk_hours", _cjk_hours),
    Pass("cjk_decimals", _cjk_decimals),
    Pass("hours", _hours),
    Pass("cjk_compounds", _cjk_compounds),
    Pass("times", _times),
    Pass("digits", _digits),
    Pass("cjk_numerals", _cjk_numerals),
    Pass("cjk_bare_scales", _cjk_bare_scales),
    Pass("compound_words", _compound_words),
    Pass("words", _words),
)


def find(text: str, skip: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Numbers and times in ``text``, outside the ``skip`` spans (placeholders, URLs), read
    by the ``PASSES`` in their order.

    Digits of other scripts (٣٫٥, ۱۲, १२) are read as the same numbers as Latin ones."""
    text = text.translate(_OTHER_DIGITS)
    blocked = [False] * (len(text) + 1)
    for start, end in skip:
        _block(blocked, start, end)
    found: list[Quantity] = []
    for step in PASSES:
        found += step.read(text, blocked)
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
