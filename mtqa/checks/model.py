"""Model-based checks: spans a professional rater would likely mark, found by the embedded
language model and the quality-estimation head trained on MQM annotations (``mtqa.models``)."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check


@check("S901", "unlikely-wording", "style/unidiomatic", Severity.MINOR, requires=("lm",))
def unlikely_wording(analysis: Analysis) -> Iterator[Hit]:
    """A phrase the language model finds far less likely than its context allows.

    The embedded model (Gemma 3 270M) reads each sentence after the sentence before it (or
    after its source, when the document has one); a small head trained on professional MQM
    error spans (WMT 2020-2022 news, zh-en; ``scripts/train_head.py``) reads the model's
    hidden states of the sentence's words in both directions and gives each word the
    probability that a rater marks it, and the sentence its probability of a major error.
    Runs of words above the span threshold become one finding; a finding is major when the
    sentence's probability of a major error passes the sentence threshold (thresholds
    chosen on held-out training data; see ``mtqa/data/head-*.npz``).

    Okay: What happens next depends on which factions take power.
    S901: The message here is not for Putin, as he is raised up from his stomach and cannot go down unless Ukraine agrees.
    """
    if analysis.assessments is None:
        return
    for sentence, assessment in zip(analysis.sentences, analysis.assessments, strict=True):
        span_level = assessment.thresholds["span"]
        sentence_level = assessment.thresholds["sentence"]
        probs = assessment.word_probabilities
        words = assessment.words
        major = assessment.major_probability >= sentence_level
        runs: list[list[int]] = []
        for i, p in enumerate(probs):
            if p < span_level or not words[i].text[0].isalnum():
                continue
            if runs and i - runs[-1][-1] <= 2:
                runs[-1].append(i)
            else:
                runs.append([i])
        if major and not runs and probs:
            best = max(range(len(probs)), key=lambda i: probs[i])
            runs = [[best]]
        for run in runs:
            first, last = words[run[0]], words[run[-1]]
            peak = max(probs[i] for i in run)
            surprisal = sum(assessment.surprisals[run[0] : run[-1] + 1])
            yield Hit(
                sentence.start + first.start,
                sentence.start + last.end,
                "Unlikely wording here: raters often mark phrases like this as an error "
                f"(word probability {peak:.2f}).",
                confidence=round(max(peak, assessment.major_probability if major else 0), 3),
                severity=Severity.MAJOR if major else Severity.MINOR,
                evidence=(
                    f"surprisal {surprisal:.1f} nats over {run[-1] - run[0] + 1} word(s); "
                    f"sentence major-error probability {assessment.major_probability:.2f}"
                ),
            )


@functools.cache
def _unexplained() -> dict[str, Any]:
    """``mtqa/data/unexplained.toml``: the thresholds (nats) and the precision measured with
    them, which is the findings' confidence."""
    raw = resources.files("mtqa.data").joinpath("unexplained.toml").read_text("utf-8")
    return tomllib.loads(raw)


@check(
    "A901",
    "unexplained-by-source",
    "accuracy/mistranslation",
    Severity.MINOR,
    requires=("lm", "source"),
)
def unexplained_by_source(analysis: Analysis) -> Iterator[Hit]:
    """A surprising word that the source does not explain: a likely mistranslation or addition.

    When a document has a source, the embedded model scores each sentence twice: alone and
    after a prompt holding the source. A word the model finds very unlikely on its own
    should become much likelier once the source is known, if the source says it. A901 flags
    lowercase words that the source makes little likelier: words the translation brought in
    that the source does not support. Both thresholds (surprisal alone, and pointwise mutual
    information with the source, in nats) are in ``mtqa/data/unexplained.toml``. Capitalised
    words are left alone: the small model cannot tell a correctly transliterated name from
    an invented one. Adjacent flagged words are one finding. The finding is minor; its
    confidence is the share of flagged characters that lay inside a professional rater's
    error span on held-out WMT news (zh-en), measured with those thresholds and recorded in
    the same file.

    Okay: [zh-en] 他在会上发表了讲话。 => He gave a speech at the meeting.
    A901: [zh-en] 他在会上发表了讲话。 => He gave a speech at the meeting and cried.
    """
    if analysis.assessments is None:
        return
    data = _unexplained()
    min_surprisal, max_pmi = data["thresholds"]["surprisal"], data["thresholds"]["pmi"]
    confidence = data["info"]["precision"]
    for sentence, assessment in zip(analysis.sentences, analysis.assessments, strict=True):
        if assessment.pmi is None:
            continue
        words = assessment.words
        flagged = [
            i
            for i, w in enumerate(words)
            if w.text[0].islower()
            and assessment.surprisals[i] >= min_surprisal
            and assessment.pmi[i] <= max_pmi
        ]
        runs: list[list[int]] = []
        for i in flagged:
            if runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            first, last = words[run[0]], words[run[-1]]
            surprisal = sum(assessment.surprisals[i] for i in run)
            pmi = sum(assessment.pmi[i] for i in run)
            yield Hit(
                sentence.start + first.start,
                sentence.start + last.end,
                "The source does not explain this word: it is as unlikely after the source as "
                "without it, so the translation may have mistranslated or added it.",
                confidence=confidence,
                evidence=(
                    f"surprisal {surprisal:.1f} nats alone, {surprisal - pmi:.1f} after the "
                    f"source (pointwise mutual information {pmi:.1f} nats)"
                ),
            )
