"""Readers: turn paths (files, folders, ``-`` for stdin) into ``Document``s.

Every reader returns documents whose ``target`` is the text exactly as decoded (for feeds:
the record's ``mt``; for HTML: the extracted main text), so offsets hold. Anything that
cannot be read becomes a ``DocumentError`` naming the file (and line), never an exception.
Feeds (JSONL, CSV, TSV) are read from their files record by record, so a feed of any size
needs the memory of its longest record only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from mtqa.document import Document
from mtqa.findings import DocumentError
from mtqa.readers.decode import ReadError
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
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:512].lower()
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
                    yield str(child), child
        elif path.is_file():
            yield raw, path
        elif path.exists():
            yield DocumentError(raw, "not a regular file")
        else:
            yield DocumentError(raw, "no such file or directory")


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
    if fmt not in FEED_FORMATS:
        yield from read_bytes(display, path.read_bytes(), fmt, source_lang, target_lang)
        return
    with path.open("rb") as stream:
        yield from read_feed(display, stream, fmt, source_lang, target_lang)


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
            yield from items
        except OSError as error:
            yield DocumentError(display, f"cannot read: {error.strerror or error}")
        except Exception as error:  # a reader bug or a broken library: this file only
            yield DocumentError(display, f"could not be read ({type(error).__name__}: {error})")
