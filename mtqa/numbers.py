"""Numbers, amounts and times in a segment, read in any of the common locale formats.

A number written ``1,000.5`` (English, Chinese) and ``1.000,5`` (German, French with a
full stop, Spanish) is the same value; ``1 000,5`` with a space or narrow no-break space
too. A token that is valid in both conventions ("1.000") has both values; a match on either
counts, so formats never cause false alarms, while a changed value does. Scale words
(million, Mio., Mrd., 万, 亿, ...) give a second value; times (9:30, 9.30 Uhr, 9h30,
9:30 pm) are compared as times. Number words (six, sechs, 六) and month names (March, März)
only ever *confirm* a number of the other side: they are never reported themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"(?<![0-9A-Za-z.,])\d+(?:[.,'\u00a0\u202f ]\d+)*")
_TIME = re.compile(
    r"(?<![\d.,:])([01]?\d|2[0-3])(?:(:)|(h)|\.(?=\d\d\s*(?:Uhr|h\b|[ap]\.?m\.?)))([0-5]\d)(?![\d:])"
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
    "万亿": 1e12,
    "trillion": 1e12,
    "billionen": 1e12,
}
_SCALE = re.compile(
    r"\s?(万亿|千万|百万|万|亿|千|(?:thousand|tausend|mille|millions?|millionen|mio|mln|"
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
_CJK_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_GROUPED = {
    # decimal mark -> the grouping marks that go with it
    ".": ",'\u00a0\u202f ",
    ",": ".'\u00a0\u202f ",
}


@dataclass(frozen=True)
class Quantity:
    """A number or time in a text: its span, its possible values and whether a mismatch on
    it may be reported (digits yes; number words and month names only confirm)."""

    start: int
    end: int
    kind: str  # "number" or "time"
    values: frozenset[float]
    reportable: bool = True
    #: Decimal marks under which the token is valid ("." , ","), for the format check.
    readings: frozenset[str] = frozenset()


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


def _cjk_value(text: str) -> float | None:
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
            found |= {round(v * scale, 6) for v in found}
            return found, match.end()
    return found, end


def find(text: str, skip: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Numbers and times in ``text``, outside the ``skip`` spans (placeholders, URLs)."""
    blocked = [False] * (len(text) + 1)
    for start, end in skip:
        for i in range(start, end):
            blocked[i] = True
    found: list[Quantity] = []
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
        for i in range(match.start(), match.end()):
            blocked[i] = True
    for match in _TOKEN.finditer(text):
        pieces = [(match.start(), match.group(0))]
        readings = {d: _parse(match.group(0), d) for d in _GROUPED}
        if all(v is None for v in readings.values()):
            # "14.03.2025", "2024 500": read each run of digits on its own
            pieces = [
                (match.start() + m.start(), m.group(0)) for m in re.finditer(r"\d+", match.group(0))
            ]
        for start, token in pieces:
            if any(blocked[start : start + len(token)]):
                continue
            by_mark = {d: _parse(token, d) for d in _GROUPED}
            valid = {v for v in by_mark.values() if v is not None}
            scaled, end = _scaled(text, start + len(token), valid)
            found.append(
                Quantity(
                    start,
                    start + len(token),
                    "number",
                    frozenset(scaled),
                    readings=frozenset(d for d, v in by_mark.items() if v is not None),
                )
            )
            for i in range(start, end):
                blocked[i] = True
    for match in _CJK_NUMBER.finditer(text):
        if any(blocked[match.start() : match.end()]):
            continue
        value = _cjk_value(match.group(0))
        if value is not None:
            scaled, _ = _scaled(text, match.end(), {value})
            found.append(
                Quantity(match.start(), match.end(), "number", frozenset(scaled), reportable=False)
            )
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        value = _WORDS.get(word) or _MONTHS.get(word)
        if value is None and word.endswith("s"):
            value = _WORDS.get(word[:-1])
        if value is not None:
            scaled, _ = _scaled(text, match.end(), {float(value)})
            found.append(
                Quantity(match.start(), match.end(), "number", frozenset(scaled), reportable=False)
            )
    return sorted(found, key=lambda q: q.start)


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
                    if not used[i] and o.kind == q.kind and q.values & o.values
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
