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
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from mtqa.document import Document, language_subtag
from mtqa.findings import DocumentError
from mtqa.readers.bitext import is_bitext_header, read_bitext_table
from mtqa.readers.decode import _BINARY_SAMPLE, _BOMS, ReadError, decode, looks_binary

#: Bytes read at a time when a file is checked for valid UTF-8 before it is streamed.
_CHUNK = 1 << 20

_OPTIONAL_TEXT = ("source", "reference")


def document_from_record(
    path: str,
    line: int,
    record: Mapping[str, Any],
    seen: dict[str, int],
    source_lang: str | None,
    target_lang: str,
) -> Document:
    """The document of one feed record (``seen`` maps the ids read so far to their lines,
    to refuse duplicates). Raises ``ReadError`` for a record that is not a valid document."""
    mt = record.get("mt")
    if not isinstance(mt, str):
        raise ReadError("record has no 'mt' string (the translation to check)", line)
    if not mt.strip():
        raise ReadError("record has an empty 'mt'", line)
    raw_id = record.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else f"{path}:{line}"
    if doc_id in seen:
        raise ReadError(f"duplicate id {doc_id!r} (first on line {seen[doc_id]})", line)
    seen[doc_id] = line
    extras = {}
    for key in _OPTIONAL_TEXT:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise ReadError(f"field {key!r} must be a string", line)
        extras[key] = value or None
    return Document(
        id=doc_id,
        path=path,
        target=mt,
        source=extras["source"],
        reference=extras["reference"],
        source_lang=language_subtag(str(record.get("src_lang") or source_lang or "")),
        target_lang=language_subtag(str(record.get("tgt_lang") or "")) or target_lang,
        markup="text",
    )


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


def read_jsonl(
    path: str, data: bytes | IO[bytes], source_lang: str | None, target_lang: str
) -> Iterator[Document | DocumentError]:
    """One document per non-blank line of ``data`` (bytes, or a binary file read line by
    line); a line that is not a valid record is an error naming its line."""
    seen: dict[str, int] = {}
    found = False
    for number, raw in enumerate(_byte_lines(data), start=1):
        if not raw.strip():
            continue
        found = True
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ReadError(
                    f"not UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})", number
                ) from None
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ReadError(
                    f"malformed JSON: {error.msg} (column {error.colno})", number
                ) from None
            except RecursionError:
                raise ReadError("malformed JSON: nested too deeply", number) from None
            if not isinstance(record, dict):
                raise ReadError("a record must be a JSON object", number)
            yield document_from_record(path, number, record, seen, source_lang, target_lang)
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


def _csv_text(data: bytes | IO[bytes]) -> tuple[IO[str], int, str]:
    """The text of a CSV feed, an upper bound of its length in characters and its
    encoding. A file in
    valid UTF-8 (with or without a byte order mark) is decoded as it is read; anything else
    (UTF-16, a legacy encoding, binary data) is read whole and given to ``decode``, which
    detects the encoding or explains why there is none. Raises ``ReadError``."""
    if isinstance(data, bytes):
        decoded = decode(data)
        return io.StringIO(decoded.text, newline=""), len(decoded.text), decoded.encoding
    size = os.fstat(data.fileno()).st_size
    head = data.read(_BINARY_SAMPLE)
    data.seek(0)
    has_bom = any(head.startswith(bom) for bom, _ in _BOMS)
    if not has_bom and looks_binary(head):
        raise ReadError("binary file, not text")  # as ``decode`` says, without reading it all
    if has_bom and not head.startswith(codecs.BOM_UTF8):
        return _csv_text(data.read())
    if not _utf8_throughout(data):
        return _csv_text(data.read())
    return io.TextIOWrapper(data, encoding="utf-8-sig", newline=""), size, "utf-8"


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
        text, length, encoding = _csv_text(data)
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
                path, text.read(), delimiter, source_lang, target_lang, encoding
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
            yield document_from_record(path, line, row, seen, source_lang, target_lang)
        except ReadError as error:
            yield DocumentError(path, error.message, line=line)
    if not rows:
        yield DocumentError(path, "empty feed (no records)")
