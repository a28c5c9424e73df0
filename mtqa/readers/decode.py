"""Bytes to text: UTF-8 first, then a detected encoding, with a clear error otherwise."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BINARY_SAMPLE = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: Text in UTF-16 or UTF-32: known by its byte order mark, or else by where the NULs of
#: its first character fall when that is ASCII (always so in JSON: RFC 4627, section 3).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE_NULS = {
    (True, True, True, False): "utf-32-be",
    (False, True, True, True): "utf-32-le",
    (True, False, True, False): "utf-16-be",
    (False, True, False, True): "utf-16-le",
}


def wide_encoding(head: bytes) -> tuple[str, int] | None:
    """The UTF-16/32 codec of text that starts with ``head`` (its first 4 bytes at least)
    and the length of its byte order mark; None for UTF-8 (or anything else)."""
    for bom, codec in _WIDE_BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    if len(head) >= 4:
        nuls = (head[0] == 0, head[1] == 0, head[2] == 0, head[3] == 0)
        if nuls in _WIDE_NULS:
            return _WIDE_NULS[nuls], 0
    return None


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


def lone_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in ``text`` (None when there is none).

    Surrogates come from JSON ``\\uD800``-style escapes, XLIFF ``<cp hex="D800"/>`` and file
    names read with ``surrogateescape``; they are not characters, and UTF-8 cannot encode
    them, so any report that carried one would fail to be written.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


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


#: The legacy code page of each language's script, with fall-backs: the single-byte
#: encodings that a detector tells apart poorly (cp1250, cp1252 and cp1257 agree on most
#: bytes, so a French "après" reads as "aprčs" in cp1250 with no decoding error) are chosen
#: by the language of the text instead.
_LANGUAGES_OF: dict[tuple[str, ...], str] = {
    ("cp1252",): "af ca cy da de en es eu fi fo fr ga gd gl id is it la lb ms nb nl nn no oc"
    " pt sq sv sw tl wa",
    ("cp1250",): "bs cs hr hu pl ro sk sl",
    ("cp1251",): "be bg kk ky mk mn ru sr tt uk",
    ("cp1253",): "el",
    ("cp1254",): "az tr",
    ("cp1255",): "he yi",
    ("cp1256",): "ar fa ps ur",
    ("cp1257", "cp1252"): "et lt lv",
    ("cp1258",): "vi",
    ("cp874",): "th",
}
_CODE_PAGES = {lang: pages for pages, langs in _LANGUAGES_OF.items() for lang in langs.split()}
#: A language identified at this probability or more outweighs the declared one (which is
#: often only the default, English); below it the declared language decides.
_SURE = 0.9
#: Characters of the text given to the language identifier: enough to be sure, and a
#: 50 MB file costs no more than a short one.
_SAMPLE = 20_000
_C1_CONTROL = re.compile("[\x80-\x9f]")


def _language(text: str, declared: str | None) -> tuple[str | None, str]:
    """The language that the encoding must fit, and how it is known."""
    from mtqa.nlp import identify_language

    lang, probability = identify_language(text[:_SAMPLE])
    if probability >= _SURE or not declared:
        return lang, "identified"
    return declared, "declared"


def _legacy(data: bytes, detected: str, language: str | None) -> tuple[str, str]:
    """The encoding of ``data``, which charset-normalizer calls ``detected``: a single-byte
    code page is replaced by the one of the text's language when that one decodes the data
    too (text decoded with the wrong code page is still identified as its language, since
    most of its letters are ASCII ones)."""
    from charset_normalizer.utils import is_multi_byte_encoding

    encoding = codecs.lookup(detected).name
    if is_multi_byte_encoding(detected):
        return encoding, "detected"
    lang, how = _language(data[: _SAMPLE * 2].decode(encoding, "replace"), language)
    for candidate in _CODE_PAGES.get(lang or "", ()):
        if candidate == encoding:
            break
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if not _C1_CONTROL.search(text):  # bytes that the code page has no character for
            return candidate, f"detected; fits the {how} language, {lang}"
    return encoding, "detected"


def decode(data: bytes, language: str | None = None) -> Decoded:
    """Decode ``data``; raise ``ReadError`` for binary data, empty text or unknown encodings.

    ``language`` is the declared language of the text (a subtag such as ``fr``), which
    decides between legacy code pages when the text's own language cannot be identified.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                raise ReadError(f"invalid {encoding} text at byte {error.start}") from None
    wide = wide_encoding(data[:4])
    if wide is not None:  # no byte order mark, but the NULs of UTF-16/32 ASCII characters
        codec = wide[0]
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = None
        if text is not None and not looks_binary(text.encode("utf-8", "replace")):
            return Decoded(text, codec, f"no byte order mark; decoded as {codec} (detected)")
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
        encoding, how = _legacy(data, best.encoding, language)
        note = f"not UTF-8 ({where}); decoded as {encoding} ({how})"
        return Decoded(data.decode(encoding), encoding, note)
