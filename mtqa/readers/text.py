"""Plain-text and Markdown articles: the whole file is the target text."""

from __future__ import annotations

from mtqa.document import Document, language_subtag
from mtqa.readers.decode import ReadError, decode


def read_article(
    path: str, data: bytes, markup: str, source_lang: str | None, target_lang: str
) -> Document:
    decoded = decode(data, language_subtag(target_lang))
    if not decoded.text.strip():
        raise ReadError("empty document (no text to check)")
    return Document(
        id=path,
        path=path,
        target=decoded.text,
        source_lang=source_lang,
        target_lang=target_lang,
        encoding=decoded.encoding,
        markup=markup,
        notes=(decoded.note,) if decoded.note else (),
    )
