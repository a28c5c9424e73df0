"""JSONL and CSV/TSV feeds: one record per document.

Fields: ``id``, ``mt`` (the translation; offsets index it), and optional ``source``,
``reference``, ``src_lang``, ``tgt_lang``. A bad record is an error for that record only
(named by its line number); every other record is still checked.

Both readers take the whole feed as ``bytes`` or an open binary file, which they read record
by record: memory is bounded by the longest record, not by the feed.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import numbers
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from mtqa.document import Document, language_subtag
from mtqa.findings import DocumentError
from mtqa.readers.bitext import is_bitext_header, read_bitext_table
from mtqa.readers.decode import (
    _BINARY_SAMPLE,
    _BOMS,
    Decoded,
    ReadError,
    decode,
    lone_surrogate,
    looks_binary,
    wide_encoding,
)

#: Bytes read at a time when a file is checked for valid UTF-8 before it is streamed.
_CHUNK = 1 << 20

_OPTIONAL_TEXT = ("source", "reference")

#: A plausible BCP 47 language tag: a primary subtag of 2 or 3 letters and optional subtags
#: (``de``, ``pt-BR``, ``zh-Hant-TW``, ``en_US`` as POSIX locales write it).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def _surrogate_problem(key: str, text: str, line: int) -> None:
    """``ReadError`` when ``text`` has a lone surrogate: JSON's ``\\uXXXX`` escapes can
    write one, and no UTF-8 report, file name or terminal can hold it, so it is refused here,
    naming the field, rather than failing the run later and far away."""
    at = lone_surrogate(text)
    if at is not None:
        raise ReadError(
            f"field {key!r} has a lone surrogate \\u{ord(text[at]):04x} at character {at + 1} "
            "(half of a UTF-16 pair without its other half): not Unicode text",
            line,
        )


def _text_field(record: Mapping[str, Any], key: str, line: int) -> str | None:
    """The string in ``record[key]`` (None when absent or null); ``ReadError`` otherwise."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ReadError(f"field {key!r} must be a string", line)
    _surrogate_problem(key, value, line)
    return value


def _record_id(record: Mapping[str, Any], line: int) -> str | None:
    """The record's id as text: a string, or a finite number (``7`` and ``"7"`` are the same
    id). True/false, lists and objects are refused: ``str()`` of them is no one's id."""
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, str):
        if not value:
            return None
        _surrogate_problem("id", value, line)
        return value
    if isinstance(value, bool):
        raise ReadError(f"field 'id' must be a string or a number, not {json.dumps(value)}", line)
    if isinstance(value, numbers.Integral):  # of any size: a float cannot hold them all
        return str(value)
    if isinstance(value, numbers.Real):
        if not math.isfinite(value):
            raise ReadError(f"field 'id' must be a string or a finite number, not {value}", line)
        return str(value)
    if isinstance(value, list):
        kind = "a list"
    elif isinstance(value, Mapping):
        kind = "an object"
    else:
        kind = type(value).__name__
    raise ReadError(f"field 'id' must be a string or a number, not {kind}", line)


