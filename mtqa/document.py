"""The ``Document`` every reader returns: the target text exactly as decoded, plus context."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One translated document.

    ``target`` is the translation exactly as decoded from the input (for a feed record: its
    ``mt`` string; for HTML: the extracted main text). Every finding's offsets index it.
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
