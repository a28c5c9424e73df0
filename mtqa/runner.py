"""Run the enabled checks on one document and build its ``Report``.

read -> segment -> run checks -> merge findings -> score -> report. The runner stamps each
hit with its check's code, name, category and (possibly overridden) severity, verifies that
its offsets index the target, drops exact duplicates and sorts by position.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from typing import Any

from mtqa import __version__, registry, scoring, suppression, units
from mtqa.analysis import Analysis, analyse, analyse_many
from mtqa.config import DEFAULT_WEIGHTS, Config
from mtqa.document import Document
from mtqa.findings import Finding, Report, SentenceScore, fingerprint_of
from mtqa.gate import Gate, decide
from mtqa.metrics import reference_scores
from mtqa.registry import Check
from mtqa.segment import count_words


class CheckFailed(RuntimeError):
    """A check raised or returned an impossible span; the document is reported as failed."""


def signature(config: Config, checks: Sequence[Check], model_id: str | None = None) -> str:
    """A reproducibility stamp in the manner of sacrebleu's signatures: what was checked
    (``check_signature``) and the gate."""
    return Gate.of(config).sign(check_signature(config, checks, model_id))


def check_signature(config: Config, checks: Sequence[Check], model_id: str | None = None) -> str:
    """What decides a checked report besides its document: mtqa's version, the model, the
    enabled checks, severity overrides and weights."""
    enabled = ",".join(c.code for c in checks)
    overrides = ",".join(f"{code}={sev.label}" for code, sev in config.severity_overrides)
    settings = f"{enabled}|{overrides}"
    if config.weights != DEFAULT_WEIGHTS:  # they change the scores
        settings += "|" + ",".join(f"{sev.label}={points:g}" for sev, points in config.weights)
    digest = hashlib.sha1(settings.encode()).hexdigest()[:8]
    return f"mtqa:{__version__}|model:{model_id or 'none'}|checks:{len(checks)}@{digest}"


def _findings(analysis: Analysis, check: Check, config: Config) -> list[Finding]:
    text = analysis.text
    found = []
    try:
        hits = list(check.function(analysis))
    except Exception as error:  # a bug in one check must not hide the document
        raise CheckFailed(f"check {check.code} ({check.name}) failed: {error!r}") from error
    for hit in hits:
        # Zero-width spans are for what is absent: an empty target, an omission at a point.
        empty_ok = hit.start == hit.end and "source" in check.requires
        if not (
            0 <= hit.start < hit.end <= len(text) or (empty_ok and 0 <= hit.start <= len(text))
        ):
            raise CheckFailed(f"check {check.code} returned an invalid span {hit.start}:{hit.end}")
        severity = config.severity_for(check.code, hit.severity or check.severity)
        found.append(
            Finding(
                code=check.code,
                name=check.name,
                category=check.category,
                severity=severity,
                start=hit.start,
                end=hit.end,
                text=text[hit.start : hit.end],
                sentence=analysis.sentence_at(hit.start),
                message=hit.message,
                confidence=hit.confidence,
                origin=check.origin,
                evidence=hit.evidence,
                suggestion=hit.suggestion,
            )
        )
    return found


def run(
    document: Document, config: Config, checks: Sequence[Check], sig: str, lm: Any = None
) -> Report:
    """The report of one document checked with ``checks`` (already filtered by the
    configuration) and decided by its gate; ``sig`` is the run's signature; ``lm`` is the
    loaded language model, or None for a rule-only run."""
    return decide(check(document, config, checks, sig, lm), config, sig)


def run_many(
    documents: Sequence[Document],
    config: Config,
    checks: Sequence[Check],
    sig: str,
    lm: Any = None,
) -> list[Report | CheckFailed]:
    """``run`` for several documents, parsed in one batch; a failure is returned, not raised."""
    return [
        outcome if isinstance(outcome, CheckFailed) else decide(outcome, config, sig)
        for outcome in check_many(documents, config, checks, sig, lm)
    ]


def check(
    document: Document, config: Config, checks: Sequence[Check], sig: str, lm: Any = None
) -> Report:
    """The checked report of one document: what the checks found, before the gate
    (``mtqa.gate.decide``) hides the baseline and flags it."""
    return checked_report(analyse(document, lm), config, checks, sig)


def check_many(
    documents: Sequence[Document],
    config: Config,
    checks: Sequence[Check],
    sig: str,
    lm: Any = None,
) -> list[Report | CheckFailed]:
    """``check`` for several documents, parsed in one batch; a failure is returned."""
    results: list[Report | CheckFailed] = []
    for analysis in analyse_many(documents, lm):
        try:
            results.append(checked_report(analysis, config, checks, sig))
        except CheckFailed as failure:
            results.append(failure)
    return results


def _with_fingerprints(analysis: Analysis, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    seen: dict[tuple[str, str, str], int] = {}
    stamped = []
    for f in findings:
        context = analysis.sentence_text(f.sentence) if f.sentence is not None else f.text
        key = (f.code, context, f.text.strip().lower())  # as fingerprint_of normalises it
        seen[key] = seen.get(key, -1) + 1
        fingerprint = fingerprint_of(f.code, f.unit, context, f.text, seen[key])
        former = registry.FORMERLY.get(f.code)
        former_fingerprint = (
            None if former is None else fingerprint_of(former, f.unit, context, f.text, seen[key])
        )
        stamped.append(
            dataclasses.replace(f, fingerprint=fingerprint, former_fingerprint=former_fingerprint)
        )
    return tuple(stamped)


def report_for(analysis: Analysis, config: Config, checks: Sequence[Check], sig: str) -> Report:
    """Run ``checks`` on an analysed document and build its report, decided by the gate."""
    return decide(checked_report(analysis, config, checks, sig), config, sig)


def checked_report(analysis: Analysis, config: Config, checks: Sequence[Check], sig: str) -> Report:
    """Run ``checks`` on an analysed document and build its checked report: everything
    but what the gate decides (the baseline is not applied and ``flagged`` is False)."""
    document = analysis.document
    if config.glossary is not None:
        analysis = dataclasses.replace(analysis, glossary=config.glossary)
    analysis = dataclasses.replace(analysis, localization=config.localization)
    findings: dict[tuple[str, int, int], Finding] = {}
    for check in checks:
        if not check.applies_to(document.target_lang):
            continue
        if "nlp" in check.requires and not analysis.has_english_parse:
            continue
        if "lm" in check.requires and analysis.assessments is None:
            continue
        if "source" in check.requires and not analysis.pairs:
            continue
        if "glossary" in check.requires and analysis.glossary is None:
            continue
        for finding in _findings(analysis, check, config):
            findings.setdefault((finding.code, finding.start, finding.end), finding)
    ranked = sorted(findings.values(), key=lambda f: (f.start, f.end, f.code))
    locator = units.Locator(document.units) if document.units else None
    if locator is not None:  # the unit goes into the fingerprint; offsets move into it later
        ranked = [dataclasses.replace(f, unit=locator.unit_at(f.start).id) for f in ranked]
    ordered = _with_fingerprints(analysis, ranked)
    notes = document.notes
    silenced = suppression.silences(document.target, analysis.blocks)
    ignored = suppression.path_ignores(document.path, config.per_path_ignores, config.per_path_root)
    kept = tuple(
        f
        for f in ordered
        if not suppression.is_silenced(f, silenced) and not registry.matches(f.code, ignored)
    )
    if len(kept) < len(ordered):
        notes = (*notes, f"{len(ordered) - len(kept)} finding(s) suppressed by mtqa: ignore")
    ordered = kept
    if locator is not None:
        ordered = tuple(locator.localise(f) for f in ordered)
    words = count_words(document.target)
    fluencies: list[float | None] = [None] * len(analysis.sentences)
    if analysis.assessments:
        fluencies = [a.no_major_probability for a in analysis.assessments]
    document_score = scoring.document_score(ordered, words, config, analysis.assessments)
    return Report(
        id=document.id,
        path=document.path,
        source_lang=document.source_lang,
        target_lang=document.target_lang,
        words=words,
        score=dataclasses.replace(document_score, reference=reference_scores(analysis)),
        flagged=False,
        findings=ordered,
        sentences=tuple(
            locator.localise_sentence(sentence) if locator is not None else sentence
            for sentence in (
                SentenceScore(s.start, s.end, s.kind, fluency)
                for s, fluency in zip(analysis.sentences, fluencies, strict=True)
            )
        ),
        signature=sig,
        encoding=document.encoding,
        notes=notes,
        target=document.target,
        units=document.units,
        markup=document.markup,
        source=document.source,
    )