def _language_field(record: Mapping[str, Any], key: str, line: int) -> str | None:
    """The language subtag in ``record[key]`` (None when absent or empty); ``ReadError`` for
    a value that is not a language tag, since checks, number formats and the model's prompt
    would all silently go wrong with it."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ReadError(f"field {key!r} must be a language tag string such as 'de'", line)
    tag = value.strip()
    if not tag:
        return None
    if not _LANGUAGE_TAG.fullmatch(tag):
        shown = repr(tag if len(tag) <= 40 else tag[:40] + "...")
        raise ReadError(
            f"field {key!r} is not a language tag (such as 'de' or 'pt-BR'): {shown}", line
        )
    return language_subtag(tag)


def document_from_record(
    path: str,
    line: int,
    record: Mapping[str, Any],
    seen: dict[str, int],
    source_lang: str | None,
    target_lang: str,
    *,
    encoding: str = "utf-8",
    notes: tuple[str, ...] = (),
) -> Document:
    """The document of one feed record (``seen`` maps the ids read so far to their lines,
    to refuse duplicates). Raises ``ReadError`` for a record that is not a valid document:
    every field that is read is checked here, so that a bad value is an error for its record
    (with its line) and never something that fails the run later."""
    if not isinstance(record.get("mt"), str):
        raise ReadError("record has no 'mt' string (the translation to check)", line)
    mt = _text_field(record, "mt", line) or ""
    if not mt.strip():
        raise ReadError("record has an empty 'mt'", line)
    raw_id = _record_id(record, line)
    extras = {key: _text_field(record, key, line) or None for key in _OPTIONAL_TEXT}
    src = _language_field(record, "src_lang", line)
    tgt = _language_field(record, "tgt_lang", line)
    doc_id = raw_id if raw_id is not None else f"{path}:{line}"
    if doc_id in seen:
        raise ReadError(f"duplicate id {doc_id!r} (first on line {seen[doc_id]})", line)
    seen[doc_id] = line
    return Document(
        id=doc_id,
        path=path,
        target=mt,
        source=extras["source"],
        reference=extras["reference"],
        source_lang=src or language_subtag(source_lang),
        target_lang=tgt or target_lang,
        encoding=encoding,
        markup="text",
        notes=notes,
    )


#: What the wide decoder puts where bytes are no character: a lone surrogate, which a
#: strict UTF-16 or UTF-32 decoder never gives, so it marks exactly the bad places.
_INVALID = "\ud800"
_INVALID_ERRORS = "mtqa-mark-invalid"


def _mark_invalid(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return _INVALID, error.end


codecs.register_error(_INVALID_ERRORS, _mark_invalid)

#: Cuts lines where ``bytes.splitlines`` does (LF, CR, CRLF), unlike ``str.splitlines``,
#: which also cuts at form feeds, U+2028 and others that JSON strings may hold.
_NEWLINE = re.compile(r"\r\n|\r|\n")
#: What ``bytes.strip`` strips: a line of only these is blank.
_ASCII_SPACE = " \t\n\r\x0b\x0c"


def _wide_lines(chunks: Iterable[bytes], codec: str, skip: int) -> Iterator[str]:
    """The lines of UTF-16/32 text read a chunk at a time, cut as ``_NEWLINE`` cuts; bytes
    that are no character (a lone surrogate, a cut-off last character) become ``_INVALID``."""
    decoder = codecs.getincrementaldecoder(codec)(errors=_INVALID_ERRORS)
    rest = ""
    for chunk in chunks:
        if skip:
            chunk, skip = chunk[skip:], max(0, skip - len(chunk))
        text = rest + decoder.decode(chunk)
        # a CR at the end may be the first half of a CRLF that the next chunk completes
        held = text.endswith("\r")
        *lines, rest = _NEWLINE.split(text[:-1] if held else text)
        if held:
            rest += "\r"
        yield from lines
    yield from _NEWLINE.split(rest + decoder.decode(b"", final=True))


def _byte_lines(data: bytes | IO[bytes]) -> Iterator[bytes]:
    """The lines of ``data`` as ``bytes.splitlines`` cuts them (at LF, CR and CRLF), read
    from a file one line at a time; a UTF-8 byte order mark before line 1 is dropped."""
    chunks: Iterable[bytes] = [data] if isinstance(data, bytes) else data
    first = True
    for chunk in chunks:
        if first and chunk.startswith(codecs.BOM_UTF8):  # written by some Windows tools
            chunk = chunk[len(codecs.BOM_UTF8) :]
        first = False
        yield from chunk.splitlines()


def _utf8_lines(data: bytes | IO[bytes]) -> Iterator[str | ReadError]:
    for raw in _byte_lines(data):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte, column = raw[error.start], error.start + 1
            yield ReadError(f"not UTF-8 (byte 0x{byte:02x} at column {column})")


def _text_lines(data: bytes | IO[bytes]) -> tuple[Iterator[str | ReadError], str]:
    """The lines of a JSONL feed, decoded (a line that cannot be is a ``ReadError``), and
    the feed's encoding: UTF-8, or UTF-16/32 when its first bytes say so. A wide feed is
    read as such, line numbers unchanged, rather than refused on every line."""
    if isinstance(data, bytes):
        head = data[:4]
    else:
        start = data.tell()
        head = data.read(4)
        data.seek(start)
    wide = wide_encoding(head)
    if wide is None:
        return _utf8_lines(data), "utf-8"
    codec, bom = wide
    chunks: Iterable[bytes] = (
        [data] if isinstance(data, bytes) else iter(lambda: data.read(_CHUNK), b"")
    )
    name = codec.upper()

    def lines() -> Iterator[str | ReadError]:
        for line in _wide_lines(chunks, codec, bom):
            at = line.find(_INVALID)
            if at < 0:
                yield line
            else:
                yield ReadError(
                    f"not valid {name} (a lone surrogate or a cut-off character at column {at + 1})"
                )

    return lines(), codec


def read_jsonl(
    path: str, data: bytes | IO[bytes], source_lang: str | None, target_lang: str
) -> Iterator[Document | DocumentError]:
    """One document per non-blank line of ``data`` (bytes, or a binary file read line by
    line); a line that is not a valid record is an error naming its line. The feed is
    UTF-8, or UTF-16 or UTF-32 (with or without a byte order mark)."""
    seen: dict[str, int] = {}
    found = False
    lines, encoding = _text_lines(data)
    notes = () if encoding == "utf-8" else (f"feed decoded as {encoding.upper()}",)
    for number, line in enumerate(lines, start=1):
        if isinstance(line, str) and not line.strip(_ASCII_SPACE):
            continue
        found = True
        try:
            if isinstance(line, ReadError):
                raise line
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ReadError(
                    f"malformed JSON: {error.msg} (column {error.colno})", number
                ) from None
            except RecursionError:
                raise ReadError("malformed JSON: nested too deeply", number) from None
            except ValueError as error:  # an integer of more than 4,300 digits
                raise ReadError(f"malformed JSON: {error}", number) from None
            if not isinstance(record, dict):
                raise ReadError("a record must be a JSON object", number)
            yield document_from_record(
                path,
                number,
                record,
                seen,
                source_lang,
                target_lang,
                encoding=encoding,
                notes=notes,
            )
        except ReadError as error:
            yield DocumentError(path, error.message, line=number)
    if not found:
        yield DocumentError(path, "empty feed (no records)")


def _utf8_throughout(stream: IO[bytes]) -> bool:
    """Whether the rest of ``stream`` is valid UTF-8, checked a chunk at a time; the stream
    is put back where it was."""
    start = stream.tell()
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(start)
    return True


def _csv_text(data: bytes | IO[bytes], language: str | None) -> tuple[IO[str], int, Decoded]:
    """The text of a CSV feed, an upper bound of its length in characters, and how it was
    decoded (``Decoded.text`` is left empty). A file in valid UTF-8 (with or without a byte
    order mark) is decoded as it is read; anything else (UTF-16, a legacy encoding, binary
    data) is read whole and given to ``decode``, which detects the encoding (fitting
    ``language`` when it must guess between code pages) or explains why there is none.
    Raises ``ReadError``."""
    if isinstance(data, bytes):
        decoded = decode(data, language)
        how = Decoded("", decoded.encoding, decoded.note)
        return io.StringIO(decoded.text, newline=""), len(decoded.text), how
    size = os.fstat(data.fileno()).st_size
    head = data.read(_BINARY_SAMPLE)
    data.seek(0)
    has_bom = any(head.startswith(bom) for bom, _ in _BOMS)
    if not has_bom and wide_encoding(head) is not None:  # UTF-16/32 without a BOM
        return _csv_text(data.read(), language)
    if not has_bom and looks_binary(head):
        raise ReadError("binary file, not text")  # as ``decode`` says, without reading it all
    if has_bom and not head.startswith(codecs.BOM_UTF8):
        return _csv_text(data.read(), language)
    if not _utf8_throughout(data):
        return _csv_text(data.read(), language)
    encoding = "utf-8-sig" if has_bom else "utf-8"  # as ``decode`` names them
    return io.TextIOWrapper(data, encoding="utf-8-sig", newline=""), size, Decoded("", encoding)


def read_csv(
    path: str,
    data: bytes | IO[bytes],
    delimiter: str,
    source_lang: str | None,
    target_lang: str,
) -> Iterator[Document | DocumentError]:
    """One document per row of a CSV (RFC 4180) or TSV (no quoting) feed with a header row
    naming an ``mt`` column; ``data`` is bytes or a binary file read row by row."""
    try:
        text, length, decoded = _csv_text(data, language_subtag(target_lang))
    except ReadError as error:
        yield DocumentError(path, error.message, line=error.line)
        return
    # TSV (IANA text/tab-separated-values, the MT corpus convention) has no quoting: a field
    # that starts with a quotation mark keeps it. CSV follows RFC 4180 quoting.
    # A field can be as long as the whole file (a long article), not just the default 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), length))
    reader = csv.DictReader(
        text,
        delimiter=delimiter,
        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL,
    )
    try:
        header = reader.fieldnames
    except csv.Error as error:
        yield DocumentError(path, f"malformed CSV header: {error}", line=1)
        return
    if header and is_bitext_header(header):  # a bilingual file: one document, read whole
        text.seek(0)
        try:
            yield read_bitext_table(
                path, text.read(), delimiter, source_lang, target_lang, decoded.encoding
            )
        except ReadError as error:
            yield DocumentError(path, error.message, line=error.line)
        return
    if not header or "mt" not in header:
        columns = ", ".join(header or []) or "none"
        yield DocumentError(
            path,
            f"no 'mt' column for a feed, nor 'source' and 'target' columns for a bilingual "
            f"file (columns: {columns})",
            line=1,
        )
        return
    seen: dict[str, int] = {}
    notes = (decoded.note,) if decoded.note else ()
    rows = 0
    records = iter(reader)
    while True:
        line = reader.line_num + 1
        try:
            row = next(records)
        except StopIteration:
            break
        except csv.Error as error:
            yield DocumentError(path, f"malformed CSV: {error}", line=line)
            return
        rows += 1
        if None in row:
            yield DocumentError(path, "more fields than the header has", line=line)
            continue
        try:
            yield document_from_record(
                path,
                line,
                row,
                seen,
                source_lang,
                target_lang,
                encoding=decoded.encoding,
                notes=notes,
            )
        except ReadError as error:
            yield DocumentError(path, error.message, line=line)
    if not rows:
        yield DocumentError(path, "empty feed (no records)")
