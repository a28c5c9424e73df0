"""The ``Document`` every reader returns: the target text exactly as decoded, plus context."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Joins the targets of a bilingual file's units into the document's ``target`` text. A line
#: break: segmentation starts a new block at every line, so no sentence spans two units.
UNIT_SEPARATOR = "\n"


@dataclass(frozen=True)
class Unit:
    """A translation unit: a source segment and its translation.

    In a bilingual file (XLIFF, TMX, PO, bilingual CSV, line-aligned text files) ``id`` is the
    unit's id in the file and findings in it carry that id with offsets into ``target``. For
    an article given with its source, units are aligned sentence pairs and ``id`` is their
    1-based position. ``offset`` is where ``target`` starts in the document's target text.
    """

    id: str
    source: str
    target: str
    offset: int = 0
    notes: tuple[str, ...] = ()
    #: 1-based line of the unit in its file, when known (for error messages and editors).
    line: int | None = None
    #: The reference translation of this unit, when one was given.
    reference: str | None = None
    #: What else tells this source apart (a PO message's ``msgctxt``): the same source with
    #: another context may rightly have another translation.
    context: str | None = None
    #: A PO plural form's index (``msgstr[N]``); the forms of one message translate the
    #: same source differently by design.
    plural: int | None = None

    @property
    def end(self) -> int:
        return self.offset + len(self.target)


@dataclass(frozen=True)
class Document:
    """One translated document.

    ``target`` is the translation exactly as decoded from the input (for a feed record: its
    ``mt`` string; for HTML: the extracted main text). Every finding's offsets index it.

    A bilingual file is one document with ``units``: its ``target`` is the units' targets
    joined by ``UNIT_SEPARATOR`` (so that every target-side check runs on them unchanged),
    and the runner turns each finding's offsets into offsets in its unit's target.
    """

    id: str
    path: str
    target: str
    source: str | None = None
    reference: str | None = None
    source_lang: str | None = None
    target_lang: str = "en"
    encoding: str = "utf-8"
    markup: str = "text"
    notes: tuple[str, ...] = field(default_factory=tuple)
    units: tuple[Unit, ...] = ()


def unit_document(
    *,
    id: str,
    path: str,
    units: list[Unit],
    source_lang: str | None,
    target_lang: str,
    encoding: str = "utf-8",
    notes: tuple[str, ...] = (),
) -> Document:
    """A bilingual file's document: ``units`` placed one after another in its target text."""
    placed = []
    offset = 0
    for unit in units:
        placed.append(
            Unit(
                unit.id,
                unit.source,
                unit.target,
                offset,
                unit.notes,
                unit.line,
                unit.reference,
                unit.context,
                unit.plural,
            )
        )
        offset += len(unit.target) + len(UNIT_SEPARATOR)
    return Document(
        id=id,
        path=path,
        target=UNIT_SEPARATOR.join(u.target for u in placed),
        source_lang=source_lang,
        target_lang=target_lang,
        encoding=encoding,
        markup="text",
        notes=notes,
        units=tuple(placed),
    )


def language_subtag(tag: str | None) -> str | None:
    """'de-DE' -> 'de', 'zh_CN' -> 'zh': the checks work with language subtags."""
    if not tag:
        return None
    return tag.replace("_", "-").split("-")[0].lower() or None
