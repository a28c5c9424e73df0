"""Bytes to text: UTF-8 first, then a detected encoding, with a clear error otherwise."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BINARY_SAMPLE = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ReadError(Exception):
    """Input that cannot be read as a document; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def looks_binary(data: bytes) -> bool:
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.05


def decode(data: bytes) -> Decoded:
    """Decode ``data``; raise ``ReadError`` for binary data, empty text or unknown encodings."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                raise ReadError(f"invalid {encoding} text at byte {error.start}") from None
    if looks_binary(data):
        raise ReadError("binary file, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        where = f"invalid UTF-8 byte 0x{data[error.start]:02x} at line {line}, column {column}"
        if any(ord(c) > 127 for c in data.decode("utf-8", "ignore")):
            # Valid multi-byte UTF-8 elsewhere: the file is UTF-8 with corrupt bytes, and any
            # legacy code page would turn its correct characters into mojibake.
            raise ReadError(
                f"corrupt UTF-8 ({where}); the rest of the file is UTF-8", line
            ) from None
        import charset_normalizer

        best = charset_normalizer.from_bytes(data).best()
        if best is None or best.encoding in ("utf_8", "ascii"):
            raise ReadError(f"not UTF-8 ({where}) and no other encoding fits", line) from None
        encoding = codecs.lookup(best.encoding).name
        note = f"not UTF-8 ({where}); decoded as {encoding} (detected)"
        return Decoded(data.decode(encoding), encoding, note)
