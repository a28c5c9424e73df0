"""HTML articles: the main text is extracted with trafilatura and becomes the target text.

Navigation, headers, footers and comments are left out by the extractor; what remains is
one paragraph or headline per line. Findings index this extracted text, which the report
carries in its ``target`` field (the HTML itself has no such offsets).
"""

from __future__ import annotations

from mtqa.document import Document, language_subtag
from mtqa.readers.decode import ReadError, decode


def extract_main_text(html: str) -> str:
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False
    )
    if not text or not text.strip():
        text = trafilatura.html2txt(html)
    return text or ""


def read_html(path: str, data: bytes, source_lang: str | None, target_lang: str) -> Document:
    decoded = decode(data, language_subtag(target_lang))
    text = extract_main_text(decoded.text)
    if not text.strip():
        raise ReadError("no article text found in the HTML")
    notes = ["target text extracted from HTML (offsets index the extracted text)"]
    if decoded.note:
        notes.append(decoded.note)
    return Document(
        id=path,
        path=path,
        target=text,
        source_lang=source_lang,
        target_lang=target_lang,
        encoding=decoded.encoding,
        markup="html",
        notes=tuple(notes),
    )
