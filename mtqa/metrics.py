"""Reference-based metrics (sacrebleu's BLEU, chrF and TER) when a reference is given.

They go into the report's ``score.reference`` (document level: corpus scores over the
document's segments) and, for a bilingual file, into each unit's ``scores``: they describe
the translation as a whole, they do not point at errors, so they are never findings.
sacrebleu's signatures say exactly how they were computed. Sentence-level BLEU uses
effective n-gram order (short segments do not all score 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtqa.findings import MetricScores, ReferenceScores

if TYPE_CHECKING:
    from mtqa.analysis import Analysis

_CHAR_TOKENIZED = frozenset({"ja", "ko", "th", "my", "km", "lo"})


def _metrics(target_lang: str) -> tuple[Any, Any, Any, Any]:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    tokenize = "zh" if target_lang == "zh" else "char" if target_lang in _CHAR_TOKENIZED else "13a"
    asian = target_lang in _CHAR_TOKENIZED or target_lang == "zh"
    return (
        BLEU(tokenize=tokenize),
        BLEU(tokenize=tokenize, effective_order=True),
        CHRF(),
        TER(asian_support=asian),
    )


def score_pairs(
    hypotheses: list[str], references: list[str], target_lang: str, unit_ids: list[str] | None
) -> ReferenceScores:
    """Corpus-level scores over the segments, and per-segment scores when ``unit_ids``."""
    bleu, sentence_bleu, chrf, ter = _metrics(target_lang)
    document = MetricScores(
        bleu.corpus_score(hypotheses, [references]).score,
        chrf.corpus_score(hypotheses, [references]).score,
        ter.corpus_score(hypotheses, [references]).score,
    )
    per_unit: list[tuple[str, MetricScores]] = []
    for unit_id, hypothesis, reference in zip(unit_ids or [], hypotheses, references, strict=False):
        per_unit.append(
            (
                unit_id,
                MetricScores(
                    sentence_bleu.sentence_score(hypothesis, [reference]).score,
                    chrf.sentence_score(hypothesis, [reference]).score,
                    ter.sentence_score(hypothesis, [reference]).score,
                ),
            )
        )
    signatures = (
        ("bleu", str(bleu.get_signature())),
        ("chrf", str(chrf.get_signature())),
        ("ter", str(ter.get_signature())),
    )
    return ReferenceScores(document, signatures, len(hypotheses), tuple(per_unit))


def reference_scores(analysis: Analysis) -> ReferenceScores | None:
    """The document's reference metrics, or None when it has no reference."""
    document = analysis.document
    if document.units:
        scored = [u for u in document.units if u.reference is not None]
        if not scored:
            return None
        return score_pairs(
            [u.target for u in scored],
            [u.reference or "" for u in scored],
            document.target_lang,
            [u.id for u in scored],
        )
    if not document.reference or not document.reference.strip():
        return None
    return score_pairs([document.target], [document.reference], document.target_lang, None)
