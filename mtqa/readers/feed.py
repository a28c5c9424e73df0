"""JSONL and CSV/TSV feeds: one record per document.

Fields: ``id``, ``mt`` (the translation; offsets index it), and optional ``source``,
``reference``, ``src_lang``, ``tgt_lang``. A bad record is an error for that record only
(named by its line number); every other record is still checked.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from mtqa.document import Document
from mtqa.findings import DocumentError
from mtqa.readers.bitext import is_bitext_header, read_bitext_table
from mtqa.readers.decode import ReadError, decode

_OPTIONAL_TEXT = ("source", "reference")


def _record_document(
    path: str,
    line: int,
    record: Mapping[str, Any],
    seen: dict[str, int],
    source_lang: str | None,
    target_lang: str,
) -> Document:
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
        source_lang=str(record.get("src_lang") or source_lang or "") or None,
        target_lang=str(record.get("tgt_lang") or target_lang),
        markup="text",
    )


def read_jsonl(
    path: str, data: bytes, source_lang: str | None, target_lang: str
) -> Iterator[Document | DocumentError]:
    seen: dict[str, int] = {}
    found = False
    if data.startswith(codecs.BOM_UTF8):  # written by some Windows tools; not part of line 1
        data = data[len(codecs.BOM_UTF8) :]
    for number, raw in enumerate(data.splitlines(), start=1):
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
            yield _record_document(path, number, record, seen, source_lang, target_lang)
        except ReadError as error:
            yield DocumentError(path, error.message, line=number)
    if not found:
        yield DocumentError(path, "empty feed (no records)")


def read_csv(
    path: str, data: bytes, delimiter: str, source_lang: str | None, target_lang: str
) -> Iterator[Document | DocumentError]:
    try:
        decoded = decode(data)
    except ReadError as error:
        yield DocumentError(path, error.message, line=error.line)
        return
    # TSV (IANA text/tab-separated-values, the MT corpus convention) has no quoting: a field
    # that starts with a quotation mark keeps it. CSV follows RFC 4180 quoting.
    # A field can be as long as the whole file (a long article), not just the default 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), len(decoded.text)))
    reader = csv.DictReader(
        io.StringIO(decoded.text, newline=""),
        delimiter=delimiter,
        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL,
    )
    try:
        header = reader.fieldnames
    except csv.Error as error:
        yield DocumentError(path, f"malformed CSV header: {error}", line=1)
        return
    if header and is_bitext_header(header):
        try:
            yield read_bitext_table(
                path, decoded.text, delimiter, source_lang, target_lang, decoded.encoding
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
            yield _record_document(path, line, row, seen, source_lang, target_lang)
        except ReadError as error:
            yield DocumentError(path, error.message, line=line)
    if not rows:
        yield DocumentError(path, "empty feed (no records)")
