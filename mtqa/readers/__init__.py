"""Readers: turn paths (files, folders, ``-`` for stdin) into ``Document``s.

Every reader returns documents whose ``target`` is the text exactly as decoded (for feeds:
the record's ``mt``; for HTML: the extracted main text), so offsets hold. Anything that
cannot be read becomes a ``DocumentError`` naming the file (and line), never an exception.
Feeds (JSONL, CSV, TSV) are read from their files record by record, so a feed of any size
needs the memory of its longest record only.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from mtqa.document import Document
from mtqa.findings import DocumentError
from mtqa.readers.decode import ReadError, lone_surrogate, wide_encoding
from mtqa.readers.feed import read_csv, read_jsonl
from mtqa.readers.html import read_html
from mtqa.readers.po import read_po
from mtqa.readers.text import read_article
from mtqa.readers.tmx import read_tmx
from mtqa.readers.xliff import read_xliff

#: File name suffix -> input format.
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tmx": "tmx",
    ".po": "po",
    ".pot": "po",
}

Item = Document | DocumentError
#: Bilingual file formats: one document per file, with its translation units.
BILINGUAL_READERS = {"xliff": read_xliff, "tmx": read_tmx, "po": read_po}


def sniff_format(data: bytes) -> str:
    """Guess the format of stdin: JSONL, XLIFF, TMX, HTML or plain text."""
    head = data.removeprefix(b"\xef\xbb\xbf")
    wide = wide_encoding(data[:4])
    if wide is not None:  # UTF-16 or UTF-32: sniff its characters, not its bytes
        codec, bom = wide
        head = data[bom : bom + 4096].decode(codec, "ignore").encode("utf-8")
    head = head.lstrip()[:512].lower()
    if head.startswith(b"{"):
        return "jsonl"
    for tag, fmt in ((b"<xliff", "xliff"), (b"<tmx", "tmx")):
        if (head.startswith(b"<?xml") and tag in head) or head.startswith(tag):
            return fmt
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def format_of(path: Path) -> str:
    return FORMATS.get(path.suffix.lower(), "text")


def read_bytes(
    display: str, data: bytes, fmt: str, source_lang: str | None, target_lang: str
) -> Iterator[Item]:
    """Documents (or errors) in ``data``, which came from ``display`` in format ``fmt``."""
    if fmt == "jsonl":
        yield from read_jsonl(display, data, source_lang, target_lang)
        return
    if fmt in ("csv", "tsv"):
        yield from read_csv(display, data, "\t" if fmt == "tsv" else ",", source_lang, target_lang)
        return
    try:
        if fmt in BILINGUAL_READERS:
            yield BILINGUAL_READERS[fmt](display, data, source_lang, target_lang)
        elif fmt == "html":
            yield read_html(display, data, source_lang, target_lang)
        else:
            yield read_article(display, data, fmt, source_lang, target_lang)
    except ReadError as error:
        yield DocumentError(display, error.message, line=error.line)


def display_path(name: str) -> str:
    """``name`` as reports can write it: a file name that is not valid UTF-8 comes from the
    operating system with its bad bytes as lone surrogates (``surrogateescape``), which no
    UTF-8 report, summary or terminal can encode; they are written as ``\\xNN`` instead.
    The file itself is still opened by its real name."""
    if lone_surrogate(name) is None:
        return name
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a surrogate that is not an escaped byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


#: The text fields of a document and of its units, checked before it leaves the readers.
_DOCUMENT_TEXT = ("id", "path", "target", "source", "reference", "source_lang", "target_lang")
_UNIT_TEXT = ("id", "source", "target", "reference", "context")


def _unencodable(document: Document) -> str | None:
    """The first field of ``document`` that UTF-8 cannot encode (a lone surrogate), named,
    or None. Every reader already refuses such text where it reads it; this is the promise
    that nothing a report carries can fail to be written."""
    named: list[tuple[str, str | None]] = [(f, getattr(document, f)) for f in _DOCUMENT_TEXT]
    named += [(f"note {n}", note) for n, note in enumerate(document.notes, start=1)]
    for unit in document.units:
        named += [(f"unit {unit.id!r} {f}", getattr(unit, f)) for f in _UNIT_TEXT]
        named += [(f"unit {unit.id!r} note", note) for note in unit.notes]
    for name, value in named:
        if value is not None:
            at = lone_surrogate(value)
            if at is not None:
                return f"{name}: a lone surrogate \\u{ord(value[at]):04x} at character {at + 1}"
    return None


def _checked(item: Item) -> Item:
    if isinstance(item, DocumentError):
        return item
    problem = _unencodable(item)
    if problem is None:
        return item
    return DocumentError(item.path, f"not Unicode text ({problem})")


def expand(
    paths: Sequence[str], skip: Sequence[Path] = ()
) -> Iterator[tuple[str, Path | None] | DocumentError]:
    """Files to read, in a stable order: folders are walked (hidden entries skipped, and the
    files and folders in ``skip``, such as the run's own report folder, are not entered).
    A file named on its own is always read."""
    skipped = {p.resolve() for p in skip}

    def is_skipped(child: Path) -> bool:
        resolved = child.resolve()
        return any(s == resolved or s in resolved.parents for s in skipped)

    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if (
                    child.is_file()
                    and not any(p.startswith(".") for p in parts)
                    and not (skipped and is_skipped(child))
                ):
                    yield display_path(str(child)), child
        elif path.is_file():
            yield display_path(raw), path
        elif path.exists():
            yield DocumentError(display_path(raw), "not a regular file")
        else:
            yield DocumentError(display_path(raw), "no such file or directory")


FEED_FORMATS = ("jsonl", "csv", "tsv")


def read_feed(
    display: str, stream: IO[bytes], fmt: str, source_lang: str | None, target_lang: str
) -> Iterator[Item]:
    """The records of a feed read from an open binary file, one at a time."""
    if fmt == "jsonl":
        return read_jsonl(display, stream, source_lang, target_lang)
    return read_csv(display, stream, "\t" if fmt == "tsv" else ",", source_lang, target_lang)


def _read_file(
    display: str, path: Path, source_lang: str | None, target_lang: str
) -> Iterator[Item]:
    fmt = format_of(path)
    note = f"the file name is not valid UTF-8: written as {display}"
    renamed = lone_surrogate(str(path)) is not None
    with path.open("rb") as stream:
        if fmt in FEED_FORMATS:
            items = read_feed(display, stream, fmt, source_lang, target_lang)
        else:
            items = read_bytes(display, stream.read(), fmt, source_lang, target_lang)
        for item in items:
            if renamed and isinstance(item, Document):
                item = dataclasses.replace(item, notes=(*item.notes, note))
            yield item


def _read_stdin(source_lang: str | None, target_lang: str) -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    yield from read_bytes("-", data, sniff_format(data), source_lang, target_lang)


def read_paths(
    paths: Sequence[str],
    source_lang: str | None,
    target_lang: str,
    skip: Sequence[Path] = (),
) -> Iterator[Item]:
    """All documents under ``paths``, in order, with an error item for each bad one. Feeds
    are read lazily: iterate, and each record is read when it is needed. Folders are walked
    without entering ``skip`` (see ``expand``)."""
    for entry in expand(paths, skip):
        if isinstance(entry, DocumentError):
            yield entry
            continue
        display, path = entry
        items = (
            _read_stdin(source_lang, target_lang)
            if path is None
            else _read_file(display, path, source_lang, target_lang)
        )
        try:
            for item in items:
                yield _checked(item)
        except OSError as error:
            yield DocumentError(display, f"cannot read: {error.strerror or error}")
        except Exception as error:  # a reader bug or a broken library: this file only
            yield DocumentError(display, f"could not be read ({type(error).__name__}: {error})")
