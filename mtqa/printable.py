"""Text from documents made safe for a terminal or a CI log line.

Ids, paths, messages and snippets come from the input. Printed raw, a line feed in an id
starts a new line that a CI system reads as its own (``::error file=...::`` forges a GitHub
Actions annotation), an ESC sequence recolours or rewrites the terminal, and a bidirectional
override reorders what the reader sees. ``printable`` writes each such character as a
Python-style escape (``\\n``, ``\\x1b``, ``\\u202e``), so that a human-facing line shows
exactly one line of what the input held.
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, line and paragraph separators, lone surrogates (undecodable
#: bytes of a file name), and the bidirectional embedding, override and isolate controls.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(value: str) -> str:
    """``value`` with every control, separator, surrogate and bidi control escaped."""
    return _UNPRINTABLE.sub(_escape, value)
