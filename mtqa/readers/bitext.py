"""Bilingual tables and line-aligned text files.

- A CSV/TSV file with ``source`` and ``target`` columns (and no ``mt`` column, which makes
  it a feed) is a bilingual file: one unit per row, its id the ``id`` column or else the
  row's 1-based position; optional ``notes`` (or ``note``, ``comment``) and ``reference``.
- A target text file with ``--source`` (and ``--reference``) files and ``--align lines``:
  line N of each file is unit N (blank lines included, so the numbers match the editor's);
  files with different numbers of lines are an error.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence

from mtqa.document import Document, Unit, language_subtag, unit_document
from mtqa.readers.decode import ReadError

NOTE_COLUMNS = ("notes", "note", "comment")


def is_bitext_header(header: Sequence[str]) -> bool:
    return "mt" not in header and "source" in header and "target" in header


def read_bitext_table(
    path: str,
    text: str,
    delimiter: str,
    source_lang: str | None,
    target_lang: str,
    encoding: str = "utf-8",
) -> Document:
    """The document of a bilingual CSV/TSV (already decoded); ``ReadError`` names the line."""
    reader = csv.DictReader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL,
    )
    header = reader.fieldnames or []
    note_column = next((c for c in NOTE_COLUMNS if c in header), None)
    units: list[Unit] = []
    seen: dict[str, int] = {}
    langs: tuple[str | None, str | None] = (None, None)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ReadError(f"malformed CSV: {error}", line) from None
        if None in row:
            raise ReadError("more fields than the header has", line)
        source, target = row.get("source"), row.get("target")
        if source is None or target is None:
            raise ReadError("fewer fields than the header has", line)
        unit_id = (row.get("id") or "").strip() or str(len(units) + 1)
        if unit_id in seen:
            raise ReadError(f"duplicate id {unit_id!r} (first on line {seen[unit_id]})", line)
        seen[unit_id] = line
        notes = (row.get(note_column) or "",) if note_column else ()
        if langs == (None, None):
            langs = (language_subtag(row.get("src_lang")), language_subtag(row.get("tgt_lang")))
        units.append(
            Unit(
                unit_id,
                source,
                target,
                notes=tuple(n for n in notes if n),
                line=line,
                reference=row.get("reference") or None,
            )
        )
    if not units:
        raise ReadError("no rows (units) to check")
    return unit_document(
        id=path,
        path=path,
        units=units,
        source_lang=langs[0] or source_lang,
        target_lang=langs[1] or target_lang,
        encoding=encoding,
    )


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final line break ends the last line
    return [line.removesuffix("\r") for line in lines]


def pair_lines(
    document: Document, source_path: str, source: str, reference: tuple[str, str] | None
) -> Document:
    """``document`` (a plain-text target file) paired line by line with its source (and
    reference) file; ``ReadError`` when the numbers of lines differ."""
    targets = _lines(document.target)
    sources = _lines(source)
    if len(sources) != len(targets):
        raise ReadError(
            f"{len(targets)} lines, but the source file {source_path} has {len(sources)}: "
            "line-aligned files must have the same number of lines"
        )
    references: list[str | None] = [None] * len(targets)
    if reference is not None:
        reference_path, reference_text = reference
        lines = _lines(reference_text)
        if len(lines) != len(targets):
            raise ReadError(
                f"{len(targets)} lines, but the reference file {reference_path} has "
                f"{len(lines)}: line-aligned files must have the same number of lines"
            )
        references = list(lines)
    units = [
        Unit(str(n), s, t, line=n, reference=r)
        for n, (s, t, r) in enumerate(zip(sources, targets, references, strict=True), start=1)
    ]
    return unit_document(
        id=document.id,
        path=document.path,
        units=units,
        source_lang=document.source_lang,
        target_lang=document.target_lang,
        encoding=document.encoding,
        notes=(*document.notes, f"paired line by line with {source_path}"),
    )


def with_source(
    document: Document,
    source: tuple[str, str] | None,
    reference: tuple[str, str] | None,
    align: str,
) -> Document:
    """``document`` given its source and/or reference file (``(path, text)`` pairs):
    paired line by line (``align == "lines"``), or as a document-level source whose
    sentences are aligned with the translation's when it is checked."""
    if document.units:
        raise ReadError("a bilingual file carries its own source; --source is for text files")
    if align == "lines":
        if source is None:
            raise ReadError("--align lines needs --source")
        return pair_lines(document, source[0], source[1], reference)
    return dataclasses.replace(
        document,
        source=source[1] if source else document.source,
        reference=reference[1] if reference else document.reference,
        notes=(
            *document.notes,
            *([f"source: {source[0]} (sentences aligned)"] if source else []),
            *([f"reference: {reference[0]}"] if reference else []),
        ),
    )
