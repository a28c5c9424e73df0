"""Glossaries (``--glossary FILE``): required translations and do-not-translate terms.

Two formats:

- CSV or TSV with a header. Either ``source`` and ``target`` columns (for any language
  pair), or one column per language code (``en,de,fr``). Several accepted translations go
  in one cell separated by ``|`` (or in several rows with the same source term, which are
  merged). Optional ``dnt`` column (``yes``, ``true``, ``1``, ``x``): the term must stay as
  it is; so must a term whose target is empty or equal to the source in a ``source,target``
  table. In a table by language code (and in TBX) a term with no translation for the
  target language says nothing about that pair. Optional ``note`` column.
- TBX (TBX-Basic/2008 ``martif`` with ``termEntry/langSet/tig/term``, and TBX v3 ``tbx``
  with ``conceptEntry/langSec/termSec/term``): each entry's terms by ``xml:lang``; an entry
  whose term is the same in both languages is do-not-translate.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from mtqa.document import language_subtag

#: Column names that hold the two sides when the header has no language codes.
_ANY = "*"
_TRUE = frozenset({"yes", "true", "1", "x", "y"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class GlossaryError(ValueError):
    """A glossary that cannot be used; the message names the file and, when known, the line."""


@dataclass(frozen=True)
class Entry:
    """One concept: its terms per language (``*source``/``*target`` for a source/target
    table), whether it must not be translated, and a note."""

    terms: tuple[tuple[str, tuple[str, ...]], ...]
    dnt: bool = False
    note: str = ""

    def pair(
        self, source_lang: str | None, target_lang: str
    ) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """(source terms, target terms) for a language pair, or None when it has none."""
        by_lang = dict(self.terms)
        if f"{_ANY}source" in by_lang:
            source, target = by_lang[f"{_ANY}source"], by_lang.get(f"{_ANY}target", ())
            if self.dnt or not target:  # an empty target in a source/target table: keep it
                return source, source
            return source, target
        if source_lang not in by_lang or not by_lang[source_lang]:
            return None
        source = by_lang[source_lang]
        if self.dnt:
            return source, source
        target = by_lang.get(target_lang, ())
        # no term for the target language: the entry says nothing about this pair
        return (source, target) if target else None


@dataclass(frozen=True)
class Glossary:
    path: str
    entries: tuple[Entry, ...]


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(t.strip() for t in (cell or "").split("|") if t.strip())


def _read_table(path: Path, text: str) -> Glossary:
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    language_columns = [h for h in header if h.lower() not in ("dnt", "note", "notes", "id")]
    if "source" in header and "target" in header:
        columns = {"source": f"{_ANY}source", "target": f"{_ANY}target"}
    elif len(language_columns) >= 2 and all(
        len(language_subtag(h) or "") in (2, 3) for h in language_columns
    ):
        columns = {h: language_subtag(h) or "" for h in language_columns}
    else:
        raise GlossaryError(
            f"{path}: line 1: needs 'source' and 'target' columns, or language-code columns "
            f"such as 'en,de' (columns: {', '.join(header) or 'none'})"
        )
    entries = []
    try:
        for row in reader:
            terms = tuple((key, _split(row.get(column))) for column, key in columns.items())
            if not any(t for _, t in terms):
                continue
            dnt = (row.get("dnt") or "").strip().lower() in _TRUE
            entries.append(Entry(terms, dnt, (row.get("note") or row.get("notes") or "").strip()))
    except csv.Error as error:
        raise GlossaryError(f"{path}: line {reader.line_num}: malformed CSV: {error}") from None
    return Glossary(str(path), _merged(entries))


def _merged(entries: list[Entry]) -> tuple[Entry, ...]:
    """Rows with the same source term (the first column's terms, any case) are one entry
    whose translations are all of theirs: "several rows" list alternatives."""
    merged: dict[tuple[bool, tuple[str, ...]], Entry] = {}
    alone: list[Entry] = []  # rows without a term in the first column
    for entry in entries:
        first = entry.terms[0][1]
        key = (entry.dnt, tuple(sorted(t.lower() for t in first)))
        if not first:
            alone.append(entry)
            continue
        if key not in merged:
            merged[key] = entry
            continue
        known = merged[key]
        terms = []
        for (lang, old), (_, new) in zip(known.terms, entry.terms, strict=True):
            terms.append((lang, old + tuple(t for t in new if t not in old)))
        note = " / ".join(n for n in (known.note, entry.note) if n)
        merged[key] = Entry(tuple(terms), known.dnt, note)
    return (*merged.values(), *alone)


def _texts(element: object, name: str) -> list[str]:
    from mtqa.readers.xml_parse import local_name

    return [
        " ".join((e.text or "").split())
        for e in element.iter()  # type: ignore[attr-defined]
        if local_name(e) == name and (e.text or "").strip()
    ]


def _read_tbx(path: Path, data: bytes) -> Glossary:
    from mtqa.readers.decode import ReadError
    from mtqa.readers.xml_parse import local_name, parse_xml

    try:
        root = parse_xml(data)
    except ReadError as error:
        raise GlossaryError(f"{path}: {error.message}") from None
    entries = []
    for concept in root.iter():
        if local_name(concept) not in ("termEntry", "conceptEntry"):
            continue
        terms = []
        for section in concept:
            if local_name(section) in ("langSet", "langSec"):
                lang = section.get(_XML_LANG) or section.get("lang") or ""
                found = tuple(_texts(section, "term"))
                if lang and found:
                    terms.append((language_subtag(lang) or "", found))
        if len(terms) >= 1:
            values = [set(t) for _, t in terms]
            dnt = len(values) >= 2 and all(v == values[0] for v in values)
            entries.append(Entry(tuple(terms), dnt, " ".join(_texts(concept, "note"))[:200]))
    if not entries:
        raise GlossaryError(f"{path}: no term entries (termEntry or conceptEntry)")
    return Glossary(str(path), tuple(entries))


def load(path: Path) -> Glossary:
    """The glossary in ``path`` (.csv, .tsv or .tbx); ``GlossaryError`` says what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryError(f"cannot read glossary {path}: {error.strerror or error}") from None
    if path.suffix.lower() in (".tbx", ".xml"):
        return _read_tbx(path, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryError(f"{path}: not UTF-8 (byte {error.start})") from None
    return _read_table(path, text)
