"""What stays as it is in every language: codes that several checks must agree on.

A date or time pattern (``HH:mm``, ``dd.MM.yyyy``) is read by software, so its colons and
full stops are no punctuation (F101) and a target identical to it is not untranslated
(A303); a CSS length (``1.5em``, ``12px``) keeps its decimal point in every language (L101)
and stays unchanged (A303).
"""

from __future__ import annotations

import re

#: A date or time pattern of CLDR, Java, .NET or ICU: fields of one repeated letter
#: ("HH", "mm", "yyyy") joined by ":", ".", "/" or "-".
DATE_PATTERN = re.compile(
    r"\b([yMdDHhmsSaEZYkKLGuwWzX])\1*(?:[:./\-]([yMdDHhmsSaEZYkKLGuwWzX])\2*)+\b"
)
#: Units written after a number only in CSS (and style sheets like it).
_CSS_UNITS = r"px|em|rem|pt|pc|vh|vw|vmin|vmax|ch|ex|fr|dppx"
CSS_LENGTH = re.compile(rf"(?<![\w.,])\d+(?:\.\d+)?(?:{_CSS_UNITS})\b")
#: The start of a CSS unit right after a number.
_CSS_UNIT_AFTER = re.compile(rf"(?:{_CSS_UNITS})\b")


def in_date_pattern(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside a date or time pattern.

    >>> in_date_pattern("Format: HH:mm", 8, 13)
    True
    >>> in_date_pattern("Read:Serbia", 0, 11)
    False
    """
    # Only the neighbourhood: a pattern is a few characters long, and a check calls this for
    # every match in a long text.
    low, high = max(0, start - _PATTERN_REACH), min(len(text), end + _PATTERN_REACH)
    return any(
        m.start() <= start and end <= m.end() for m in DATE_PATTERN.finditer(text, low, high)
    )


#: How far a date or time pattern may reach beyond the part asked about.
_PATTERN_REACH = 64


def css_length_at(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is a CSS length (a CSS unit glued to it).

    >>> css_length_at("Zeilenabstand 1.5em", 14, 17)
    True
    >>> css_length_at("1.5 GB", 0, 3)
    False
    """
    return bool(_CSS_UNIT_AFTER.match(text, end)) and text[start:end][:1].isdigit()
